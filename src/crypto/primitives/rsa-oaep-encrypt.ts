// RSAES-OAEP encryption of a content-encryption key via WebCrypto (SHA-256 / MGF1-SHA-256 by default).

import { EngineError } from '../errors';

export async function rsaOaepEncrypt(spki: Uint8Array, message: Uint8Array, hash: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512' = 'SHA-256'): Promise<Uint8Array> {
  let key: CryptoKey;
  try {
    key = await globalThis.crypto.subtle.importKey('spki', spki as BufferSource, { name: 'RSA-OAEP', hash }, false, ['encrypt']);
  } catch {
    throw new EngineError('invalid-argument', 'The recipient certificate has an RSA key WebCrypto cannot use for OAEP');
  }
  return new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'RSA-OAEP' }, key, message as BufferSource));
}
