// BigInt helpers for the RSA code WebCrypto cannot do for us (PKCS#1 v1.5 decryption, OAEP with a mismatched MGF1 hash).

export function bytesToBigInt(b: Uint8Array): bigint {
  let hex = '';
  for (let i = 0; i < b.length; i++) hex += b[i].toString(16).padStart(2, '0');
  return hex.length === 0 ? 0n : BigInt('0x' + hex);
}

/** I2OSP: big-endian, left-padded to exactly `length` bytes. Throws if it does not fit. */
export function bigIntToBytes(x: bigint, length: number): Uint8Array {
  let hex = x.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  if (hex.length / 2 > length) throw new RangeError('integer too large');
  const out = new Uint8Array(length);
  const off = length - hex.length / 2;
  for (let i = 0; i < hex.length / 2; i++) out[off + i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** base^exp mod m with a fixed 4-bit window (exp is secret in RSA decryption; blinding covers the base). */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  if (m === 1n) return 0n;
  const b = ((base % m) + m) % m;
  const table: bigint[] = [1n, b];
  for (let i = 2; i < 16; i++) table.push((table[i - 1] * b) % m);
  const hex = exp.toString(16);
  let r = 1n;
  for (let i = 0; i < hex.length; i++) {
    r = (r * r) % m;
    r = (r * r) % m;
    r = (r * r) % m;
    r = (r * r) % m;
    r = (r * table[parseInt(hex[i], 16)]) % m;
  }
  return r;
}

export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new RangeError('not invertible');
  return ((oldS % m) + m) % m;
}

/** A uniformly random integer in [2, n-1] from crypto.getRandomValues. */
export function randomBelow(n: bigint): bigint {
  const len = Math.ceil(bitLength(n) / 8) + 8; // 64 extra bits make the modulo bias negligible
  const buf = new Uint8Array(len);
  globalThis.crypto.getRandomValues(buf);
  return (bytesToBigInt(buf) % (n - 2n)) + 2n;
}
