// Opens the keystore: the IndexedDB handle, the lock state and the few injected dependencies that the
// keystore modules (identities, contacts, passphrase, ...) share. Plain data, no behaviour of its own.
import { addressKey } from '../../crypto/mime/address-key';
import type { IDBPDatabase } from 'idb';
import { toArrayBuffer } from '../../crypto/bytes';
import type { CertificateSummary } from '../../crypto/types';
import type { Settings } from '../../shared/messages';
import { MIN_PBKDF2_ITERATIONS, generateDeviceKek } from './key-encryption';
import { KeystoreError } from './keystore-error';
import { LockState, systemClock, type Clock } from './lock-state';
import { openKeystoreDb } from './migrations';
import { DEFAULT_SETTINGS, KEYSTORE_DB_NAME, type KeystoreSchema, type PassphraseParams, type ProtectedKey } from './schema';

export interface KeystoreOptions {
  dbName?: string;
  clock?: Clock;
  /** PBKDF2 iterations for new passphrases; tests may lower it, production uses the default (600,000). */
  pbkdf2Iterations?: number;
  summarizeCertificate: (der: Uint8Array) => Promise<CertificateSummary>;
}

export interface Keystore {
  readonly db: IDBPDatabase<KeystoreSchema>;
  readonly lock: LockState;
  readonly clock: Clock;
  readonly pbkdf2Iterations: number;
  readonly summarizeCertificate: (der: Uint8Array) => Promise<CertificateSummary>;
}

export async function openKeystore(opts: KeystoreOptions): Promise<Keystore> {
  const db = await openKeystoreDb(opts.dbName ?? KEYSTORE_DB_NAME);
  const clock = opts.clock ?? systemClock;
  const settings = await readSettings(db);
  return {
    db,
    clock,
    lock: new LockState(clock, settings.autoLockMinutes),
    pbkdf2Iterations: opts.pbkdf2Iterations ?? MIN_PBKDF2_ITERATIONS,
    summarizeCertificate: opts.summarizeCertificate,
  };
}

async function readSettings(db: IDBPDatabase<KeystoreSchema>): Promise<Settings> {
  const row = await db.get('meta', 'settings');
  return { ...DEFAULT_SETTINGS, ...(row && row.key === 'settings' ? row.settings : {}) };
}

export function getSettings(ks: Keystore): Promise<Settings> {
  return readSettings(ks.db);
}

export async function putSettings(ks: Keystore, patch: Partial<Settings>): Promise<Settings> {
  const next = { ...(await readSettings(ks.db)), ...patch };
  await ks.db.put('meta', { key: 'settings', settings: next });
  ks.lock.autoLockMinutes = next.autoLockMinutes;
  return next;
}

export async function getPassphraseParams(ks: Keystore): Promise<PassphraseParams | null> {
  const row = await ks.db.get('meta', 'passphrase');
  return row && row.key === 'passphrase' ? row.params : null;
}

async function getOrCreateDeviceKek(ks: Keystore): Promise<CryptoKey> {
  const row = await ks.db.get('meta', 'device-kek');
  if (row && row.key === 'device-kek') return row.kek;
  const kek = await generateDeviceKek();
  // add() fails if another call created one meanwhile; then use that one.
  try {
    await ks.db.add('meta', { key: 'device-kek', kek });
    return kek;
  } catch {
    const again = await ks.db.get('meta', 'device-kek');
    if (again && again.key === 'device-kek') return again.kek;
    throw new KeystoreError('internal', 'Could not create the device key-encryption key.');
  }
}

/** The KEK that protects private keys right now; throws 'locked' in passphrase mode while locked. */
export async function currentKek(ks: Keystore): Promise<{ kek: CryptoKey; kind: ProtectedKey['kek'] }> {
  if (await getPassphraseParams(ks)) {
    const kek = ks.lock.current();
    if (!kek) throw new KeystoreError('locked', 'The keystore is locked. Unlock it with your passphrase.');
    return { kek, kind: 'passphrase' };
  }
  return { kek: await getOrCreateDeviceKek(ks), kind: 'device' };
}

export function nowIso(ks: Keystore): string {
  return new Date(ks.clock.now()).toISOString();
}

/** The address book's and identity index's key: the engine's one address comparison key. */
export function normalizeAddress(address: string): string {
  return addressKey(address);
}

export async function certificateId(der: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', toArrayBuffer(der)));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}
