// MGF1 (RFC 8017 B.2.1), needed for OAEP when the MGF1 hash differs from the label hash (WebCrypto cannot), and
// the counter-mode hashing it shares with the ANSI X9.63 KDF of CMS ECDH.
import { digest } from '../hash/digest';
import type { ShaName } from '../hash/sync-sha';

/** Hash(prefix || counter || suffix) for counter = first, first+1, ... (32-bit big-endian), truncated to `length`. */
export async function counterModeHash(
  hash: ShaName,
  prefix: Uint8Array,
  suffix: Uint8Array,
  first: number,
  length: number,
): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  const input = new Uint8Array(prefix.length + 4 + suffix.length);
  input.set(prefix);
  input.set(suffix, prefix.length + 4);
  for (let counter = first, pos = 0; pos < length; counter++) {
    input[prefix.length] = counter >>> 24;
    input[prefix.length + 1] = (counter >>> 16) & 0xff;
    input[prefix.length + 2] = (counter >>> 8) & 0xff;
    input[prefix.length + 3] = counter & 0xff;
    const h = await digest(hash, input);
    out.set(h.subarray(0, Math.min(h.length, length - pos)), pos);
    pos += h.length;
  }
  return out;
}

export function mgf1(hash: ShaName, seed: Uint8Array, length: number): Promise<Uint8Array> {
  return counterModeHash(hash, seed, new Uint8Array(0), 0, length);
}
