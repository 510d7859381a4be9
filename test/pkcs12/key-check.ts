// Test helper: proves a private key belongs to a certificate by signing with one and verifying with the other.
import { webcrypto } from 'node:crypto';
import type { Identity } from '../../src/crypto/types';
import { parseBer, rawBytes } from '../../src/crypto/asn1/ber-reader';

function spkiOf(certDer: Uint8Array): Uint8Array {
  const tbs = parseBer(certDer).children[0];
  const hasVersion = tbs.children[0].cls === 2 && tbs.children[0].tag === 0;
  return rawBytes(tbs.children[hasVersion ? 6 : 5]).slice();
}

export async function signVerifies(id: Identity): Promise<boolean> {
  const subtle = webcrypto.subtle;
  const alg =
    id.keyAlgorithm === 'RSA'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
      : { name: 'ECDSA', namedCurve: { 'EC-P256': 'P-256', 'EC-P384': 'P-384', 'EC-P521': 'P-521' }[id.keyAlgorithm as 'EC-P256'] };
  const sigAlg = id.keyAlgorithm === 'RSA' ? alg : { name: 'ECDSA', hash: 'SHA-256' };
  const priv = await subtle.importKey('pkcs8', id.privateKeyPkcs8, alg, false, ['sign']);
  const pub = await subtle.importKey('spki', spkiOf(id.certificate), alg, false, ['verify']);
  const msg = new TextEncoder().encode('test message');
  const sig = await subtle.sign(sigAlg, priv, msg);
  return subtle.verify(sigAlg, pub, sig, msg);
}
