// Exports an Identity as a password-protected PKCS#12 backup, laid out like OpenSSL 3 `pkcs12 -export`:
// certificates in a PBES2/AES-256-CBC encryptedData, the key in a PBES2 shrouded key bag, HMAC-SHA256 MAC.
// Unlike OpenSSL's 2048 default, every KDF (including the MAC's) uses ≥ 100,000 iterations.

import type { Identity } from '../types';
import { EngineError } from '../errors';
import { toArrayBuffer } from '../bytes';
import { encryptPbes2 } from './encrypt-pbes2';
import { bmpPassword, KDF_ID, pkcs12Kdf } from './pkcs12-kdf';
import { MAX_ITERATIONS } from './limits';
import { derAlgorithmIdentifier } from '../asn1/algorithm-identifier';
import { derBmpString, derExplicit, derNull, derOctetString, derOid, derSequence, derSetOf, derSmallInt, tlv } from '../asn1/der-writer';
import { OID } from '../asn1/oids';

export interface WritePkcs12Options {
  /** PBKDF2 and MAC iterations; default 200,000, minimum 100,000. */
  iterations?: number;
}

export const DEFAULT_EXPORT_ITERATIONS = 200_000;
export const MIN_EXPORT_ITERATIONS = 100_000;

function attributes(localKeyId: Uint8Array, friendlyName?: string): Uint8Array {
  const attrs = [derSequence(derOid(OID.localKeyId), derSetOf(derOctetString(localKeyId)))];
  if (friendlyName) attrs.push(derSequence(derOid(OID.friendlyName), derSetOf(derBmpString(friendlyName))));
  return derSetOf(...attrs);
}

function safeBag(bagId: string, value: Uint8Array, attrs?: Uint8Array): Uint8Array {
  return derSequence(derOid(bagId), derExplicit(0, value), ...(attrs ? [attrs] : []));
}

function certBag(der: Uint8Array, attrs?: Uint8Array): Uint8Array {
  return safeBag(OID.certBag, derSequence(derOid(OID.x509Certificate), derExplicit(0, derOctetString(der))), attrs);
}

function dataContentInfo(content: Uint8Array): Uint8Array {
  return derSequence(derOid(OID.data), derExplicit(0, derOctetString(content)));
}

export async function writePkcs12(identity: Identity, password: string, opts?: WritePkcs12Options): Promise<Uint8Array> {
  const iterations = opts?.iterations ?? DEFAULT_EXPORT_ITERATIONS;
  if (!Number.isSafeInteger(iterations) || iterations < MIN_EXPORT_ITERATIONS || iterations > MAX_ITERATIONS) {
    throw new EngineError('invalid-argument', `iterations must be between ${MIN_EXPORT_ITERATIONS} and ${MAX_ITERATIONS}`);
  }
  if (typeof password !== 'string') throw new EngineError('invalid-argument', 'password must be a string');
  if (!(identity.certificate instanceof Uint8Array) || !(identity.privateKeyPkcs8 instanceof Uint8Array)) {
    throw new EngineError('invalid-argument', 'identity needs certificate and privateKeyPkcs8 bytes');
  }

  // OpenSSL's convention: localKeyId = SHA-1 of the certificate.
  const localKeyId = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-1', toArrayBuffer(identity.certificate)));
  const attrs = attributes(localKeyId, identity.friendlyName);

  // 1. Certificates: leaf (with attributes) and chain, as an encrypted SafeContents.
  const certs = derSequence(certBag(identity.certificate, attrs), ...identity.chain.map((c) => certBag(c)));
  const encCerts = await encryptPbes2(certs, password, iterations);
  const encryptedData = derSequence(
    derSmallInt(0),
    derSequence(derOid(OID.data), encCerts.algorithm, tlv(0x80, encCerts.ciphertext)), // [0] IMPLICIT encryptedContent
  );
  const certsInfo = derSequence(derOid(OID.encryptedData), derExplicit(0, encryptedData));

  // 2. The key as a pkcs8ShroudedKeyBag inside a plain data SafeContents.
  const encKey = await encryptPbes2(identity.privateKeyPkcs8, password, iterations);
  const keyBag = safeBag(OID.pkcs8ShroudedKeyBag, derSequence(encKey.algorithm, derOctetString(encKey.ciphertext)), attrs);
  const keyInfo = dataContentInfo(derSequence(keyBag));

  const authSafe = derSequence(certsInfo, keyInfo);

  // 3. MAC: HMAC-SHA256 keyed by the PKCS#12 KDF (ID 3) over the AuthenticatedSafe octets.
  const macSalt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const macKey = await pkcs12Kdf('SHA-256', bmpPassword(password), macSalt, KDF_ID.mac, iterations, 32);
  const hmacKey = await globalThis.crypto.subtle.importKey('raw', toArrayBuffer(macKey), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', hmacKey, toArrayBuffer(authSafe)));
  const macData = derSequence(derSequence(derAlgorithmIdentifier(OID.sha256, derNull()), derOctetString(mac)), derOctetString(macSalt), derSmallInt(iterations));

  return derSequence(derSmallInt(3), dataContentInfo(authSafe), macData);
}

