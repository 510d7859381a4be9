// Async message digest for the whole engine: WebCrypto for SHA-1/256/384/512, the pure-TS SHA-224 WebCrypto lacks.
import { type ShaName, sha224 } from './sync-sha';

export async function digest(name: ShaName, data: Uint8Array): Promise<Uint8Array> {
  if (name === 'SHA-224') return sha224(data);
  return new Uint8Array(await globalThis.crypto.subtle.digest(name, data as BufferSource));
}
