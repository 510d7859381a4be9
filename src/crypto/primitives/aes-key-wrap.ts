// AES key wrap (RFC 3394) through WebCrypto 'AES-KW'. The wrapped key travels as an HMAC key so that keys of any
// length (AES, 3DES) can pass through unwrapKey/wrapKey and be exported as raw bytes.

import { EngineError } from '../errors';
import { decryptionFailed } from './decryption-failed';

const HMAC_CARRIER = { name: 'HMAC', hash: 'SHA-256' } as const;

export async function aesKeyUnwrap(kek: Uint8Array, wrapped: Uint8Array): Promise<Uint8Array> {
  const k = await globalThis.crypto.subtle.importKey('raw', kek as BufferSource, 'AES-KW', false, ['unwrapKey']);
  try {
    const key = await globalThis.crypto.subtle.unwrapKey('raw', wrapped as BufferSource, k, 'AES-KW', HMAC_CARRIER, true, ['sign']);
    return new Uint8Array(await globalThis.crypto.subtle.exportKey('raw', key));
  } catch {
    throw decryptionFailed();
  }
}

export async function aesKeyWrap(kek: Uint8Array, keyToWrap: Uint8Array): Promise<Uint8Array> {
  if (keyToWrap.length % 8 !== 0 || keyToWrap.length < 16) throw new EngineError('invalid-argument', 'AES key wrap needs a key of 16+ bytes, multiple of 8');
  const k = await globalThis.crypto.subtle.importKey('raw', kek as BufferSource, 'AES-KW', false, ['wrapKey']);
  const carrier = await globalThis.crypto.subtle.importKey('raw', keyToWrap as BufferSource, HMAC_CARRIER, true, ['sign']);
  return new Uint8Array(await globalThis.crypto.subtle.wrapKey('raw', carrier, k, 'AES-KW'));
}
