// A conversation message fetched by position is used only when its From is exactly the sender Outlook shows:
// a substring match would let a@bank.com.evil stand in for a@bank.com, and no shown sender means no check at all.
import { describe, expect, it } from 'vitest';
import { fromIsShown } from '../../src/content/sites/outlook/outlook-shown-from';

const raw = (headers: string) => new TextEncoder().encode(`${headers}\r\nSubject: x\r\n\r\nFrom: a@bank.com\r\nbody\r\n`);

describe('fromIsShown', () => {
  it('accepts the same mailbox, with a display name, other case or a folded header', () => {
    expect(fromIsShown(raw('From: a@bank.com'), 'a@bank.com')).toBe(true);
    expect(fromIsShown(raw('From: "Bank" <A@Bank.COM>'), 'a@bank.com')).toBe(true);
    expect(fromIsShown(raw('From: "Bank Notices"\r\n <a@bank.com>'), 'a@bank.com')).toBe(true);
  });

  it('refuses an address that merely contains the shown one', () => {
    expect(fromIsShown(raw('From: a@bank.com.evil'), 'a@bank.com')).toBe(false);
    expect(fromIsShown(raw('From: xa@bank.com'), 'a@bank.com')).toBe(false);
    expect(fromIsShown(raw('From: "a@bank.com" <eve@evil.example>'), 'a@bank.com')).toBe(false);
  });

  it('refuses when there is nothing to compare: no shown sender, no From, several addresses or From headers', () => {
    expect(fromIsShown(raw('From: a@bank.com'), undefined)).toBe(false);
    expect(fromIsShown(raw('From: a@bank.com'), '')).toBe(false);
    expect(fromIsShown(raw('Sender: a@bank.com'), 'a@bank.com')).toBe(false);
    expect(fromIsShown(raw('From: a@bank.com, eve@evil.example'), 'a@bank.com')).toBe(false);
    expect(fromIsShown(raw('From: a@bank.com\r\nFrom: eve@evil.example'), 'a@bank.com')).toBe(false);
  });
});
