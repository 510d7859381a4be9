// Key-encryption-key derivation for CMS ECDH (RFC 5753 / SEC 1 X9.63 KDF) and X25519/X448 (RFC 8418 HKDF).
// ECC-CMS-SharedInfo carries entityUInfo ONLY when a ukm is present (PKI.js issue #335 always wrote an empty one).

import { EngineError } from '../errors';
import { counterModeHash } from './mgf1';
import type { ShaName } from '../hash/sync-sha';
import { derExplicit, derOctetString, derSequence } from '../asn1/der-writer';

/**
 * DER of ECC-CMS-SharedInfo ::= SEQUENCE { keyInfo AlgorithmIdentifier, entityUInfo [0] EXPLICIT OCTET STRING OPTIONAL,
 * suppPubInfo [2] EXPLICIT OCTET STRING } where suppPubInfo is the KEK length in bits, 4 bytes big-endian.
 * `keyWrapAlgorithm` is the DER of the key wrap AlgorithmIdentifier exactly as it appears in the message.
 */
export function eccCmsSharedInfo(keyWrapAlgorithm: Uint8Array, kekLengthBytes: number, ukm?: Uint8Array): Uint8Array {
  const bits = kekLengthBytes * 8;
  const supp = Uint8Array.of(bits >>> 24, (bits >>> 16) & 0xff, (bits >>> 8) & 0xff, bits & 0xff);
  const parts = [keyWrapAlgorithm];
  if (ukm) parts.push(derExplicit(0, derOctetString(ukm)));
  parts.push(derExplicit(2, derOctetString(supp)));
  return derSequence(...parts);
}

/** ANSI X9.63 KDF: Hash(Z || counter || SharedInfo) for counter = 1, 2, ... truncated to `length`. */
export async function x963Kdf(hash: ShaName, z: Uint8Array, sharedInfo: Uint8Array, length: number): Promise<Uint8Array> {
  if (hash === 'SHA-224') throw new EngineError('unsupported-algorithm', 'ECDH with the SHA-224 KDF is not supported');
  return counterModeHash(hash, z, sharedInfo, 1, length);
}

/** RFC 8418 section 2.2: HKDF with no salt, IKM = Z, info = ECC-CMS-SharedInfo. */
export async function hkdf(hash: ShaName, z: Uint8Array, info: Uint8Array, length: number): Promise<Uint8Array> {
  if (hash === 'SHA-224') throw new EngineError('unsupported-algorithm', 'HKDF with SHA-224 is not supported');
  const k = await globalThis.crypto.subtle.importKey('raw', z as BufferSource, 'HKDF', false, ['deriveBits']);
  const bits = await globalThis.crypto.subtle.deriveBits(
    { name: 'HKDF', hash, salt: new Uint8Array(0), info: info as BufferSource },
    k,
    length * 8,
  );
  return new Uint8Array(bits);
}
