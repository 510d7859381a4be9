// DES and Triple-DES (EDE) in CBC mode. WebCrypto has no DES, yet 3DES is still common in real S/MIME
// mail and in legacy PKCS#12 files. Table-driven (combined S-box + P permutation), 32-bit ops only.
// Raw CBC: no padding is added or removed here (see cbc-padding.ts).

import { EngineError } from '../errors';

// FIPS 46-3 S-boxes, row-major (row = outer bits b1b6, column = inner bits b2..b5).
const SBOXES: readonly (readonly number[])[] = [
  [14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7, 0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
    4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0, 15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13],
  [15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10, 3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
    0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15, 13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9],
  [10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8, 13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
    13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7, 1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12],
  [7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15, 13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
    10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4, 3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14],
  [2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9, 14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
    4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14, 11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3],
  [12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11, 10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
    9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6, 4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13],
  [4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1, 13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
    1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2, 6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12],
  [13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7, 1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
    7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8, 2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11],
];

// The P permutation (1-based input bit for each output bit, MSB = bit 1).
const P = [16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25];

/**
 * SP[s][x]: S-box s applied to the 6-bit group x, then P, in the "rotated left by one" layout the
 * round loop keeps both halves in (this lets one key XOR cover the E expansion).
 */
const SP: Int32Array[] = SBOXES.map((box, s) => {
  const table = new Int32Array(64);
  for (let x = 0; x < 64; x++) {
    const row = ((x >> 4) & 2) | (x & 1);
    const col = (x >> 1) & 15;
    const v = box[row * 16 + col];
    let out = 0;
    for (let i = 0; i < 32; i++) {
      const inBit = P[i] - 1; // 0-based position in the 32-bit S-box output
      if (inBit >= s * 4 && inBit < s * 4 + 4 && (v >> (3 - (inBit - s * 4))) & 1) out |= 1 << (31 - i);
    }
    table[x] = (out << 1) | (out >>> 31);
  }
  return table;
});
const [SP1, SP2, SP3, SP4, SP5, SP6, SP7, SP8] = SP;

const PC1 = [56, 48, 40, 32, 24, 16, 8, 0, 57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35,
  62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 60, 52, 44, 36, 28, 20, 12, 4, 27, 19, 11, 3];
const TOTROT = [1, 2, 4, 6, 8, 10, 12, 14, 15, 17, 19, 21, 23, 25, 27, 28];
const PC2 = [13, 16, 10, 23, 0, 4, 2, 27, 14, 5, 20, 9, 22, 18, 11, 3, 25, 7, 15, 6, 26, 19, 12, 1,
  40, 51, 30, 36, 46, 54, 29, 39, 50, 44, 32, 47, 43, 48, 38, 55, 33, 52, 45, 41, 49, 35, 28, 31];

/** 32 words of round keys, pre-arranged ("cooked") for the SP lookups; reversed order for decryption. */
function keySchedule(key: Uint8Array, offset: number, decrypt: boolean): Int32Array {
  const pc1m = new Uint8Array(56);
  const pcr = new Uint8Array(56);
  for (let j = 0; j < 56; j++) {
    const l = PC1[j];
    pc1m[j] = (key[offset + (l >> 3)] >> (7 - (l & 7))) & 1;
  }
  const raw = new Int32Array(32);
  for (let i = 0; i < 16; i++) {
    const m = decrypt ? (15 - i) << 1 : i << 1;
    for (let j = 0; j < 28; j++) {
      const l = j + TOTROT[i];
      pcr[j] = pc1m[l < 28 ? l : l - 28];
    }
    for (let j = 28; j < 56; j++) {
      const l = j + TOTROT[i];
      pcr[j] = pc1m[l < 56 ? l : l - 28];
    }
    let a = 0;
    let b = 0;
    for (let j = 0; j < 24; j++) {
      if (pcr[PC2[j]]) a |= 1 << (23 - j);
      if (pcr[PC2[j + 24]]) b |= 1 << (23 - j);
    }
    raw[m] = a;
    raw[m + 1] = b;
  }
  const cooked = new Int32Array(32);
  for (let i = 0; i < 32; i += 2) {
    const r0 = raw[i];
    const r1 = raw[i + 1];
    cooked[i] = ((r0 & 0x00fc0000) << 6) | ((r0 & 0x00000fc0) << 10) | ((r1 & 0x00fc0000) >>> 10) | ((r1 & 0x00000fc0) >>> 6);
    cooked[i + 1] = ((r0 & 0x0003f000) << 12) | ((r0 & 0x0000003f) << 16) | ((r1 & 0x0003f000) >>> 4) | (r1 & 0x0000003f);
  }
  return cooked;
}

/**
 * Encrypts/decrypts one block (inL, inR) with 1 or 3 chained 16-round passes (keys.length = 32·passes).
 * Between passes the halves are only swapped: FP followed by IP is the identity.
 * Results go to outL/outR (module scope) to avoid an allocation or array round-trip per block.
 */
let outL = 0;
let outR = 0;
function cryptBlock(inL: number, inR: number, keys: Int32Array): void {
  let left = inL;
  let right = inR;
  let work = ((left >>> 4) ^ right) & 0x0f0f0f0f;
  right ^= work;
  left ^= work << 4;
  work = ((left >>> 16) ^ right) & 0x0000ffff;
  right ^= work;
  left ^= work << 16;
  work = ((right >>> 2) ^ left) & 0x33333333;
  left ^= work;
  right ^= work << 2;
  work = ((right >>> 8) ^ left) & 0x00ff00ff;
  left ^= work;
  right ^= work << 8;
  right = (right << 1) | (right >>> 31);
  work = (left ^ right) & 0xaaaaaaaa;
  left ^= work;
  right ^= work;
  left = (left << 1) | (left >>> 31);

  const n = keys.length;
  for (let k = 0; k < n; ) {
    for (let round = 0; round < 8; round++) {
      work = ((right << 28) | (right >>> 4)) ^ keys[k++];
      let f = SP7[work & 0x3f] | SP5[(work >>> 8) & 0x3f] | SP3[(work >>> 16) & 0x3f] | SP1[(work >>> 24) & 0x3f];
      work = right ^ keys[k++];
      f |= SP8[work & 0x3f] | SP6[(work >>> 8) & 0x3f] | SP4[(work >>> 16) & 0x3f] | SP2[(work >>> 24) & 0x3f];
      left ^= f;
      work = ((left << 28) | (left >>> 4)) ^ keys[k++];
      f = SP7[work & 0x3f] | SP5[(work >>> 8) & 0x3f] | SP3[(work >>> 16) & 0x3f] | SP1[(work >>> 24) & 0x3f];
      work = left ^ keys[k++];
      f |= SP8[work & 0x3f] | SP6[(work >>> 8) & 0x3f] | SP4[(work >>> 16) & 0x3f] | SP2[(work >>> 24) & 0x3f];
      right ^= f;
    }
    work = left;
    left = right;
    right = work;
  }
  // Undo the final swap of the last pass: DES outputs R16 || L16.
  work = left;
  left = right;
  right = work;

  right = (right << 31) | (right >>> 1);
  work = (left ^ right) & 0xaaaaaaaa;
  left ^= work;
  right ^= work;
  left = (left << 31) | (left >>> 1);
  work = ((left >>> 8) ^ right) & 0x00ff00ff;
  right ^= work;
  left ^= work << 8;
  work = ((left >>> 2) ^ right) & 0x33333333;
  right ^= work;
  left ^= work << 2;
  work = ((right >>> 16) ^ left) & 0x0000ffff;
  left ^= work;
  right ^= work << 16;
  work = ((right >>> 4) ^ left) & 0x0f0f0f0f;
  left ^= work;
  right ^= work << 4;
  outL = right;
  outR = left;
}

/** EDE key schedule for 24-byte (K1,K2,K3) or 16-byte (K1,K2,K1) keys. */
function tripleSchedule(key: Uint8Array, decrypt: boolean): Int32Array {
  if (key.length !== 24 && key.length !== 16) {
    throw new EngineError('invalid-argument', `3DES key must be 16 or 24 bytes, got ${key.length}`);
  }
  const k1 = 0;
  const k2 = 8;
  const k3 = key.length === 24 ? 16 : 0;
  const out = new Int32Array(96);
  if (decrypt) {
    out.set(keySchedule(key, k3, true), 0);
    out.set(keySchedule(key, k2, false), 32);
    out.set(keySchedule(key, k1, true), 64);
  } else {
    out.set(keySchedule(key, k1, false), 0);
    out.set(keySchedule(key, k2, true), 32);
    out.set(keySchedule(key, k3, false), 64);
  }
  return out;
}

function checkArgs(iv: Uint8Array, data: Uint8Array): void {
  if (iv.length !== 8) throw new EngineError('invalid-argument', `DES IV must be 8 bytes, got ${iv.length}`);
  if (data.length % 8 !== 0) {
    throw new EngineError('malformed', `DES-CBC data length ${data.length} is not a multiple of 8`);
  }
}

function readWord(b: Uint8Array, i: number): number {
  return (b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3];
}

function writeWord(b: Uint8Array, i: number, w: number): void {
  b[i] = w >>> 24;
  b[i + 1] = (w >>> 16) & 0xff;
  b[i + 2] = (w >>> 8) & 0xff;
  b[i + 3] = w & 0xff;
}

function cbcEncrypt(keys: Int32Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  checkArgs(iv, data);
  const out = new Uint8Array(data.length);
  let c0 = readWord(iv, 0);
  let c1 = readWord(iv, 4);
  for (let i = 0; i < data.length; i += 8) {
    cryptBlock(readWord(data, i) ^ c0, readWord(data, i + 4) ^ c1, keys);
    c0 = outL;
    c1 = outR;
    writeWord(out, i, c0);
    writeWord(out, i + 4, c1);
  }
  return out;
}

function cbcDecrypt(keys: Int32Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  checkArgs(iv, data);
  const out = new Uint8Array(data.length);
  let p0 = readWord(iv, 0);
  let p1 = readWord(iv, 4);
  for (let i = 0; i < data.length; i += 8) {
    const c0 = readWord(data, i);
    const c1 = readWord(data, i + 4);
    cryptBlock(c0, c1, keys);
    writeWord(out, i, outL ^ p0);
    writeWord(out, i + 4, outR ^ p1);
    p0 = c0;
    p1 = c1;
  }
  return out;
}

/** DES-EDE3-CBC decryption (key 24 bytes, or 16 for two-key 3DES). No padding removal. */
export function tripleDesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return cbcDecrypt(tripleSchedule(key, true), iv, data);
}

/** DES-EDE3-CBC encryption; data must be a multiple of 8 bytes (pad first). */
export function tripleDesCbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return cbcEncrypt(tripleSchedule(key, false), iv, data);
}

function singleKey(key: Uint8Array): void {
  if (key.length !== 8) throw new EngineError('invalid-argument', `DES key must be 8 bytes, got ${key.length}`);
}

/** Single DES-CBC (OID 1.3.14.3.2.7) decryption, for very old mail. No padding removal. */
export function desCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  singleKey(key);
  return cbcDecrypt(keySchedule(key, 0, true), iv, data);
}

/** Single DES-CBC encryption (tests and interop only). */
export function desCbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  singleKey(key);
  return cbcEncrypt(keySchedule(key, 0, false), iv, data);
}
