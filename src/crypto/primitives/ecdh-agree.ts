// Raw ECDH / X25519 shared secret Z through WebCrypto, plus ephemeral key generation for the sender side.

import { EngineError } from '../errors';
import { decryptionFailed } from './decryption-failed';

export type AgreementCurve = 'P-256' | 'P-384' | 'P-521' | 'X25519';

const FIELD_BITS: Record<AgreementCurve, number> = { 'P-256': 256, 'P-384': 384, 'P-521': 528, X25519: 256 };

function algorithm(curve: AgreementCurve): EcKeyImportParams | Algorithm {
  return curve === 'X25519' ? { name: 'X25519' } : { name: 'ECDH', namedCurve: curve };
}

export async function importAgreementPrivateKey(pkcs8: Uint8Array, curve: AgreementCurve): Promise<CryptoKey> {
  try {
    return await globalThis.crypto.subtle.importKey('pkcs8', pkcs8 as BufferSource, algorithm(curve), false, ['deriveBits']);
  } catch {
    throw new EngineError('invalid-argument', `The private key cannot be used for ${curve} key agreement`);
  }
}

/** Imports a peer public key given as the raw point (EC: uncompressed/compressed point; X25519: 32 bytes). */
export async function importAgreementPublicKey(raw: Uint8Array, curve: AgreementCurve): Promise<CryptoKey> {
  try {
    return await globalThis.crypto.subtle.importKey('raw', raw as BufferSource, algorithm(curve), false, []);
  } catch {
    throw new EngineError('malformed', `The originator's ${curve} public key is invalid`);
  }
}

export async function sharedSecret(privateKey: CryptoKey, publicKey: CryptoKey, curve: AgreementCurve): Promise<Uint8Array> {
  const name = curve === 'X25519' ? 'X25519' : 'ECDH';
  try {
    const bits = await globalThis.crypto.subtle.deriveBits({ name, public: publicKey } as EcdhKeyDeriveParams, privateKey, FIELD_BITS[curve]);
    return new Uint8Array(bits);
  } catch {
    // e.g. an all-zero X25519 result from a small-order point
    throw decryptionFailed();
  }
}

/** A fresh ephemeral key pair; returns the private key and the raw public key (uncompressed point for EC). */
export async function generateEphemeral(curve: AgreementCurve): Promise<{ privateKey: CryptoKey; publicRaw: Uint8Array }> {
  const pair = (await globalThis.crypto.subtle.generateKey(algorithm(curve), true, ['deriveBits'])) as CryptoKeyPair;
  const publicRaw = new Uint8Array(await globalThis.crypto.subtle.exportKey('raw', pair.publicKey));
  return { privateKey: pair.privateKey, publicRaw };
}
