// One address comparison everywhere: ASCII case folded in the whole address (local part too), Unicode look-alikes
// kept apart, and the address book, recipient lookup and composer using the same key as the sender check.
import { describe, expect, it } from 'vitest';
import { addressKey, sameAddress } from '../../src/crypto/mime/address-key';
import { normalizeAddress } from '../../src/background/keystore/keystore';
import { encryptionBlockers, splitAddresses } from '../../src/composer/compose-rules';
import { findLookalike } from '../../src/background/senders/find-lookalike';

describe('addressKey', () => {
  it('folds ASCII case in the local part and the domain', () => {
    expect(addressKey(' Sato.Yuki@Post.Example.ORG ')).toBe('sato.yuki@post.example.org');
    expect(sameAddress('SATO.yuki@post.example.org', 'sato.YUKI@POST.example.org')).toBe(true);
    expect(sameAddress('"Sato.Yuki"@post.example.org', 'sato.yuki@post.example.org.')).toBe(true);
    expect(sameAddress('sato.yuko@post.example.org', 'sato.yuki@post.example.org')).toBe(false);
  });

  it('does not fold non-ASCII look-alikes of ASCII letters into an ASCII address', () => {
    // U+212A KELVIN SIGN and U+0130 (I with dot) lowercase to ASCII-looking letters under Unicode rules.
    expect(sameAddress('\u212Aoji@post.example.org', 'koji@post.example.org')).toBe(false);
    expect(sameAddress('\u0130shii@post.example.org', 'i\u0307shii@post.example.org')).toBe(false);
  });

  it('keeps IDN domains comparable by lowercase (U-label with U-label)', () => {
    expect(sameAddress('taro@ÄRZTE.example', 'taro@ärzte.example')).toBe(true);
  });
});

describe('the same key in the address book, recipient lookup and composer', () => {
  it('keystore keys (contacts, identities, recipients) use it', () => {
    expect(normalizeAddress('Sato.Yuki@Post.Example.ORG')).toBe('sato.yuki@post.example.org');
    expect(normalizeAddress('\u212Aoji@post.example.org')).not.toBe(normalizeAddress('koji@post.example.org'));
  });

  it('the composer dedupes and looks up recipients with it', () => {
    expect(splitAddresses('\u212Aoji@post.example.org, koji@post.example.org, KOJI@post.example.org').addresses).toEqual(['\u212Aoji@post.example.org', 'koji@post.example.org']);
    expect(encryptionBlockers(['Koji@Post.example.org'], [{ address: 'koji@post.example.org', status: 'ok' }])).toEqual([]);
  });

  it('the look-alike detector does not take a Unicode case twin for the known address itself', () => {
    expect(findLookalike('\u212Aoji@post.example.org', ['koji@post.example.org'])).not.toBeNull();
    expect(findLookalike('KOJI@Post.Example.org', ['koji@post.example.org'])).toBeNull();
  });
});
