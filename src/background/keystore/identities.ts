// The user's own identities (certificate + encrypted private key + chain). Identities are never
// overwritten: a renewal is a new identity, and old ones stay so old mail still decrypts.
import type { Identity } from '../../crypto/types';
import { certificateId, currentKek, normalizeAddress, nowIso, type Keystore } from './keystore';
import { decryptKey, encryptKey, KeyDecryptionError } from './key-encryption';
import { KeystoreError } from './keystore-error';
import type { IdentityRecord } from './schema';

export const MAX_IDENTITIES = 200;

export interface ImportOutcome {
  status: 'imported' | 'already-present';
  record: IdentityRecord;
}

/** Store an identity read from PKCS#12. The caller zeroes `identity.privateKeyPkcs8` afterwards. */
export async function importIdentity(ks: Keystore, identity: Identity): Promise<ImportOutcome> {
  const id = await certificateId(identity.certificate);
  const existing = await ks.db.get('identities', id);
  if (existing) return { status: 'already-present', record: existing };
  if ((await ks.db.count('identities')) >= MAX_IDENTITIES) {
    throw new KeystoreError('too-large', `The keystore holds at most ${MAX_IDENTITIES} identities.`);
  }
  const summary = await ks.summarizeCertificate(identity.certificate);
  const { kek, kind } = await currentKek(ks);
  const record: IdentityRecord = {
    id,
    certificate: identity.certificate.slice(),
    chain: identity.chain.map((c) => c.slice()),
    keyAlgorithm: identity.keyAlgorithm,
    protectedKey: await encryptKey(kek, kind, id, identity.privateKeyPkcs8),
    summary,
    emails: [...new Set(summary.emails.map(normalizeAddress))],
    addedAt: nowIso(ks),
  };
  if (identity.friendlyName) record.friendlyName = identity.friendlyName;
  const tx = ks.db.transaction('identities', 'readwrite');
  // Re-check inside the write transaction: two concurrent imports of one file must not both insert.
  if (await tx.store.get(id)) {
    await tx.done;
    return { status: 'already-present', record: (await ks.db.get('identities', id))! };
  }
  await tx.store.add(record);
  await tx.done;
  return { status: 'imported', record };
}

export function listIdentities(ks: Keystore): Promise<IdentityRecord[]> {
  return ks.db.getAll('identities');
}

export async function getIdentity(ks: Keystore, id: string): Promise<IdentityRecord> {
  const record = await ks.db.get('identities', id);
  if (!record) throw new KeystoreError('not-found', 'No such identity.');
  return record;
}

export function identitiesForAddress(ks: Keystore, address: string): Promise<IdentityRecord[]> {
  return ks.db.getAllFromIndex('identities', 'by-email', normalizeAddress(address));
}

/** Remove an identity and any default that points at it. Confirmation is the handler's job. */
export async function deleteIdentity(ks: Keystore, id: string): Promise<void> {
  const tx = ks.db.transaction(['identities', 'defaults'], 'readwrite');
  const record = await tx.objectStore('identities').get(id);
  if (!record) {
    await tx.done;
    throw new KeystoreError('not-found', 'No such identity.');
  }
  await tx.objectStore('identities').delete(id);
  let cursor = await tx.objectStore('defaults').openCursor();
  while (cursor) {
    if (cursor.value.identityId === id) await cursor.delete();
    cursor = await cursor.continue();
  }
  await tx.done;
}

/**
 * Decrypt the identity's private key, run `fn`, then zero the key bytes. The only way to reach a
 * private key; the bytes never leave the background and never outlive the operation.
 */
export async function withPrivateKey<T>(ks: Keystore, id: string, fn: (identity: Identity) => Promise<T>): Promise<T> {
  const record = await getIdentity(ks, id);
  const { kek, kind } = await currentKek(ks);
  if (record.protectedKey.kek !== kind) {
    throw new KeystoreError('internal', 'This private key is protected by a different key than the keystore uses.');
  }
  let pkcs8: Uint8Array;
  try {
    pkcs8 = await decryptKey(kek, id, record.protectedKey);
  } catch (e) {
    if (e instanceof KeyDecryptionError) throw new KeystoreError('auth-failed', e.message);
    throw e;
  }
  ks.lock.touch();
  try {
    return await fn({
      certificate: record.certificate,
      chain: record.chain,
      privateKeyPkcs8: pkcs8,
      keyAlgorithm: record.keyAlgorithm,
      friendlyName: record.friendlyName,
    });
  } finally {
    pkcs8.fill(0);
  }
}
