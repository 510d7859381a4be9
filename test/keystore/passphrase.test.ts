// Passphrase mode: set / change / remove / lock / unlock / wrong passphrase, auto-lock with a fake clock,
// and that a passphrase-protected keystore cannot be opened from what is stored alone.
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/crypto/bytes';
import { importIdentity, withPrivateKey } from '../../src/background/keystore/identities';
import { MIN_PBKDF2_ITERATIONS } from '../../src/background/keystore/key-encryption';
import { getPassphraseParams, openKeystore, putSettings } from '../../src/background/keystore/keystore';
import { changePassphrase, keystoreStatus, lockNow, removePassphrase, setPassphrase, unlock } from '../../src/background/keystore/passphrase';
import { summarizeCertificate } from '../../src/crypto/x509/summarize-certificate';
import { cert, FakeClock, freshDbName, identityOf, openTestKeystore } from './harness';

const MINUTE = 60_000;

async function withAlice() {
  const clock = new FakeClock();
  const ks = await openTestKeystore(clock);
  const alice = await cert('Alice', ['alice@example.com'], '2026-01-01', '2027-01-01');
  const { record } = await importIdentity(ks, identityOf(alice));
  const keyHex = () => withPrivateKey(ks, record.id, async (id) => toHex(id.privateKeyPkcs8));
  return { clock, ks, alice, id: record.id, keyHex };
}

describe('passphrase mode', () => {
  it('defaults to at least 600,000 PBKDF2-SHA256 iterations with a random salt', async () => {
    const ks = await openKeystore({ dbName: freshDbName(), summarizeCertificate });
    expect(ks.pbkdf2Iterations).toBeGreaterThanOrEqual(600_000);
    expect(MIN_PBKDF2_ITERATIONS).toBe(600_000);
    await setPassphrase(ks, 'correct horse battery');
    const params = await getPassphraseParams(ks);
    expect(params).toMatchObject({ kdf: 'PBKDF2-SHA256', iterations: 600_000 });
    expect(params!.salt).toHaveLength(16);
  });

  it('set: re-encrypts keys under the passphrase and deletes the device key', async () => {
    const { ks, alice, id, keyHex } = await withAlice();
    const before = (await ks.db.get('identities', id))!.protectedKey;
    const status = await setPassphrase(ks, 'correct horse battery');
    expect(status).toMatchObject({ mode: 'passphrase', hasPassphrase: true, locked: false });
    const after = (await ks.db.get('identities', id))!.protectedKey;
    expect(after.kek).toBe('passphrase');
    expect(toHex(after.ciphertext)).not.toBe(toHex(before.ciphertext));
    expect(await ks.db.get('meta', 'device-kek')).toBeUndefined();
    expect(await keyHex()).toBe(toHex(alice.pkcs8));
    await expect(setPassphrase(ks, 'another passphrase')).rejects.toMatchObject({ code: 'passphrase-already-set' });
  });

  it('rejects a short passphrase', async () => {
    const { ks } = await withAlice();
    await expect(setPassphrase(ks, 'short')).rejects.toMatchObject({ code: 'weak-passphrase' });
    expect((await keystoreStatus(ks)).hasPassphrase).toBe(false);
  });

  it('lock / wrong passphrase / unlock', async () => {
    const { ks, alice, keyHex } = await withAlice();
    await setPassphrase(ks, 'correct horse battery');
    expect((await lockNow(ks)).locked).toBe(true);
    await expect(keyHex()).rejects.toMatchObject({ code: 'locked' });
    await expect(unlock(ks, 'wrong horse battery')).rejects.toMatchObject({ code: 'wrong-passphrase' });
    expect((await keystoreStatus(ks)).locked).toBe(true);
    expect((await unlock(ks, 'correct horse battery')).locked).toBe(false);
    expect(await keyHex()).toBe(toHex(alice.pkcs8));
  });

  it('import while locked is refused (the new key could not be protected)', async () => {
    const { ks } = await withAlice();
    await setPassphrase(ks, 'correct horse battery');
    await lockNow(ks);
    const bob = await cert('Bob', ['bob@example.com'], '2026-01-01', '2027-01-01');
    await expect(importIdentity(ks, identityOf(bob))).rejects.toMatchObject({ code: 'locked' });
  });

  it('is locked after a restart, and only the passphrase opens it', async () => {
    const { ks, clock, alice, id } = await withAlice();
    await setPassphrase(ks, 'correct horse battery');
    ks.db.close();
    const restarted = await openTestKeystore(clock, ks.db.name);
    expect((await keystoreStatus(restarted)).locked).toBe(true);
    await expect(withPrivateKey(restarted, id, async () => 1)).rejects.toMatchObject({ code: 'locked' });
    await unlock(restarted, 'correct horse battery');
    expect(await withPrivateKey(restarted, id, async (x) => toHex(x.privateKeyPkcs8))).toBe(toHex(alice.pkcs8));
  });

  it('change: old passphrase required, new one works, old one no longer does', async () => {
    const { ks, alice, keyHex } = await withAlice();
    await setPassphrase(ks, 'correct horse battery');
    await expect(changePassphrase(ks, 'not the passphrase', 'new passphrase!')).rejects.toMatchObject({ code: 'wrong-passphrase' });
    await changePassphrase(ks, 'correct horse battery', 'new passphrase!');
    await lockNow(ks);
    await expect(unlock(ks, 'correct horse battery')).rejects.toMatchObject({ code: 'wrong-passphrase' });
    await unlock(ks, 'new passphrase!');
    expect(await keyHex()).toBe(toHex(alice.pkcs8));
  });

  it('remove: back to device mode, keys still open, lock is no longer possible', async () => {
    const { ks, alice, keyHex } = await withAlice();
    await setPassphrase(ks, 'correct horse battery');
    await lockNow(ks);
    await expect(removePassphrase(ks, 'wrong horse battery')).rejects.toMatchObject({ code: 'wrong-passphrase' });
    const status = await removePassphrase(ks, 'correct horse battery');
    expect(status).toMatchObject({ mode: 'device', hasPassphrase: false, locked: false });
    expect(await getPassphraseParams(ks)).toBeNull();
    expect(await keyHex()).toBe(toHex(alice.pkcs8));
    await expect(lockNow(ks)).rejects.toMatchObject({ code: 'no-passphrase' });
    await expect(unlock(ks, 'correct horse battery')).rejects.toMatchObject({ code: 'no-passphrase' });
  });

  it('auto-locks after the idle time; key use resets the timer; 0 means never', async () => {
    const { ks, clock, keyHex } = await withAlice();
    await putSettings(ks, { autoLockMinutes: 10 });
    await setPassphrase(ks, 'correct horse battery');
    const status = await keystoreStatus(ks);
    expect(status.autoLockAt).toBe(clock.now() + 10 * MINUTE);
    clock.advance(9 * MINUTE);
    await keyHex(); // activity: timer restarts
    clock.advance(9 * MINUTE);
    expect(ks.lock.checkAutoLock()).toBe(false);
    expect((await keystoreStatus(ks)).locked).toBe(false);
    clock.advance(1 * MINUTE);
    // Even without the alarm firing, the deadline is enforced on use.
    await expect(keyHex()).rejects.toMatchObject({ code: 'locked' });
    expect((await keystoreStatus(ks)).locked).toBe(true);

    await unlock(ks, 'correct horse battery');
    clock.advance(10 * MINUTE);
    expect(ks.lock.checkAutoLock()).toBe(true); // the alarm path

    await putSettings(ks, { autoLockMinutes: 0 });
    await unlock(ks, 'correct horse battery');
    clock.advance(7 * 24 * 60 * MINUTE);
    expect(ks.lock.checkAutoLock()).toBe(false);
    expect((await keystoreStatus(ks)).autoLockAt).toBeNull();
  });

  it('a tampered verifier or salt makes even the right passphrase fail cleanly', async () => {
    const { ks } = await withAlice();
    await setPassphrase(ks, 'correct horse battery');
    const params = (await getPassphraseParams(ks))!;
    const salt = params.salt.slice();
    salt[0] ^= 1;
    await ks.db.put('meta', { key: 'passphrase', params: { ...params, salt } });
    await lockNow(ks);
    await expect(unlock(ks, 'correct horse battery')).rejects.toMatchObject({ code: 'wrong-passphrase' });
  });
});
