import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSenderHeaders } from '../../src/crypto/mime/check-sender-headers';
import { parseAddressList } from '../../src/crypto/mime/parse-address';
import { parseMime } from '../../src/crypto/mime/parse-mime';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const addrs = (v: string): string[] => parseAddressList(v).map((a) => a.address);

describe('parseAddressList', () => {
  it('parses plain, angle, quoted and commented forms', () => {
    expect(parseAddressList('alice@example.com')).toEqual([{ address: 'alice@example.com' }]);
    expect(parseAddressList('Alice Liddell <alice@example.com>')).toEqual([{ name: 'Alice Liddell', address: 'alice@example.com' }]);
    expect(parseAddressList('"Liddell, Alice" <alice@example.com>, bob@example.com')).toEqual([
      { name: 'Liddell, Alice', address: 'alice@example.com' },
      { address: 'bob@example.com' },
    ]);
    expect(parseAddressList('alice@example.com (Alice L.)')).toEqual([{ name: 'Alice L.', address: 'alice@example.com' }]);
    expect(parseAddressList('Alice <alice(comment)@example.com (more)>')).toEqual([{ name: 'Alice', address: 'alice@example.com' }]);
    expect(addrs('"john \\"q\\" doe"@example.com')).toEqual(['"john \\"q\\" doe"@example.com']);
    expect(addrs('<@route1,@route2:user@example.com>')).toEqual(['user@example.com']);
    expect(addrs('user@[192.0.2.1]')).toEqual(['user@[192.0.2.1]']);
    expect(addrs('  john . doe @ example.com ')).toEqual(['john.doe@example.com']);
  });

  it('decodes RFC 2047 display names, also inside quotes', () => {
    expect(parseAddressList('=?UTF-8?B?w4lsw6huZQ==?= <e@example.com>')).toEqual([{ name: 'Élène', address: 'e@example.com' }]);
    expect(parseAddressList('"=?iso-8859-1?q?J=F6rg?=" <j@example.com>')[0].name).toBe('Jörg');
    expect(parseAddressList('=?utf-8?q?a?= =?utf-8?q?b?= <ab@example.com>')[0].name).toBe('ab');
  });

  it('groups: members are returned with the group name; empty groups yield nothing', () => {
    expect(parseAddressList('undisclosed-recipients:;')).toEqual([]);
    expect(parseAddressList('Friends: a@example.com, B <b@example.com>; c@example.com')).toEqual([
      { address: 'a@example.com', group: 'Friends' },
      { name: 'B', address: 'b@example.com', group: 'Friends' },
      { address: 'c@example.com' },
    ]);
  });

  it('never takes the address from the display name (spoofing)', () => {
    expect(addrs('"alice@bank.example" <eve@evil.example>')).toEqual(['eve@evil.example']);
    expect(parseAddressList('"alice@bank.example" <eve@evil.example>')[0].name).toBe('alice@bank.example');
    expect(addrs('alice@bank.example <eve@evil.example>')).toEqual(['eve@evil.example']);
    expect(addrs('manager@bigcorporation.de                 . <eve@bigcorporation.de>')).toEqual(['eve@bigcorporation.de']);
    expect(addrs('"Alice <alice@bank.example>" <eve@evil.example>')).toEqual(['eve@evil.example']);
    expect(addrs('=?utf-8?q?alice=40bank=2Eexample?= <eve@evil.example>')).toEqual(['eve@evil.example']);
    expect(addrs('alice@bank.example (eve@evil.example)')).toEqual(['alice@bank.example']);
  });

  it('reports every angle address of an ambiguous mailbox instead of guessing one', () => {
    expect(addrs('Alice <alice@bank.example> <eve@evil.example>')).toEqual(['alice@bank.example', 'eve@evil.example']);
  });

  it('omits entries that are not addresses', () => {
    expect(parseAddressList('The Manager')).toEqual([]);
    expect(parseAddressList('')).toEqual([]);
    expect(parseAddressList('<>')).toEqual([]);
    expect(addrs('Alice, Bob <b@example.com>')).toEqual(['b@example.com']);
  });

  it('never throws and always returns addr-specs with an @ (property)', () => {
    // Regression: a stray "]" or non-ASCII whitespace once stalled the tokenizer.
    expect(addrs(']\u00a0\u2028\v x@example.com')).toEqual(['x@example.com']);
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', '@', '<', '>', '"', '(', ')', ',', ':', ';', ' ', '\\', '=?utf-8?q?x?=', '.', '[', ']', 'é'), { maxLength: 50 }), (p) => {
        for (const a of parseAddressList(p.join(''))) {
          expect(a.address).toContain('@');
          expect(a.address.startsWith('@')).toBe(false);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('checkSenderHeaders', () => {
  const check = (headers: string) => checkSenderHeaders(parseMime(enc(`${headers}\r\n\r\nbody`)));

  it('no warnings for one From and no Sender, or a matching Sender', () => {
    expect(check('From: Alice <alice@example.com>')).toEqual({ from: ['alice@example.com'], warnings: [] });
    expect(check('From: alice@example.com\r\nSender: <ALICE@example.com>')).toEqual({
      from: ['alice@example.com'],
      sender: 'ALICE@example.com',
      warnings: [],
    });
  });

  it('duplicate-from for two From headers, and for two addresses in one', () => {
    const two = check('From: manager@bigcorporation.de\r\nFrom: eve@bigcorporation.de');
    expect(two.from).toEqual(['manager@bigcorporation.de', 'eve@bigcorporation.de']);
    expect(two.warnings.map((w) => w.code)).toEqual(['duplicate-from']);
    const list = check('From: The Manager <eve@bigcorporation.de>, The Manager <manager@bigcorporation.de>');
    expect(list.warnings.map((w) => w.code)).toEqual(['duplicate-from']);
    const ambiguous = check('From: Alice <alice@bank.example> <eve@evil.example>');
    expect(ambiguous.warnings.map((w) => w.code)).toEqual(['duplicate-from']);
  });

  it('sender-header-mismatch when Sender differs from From', () => {
    const r = check('From: The Manager <eve@bigcorporation.de>\r\nSender: manager@bigcorporation.de');
    expect(r.sender).toBe('manager@bigcorporation.de');
    expect(r.warnings.map((w) => w.code)).toEqual(['sender-header-mismatch']);
    expect(r.warnings[0].message).toContain('manager@bigcorporation.de');
    // A Sender among several From addresses is legitimate (RFC 5322 3.6.2), but the From list is still ambiguous.
    const ok = check('From: a@example.com, b@example.com\r\nSender: b@example.com');
    expect(ok.warnings.map((w) => w.code)).toEqual(['duplicate-from']);
    const multi = check('From: a@example.com\r\nSender: a@example.com\r\nSender: x@example.com');
    expect(multi.warnings.map((w) => w.code)).toEqual(['sender-header-mismatch']);
  });

  it('From with no address yields an empty list', () => {
    expect(check('From: The Manager').from).toEqual([]);
    expect(check('Subject: x').from).toEqual([]);
  });
});
