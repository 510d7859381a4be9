// MGF1 (RFC 8017 B.2.1), needed for OAEP when the MGF1 hash differs from the label hash (WebCrypto cannot).
import { digest } from '../hash/digest';
import type { ShaName } from '../hash/sync-sha';

export async function mgf1(hash: ShaName, seed: Uint8Array, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  const input = new Uint8Array(seed.length + 4);
  input.set(seed);
  for (let counter = 0, pos = 0; pos < length; counter++) {
    input[seed.length] = counter >>> 24;
    input[seed.length + 1] = (counter >>> 16) & 0xff;
    input[seed.length + 2] = (counter >>> 8) & 0xff;
    input[seed.length + 3] = counter & 0xff;
    const h = await digest(hash, input);
    out.set(h.subarray(0, Math.min(h.length, length - pos)), pos);
    pos += h.length;
  }
  return out;
}
