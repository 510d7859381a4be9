// The PKCS#12 key-derivation function (RFC 7292 Appendix B.2) used for the integrity MAC (ID 3) and for the
// legacy pbeWithSHAAnd* ciphers (ID 1 key, ID 2 IV), plus the password encodings it is fed with.

import { hashIterated, hashSync, SHA_BLOCK_BYTES, SHA_OUTPUT_BYTES, type ShaName } from '../hash/sync-sha';

export const KDF_ID = { key: 1, iv: 2, mac: 3 } as const;

/** Hashes a PFX MAC or PBES2 PRF may name: the ones WebCrypto's HMAC/PBKDF2 also do (no SHA-224). */
export type Pkcs12Hash = Exclude<ShaName, 'SHA-224'>;

/**
 * BMPString password encoding (UTF-16BE + two zero bytes). JS strings are UTF-16 already, so characters
 * outside the BMP come out as surrogate pairs, as OpenSSL and NSS do.
 */
export function bmpPassword(password: string): Uint8Array {
  const out = new Uint8Array(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) {
    const c = password.charCodeAt(i);
    out[2 * i] = c >> 8;
    out[2 * i + 1] = c & 0xff;
  }
  return out;
}

/**
 * The password encodings to try, most likely first. The empty password is written two ways in the wild
 * (OpenSSL/NSS: two zero bytes; some Windows/Java exports: no bytes at all). Non-ASCII passwords made by
 * OpenSSL < 1.1 treated each UTF-8 byte as one character, so that form is tried last.
 */
export function pkcs12PasswordCandidates(password: string): Uint8Array[] {
  if (password === '') return [new Uint8Array(2), new Uint8Array(0)];
  const candidates = [bmpPassword(password)];
  if (/[^\x00-\x7f]/.test(password)) {
    const utf8 = new TextEncoder().encode(password);
    const widened = new Uint8Array(utf8.length * 2 + 2);
    for (let i = 0; i < utf8.length; i++) widened[2 * i + 1] = utf8[i];
    candidates.push(widened);
  }
  return candidates;
}

function fill(src: Uint8Array, v: number): Uint8Array {
  if (src.length === 0) return new Uint8Array(0);
  const out = new Uint8Array(v * Math.ceil(src.length / v));
  for (let i = 0; i < out.length; i++) out[i] = src[i % src.length];
  return out;
}

/** Rounds hashed between two yields to the event loop: a few milliseconds, so the worker keeps answering. */
export const KDF_ROUNDS_PER_SLICE = 16_384;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * RFC 7292 B.2: derive `n` bytes for purpose `id` from the encoded password and salt. The iterated hash runs in
 * slices with a yield between them: files use up to 600,000 iterations, and the service worker that runs this
 * also answers every Gmail tab.
 */
export async function pkcs12Kdf(
  hash: ShaName,
  passwordBytes: Uint8Array,
  salt: Uint8Array,
  id: number,
  iterations: number,
  n: number,
): Promise<Uint8Array> {
  const u = SHA_OUTPUT_BYTES[hash];
  const v = SHA_BLOCK_BYTES[hash];
  const D = new Uint8Array(v).fill(id);
  const S = fill(salt, v);
  const P = fill(passwordBytes, v);
  const I = new Uint8Array(S.length + P.length);
  I.set(S, 0);
  I.set(P, S.length);
  const c = Math.ceil(n / u);
  const out = new Uint8Array(c * u);
  const DI = new Uint8Array(v + I.length);
  const B = new Uint8Array(v);
  for (let i = 0; i < c; i++) {
    DI.set(D, 0);
    DI.set(I, v);
    let A = hashSync(hash, DI);
    for (let done = 1; done < iterations; ) {
      const rounds = Math.min(KDF_ROUNDS_PER_SLICE, iterations - done);
      A = hashIterated(hash, A, rounds);
      done += rounds;
      if (done < iterations) await yieldToEventLoop();
    }
    out.set(A, i * u);
    if (i === c - 1) break;
    for (let j = 0; j < v; j++) B[j] = A[j % u];
    // I_j = (I_j + B + 1) mod 2^(8v) for each v-byte block of I.
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const x = I[j + k] + B[k] + carry;
        I[j + k] = x & 0xff;
        carry = x >> 8;
      }
    }
  }
  return out.slice(0, n);
}
