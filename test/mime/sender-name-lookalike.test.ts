// checkSenderHeaders reports a From display name or group name that shows an address other than the real mailbox
// ('display-name-address'), once per mailbox, in bounded time.
import { describe, expect, it } from 'vitest';
import { checkSenderHeaders } from '../../src/crypto/mime/check-sender-headers';
import { parseMime } from '../../src/crypto/mime/parse-mime';

const check = (from: string) => checkSenderHeaders(parseMime(new TextEncoder().encode(`From: ${from}\r\n\r\nbody`)));
const codes = (from: string) => check(from).warnings.map((w) => w.code);

describe('display-name-address', () => {
  it('group name posing as another address', () => {
    const r = check('ceo@bigbank.example: alice@bank.example;');
    expect(r.from).toEqual(['alice@bank.example']);
    expect(r.warnings).toEqual([
      { code: 'display-name-address', message: 'The From header shows the group name "ceo@bigbank.example", but the real address is alice@bank.example.' },
    ]);
  });

  it('group name inside a longer phrase, or written with a fullwidth at-sign', () => {
    expect(codes('"Message from ceo@bigbank.example": alice@bank.example;')).toEqual(['display-name-address']);
    expect(codes('ceo＠bigbank.example: alice@bank.example;')).toEqual(['display-name-address']);
  });

  it('display names posing as another address (Johnny I2 forms)', () => {
    expect(codes('manager@bigcorporation.de <eve@bigcorporation.de>')).toEqual(['display-name-address']);
    expect(codes('manager@bigcorporation.de                 . <eve@bigcorporation.de>')).toEqual(['display-name-address']);
    expect(codes('"(manager@bigcorporation.de)" <eve@bigcorporation.de>')).toEqual(['display-name-address']);
  });

  it('no warning for ordinary names, groups, or a name equal to the address', () => {
    expect(codes('Accounts: alice@bank.example;')).toEqual([]);
    expect(codes('Alice <alice@bank.example>')).toEqual([]);
    expect(codes('"alice@bank.example." <ALICE@bank.example>')).toEqual([]);
    expect(codes('alice@bank.example: alice@bank.example;')).toEqual([]);
    expect(codes('Alice @ home <alice@bank.example>')).toEqual([]);
  });

  it('one warning per mailbox even when both its name and group pose as addresses', () => {
    const r = check('ceo@bigbank.example: cfo@bigbank.example <alice@bank.example>;');
    expect(r.warnings.filter((w) => w.code === 'display-name-address')).toHaveLength(1);
  });

  it('a huge name without separators is handled quickly', () => {
    const t0 = performance.now();
    expect(codes(`${'a'.repeat(60_000)}${'.'.repeat(3000)}x@y <alice@bank.example>`)).toEqual(['display-name-address']);
    expect(codes(`${'.'.repeat(60_000)}: alice@bank.example;`)).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
