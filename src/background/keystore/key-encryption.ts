// Private keys at rest: AES-256-GCM under a key-encryption key (KEK), AAD = identity id so a ciphertext
// cannot be moved to another identity's record. KEKs are non-extractable CryptoKeys: either a random
// device key kept in IndexedDB, or one derived from the user's passphrase with PBKDF2-SHA256.
import { toArrayBuffer, utf8 } from '../../crypto/bytes';
import type { PassphraseParams, ProtectedKey } from './schema';

const subtle = () => globalThis.crypto.subtle;

/** OWASP 2023 guidance for PBKDF2-HMAC-SHA256. Never go below this in production. */
export const MIN_PBKDF2_ITERATIONS = 600_000;
const VERIFIER_PLAINTEXT = utf8('smime-webmail passphrase verifier v1');
const VERIFIER_AAD = utf8('verifier');

export class KeyDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyDecryptionError';
  }
}

export function randomBytes(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

export async function generateDeviceKek(): Promise<CryptoKey> {
  return subtle().generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

async function derivePassphraseKek(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await subtle().importKey('raw', toArrayBuffer(utf8(passphrase.normalize('NFC'))), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: toArrayBuffer(salt), iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export async function encryptKey(kek: CryptoKey, kind: ProtectedKey['kek'], identityId: string, pkcs8: Uint8Array): Promise<ProtectedKey> {
  const iv = randomBytes(12);
  const plain = toArrayBuffer(pkcs8); // a copy of key bytes: zeroed below
  try {
    const ct = await subtle().encrypt({ name: 'AES-GCM', iv: toArrayBuffer(iv), additionalData: toArrayBuffer(utf8(identityId)) }, kek, plain);
    return { kek: kind, iv, ciphertext: new Uint8Array(ct) };
  } finally {
    new Uint8Array(plain).fill(0);
  }
}

/** Returns the PKCS#8 bytes; the caller must zero them when done. Throws KeyDecryptionError on any tamper. */
export async function decryptKey(kek: CryptoKey, identityId: string, protectedKey: ProtectedKey): Promise<Uint8Array> {
  try {
    const pt = await subtle().decrypt(
      { name: 'AES-GCM', iv: toArrayBuffer(protectedKey.iv), additionalData: toArrayBuffer(utf8(identityId)) },
      kek,
      toArrayBuffer(protectedKey.ciphertext),
    );
    return new Uint8Array(pt);
  } catch {
    throw new KeyDecryptionError('The stored private key does not decrypt (wrong key or damaged record).');
  }
}

export async function makePassphraseParams(passphrase: string, iterations: number, now: Date): Promise<{ params: PassphraseParams; kek: CryptoKey }> {
  const salt = randomBytes(16);
  const kek = await derivePassphraseKek(passphrase, salt, iterations);
  const iv = randomBytes(12);
  const ct = await subtle().encrypt({ name: 'AES-GCM', iv: toArrayBuffer(iv), additionalData: toArrayBuffer(VERIFIER_AAD) }, kek, toArrayBuffer(VERIFIER_PLAINTEXT));
  return {
    kek,
    params: { kdf: 'PBKDF2-SHA256', iterations, salt, verifier: { iv, ciphertext: new Uint8Array(ct) }, setAt: now.toISOString() },
  };
}

/** Derives the KEK and checks it against the verifier; null means the passphrase is wrong. */
export async function openWithPassphrase(passphrase: string, params: PassphraseParams): Promise<CryptoKey | null> {
  const kek = await derivePassphraseKek(passphrase, params.salt, params.iterations);
  try {
    await subtle().decrypt(
      { name: 'AES-GCM', iv: toArrayBuffer(params.verifier.iv), additionalData: toArrayBuffer(VERIFIER_AAD) },
      kek,
      toArrayBuffer(params.verifier.ciphertext),
    );
    return kek;
  } catch {
    return null;
  }
}
