// CMS Triple-DES key wrap (id-alg-CMS3DESwrap, RFC 3217 §3): OpenSSL pairs it with 3DES content when encrypting to
// an EC recipient (`openssl cms -encrypt -des3`), and older agents use it for ECDH/DH. Built on the table 3DES-CBC.

import { EngineError } from '../errors';
import { concatBytes, constantTimeEqual } from '../bytes';
import { hashSync } from '../hash/sync-sha';
import { tripleDesCbcDecrypt, tripleDesCbcEncrypt } from './des3';
import { decryptionFailed } from './decryption-failed';

/** The fixed IV of the second (outer) encryption pass, RFC 3217 §3.1 step 8. */
const OUTER_IV = Uint8Array.of(0x4a, 0xdd, 0xa2, 0x2c, 0x79, 0xe8, 0x21, 0x05);

/** Key-encryption-key length: always three-key 3DES (the ECDH KDF derives 192 bits). */
export const DES3_WRAP_KEK_BYTES = 24;

/** A wrapped key is IV (8) || CBC(key || ICV (8)); RFC 3217 wraps a 24-byte key (40 bytes), OpenSSL any multiple of 8. */
const MIN_WRAPPED = 8 + 8 + 8;
const MAX_WRAPPED = 8 + 64 + 8;

/** RFC 3217 §2: the first eight octets of SHA-1 over the key. */
function checksum(key: Uint8Array): Uint8Array {
  return hashSync('SHA-1', key).subarray(0, 8);
}

function reversed(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b[b.length - 1 - i];
  return out;
}

/** Odd parity in the low bit of every octet (DES ignores it, but the ICV is computed over the adjusted key). */
export function withOddParity(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key.length);
  for (let i = 0; i < key.length; i++) {
    let v = key[i] & 0xfe;
    let ones = 0;
    for (let x = v; x; x >>= 1) ones += x & 1;
    if (ones % 2 === 0) v |= 1;
    out[i] = v;
  }
  return out;
}

function checkKek(kek: Uint8Array): void {
  if (kek.length !== DES3_WRAP_KEK_BYTES && kek.length !== 16) {
    throw new EngineError('invalid-argument', `3DES key wrap needs a 16- or 24-byte key-encryption key, got ${kek.length}`);
  }
}

/**
 * RFC 3217 §3.2. Every failure (bad length, checksum mismatch) is the generic decryption failure, so the checksum
 * cannot be told apart from a wrong KEK.
 */
export function des3KeyUnwrap(kek: Uint8Array, wrapped: Uint8Array): Uint8Array {
  checkKek(kek);
  if (wrapped.length < MIN_WRAPPED || wrapped.length > MAX_WRAPPED || wrapped.length % 8 !== 0) throw decryptionFailed();
  const temp2 = reversed(tripleDesCbcDecrypt(kek, OUTER_IV, wrapped));
  const iv = temp2.subarray(0, 8);
  const cekIcv = tripleDesCbcDecrypt(kek, iv, temp2.subarray(8));
  const cek = cekIcv.slice(0, cekIcv.length - 8);
  if (!constantTimeEqual(checksum(cek), cekIcv.subarray(cekIcv.length - 8))) throw decryptionFailed();
  return cek;
}

/**
 * RFC 3217 §3.1 for a three-key 3DES key (a two-key one is extended to K1,K2,K1). `iv` is for test vectors only;
 * by default a fresh random IV is drawn.
 */
export function des3KeyWrap(kek: Uint8Array, key: Uint8Array, iv?: Uint8Array): Uint8Array {
  checkKek(kek);
  if (key.length !== 24 && key.length !== 16) throw new EngineError('invalid-argument', `3DES key wrap wraps a 16- or 24-byte 3DES key, got ${key.length}`);
  if (iv && iv.length !== 8) throw new EngineError('invalid-argument', '3DES key wrap IV must be 8 bytes');
  const cek = withOddParity(key.length === 16 ? concatBytes(key, key.subarray(0, 8)) : key);
  const ivBytes = iv ?? globalThis.crypto.getRandomValues(new Uint8Array(8));
  const temp1 = tripleDesCbcEncrypt(kek, ivBytes, concatBytes(cek, checksum(cek)));
  return tripleDesCbcEncrypt(kek, OUTER_IV, reversed(concatBytes(ivBytes, temp1)));
}
