// RSAES-OAEP decryption for CMS key transport: WebCrypto when the MGF1 hash equals the OAEP hash (the common case),
// otherwise OAEP decoding over BigInt RSA (OpenSSL's -keyopt rsa_oaep_md:sha256 keeps MGF1-SHA1). Labels supported.

import { EngineError } from '../errors';
import { decryptionFailed } from './decryption-failed';
import { digest } from '../hash/digest';
import { SHA_OUTPUT_BYTES, type ShaName } from '../hash/sync-sha';
import { mgf1 } from './mgf1';
import { parseRsaPrivateKeyPkcs8 } from './rsa-keys';
import { rsaPrivateOp } from './rsa-raw';

export interface OaepParams {
  hash: ShaName;
  mgfHash: ShaName;
  label: Uint8Array;
}


export async function rsaOaepDecrypt(privateKeyPkcs8: Uint8Array, ciphertext: Uint8Array, params: OaepParams): Promise<Uint8Array> {
  if (params.hash === 'SHA-224' || params.mgfHash === 'SHA-224') {
    throw new EngineError('unsupported-algorithm', 'RSA-OAEP with SHA-224 is not supported');
  }
  if (params.hash === params.mgfHash) {
    const key = await globalThis.crypto.subtle
      .importKey('pkcs8', privateKeyPkcs8 as BufferSource, { name: 'RSA-OAEP', hash: params.hash }, false, ['decrypt'])
      .catch(() => {
        throw new EngineError('invalid-argument', 'The private key cannot be used for RSA-OAEP');
      });
    try {
      const alg: RsaOaepParams = params.label.length ? { name: 'RSA-OAEP', label: params.label as BufferSource } : { name: 'RSA-OAEP' };
      return new Uint8Array(await globalThis.crypto.subtle.decrypt(alg, key, ciphertext as BufferSource));
    } catch {
      throw decryptionFailed();
    }
  }
  return oaepDecodeManual(privateKeyPkcs8, ciphertext, params);
}

async function oaepDecodeManual(privateKeyPkcs8: Uint8Array, ciphertext: Uint8Array, params: OaepParams): Promise<Uint8Array> {
  const key = parseRsaPrivateKeyPkcs8(privateKeyPkcs8);
  const hLen = SHA_OUTPUT_BYTES[params.hash];
  const k = key.k;
  if (k < 2 * hLen + 2) throw decryptionFailed();
  const em = rsaPrivateOp(key, ciphertext);
  const lHash = await digest(params.hash, params.label);
  const maskedSeed = em.subarray(1, 1 + hLen);
  const maskedDb = em.subarray(1 + hLen);
  const seedMask = await mgf1(params.mgfHash, maskedDb, hLen);
  const seed = maskedSeed.map((b, i) => b ^ seedMask[i]);
  const dbMask = await mgf1(params.mgfHash, seed, k - hLen - 1);
  const db = maskedDb.map((b, i) => b ^ dbMask[i]);
  // Check Y = 0, lHash' = lHash, then PS (zeros) 01 M, all without early exit.
  let bad = em[0];
  for (let i = 0; i < hLen; i++) bad |= db[i] ^ lHash[i];
  let sep = 0;
  let found = 0;
  for (let i = hLen; i < db.length; i++) {
    const isOne = db[i] === 1 ? 1 : 0;
    const isZero = db[i] === 0 ? 1 : 0;
    const first = isOne & (found ^ 1);
    sep = first ? i : sep;
    bad |= (found ^ 1) & (isZero ^ 1) & (isOne ^ 1); // a non-zero, non-01 byte before the separator
    found |= isOne;
  }
  bad |= found ^ 1;
  if (bad !== 0) throw decryptionFailed();
  return db.slice(sep + 1);
}
