// matchSender: whole address compared without regard to ASCII case, unknown when there is nothing to compare.
import { describe, expect, it } from 'vitest';
import { matchSender } from '../../src/crypto/trust/match-sender';

describe('matchSender', () => {
  it('matches exactly and with a differently-cased domain', () => {
    expect(matchSender('alice@example.com', ['alice@example.com'])).toBe('match');
    expect(matchSender('alice@EXAMPLE.com', ['alice@example.COM'])).toBe('match');
    expect(matchSender('alice@example.com', ['bob@example.com', 'alice@example.com'])).toBe('match');
    expect(matchSender('alice@example.com.', ['alice@example.com'])).toBe('match');
  });

  it('folds ASCII case in the local part too, both ways (as Thunderbird and NSS do)', () => {
    expect(matchSender('Tanaka.Hiro@Mail.Example.NET', ['tanaka.hiro@mail.example.net'])).toBe('match');
    expect(matchSender('tanaka.hiro@mail.example.net', ['TANAKA.HIRO@MAIL.EXAMPLE.NET'])).toBe('match');
    expect(matchSender('"Tanaka.Hiro"@mail.example.net', ['tanaka.hiro@mail.example.net'])).toBe('match');
    expect(matchSender('tanaka.hira@mail.example.net', ['tanaka.hiro@mail.example.net'])).toBe('mismatch');
  });

  it('folds only ASCII in the local part: look-alike letters stay different', () => {
    // U+212A KELVIN SIGN lowercases to "k" under Unicode rules; it is not the ASCII letter.
    expect(matchSender('\u212Aenji@shop.example', ['kenji@shop.example'])).toBe('mismatch');
    expect(matchSender('kenji@shop.example', ['\u212Aenji@shop.example'])).toBe('mismatch');
    // U+0130 (İ) lowercases to "i" plus a combining dot.
    expect(matchSender('\u0130to@shop.example', ['i\u0307to@shop.example'])).toBe('mismatch');
  });

  it('unknown when From is empty or the certificate has no address', () => {
    expect(matchSender('', ['alice@example.com'])).toBe('unknown');
    expect(matchSender('   ', ['alice@example.com'])).toBe('unknown');
    expect(matchSender('alice@example.com', [])).toBe('unknown');
  });

  it('does not fall for look-alikes and display-name leftovers', () => {
    // Display-name tricks reach us as addr-specs: only the real address counts.
    expect(matchSender('eve@bigcorporation.de', ['manager@bigcorporation.de'])).toBe('mismatch');
    expect(matchSender('manager@bigcorporation.de.evil.com', ['manager@bigcorporation.de'])).toBe('mismatch');
    expect(matchSender('"manager@bigcorporation.de"@evil.com', ['manager@bigcorporation.de'])).toBe('mismatch');
    expect(matchSender('manager@bigcorporation.de', ['"manager@bigcorporation.de"@evil.com'])).toBe('mismatch');
    expect(matchSender('manager', ['manager@bigcorporation.de'])).toBe('mismatch');
    expect(matchSender('manager@', ['manager@'])).toBe('mismatch');
    expect(matchSender('manager@bigcorporation.de', ['manager@bigcorporation.de@evil.com'])).toBe('mismatch');
    expect(matchSender('manager@bigcorporation.de', ['manager@bigcorp0ration.de'])).toBe('mismatch');
  });

  it('equates a quoted local part with its plain form', () => {
    expect(matchSender('"alice"@example.com', ['alice@example.com'])).toBe('match');
  });

  it('compares IDN domains by lowercase only (no punycode mapping)', () => {
    expect(matchSender('jörg@bücher.example', ['jörg@BÜCHER.example'])).toBe('match');
    expect(matchSender('jörg@bücher.example', ['jörg@xn--bcher-kva.example'])).toBe('mismatch');
  });
});
