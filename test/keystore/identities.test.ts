// Keystore identities: import, dedupe, listing, defaults, deletion, and private keys encrypted at rest.
import { describe, expect, it } from 'vitest';
import { bytesEqual, toHex } from '../../src/crypto/bytes';
import { allEffectiveDefaults, effectiveDefault, setDefault } from '../../src/background/keystore/defaults';
import { deleteIdentity, importIdentity, listIdentities, withPrivateKey } from '../../src/background/keystore/identities';
import { certificateId } from '../../src/background/keystore/keystore';
import { KeystoreError } from '../../src/background/keystore/keystore-error';
import { cert, FakeClock, identityOf, openTestKeystore } from './harness';

function containsSequence(haystack: Uint8Array, needle: Uint8Array): boolean {
  // Any 16-byte window of the key would do; search the whole key for a strong statement.
  const h = toHex(haystack);
  return h.includes(toHex(needle.subarray(0, 32)));
}

describe('identities', () => {
  it('imports, lists and dedupes by certificate hash', async () => {
    const ks = await openTestKeystore();
    const alice = await cert('Alice', ['Alice@Example.com'], '2026-01-01', '2027-01-01');
    const first = await importIdentity(ks, identityOf(alice));
    expect(first.status).toBe('imported');
    expect(first.record.id).toBe(await certificateId(alice.der));
    expect(first.record.emails).toEqual(['alice@example.com']);
    const again = await importIdentity(ks, identityOf(alice));
    expect(again.status).toBe('already-present');
    expect(again.record.id).toBe(first.record.id);
    expect(await listIdentities(ks)).toHaveLength(1);
  });

  it('keeps concurrent imports of the same file to one record', async () => {
    const ks = await openTestKeystore();
    const alice = await cert('Alice', ['alice@example.com'], '2026-01-01', '2027-01-01');
    const results = await Promise.all([importIdentity(ks, identityOf(alice)), importIdentity(ks, identityOf(alice))]);
    expect(results.map((r) => r.status).sort()).toEqual(['already-present', 'imported']);
    expect(await listIdentities(ks)).toHaveLength(1);
  });

  it('stores the private key encrypted: the record does not contain the PKCS#8 bytes', async () => {
    const ks = await openTestKeystore();
    const alice = await cert('Alice', ['alice@example.com'], '2026-01-01', '2027-01-01');
    const { record } = await importIdentity(ks, identityOf(alice));
    const stored = await ks.db.get('identities', record.id);
    expect(stored!.protectedKey.kek).toBe('device');
    expect(stored!.protectedKey.iv).toHaveLength(12);
    expect(containsSequence(stored!.protectedKey.ciphertext, alice.pkcs8)).toBe(false);
    // Nothing in the whole record serialisation holds the key either.
    const everything = JSON.stringify(stored, (_k, v: unknown) => (v instanceof Uint8Array ? toHex(v) : v));
    expect(everything.includes(toHex(alice.pkcs8.subarray(0, 32)))).toBe(false);
    // And the device KEK in IndexedDB is a non-extractable CryptoKey.
    const kekRow = await ks.db.get('meta', 'device-kek');
    expect(kekRow && kekRow.key === 'device-kek' && kekRow.kek.extractable).toBe(false);
    // But withPrivateKey gives back exactly the original key.
    const seen = await withPrivateKey(ks, record.id, async (id) => toHex(id.privateKeyPkcs8));
    expect(seen).toBe(toHex(alice.pkcs8));
  });

  it('detects tampering with the stored ciphertext, and moving a ciphertext to another identity', async () => {
    const ks = await openTestKeystore();
    const alice = await cert('Alice', ['alice@example.com'], '2026-01-01', '2027-01-01');
    const bob = await cert('Bob', ['bob@example.com'], '2026-01-01', '2027-01-01');
    const a = (await importIdentity(ks, identityOf(alice))).record;
    const b = (await importIdentity(ks, identityOf(bob))).record;
    const tampered = { ...a, protectedKey: { ...a.protectedKey, ciphertext: a.protectedKey.ciphertext.slice() } };
    tampered.protectedKey.ciphertext[5] ^= 1;
    await ks.db.put('identities', tampered);
    await expect(withPrivateKey(ks, a.id, async () => 'ran')).rejects.toMatchObject({ code: 'auth-failed' });
    // AAD = identity id: Alice's (intact) ciphertext copied into Bob's record does not decrypt.
    await ks.db.put('identities', { ...b, protectedKey: a.protectedKey });
    await expect(withPrivateKey(ks, b.id, async () => 'ran')).rejects.toMatchObject({ code: 'auth-failed' });
  });

  it('zeroes the key bytes after the operation, also when it throws', async () => {
    const ks = await openTestKeystore();
    const alice = await cert('Alice', ['alice@example.com'], '2026-01-01', '2027-01-01');
    const { record } = await importIdentity(ks, identityOf(alice));
    let captured: Uint8Array | undefined;
    await withPrivateKey(ks, record.id, async (id) => {
      captured = id.privateKeyPkcs8;
      expect(captured.some((b) => b !== 0)).toBe(true);
    });
    expect(captured!.every((b) => b === 0)).toBe(true);
    await expect(
      withPrivateKey(ks, record.id, async (id) => {
        captured = id.privateKeyPkcs8;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(captured!.every((b) => b === 0)).toBe(true);
  });

  it('keeps old identities after renewal and picks the newest valid one as default unless the user chose', async () => {
    const clock = new FakeClock(Date.parse('2026-06-01T00:00:00Z'));
    const ks = await openTestKeystore(clock);
    const old = await cert('Alice 2025', ['alice@example.com'], '2025-01-01', '2026-03-01'); // expired
    const current = await cert('Alice 2026', ['alice@example.com'], '2026-01-01', '2027-01-01');
    const renewed = await cert('Alice 2026b', ['alice@example.com', 'a@work.example'], '2026-05-01', '2027-05-01');
    const notYet = await cert('Alice future', ['alice@example.com'], '2026-09-01', '2028-01-01');
    for (const c of [old, current, renewed, notYet]) await importIdentity(ks, identityOf(c));
    expect(await listIdentities(ks)).toHaveLength(4);
    const renewedId = await certificateId(renewed.der);
    const currentId = await certificateId(current.der);
    expect(await effectiveDefault(ks, 'ALICE@example.com')).toEqual({ identityId: renewedId, reason: 'newest-valid' });
    await setDefault(ks, 'alice@example.com', currentId);
    expect(await effectiveDefault(ks, 'alice@example.com')).toEqual({ identityId: currentId, reason: 'user-choice' });
    const defaults = await allEffectiveDefaults(ks);
    expect(defaults.get('alice@example.com')).toBe(currentId);
    expect(defaults.get('a@work.example')).toBe(renewedId);
    // The user's choice must be for that address.
    await expect(setDefault(ks, 'a@work.example', currentId)).rejects.toMatchObject({ code: 'invalid-argument' });
    // Deleting the chosen identity falls back to automatic.
    await deleteIdentity(ks, currentId);
    expect(await effectiveDefault(ks, 'alice@example.com')).toEqual({ identityId: renewedId, reason: 'newest-valid' });
    // Clearing the choice works too.
    await setDefault(ks, 'alice@example.com', null);
    expect(await ks.db.get('defaults', 'alice@example.com')).toBeUndefined();
    // Nothing valid: no default.
    clock.t = Date.parse('2030-01-01T00:00:00Z');
    expect(await effectiveDefault(ks, 'alice@example.com')).toBeNull();
  });

  it('prefers the certificate that lasts longer over a later-issued one about to expire; an expired choice falls back', async () => {
    const clock = new FakeClock(Date.parse('2026-06-01T00:00:00Z'));
    const ks = await openTestKeystore(clock);
    const lasting = await cert('Hanako 2025', ['hanako@example.jp'], '2025-01-01', '2027-12-31');
    const expiring = await cert('Hanako trial', ['hanako@example.jp'], '2026-03-01', '2026-06-20');
    await importIdentity(ks, identityOf(lasting));
    await importIdentity(ks, identityOf(expiring));
    const lastingId = await certificateId(lasting.der);
    const expiringId = await certificateId(expiring.der);
    expect(await effectiveDefault(ks, 'hanako@example.jp')).toEqual({ identityId: lastingId, reason: 'newest-valid' });
    await setDefault(ks, 'hanako@example.jp', expiringId);
    expect(await effectiveDefault(ks, 'hanako@example.jp')).toEqual({ identityId: expiringId, reason: 'user-choice' });
    clock.t = Date.parse('2026-07-01T00:00:00Z'); // the chosen one has expired: it cannot sign any more
    expect(await effectiveDefault(ks, 'hanako@example.jp')).toEqual({ identityId: lastingId, reason: 'newest-valid' });
  });

  it('deletes an identity and reports a missing one', async () => {
    const ks = await openTestKeystore();
    const alice = await cert('Alice', ['alice@example.com'], '2026-01-01', '2027-01-01');
    const { record } = await importIdentity(ks, identityOf(alice));
    await deleteIdentity(ks, record.id);
    expect(await listIdentities(ks)).toHaveLength(0);
    await expect(deleteIdentity(ks, record.id)).rejects.toBeInstanceOf(KeystoreError);
    await expect(withPrivateKey(ks, record.id, async () => 1)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('survives reopening (a service-worker restart) in device mode', async () => {
    const clock = new FakeClock();
    const ks = await openTestKeystore(clock);
    const alice = await cert('Alice', ['alice@example.com'], '2026-01-01', '2027-01-01');
    const { record } = await importIdentity(ks, identityOf(alice));
    ks.db.close();
    const reopened = await openTestKeystore(clock, ks.db.name);
    const key = await withPrivateKey(reopened, record.id, async (id) => id.privateKeyPkcs8.slice());
    expect(bytesEqual(key, alice.pkcs8)).toBe(true);
  });
});
