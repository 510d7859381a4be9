// The toolbar badge counts certificates that expire soon, and each one is announced by a notification once.
import { describe, expect, it } from 'vitest';
import { checkExpiry, type ExpiryChromeLike } from '../../src/background/expiry-alerts';
import type { BackgroundDeps } from '../../src/background/handlers';
import { importIdentity } from '../../src/background/keystore/identities';
import { setDefault } from '../../src/background/keystore/defaults';
import { listExpiring } from '../../src/background/keystore/expiry';
import { certificateId } from '../../src/background/keystore/keystore';
import { cert, FakeClock, identityOf, openTestKeystore } from '../keystore/harness';

function fakeChrome() {
  const badge: string[] = [];
  const notes: Array<{ id: string; title: string; message: string }> = [];
  const store: Record<string, unknown> = {};
  const chrome: ExpiryChromeLike = {
    runtime: { getURL: (p) => `chrome-extension://x/${p}` },
    action: { setBadgeText: ({ text }) => void badge.push(text), setBadgeBackgroundColor: () => undefined },
    notifications: { create: (id, o) => void notes.push({ id, title: o.title, message: o.message }) },
    storage: { local: { get: async (k) => ({ [k]: store[k] }), set: async (items) => void Object.assign(store, items) } },
    i18n: { getMessage: (name, subs) => (name === 'notifyExpiringTitle' ? 'Certificate expires soon' : `${name}:${(subs ?? []).join('|')}`), getUILanguage: () => 'en' },
  };
  return { chrome, badge, notes };
}

describe('expiry alerts', () => {
  it('sets the badge to the number of expiring certificates and notifies once per certificate', async () => {
    const clock = new FakeClock(Date.parse('2026-06-01T00:00:00Z'));
    const ks = await openTestKeystore(clock);
    await importIdentity(ks, identityOf(await cert('Alice', ['alice@example.com'], '2025-06-01', '2026-06-20T00:00:00Z')));
    await importIdentity(ks, identityOf(await cert('Dave', ['dave@example.com'], '2026-01-01', '2026-12-01')));
    const deps = { keystore: ks } as unknown as BackgroundDeps;
    const { chrome, badge, notes } = fakeChrome();

    const first = await checkExpiry(chrome, deps);
    expect(first.map((e) => e.addresses[0])).toEqual(['alice@example.com']);
    expect(badge.at(-1)).toBe('1');
    expect(notes).toHaveLength(1);
    expect(notes[0].message).toContain('alice@example.com');

    await checkExpiry(chrome, deps);
    expect(notes, 'the same certificate is not announced twice').toHaveLength(1);
    expect(badge.at(-1)).toBe('1');
  });

  it('clears the badge when nothing expires soon', async () => {
    const ks = await openTestKeystore(new FakeClock(Date.parse('2026-06-01T00:00:00Z')));
    await importIdentity(ks, identityOf(await cert('Dave', ['dave@example.com'], '2026-01-01', '2026-12-01')));
    const { chrome, badge, notes } = fakeChrome();
    await checkExpiry(chrome, { keystore: ks } as unknown as BackgroundDeps);
    expect(badge.at(-1)).toBe('');
    expect(notes).toHaveLength(0);
  });

  it('keeps warning while the default is expiring, even when a second certificate exists', async () => {
    const ks = await openTestKeystore(new FakeClock(Date.parse('2026-06-01T00:00:00Z')));
    const expiring = await cert('Alice trial', ['alice@example.com'], '2026-03-01', '2026-06-20');
    await importIdentity(ks, identityOf(expiring));
    expect((await listExpiring(ks)).map((e) => e.addresses[0])).toEqual(['alice@example.com']);
    // A second certificate that is itself expired, or not valid yet, changes nothing: the default still expires.
    await importIdentity(ks, identityOf(await cert('Alice old', ['alice@example.com'], '2024-01-01', '2025-01-01')));
    await importIdentity(ks, identityOf(await cert('Alice next', ['alice@example.com'], '2026-09-01', '2028-01-01')));
    expect((await listExpiring(ks)).map((e) => e.addresses[0])).toEqual(['alice@example.com']);
    // One that lasts longer becomes the default, and the warning goes away...
    const lasting = await cert('Alice 2026', ['alice@example.com'], '2026-01-01', '2027-06-01');
    await importIdentity(ks, identityOf(lasting));
    expect(await listExpiring(ks)).toEqual([]);
    // ...unless the user keeps the expiring one as the default.
    await setDefault(ks, 'alice@example.com', await certificateId(expiring.der));
    const warned = await listExpiring(ks);
    expect(warned.map((e) => e.id)).toEqual([await certificateId(expiring.der)]);
    expect(warned[0].daysLeft).toBe(19);
  });
});
