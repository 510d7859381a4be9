// Passphrase mode: set, change, remove, unlock, lock. Switching modes re-encrypts every private key
// under the new KEK and commits all records and the passphrase parameters in one transaction, so a
// crash never leaves keys under a KEK that is gone.
import type { KeystoreStatus } from '../../shared/messages';
import { currentKek, getPassphraseParams, type Keystore } from './keystore';
import { decryptKey, encryptKey, generateDeviceKek, makePassphraseParams, openWithPassphrase } from './key-encryption';
import { KeystoreError } from './keystore-error';
import type { IdentityRecord, MetaValue, ProtectedKey } from './schema';

export const MIN_PASSPHRASE_LENGTH = 8;

export async function keystoreStatus(ks: Keystore): Promise<KeystoreStatus> {
  const hasPassphrase = (await getPassphraseParams(ks)) !== null;
  const locked = hasPassphrase && !ks.lock.isUnlocked;
  return {
    mode: hasPassphrase ? 'passphrase' : 'device',
    hasPassphrase,
    locked,
    autoLockMinutes: ks.lock.autoLockMinutes,
    autoLockAt: hasPassphrase && !locked ? ks.lock.autoLockAt() : null,
    identityCount: await ks.db.count('identities'),
  };
}

function checkStrength(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new KeystoreError('weak-passphrase', `The passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  }
}

async function requirePassphraseKek(ks: Keystore, passphrase: string): Promise<CryptoKey> {
  const params = await getPassphraseParams(ks);
  if (!params) throw new KeystoreError('no-passphrase', 'No passphrase is set.');
  const kek = await openWithPassphrase(passphrase, params);
  if (!kek) throw new KeystoreError('wrong-passphrase', 'The passphrase is not correct.');
  return kek;
}

/** Re-encrypt all identities from one KEK to another and write them with `meta` changes atomically. */
async function rekeyAll(
  ks: Keystore,
  from: CryptoKey,
  to: CryptoKey,
  toKind: ProtectedKey['kek'],
  metaPut: MetaValue[],
  metaDelete: MetaValue['key'][],
): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const records = await ks.db.getAll('identities');
    const rekeyed: IdentityRecord[] = [];
    for (const r of records) {
      const pkcs8 = await decryptKey(from, r.id, r.protectedKey).catch(() => {
        throw new KeystoreError('auth-failed', `The private key of ${r.summary.subject} does not decrypt; nothing was changed.`);
      });
      try {
        rekeyed.push({ ...r, protectedKey: await encryptKey(to, toKind, r.id, pkcs8) });
      } finally {
        pkcs8.fill(0);
      }
    }
    const tx = ks.db.transaction(['identities', 'meta'], 'readwrite');
    const ids = (await tx.objectStore('identities').getAllKeys()).sort();
    const expected = records.map((r) => r.id).sort();
    if (ids.length !== expected.length || ids.some((id, i) => id !== expected[i])) {
      tx.abort();
      await tx.done.catch(() => undefined);
      continue; // an identity was added or removed meanwhile: start over
    }
    for (const r of rekeyed) await tx.objectStore('identities').put(r);
    for (const m of metaPut) await tx.objectStore('meta').put(m);
    for (const k of metaDelete) await tx.objectStore('meta').delete(k);
    await tx.done;
    return;
  }
  throw new KeystoreError('internal', 'The keystore kept changing while re-encrypting; try again.');
}

export async function setPassphrase(ks: Keystore, passphrase: string): Promise<KeystoreStatus> {
  if (await getPassphraseParams(ks)) throw new KeystoreError('passphrase-already-set', 'A passphrase is already set; change it instead.');
  checkStrength(passphrase);
  const { kek: deviceKek } = await currentKek(ks);
  const { params, kek } = await makePassphraseParams(passphrase, ks.pbkdf2Iterations, new Date(ks.clock.now()));
  // The device KEK is deleted: with a passphrase set, nothing stored can decrypt a key on its own.
  await rekeyAll(ks, deviceKek, kek, 'passphrase', [{ key: 'passphrase', params }], ['device-kek']);
  ks.lock.unlock(kek);
  return keystoreStatus(ks);
}

export async function changePassphrase(ks: Keystore, oldPassphrase: string, newPassphrase: string): Promise<KeystoreStatus> {
  const oldKek = await requirePassphraseKek(ks, oldPassphrase);
  checkStrength(newPassphrase);
  const { params, kek } = await makePassphraseParams(newPassphrase, ks.pbkdf2Iterations, new Date(ks.clock.now()));
  await rekeyAll(ks, oldKek, kek, 'passphrase', [{ key: 'passphrase', params }], []);
  ks.lock.unlock(kek);
  return keystoreStatus(ks);
}

export async function removePassphrase(ks: Keystore, passphrase: string): Promise<KeystoreStatus> {
  const oldKek = await requirePassphraseKek(ks, passphrase);
  const deviceKek = await generateDeviceKek();
  await rekeyAll(ks, oldKek, deviceKek, 'device', [{ key: 'device-kek', kek: deviceKek }], ['passphrase']);
  ks.lock.lock();
  return keystoreStatus(ks);
}

export async function unlock(ks: Keystore, passphrase: string): Promise<KeystoreStatus> {
  ks.lock.unlock(await requirePassphraseKek(ks, passphrase));
  return keystoreStatus(ks);
}

export async function lockNow(ks: Keystore): Promise<KeystoreStatus> {
  if (!(await getPassphraseParams(ks))) throw new KeystoreError('no-passphrase', 'Set a passphrase before locking.');
  ks.lock.lock();
  return keystoreStatus(ks);
}
