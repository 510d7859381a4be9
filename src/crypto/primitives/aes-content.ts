// AES-CBC and AES-GCM content encryption through WebCrypto (CBC padding is checked by WebCrypto itself).

import { EngineError } from '../errors';
import { decryptionFailed } from './decryption-failed';


async function importAes(name: 'AES-CBC' | 'AES-GCM', key: Uint8Array, usage: KeyUsage): Promise<CryptoKey> {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) throw decryptionFailed();
  return globalThis.crypto.subtle.importKey('raw', key as BufferSource, name, false, [usage]);
}

export async function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  if (iv.length !== 16) throw new EngineError('malformed', 'AES-CBC IV must be 16 bytes');
  if (data.length === 0 || data.length % 16 !== 0) throw decryptionFailed();
  const k = await importAes('AES-CBC', key, 'decrypt');
  try {
    return new Uint8Array(await globalThis.crypto.subtle.decrypt({ name: 'AES-CBC', iv: iv as BufferSource }, k, data as BufferSource));
  } catch {
    throw decryptionFailed();
  }
}

export async function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const k = await importAes('AES-CBC', key, 'encrypt');
  return new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'AES-CBC', iv: iv as BufferSource }, k, data as BufferSource));
}

/** Decrypts ciphertext with a separate tag; throws auth-failed on any tag mismatch, never returns partial output. */
export async function aesGcmDecrypt(key: Uint8Array, nonce: Uint8Array, data: Uint8Array, tag: Uint8Array, aad?: Uint8Array): Promise<Uint8Array> {
  const k = await importAes('AES-GCM', key, 'decrypt');
  const joined = new Uint8Array(data.length + tag.length);
  joined.set(data);
  joined.set(tag, data.length);
  const params: AesGcmParams = { name: 'AES-GCM', iv: nonce as BufferSource, tagLength: tag.length * 8 };
  if (aad) params.additionalData = aad as BufferSource;
  try {
    return new Uint8Array(await globalThis.crypto.subtle.decrypt(params, k, joined as BufferSource));
  } catch {
    throw decryptionFailed();
  }
}

export async function aesGcmEncrypt(key: Uint8Array, nonce: Uint8Array, data: Uint8Array, tagBytes = 16): Promise<{ ciphertext: Uint8Array; tag: Uint8Array }> {
  const k = await importAes('AES-GCM', key, 'encrypt');
  const out = new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce as BufferSource, tagLength: tagBytes * 8 }, k, data as BufferSource));
  return { ciphertext: out.subarray(0, out.length - tagBytes), tag: out.subarray(out.length - tagBytes) };
}
