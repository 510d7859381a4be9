// PBES2 encryption (PBKDF2-HMAC-SHA256 + AES-256-CBC) for our PKCS#12 backups, returning the ciphertext and
// the DER AlgorithmIdentifier that describes it, laid out as OpenSSL 3 writes it.

import { toArrayBuffer } from '../bytes';
import { algorithmId, integer, nullValue, octets, seq } from './der-writer';
import { OID } from './oids';

export async function encryptPbes2(
  plaintext: Uint8Array,
  password: string,
  iterations: number,
): Promise<{ algorithm: Uint8Array; ciphertext: Uint8Array }> {
  const subtle = globalThis.crypto.subtle;
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const base = await subtle.importKey('raw', toArrayBuffer(new TextEncoder().encode(password)), 'PBKDF2', false, ['deriveKey']);
  const key = await subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: toArrayBuffer(salt), iterations },
    base,
    { name: 'AES-CBC', length: 256 },
    false,
    ['encrypt'],
  );
  const ciphertext = new Uint8Array(await subtle.encrypt({ name: 'AES-CBC', iv: toArrayBuffer(iv) }, key, toArrayBuffer(plaintext)));
  const kdf = algorithmId(OID.pbkdf2, seq(octets(salt), integer(iterations), algorithmId(OID.hmacWithSha256, nullValue())));
  const algorithm = algorithmId(OID.pbes2, seq(kdf, algorithmId(OID.aes256Cbc, octets(iv))));
  return { algorithm, ciphertext };
}
