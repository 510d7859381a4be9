// PBES2 encryption (PBKDF2-HMAC-SHA256 + AES-256-CBC) for our PKCS#12 backups, returning the ciphertext and
// the DER AlgorithmIdentifier that describes it, laid out as OpenSSL 3 writes it.

import { toArrayBuffer } from '../bytes';
import { derAlgorithmIdentifier } from '../asn1/algorithm-identifier';
import { derNull, derOctetString, derSequence, derSmallInt } from '../asn1/der-writer';
import { OID } from '../asn1/oids';

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
  const kdf = derAlgorithmIdentifier(OID.pbkdf2, derSequence(derOctetString(salt), derSmallInt(iterations), derAlgorithmIdentifier(OID.hmacWithSha256, derNull())));
  const algorithm = derAlgorithmIdentifier(OID.pbes2, derSequence(kdf, derAlgorithmIdentifier(OID.aes256Cbc, derOctetString(iv))));
  return { algorithm, ciphertext };
}
