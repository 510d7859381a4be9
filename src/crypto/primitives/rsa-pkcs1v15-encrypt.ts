// RSAES-PKCS1-v1_5 encryption, for recipients whose clients (NSS, Outlook) only accept rsaEncryption key transport.

import { EngineError } from '../errors';
import type { RsaPublicKey } from './rsa-keys';
import { rsaPublicOp } from './rsa-raw';

export function rsaPkcs1v15Encrypt(key: RsaPublicKey, message: Uint8Array): Uint8Array {
  const k = key.k;
  if (message.length > k - 11) throw new EngineError('invalid-argument', 'Message too long for RSA PKCS#1 v1.5');
  const psLen = k - 3 - message.length;
  const ps = new Uint8Array(psLen);
  globalThis.crypto.getRandomValues(ps);
  // Replace zero bytes with fresh non-zero random bytes (bounded: each retry succeeds with p = 255/256).
  for (let i = 0; i < psLen; i++) {
    let tries = 0;
    while (ps[i] === 0) {
      if (++tries > 1000) throw new EngineError('invalid-argument', 'random generator failure');
      globalThis.crypto.getRandomValues(ps.subarray(i, i + 1));
    }
  }
  const em = new Uint8Array(k);
  em[1] = 2;
  em.set(ps, 2);
  em.set(message, 3 + psLen);
  return rsaPublicOp(key, em);
}
