// matchSender: local part exact, domain case-insensitive, unknown when there is nothing to compare.
import { describe, expect, it } from 'vitest';
import { matchSender } from '../../src/crypto/trust/match-sender';

describe('matchSender', () => {
  it('matches exactly and with a differently-cased domain', () => {
    expect(matchSender('alice@example.com', ['alice@example.com'])).toBe('match');
    expect(matchSender('alice@EXAMPLE.com', ['alice@example.COM'])).toBe('match');
    expect(matchSender('alice@example.com', ['bob@example.com', 'alice@example.com'])).toBe('match');
    expect(matchSender('alice@example.com.', ['alice@example.com'])).toBe('match');
  });

  it('treats the local part as case-sensitive', () => {
    expect(matchSender('Alice@example.com', ['alice@example.com'])).toBe('mismatch');
    expect(matchSender('Alice@example.com', ['Alice@example.com'])).toBe('match');
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
