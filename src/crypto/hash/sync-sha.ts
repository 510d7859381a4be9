// Synchronous SHA-1 / SHA-224 / SHA-256 / SHA-384 / SHA-512 in pure TypeScript. WebCrypto is async and has no
// SHA-224: the PKCS#12 KDF hashes its own output thousands of times (an awaited digest per round costs ~50-100 µs,
// a synchronous one ~1 µs), and some S/MIME signers use SHA-224. Checked against node:crypto in the tests.

export type ShaName = 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';

/** Output length in bytes. */
export const SHA_OUTPUT_BYTES: Record<ShaName, number> = { 'SHA-1': 20, 'SHA-224': 28, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

/** Input block length in bytes (the PKCS#12 KDF's v, HMAC's B). */
export const SHA_BLOCK_BYTES: Record<ShaName, number> = { 'SHA-1': 64, 'SHA-224': 64, 'SHA-256': 64, 'SHA-384': 128, 'SHA-512': 128 };

export function hashSync(h: ShaName, data: Uint8Array): Uint8Array {
  switch (h) {
    case 'SHA-1':
      return sha1(data);
    case 'SHA-224':
      return sha256(data, true);
    case 'SHA-256':
      return sha256(data, false);
    case 'SHA-384':
      return sha512(data, true);
    case 'SHA-512':
      return sha512(data, false);
  }
}

export const sha224 = (data: Uint8Array): Uint8Array => sha256(data, true);

/** Message padded to a multiple of `block` bytes with the big-endian bit length in the last `lenBytes`. */
function pad(data: Uint8Array, block: number, lenBytes: number): Uint8Array {
  const total = Math.ceil((data.length + 1 + lenBytes) / block) * block;
  const m = new Uint8Array(total);
  m.set(data);
  m[data.length] = 0x80;
  const bits = data.length * 8;
  // Lengths here are far below 2^53; write the low 53 bits.
  const hi = Math.floor(bits / 0x100000000);
  const lo = bits >>> 0;
  const v = new DataView(m.buffer);
  v.setUint32(total - 8, hi);
  v.setUint32(total - 4, lo);
  return m;
}

const IV1 = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0];

function sha1(data: Uint8Array): Uint8Array {
  const m = pad(data, 64, 8);
  const dv = new DataView(m.buffer);
  const w = new Int32Array(80);
  const H = new Int32Array(IV1);
  for (let off = 0; off < m.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = dv.getInt32(off + i * 4);
    sha1Block(H, w);
  }
  return wordsToBytes(H, 20);
}

/** One SHA-1 compression: `w[0..15]` hold the block, `H` the state, updated in place. */
function sha1Block(H: Int32Array, w: Int32Array): void {
  for (let i = 16; i < 80; i++) {
    const x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
    w[i] = (x << 1) | (x >>> 31);
  }
  let a = H[0];
  let b = H[1];
  let c = H[2];
  let d = H[3];
  let e = H[4];
  // Four loops, one per round function: no branch per round (this is the PKCS#12 KDF's inner loop).
  for (let i = 0; i < 20; i++) {
    const t = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + w[i]) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  for (let i = 20; i < 40; i++) {
    const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w[i]) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  for (let i = 40; i < 60; i++) {
    const t = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + (0x8f1bbcdc | 0) + w[i]) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  for (let i = 60; i < 80; i++) {
    const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + (0xca62c1d6 | 0) + w[i]) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  H[0] += a;
  H[1] += b;
  H[2] += c;
  H[3] += d;
  H[4] += e;
}

/** The first `bytes` bytes of the big-endian words. */
function wordsToBytes(H: Int32Array, bytes: number): Uint8Array {
  const out = new Uint8Array(H.length * 4);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < H.length; i++) ov.setInt32(i * 4, H[i]);
  return bytes === out.length ? out : out.slice(0, bytes);
}

const K256 = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const IV256 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
// SHA-224 is SHA-256 with other initial values, truncated to 28 bytes (FIPS 180-4 §6.3).
const IV224 = [0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4];

function sha256(data: Uint8Array, is224: boolean): Uint8Array {
  const m = pad(data, 64, 8);
  const dv = new DataView(m.buffer);
  const w = new Int32Array(64);
  const H = new Int32Array(is224 ? IV224 : IV256);
  for (let off = 0; off < m.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = dv.getInt32(off + i * 4);
    sha256Block(H, w);
  }
  return wordsToBytes(H, is224 ? 28 : 32);
}

/** One SHA-256 compression: `w[0..15]` hold the block, `H` the state, updated in place. */
function sha256Block(H: Int32Array, w: Int32Array): void {
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15];
    const y = w[i - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
  }
  let a = H[0];
  let b = H[1];
  let c = H[2];
  let d = H[3];
  let e = H[4];
  let f = H[5];
  let g = H[6];
  let h = H[7];
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K256[i] + w[i]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  H[0] += a;
  H[1] += b;
  H[2] += c;
  H[3] += d;
  H[4] += e;
  H[5] += f;
  H[6] += g;
  H[7] += h;
}

// SHA-512 round constants as (hi, lo) 32-bit pairs.
const K512 = new Int32Array([
  0x428a2f98, 0xd728ae22, 0x71374491, 0x23ef65cd, 0xb5c0fbcf, 0xec4d3b2f, 0xe9b5dba5, 0x8189dbbc,
  0x3956c25b, 0xf348b538, 0x59f111f1, 0xb605d019, 0x923f82a4, 0xaf194f9b, 0xab1c5ed5, 0xda6d8118,
  0xd807aa98, 0xa3030242, 0x12835b01, 0x45706fbe, 0x243185be, 0x4ee4b28c, 0x550c7dc3, 0xd5ffb4e2,
  0x72be5d74, 0xf27b896f, 0x80deb1fe, 0x3b1696b1, 0x9bdc06a7, 0x25c71235, 0xc19bf174, 0xcf692694,
  0xe49b69c1, 0x9ef14ad2, 0xefbe4786, 0x384f25e3, 0x0fc19dc6, 0x8b8cd5b5, 0x240ca1cc, 0x77ac9c65,
  0x2de92c6f, 0x592b0275, 0x4a7484aa, 0x6ea6e483, 0x5cb0a9dc, 0xbd41fbd4, 0x76f988da, 0x831153b5,
  0x983e5152, 0xee66dfab, 0xa831c66d, 0x2db43210, 0xb00327c8, 0x98fb213f, 0xbf597fc7, 0xbeef0ee4,
  0xc6e00bf3, 0x3da88fc2, 0xd5a79147, 0x930aa725, 0x06ca6351, 0xe003826f, 0x14292967, 0x0a0e6e70,
  0x27b70a85, 0x46d22ffc, 0x2e1b2138, 0x5c26c926, 0x4d2c6dfc, 0x5ac42aed, 0x53380d13, 0x9d95b3df,
  0x650a7354, 0x8baf63de, 0x766a0abb, 0x3c77b2a8, 0x81c2c92e, 0x47edaee6, 0x92722c85, 0x1482353b,
  0xa2bfe8a1, 0x4cf10364, 0xa81a664b, 0xbc423001, 0xc24b8b70, 0xd0f89791, 0xc76c51a3, 0x0654be30,
  0xd192e819, 0xd6ef5218, 0xd6990624, 0x5565a910, 0xf40e3585, 0x5771202a, 0x106aa070, 0x32bbd1b8,
  0x19a4c116, 0xb8d2d0c8, 0x1e376c08, 0x5141ab53, 0x2748774c, 0xdf8eeb99, 0x34b0bcb5, 0xe19b48a8,
  0x391c0cb3, 0xc5c95a63, 0x4ed8aa4a, 0xe3418acb, 0x5b9cca4f, 0x7763e373, 0x682e6ff3, 0xd6b2b8a3,
  0x748f82ee, 0x5defb2fc, 0x78a5636f, 0x43172f60, 0x84c87814, 0xa1f0ab72, 0x8cc70208, 0x1a6439ec,
  0x90befffa, 0x23631e28, 0xa4506ceb, 0xde82bde9, 0xbef9a3f7, 0xb2c67915, 0xc67178f2, 0xe372532b,
  0xca273ece, 0xea26619c, 0xd186b8c7, 0x21c0c207, 0xeada7dd6, 0xcde0eb1e, 0xf57d4f7f, 0xee6ed178,
  0x06f067aa, 0x72176fba, 0x0a637dc5, 0xa2c898a6, 0x113f9804, 0xbef90dae, 0x1b710b35, 0x131c471b,
  0x28db77f5, 0x23047d84, 0x32caab7b, 0x40c72493, 0x3c9ebe0a, 0x15c9bebc, 0x431d67c4, 0x9c100d4c,
  0x4cc5d4be, 0xcb3e42b6, 0x597f299c, 0xfc657e2a, 0x5fcb6fab, 0x3ad6faec, 0x6c44198c, 0x4a475817,
]);

const IV512 = [
  0x6a09e667, 0xf3bcc908, 0xbb67ae85, 0x84caa73b, 0x3c6ef372, 0xfe94f82b, 0xa54ff53a, 0x5f1d36f1,
  0x510e527f, 0xade682d1, 0x9b05688c, 0x2b3e6c1f, 0x1f83d9ab, 0xfb41bd6b, 0x5be0cd19, 0x137e2179,
];
const IV384 = [
  0xcbbb9d5d, 0xc1059ed8, 0x629a292a, 0x367cd507, 0x9159015a, 0x3070dd17, 0x152fecd8, 0xf70e5939,
  0x67332667, 0xffc00b31, 0x8eb44a87, 0x68581511, 0xdb0c2e0d, 0x64f98fa7, 0x47b5481d, 0xbefa4fa4,
];

function sha512(data: Uint8Array, is384: boolean): Uint8Array {
  const m = pad(data, 128, 16);
  const dv = new DataView(m.buffer);
  const H = new Int32Array(is384 ? IV384 : IV512);
  const W = new Int32Array(160); // (hi, lo) pairs
  for (let off = 0; off < m.length; off += 128) {
    for (let i = 0; i < 32; i++) W[i] = dv.getInt32(off + i * 4);
    sha512Block(H, W);
  }
  return wordsToBytes(H, is384 ? 48 : 64);
}

/**
 * One SHA-512 compression: `W[0..31]` hold the block, `H` the state, updated in place. 64-bit words are (hi, lo)
 * Int32 pairs; low-half sums are done unsigned and carried into the high half.
 */
function sha512Block(H: Int32Array, W: Int32Array): void {
  for (let i = 16; i < 80; i++) {
    const xh = W[(i - 15) * 2];
    const xl = W[(i - 15) * 2 + 1];
    // σ0 = ROTR1 ^ ROTR8 ^ SHR7
    const s0h = ((xh >>> 1) | (xl << 31)) ^ ((xh >>> 8) | (xl << 24)) ^ (xh >>> 7);
    const s0l = ((xl >>> 1) | (xh << 31)) ^ ((xl >>> 8) | (xh << 24)) ^ ((xl >>> 7) | (xh << 25));
    const yh = W[(i - 2) * 2];
    const yl = W[(i - 2) * 2 + 1];
    // σ1 = ROTR19 ^ ROTR61 ^ SHR6
    const s1h = ((yh >>> 19) | (yl << 13)) ^ ((yl >>> 29) | (yh << 3)) ^ (yh >>> 6);
    const s1l = ((yl >>> 19) | (yh << 13)) ^ ((yh >>> 29) | (yl << 3)) ^ ((yl >>> 6) | (yh << 26));
    const lo = (W[(i - 16) * 2 + 1] >>> 0) + (s0l >>> 0) + (W[(i - 7) * 2 + 1] >>> 0) + (s1l >>> 0);
    const hi = W[(i - 16) * 2] + s0h + W[(i - 7) * 2] + s1h + Math.floor(lo / 0x100000000);
    W[i * 2] = hi | 0;
    W[i * 2 + 1] = lo | 0;
  }
  let ah = H[0], al = H[1], bh = H[2], bl = H[3], ch = H[4], cl = H[5], dh = H[6], dl = H[7];
  let eh = H[8], el = H[9], fh = H[10], fl = H[11], gh = H[12], gl = H[13], hh = H[14], hl = H[15];
  for (let i = 0; i < 80; i++) {
    // Σ1(e) = ROTR14 ^ ROTR18 ^ ROTR41
    const S1h = ((eh >>> 14) | (el << 18)) ^ ((eh >>> 18) | (el << 14)) ^ ((el >>> 9) | (eh << 23));
    const S1l = ((el >>> 14) | (eh << 18)) ^ ((el >>> 18) | (eh << 14)) ^ ((eh >>> 9) | (el << 23));
    const chh = (eh & fh) ^ (~eh & gh);
    const chl = (el & fl) ^ (~el & gl);
    const t1l = (hl >>> 0) + (S1l >>> 0) + (chl >>> 0) + (K512[i * 2 + 1] >>> 0) + (W[i * 2 + 1] >>> 0);
    const t1h = hh + S1h + chh + K512[i * 2] + W[i * 2] + Math.floor(t1l / 0x100000000);
    // Σ0(a) = ROTR28 ^ ROTR34 ^ ROTR39
    const S0h = ((ah >>> 28) | (al << 4)) ^ ((al >>> 2) | (ah << 30)) ^ ((al >>> 7) | (ah << 25));
    const S0l = ((al >>> 28) | (ah << 4)) ^ ((ah >>> 2) | (al << 30)) ^ ((ah >>> 7) | (al << 25));
    const majh = (ah & bh) ^ (ah & ch) ^ (bh & ch);
    const majl = (al & bl) ^ (al & cl) ^ (bl & cl);
    const t2l = (S0l >>> 0) + (majl >>> 0);
    const t2h = S0h + majh + Math.floor(t2l / 0x100000000);
    hh = gh;
    hl = gl;
    gh = fh;
    gl = fl;
    fh = eh;
    fl = el;
    const el2 = (dl >>> 0) + (t1l >>> 0);
    eh = (dh + t1h + Math.floor(el2 / 0x100000000)) | 0;
    el = el2 | 0;
    dh = ch;
    dl = cl;
    ch = bh;
    cl = bl;
    bh = ah;
    bl = al;
    const al2 = (t1l >>> 0) + (t2l >>> 0);
    ah = (t1h + t2h + Math.floor(al2 / 0x100000000)) | 0;
    al = al2 | 0;
  }
  const add = (j: number, xh: number, xl: number): void => {
    const lo = (H[j + 1] >>> 0) + (xl >>> 0);
    H[j] = (H[j] + xh + Math.floor(lo / 0x100000000)) | 0;
    H[j + 1] = lo | 0;
  };
  add(0, ah, al);
  add(2, bh, bl);
  add(4, ch, cl);
  add(6, dh, dl);
  add(8, eh, el);
  add(10, fh, fl);
  add(12, gh, gl);
  add(14, hh, hl);
}

/**
 * `iterations` rounds of hashing the previous output, starting from `first` (A_1 = first, A_r = H(A_{r-1})): the
 * inner loop of the PKCS#12 KDF. An output always fits in one padded block, so the block is prepared once and
 * each round is one compression with no allocation (about 10x faster than calling hashSync per round).
 */
export function hashIterated(h: ShaName, first: Uint8Array, iterations: number): Uint8Array {
  const u = SHA_OUTPUT_BYTES[h];
  if (first.length !== u) throw new Error('hashIterated: input must be one hash output');
  if (iterations <= 0) return first.slice();
  const wide = h === 'SHA-384' || h === 'SHA-512';
  const stateWords = wide ? 16 : h === 'SHA-1' ? 5 : 8;
  const blockWords = wide ? 32 : 16;
  const w = new Int32Array(wide ? 160 : h === 'SHA-1' ? 80 : 64);
  const iv = h === 'SHA-1' ? IV1 : h === 'SHA-224' ? IV224 : h === 'SHA-256' ? IV256 : h === 'SHA-384' ? IV384 : IV512;
  const H = new Int32Array(stateWords);
  const words = u / 4;
  const pv = new DataView(first.buffer, first.byteOffset, first.byteLength);
  const msg = new Int32Array(words);
  for (let i = 0; i < words; i++) msg[i] = pv.getInt32(i * 4);
  const block = (): void => {
    w.fill(0, 0, blockWords);
    w.set(msg, 0);
    w[words] = 0x80000000 | 0;
    w[blockWords - 1] = u * 8;
  };
  const compress = wide ? sha512Block : h === 'SHA-1' ? sha1Block : sha256Block;
  for (let r = 0; r < iterations; r++) {
    block();
    H.set(iv);
    compress(H, w);
    for (let i = 0; i < words; i++) msg[i] = H[i];
  }
  return wordsToBytes(msg, u);
}
