// RC2 (RFC 2268) in CBC mode. Only needed to read legacy PKCS#12 files (Windows/OpenSSL "RC2-40" cert bags)
// and very old S/MIME mail; WebCrypto does not offer it. Raw CBC: no padding handling here.

import { EngineError } from '../errors';

// RFC 2268 §2 PITABLE (a permutation of 0..255 derived from pi).
const PITABLE = new Uint8Array([
  0xd9, 0x78, 0xf9, 0xc4, 0x19, 0xdd, 0xb5, 0xed, 0x28, 0xe9, 0xfd, 0x79, 0x4a, 0xa0, 0xd8, 0x9d,
  0xc6, 0x7e, 0x37, 0x83, 0x2b, 0x76, 0x53, 0x8e, 0x62, 0x4c, 0x64, 0x88, 0x44, 0x8b, 0xfb, 0xa2,
  0x17, 0x9a, 0x59, 0xf5, 0x87, 0xb3, 0x4f, 0x13, 0x61, 0x45, 0x6d, 0x8d, 0x09, 0x81, 0x7d, 0x32,
  0xbd, 0x8f, 0x40, 0xeb, 0x86, 0xb7, 0x7b, 0x0b, 0xf0, 0x95, 0x21, 0x22, 0x5c, 0x6b, 0x4e, 0x82,
  0x54, 0xd6, 0x65, 0x93, 0xce, 0x60, 0xb2, 0x1c, 0x73, 0x56, 0xc0, 0x14, 0xa7, 0x8c, 0xf1, 0xdc,
  0x12, 0x75, 0xca, 0x1f, 0x3b, 0xbe, 0xe4, 0xd1, 0x42, 0x3d, 0xd4, 0x30, 0xa3, 0x3c, 0xb6, 0x26,
  0x6f, 0xbf, 0x0e, 0xda, 0x46, 0x69, 0x07, 0x57, 0x27, 0xf2, 0x1d, 0x9b, 0xbc, 0x94, 0x43, 0x03,
  0xf8, 0x11, 0xc7, 0xf6, 0x90, 0xef, 0x3e, 0xe7, 0x06, 0xc3, 0xd5, 0x2f, 0xc8, 0x66, 0x1e, 0xd7,
  0x08, 0xe8, 0xea, 0xde, 0x80, 0x52, 0xee, 0xf7, 0x84, 0xaa, 0x72, 0xac, 0x35, 0x4d, 0x6a, 0x2a,
  0x96, 0x1a, 0xd2, 0x71, 0x5a, 0x15, 0x49, 0x74, 0x4b, 0x9f, 0xd0, 0x5e, 0x04, 0x18, 0xa4, 0xec,
  0xc2, 0xe0, 0x41, 0x6e, 0x0f, 0x51, 0xcb, 0xcc, 0x24, 0x91, 0xaf, 0x50, 0xa1, 0xf4, 0x70, 0x39,
  0x99, 0x7c, 0x3a, 0x85, 0x23, 0xb8, 0xb4, 0x7a, 0xfc, 0x02, 0x36, 0x5b, 0x25, 0x55, 0x97, 0x31,
  0x2d, 0x5d, 0xfa, 0x98, 0xe3, 0x8a, 0x92, 0xae, 0x05, 0xdf, 0x29, 0x10, 0x67, 0x6c, 0xba, 0xc9,
  0xd3, 0x00, 0xe6, 0xcf, 0xe1, 0x9e, 0xa8, 0x2c, 0x63, 0x16, 0x01, 0x3f, 0x58, 0xe2, 0x89, 0xa9,
  0x0d, 0x38, 0x34, 0x1b, 0xab, 0x33, 0xff, 0xb0, 0xbb, 0x48, 0x0c, 0x5f, 0xb9, 0xb1, 0xcd, 0x2e,
  0xc5, 0xf3, 0xdb, 0x47, 0xe5, 0xa5, 0x9c, 0x77, 0x0a, 0xa6, 0x20, 0x68, 0xfe, 0x7f, 0xc1, 0xad,
]);

/** RFC 2268 §2 key expansion: 64 16-bit round-key words. */
export function rc2ExpandKey(key: Uint8Array, effectiveBits: number): Uint16Array {
  if (key.length < 1 || key.length > 128) {
    throw new EngineError('invalid-argument', `RC2 key must be 1..128 bytes, got ${key.length}`);
  }
  if (!Number.isInteger(effectiveBits) || effectiveBits < 1 || effectiveBits > 1024) {
    throw new EngineError('invalid-argument', `RC2 effective key bits must be 1..1024, got ${effectiveBits}`);
  }
  const L = new Uint8Array(128);
  L.set(key, 0);
  const T = key.length;
  for (let i = T; i < 128; i++) L[i] = PITABLE[(L[i - 1] + L[i - T]) & 0xff];
  const T8 = (effectiveBits + 7) >> 3;
  const TM = 0xff >> (8 * T8 - effectiveBits);
  L[128 - T8] = PITABLE[L[128 - T8] & TM];
  for (let i = 127 - T8; i >= 0; i--) L[i] = PITABLE[L[i + 1] ^ L[i + T8]];
  const K = new Uint16Array(64);
  for (let i = 0; i < 64; i++) K[i] = L[2 * i] | (L[2 * i + 1] << 8);
  return K;
}

function encryptBlock(K: Uint16Array, r: Uint16Array): void {
  let r0 = r[0];
  let r1 = r[1];
  let r2 = r[2];
  let r3 = r[3];
  let j = 0;
  for (let round = 0; round < 16; round++) {
    // Mixing round (RFC 2268 §3.1).
    r0 = (r0 + K[j++] + (r3 & r2) + (~r3 & r1)) & 0xffff;
    r0 = ((r0 << 1) | (r0 >>> 15)) & 0xffff;
    r1 = (r1 + K[j++] + (r0 & r3) + (~r0 & r2)) & 0xffff;
    r1 = ((r1 << 2) | (r1 >>> 14)) & 0xffff;
    r2 = (r2 + K[j++] + (r1 & r0) + (~r1 & r3)) & 0xffff;
    r2 = ((r2 << 3) | (r2 >>> 13)) & 0xffff;
    r3 = (r3 + K[j++] + (r2 & r1) + (~r2 & r0)) & 0xffff;
    r3 = ((r3 << 5) | (r3 >>> 11)) & 0xffff;
    if (round === 4 || round === 10) {
      // Mashing round (§3.2) after the 5th and 11th mixing rounds.
      r0 = (r0 + K[r3 & 63]) & 0xffff;
      r1 = (r1 + K[r0 & 63]) & 0xffff;
      r2 = (r2 + K[r1 & 63]) & 0xffff;
      r3 = (r3 + K[r2 & 63]) & 0xffff;
    }
  }
  r[0] = r0;
  r[1] = r1;
  r[2] = r2;
  r[3] = r3;
}

function decryptBlock(K: Uint16Array, r: Uint16Array): void {
  let r0 = r[0];
  let r1 = r[1];
  let r2 = r[2];
  let r3 = r[3];
  let j = 63;
  for (let round = 15; round >= 0; round--) {
    // R-mixing (§4.1), then r-mashing before the rounds that followed a mash on encryption.
    r3 = ((r3 >>> 5) | (r3 << 11)) & 0xffff;
    r3 = (r3 - K[j--] - (r2 & r1) - (~r2 & r0)) & 0xffff;
    r2 = ((r2 >>> 3) | (r2 << 13)) & 0xffff;
    r2 = (r2 - K[j--] - (r1 & r0) - (~r1 & r3)) & 0xffff;
    r1 = ((r1 >>> 2) | (r1 << 14)) & 0xffff;
    r1 = (r1 - K[j--] - (r0 & r3) - (~r0 & r2)) & 0xffff;
    r0 = ((r0 >>> 1) | (r0 << 15)) & 0xffff;
    r0 = (r0 - K[j--] - (r3 & r2) - (~r3 & r1)) & 0xffff;
    if (round === 5 || round === 11) {
      r3 = (r3 - K[r2 & 63]) & 0xffff;
      r2 = (r2 - K[r1 & 63]) & 0xffff;
      r1 = (r1 - K[r0 & 63]) & 0xffff;
      r0 = (r0 - K[r3 & 63]) & 0xffff;
    }
  }
  r[0] = r0;
  r[1] = r1;
  r[2] = r2;
  r[3] = r3;
}

function checkArgs(iv: Uint8Array, data: Uint8Array): void {
  if (iv.length !== 8) throw new EngineError('invalid-argument', `RC2 IV must be 8 bytes, got ${iv.length}`);
  if (data.length % 8 !== 0) {
    throw new EngineError('malformed', `RC2-CBC data length ${data.length} is not a multiple of 8`);
  }
}

/** RC2 in ECB for a single 8-byte block (for the RFC 2268 test vectors). */
export function rc2EncryptBlock(key: Uint8Array, effectiveBits: number, block: Uint8Array): Uint8Array {
  if (block.length !== 8) throw new EngineError('invalid-argument', 'RC2 block must be 8 bytes');
  const r = new Uint16Array(4);
  for (let w = 0; w < 4; w++) r[w] = block[2 * w] | (block[2 * w + 1] << 8);
  encryptBlock(rc2ExpandKey(key, effectiveBits), r);
  const out = new Uint8Array(8);
  for (let w = 0; w < 4; w++) {
    out[2 * w] = r[w] & 0xff;
    out[2 * w + 1] = r[w] >>> 8;
  }
  return out;
}

export function rc2CbcEncrypt(key: Uint8Array, effectiveBits: number, iv: Uint8Array, data: Uint8Array): Uint8Array {
  checkArgs(iv, data);
  const K = rc2ExpandKey(key, effectiveBits);
  const out = new Uint8Array(data.length);
  const r = new Uint16Array(4);
  const prev = new Uint8Array(iv); // a copy: never write into the caller's IV (Buffer.slice would alias)
  for (let i = 0; i < data.length; i += 8) {
    for (let w = 0; w < 4; w++) {
      r[w] = (data[i + 2 * w] ^ prev[2 * w]) | ((data[i + 2 * w + 1] ^ prev[2 * w + 1]) << 8);
    }
    encryptBlock(K, r);
    for (let w = 0; w < 4; w++) {
      out[i + 2 * w] = prev[2 * w] = r[w] & 0xff;
      out[i + 2 * w + 1] = prev[2 * w + 1] = r[w] >>> 8;
    }
  }
  return out;
}

export function rc2CbcDecrypt(key: Uint8Array, effectiveBits: number, iv: Uint8Array, data: Uint8Array): Uint8Array {
  checkArgs(iv, data);
  const K = rc2ExpandKey(key, effectiveBits);
  const out = new Uint8Array(data.length);
  const r = new Uint16Array(4);
  for (let i = 0; i < data.length; i += 8) {
    for (let w = 0; w < 4; w++) r[w] = data[i + 2 * w] | (data[i + 2 * w + 1] << 8);
    decryptBlock(K, r);
    const prev = i === 0 ? iv : data.subarray(i - 8, i);
    for (let w = 0; w < 4; w++) {
      out[i + 2 * w] = (r[w] & 0xff) ^ prev[2 * w];
      out[i + 2 * w + 1] = (r[w] >>> 8) ^ prev[2 * w + 1];
    }
  }
  return out;
}

/**
 * RC2 CBC parameter "version" (RFC 2268 §6 / RFC 8018) to effective key bits: 160→40, 120→64, 58→128,
 * and values ≥ 256 are the bit count itself.
 */
export function rc2VersionToBits(version: number): number {
  if (version === 160) return 40;
  if (version === 120) return 64;
  if (version === 58) return 128;
  if (version >= 256 && version <= 1024) return version;
  throw new EngineError('unsupported-algorithm', `unsupported RC2 parameter version ${version}`);
}
