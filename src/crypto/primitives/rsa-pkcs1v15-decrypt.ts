// RSAES-PKCS1-v1_5 decryption (WebCrypto lacks it; NSS/Thunderbird and Outlook wrap content keys with it),
// with implicit rejection (draft-irtf-cfrg-rsa-guidance, as OpenSSL >= 3.2): a bad padding yields a deterministic
// pseudo-random message instead of an error, so there is no Bleichenbacher/Marvin padding oracle for the caller.

import { concatBytes } from '../bytes';
import { bigIntToBytes } from './bigint';
import type { RsaPrivateKey } from './rsa-keys';
import { rsaPrivateOp } from './rsa-raw';

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;
const enc = new TextEncoder();

async function hmacSha256(key: Uint8Array, ...parts: Uint8Array[]): Promise<Uint8Array> {
  const k = await subtle().importKey('raw', key as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await subtle().sign('HMAC', k, concatBytes(...parts) as BufferSource));
}

/** Key derivation key: HMAC-SHA256(key = SHA-256(I2OSP(d, k)), msg = I2OSP(C, k)). */
export async function deriveRejectionKey(key: RsaPrivateKey, ciphertext: Uint8Array): Promise<Uint8Array> {
  const dHash = new Uint8Array(await subtle().digest('SHA-256', bigIntToBytes(key.d, key.k) as BufferSource));
  const c = new Uint8Array(key.k);
  c.set(ciphertext.subarray(Math.max(0, ciphertext.length - key.k)), key.k - Math.min(key.k, ciphertext.length));
  return hmacSha256(dHash, c);
}

/** IPRF(kdk, label, bitLength): HMAC-SHA256(kdk, I2OSP(i, 2) || label || I2OSP(bitLength, 2)) blocks, truncated. */
export async function rejectionPrf(kdk: Uint8Array, label: string, byteLength: number): Promise<Uint8Array> {
  const bits = (byteLength * 8) & 0xffff;
  const out = new Uint8Array(byteLength);
  const lab = enc.encode(label);
  for (let pos = 0, i = 0; pos < byteLength; pos += 32, i++) {
    const block = await hmacSha256(kdk, Uint8Array.of(i >> 8, i & 0xff), lab, Uint8Array.of(bits >> 8, bits & 0xff));
    out.set(block.subarray(0, Math.min(32, byteLength - pos)), pos);
  }
  return out;
}

async function syntheticMessage(kdk: Uint8Array, k: number): Promise<Uint8Array> {
  const candidates = await rejectionPrf(kdk, 'length', 256);
  const maxLen = k - 2 - 8;
  let mask = maxLen;
  mask |= mask >> 1;
  mask |= mask >> 2;
  mask |= mask >> 4;
  mask |= mask >> 8;
  let length = 0;
  // The last candidate below maxLen wins; every candidate is looked at.
  for (let i = 0; i < candidates.length; i += 2) {
    const cand = ((candidates[i] << 8) | candidates[i + 1]) & mask;
    const take = -(cand < maxLen ? 1 : 0); // all ones when taken
    length = (cand & take) | (length & ~take);
  }
  const msg = await rejectionPrf(kdk, 'message', k);
  return msg.slice(k - length);
}

interface DecodeResult {
  message: Uint8Array;
  kdk: Uint8Array;
  /** Internal only: never exposed through the public functions' results. */
  good: boolean;
}

async function decryptInternal(key: RsaPrivateKey, ciphertext: Uint8Array): Promise<DecodeResult> {
  const em = rsaPrivateOp(key, ciphertext);
  const kdk = await deriveRejectionKey(key, ciphertext);
  const synthetic = await syntheticMessage(kdk, key.k);
  // Padding check without data-dependent early exits: 00 02 PS(>= 8 non-zero) 00 M.
  let good = (em[0] === 0 ? 1 : 0) & (em[1] === 2 ? 1 : 0);
  let zeroIndex = 0;
  let found = 0;
  for (let i = 2; i < em.length; i++) {
    const isZero = em[i] === 0 ? 1 : 0;
    const first = isZero & (found ^ 1);
    zeroIndex = first ? i : zeroIndex;
    found |= isZero;
  }
  good &= found & (zeroIndex >= 10 ? 1 : 0);
  const real = em.slice(zeroIndex + 1);
  return { message: good ? real : synthetic, kdk, good: good === 1 };
}

/**
 * RSAES-PKCS1-v1_5 decryption with implicit rejection. Always returns a message; for an invalid padding it is
 * a pseudo-random one determined by the key and the ciphertext (same input, same output).
 */
export async function rsaPkcs1v15Decrypt(key: RsaPrivateKey, ciphertext: Uint8Array): Promise<Uint8Array> {
  return (await decryptInternal(key, ciphertext)).message;
}

/**
 * For CMS key transport: returns a key of exactly `expectedLength` bytes. If the decrypted message has another
 * length (including every implicit-rejection case), a synthetic key derived from the same key-derivation key is
 * returned instead, so the failure surfaces only later as a generic content decryption failure.
 */
export async function rsaPkcs1v15DecryptKey(key: RsaPrivateKey, ciphertext: Uint8Array, expectedLength: number): Promise<Uint8Array> {
  const r = await decryptInternal(key, ciphertext);
  const fallback = await rejectionPrf(r.kdk, 'cms content-encryption key', expectedLength);
  return r.message.length === expectedLength ? r.message : fallback;
}
