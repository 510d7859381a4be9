// PKCS#7 / PKCS#5 block padding for the CBC ciphers (3DES, RC2, and AES when done by hand).
// Unpadding is strict (every pad byte checked) so a wrong key is detected rather than yielding garbage.

import { EngineError } from '../errors';

export function pkcs7Pad(data: Uint8Array, blockSize: number): Uint8Array {
  if (!Number.isInteger(blockSize) || blockSize < 1 || blockSize > 255) {
    throw new EngineError('invalid-argument', `bad block size ${blockSize}`);
  }
  const n = blockSize - (data.length % blockSize);
  const out = new Uint8Array(data.length + n);
  out.set(data, 0);
  out.fill(n, data.length);
  return out;
}

/** Removes PKCS#7 padding; throws EngineError('malformed', 'bad padding') when it is not well-formed. */
export function pkcs7Unpad(data: Uint8Array, blockSize: number): Uint8Array {
  if (data.length === 0 || data.length % blockSize !== 0) throw new EngineError('malformed', 'bad padding');
  const n = data[data.length - 1];
  let bad = n === 0 || n > blockSize ? 1 : 0;
  // Check every pad byte without an early exit.
  for (let i = 1; i <= blockSize; i++) {
    const inPad = i <= n ? 1 : 0;
    bad |= inPad & (data[data.length - i] !== n ? 1 : 0);
  }
  if (bad) throw new EngineError('malformed', 'bad padding');
  return data.subarray(0, data.length - n);
}
