// Raw RSA (RSAEP / RSADP of RFC 8017) over BigInt. Decryption uses CRT with base blinding so the
// time taken does not depend on the attacker-chosen ciphertext in a simple way.

import { EngineError } from '../errors';
import { decryptionFailed } from './decryption-failed';
import { bigIntToBytes, bytesToBigInt, modInverse, modPow, randomBelow } from './bigint';
import type { RsaPrivateKey, RsaPublicKey } from './rsa-keys';

export function rsaPublicOp(key: RsaPublicKey, m: Uint8Array): Uint8Array {
  const x = bytesToBigInt(m);
  if (x >= key.n) throw new EngineError('invalid-argument', 'RSA input out of range');
  return bigIntToBytes(modPow(x, key.e, key.n), key.k);
}

/**
 * RSADP: c^d mod n as k bytes. The ciphertext must be at most k bytes and below n (a public check, no oracle).
 * Throws EngineError('auth-failed') otherwise so callers report it like any other undecryptable key.
 */
export function rsaPrivateOp(key: RsaPrivateKey, c: Uint8Array): Uint8Array {
  const x = bytesToBigInt(c);
  if (c.length > key.k || x >= key.n) {
    throw decryptionFailed();
  }
  // Blinding: work on x·r^e, then divide the result by r.
  const r = randomBelow(key.n);
  const rInv = modInverse(r, key.n);
  const xb = (x * modPow(r, key.e, key.n)) % key.n;
  const m1 = modPow(xb % key.p, key.dP, key.p);
  const m2 = modPow(xb % key.q, key.dQ, key.q);
  const h = (((m1 - m2) % key.p) + key.p) % key.p * key.qInv % key.p;
  const mb = m2 + h * key.q;
  const m = (mb * rInv) % key.n;
  return bigIntToBytes(m, key.k);
}
