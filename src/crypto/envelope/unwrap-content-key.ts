// Recovers the content-encryption key from the RecipientInfo that matches our key: RSA key transport
// (PKCS#1 v1.5 with implicit rejection, or OAEP) or ECDH/X25519 key agreement with AES or 3DES (RFC 3217) key wrap.

import { EngineError } from '../errors';
import type { CertificateFields } from './certificate-fields';
import { readOaepParams } from './oaep-params';
import type { KeyAgreeRecipient, KeyTransRecipient } from './recipient-infos';
import { parseRsaPrivateKeyPkcs8 } from '../primitives/rsa-keys';
import { rsaPkcs1v15DecryptKey } from '../primitives/rsa-pkcs1v15-decrypt';
import { rsaOaepDecrypt } from '../primitives/rsa-oaep-decrypt';
import { importAgreementPrivateKey, importAgreementPublicKey, sharedSecret, type AgreementCurve } from '../primitives/ecdh-agree';
import { eccCmsSharedInfo, hkdf, x963Kdf } from '../primitives/ecdh-kdf';
import { aesKeyUnwrap } from '../primitives/aes-key-wrap';
import { des3KeyUnwrap } from '../primitives/des3-key-wrap';
import { decryptionFailed } from '../primitives/decryption-failed';
import { CURVE_BY_OID, OID, oidName } from '../asn1/oids';
import { KEY_AGREEMENT_SCHEMES, KEY_WRAP_KEK_BYTES } from './key-agreement-schemes';

export async function unwrapKeyTransport(r: KeyTransRecipient, privateKeyPkcs8: Uint8Array, keyLength: number): Promise<Uint8Array> {
  if (r.algorithm.oid === OID.rsaEncryption) {
    const key = parseRsaPrivateKeyPkcs8(privateKeyPkcs8);
    // Never fails on bad padding: a wrong key of the right length comes back and content decryption fails.
    return rsaPkcs1v15DecryptKey(key, r.encryptedKey, keyLength);
  }
  if (r.algorithm.oid === OID.rsaesOaep) {
    const cek = await rsaOaepDecrypt(privateKeyPkcs8, r.encryptedKey, readOaepParams(r.algorithm.params));
    if (cek.length !== keyLength) throw decryptionFailed();
    return cek;
  }
  throw new EngineError('unsupported-algorithm', `Key transport ${oidName(r.algorithm.oid)} is not supported`);
}

function curveOf(r: KeyAgreeRecipient, cert: CertificateFields): AgreementCurve {
  const orig = r.originatorKey;
  if (!orig) {
    throw new EngineError('unsupported-algorithm', 'Key agreement with a static originator key (no ephemeral key) is not supported');
  }
  if (cert.keyKind.type === 'x25519') {
    if (orig.algorithmOid !== OID.x25519) throw new EngineError('malformed', 'Originator key is not X25519');
    return 'X25519';
  }
  if (cert.keyKind.type === 'ec') {
    if (orig.algorithmOid !== OID.ecPublicKey) throw new EngineError('malformed', 'Originator key is not an EC key');
    // The curve parameter is optional in originatorKey; when given it must be ours.
    if (orig.curveOid && CURVE_BY_OID[orig.curveOid] !== cert.keyKind.curve) throw new EngineError('malformed', 'Originator key is on another curve');
    return cert.keyKind.curve;
  }
  throw new EngineError('unsupported-algorithm', 'Key agreement with this certificate key type is not supported');
}

export async function unwrapKeyAgreement(r: KeyAgreeRecipient, cert: CertificateFields, privateKeyPkcs8: Uint8Array): Promise<Uint8Array> {
  const scheme = KEY_AGREEMENT_SCHEMES[r.algorithm.oid];
  if (!scheme) throw new EngineError('unsupported-algorithm', `Key agreement ${r.algorithm.oid} is not supported`);
  const kekLength = KEY_WRAP_KEK_BYTES[r.keyWrap.oid];
  if (!kekLength) throw new EngineError('unsupported-algorithm', `Key wrap ${oidName(r.keyWrap.oid)} is not supported`);
  // RFC 8418 allows both the X9.63 KDF and HKDF with X25519; RFC 5753 uses the X9.63 KDF with the NIST curves.
  const curve = curveOf(r, cert);
  const priv = await importAgreementPrivateKey(privateKeyPkcs8, curve);
  const pub = await importAgreementPublicKey(r.originatorKey!.publicKey, curve);
  const z = await sharedSecret(priv, pub, curve);
  const sharedInfo = eccCmsSharedInfo(r.keyWrap.der, kekLength, r.ukm);
  const kek = scheme.kdf === 'hkdf' ? await hkdf(scheme.hash, z, sharedInfo, kekLength) : await x963Kdf(scheme.hash, z, sharedInfo, kekLength);
  return r.keyWrap.oid === OID.cms3DesWrap ? des3KeyUnwrap(kek, r.encryptedKey) : aesKeyUnwrap(kek, r.encryptedKey);
}
