// ECDH key agreement for CMS (RFC 5753 / SEC 1 / RFC 8418): which KDF and hash each scheme OID means, and the
// key-encryption-key length of each AES key wrap; algorithm OIDs and display names live in asn1/oids.
import { OID } from '../asn1/oids';
import type { ShaName } from '../hash/sync-sha';

/** ECDH key agreement schemes (RFC 5753 / SEC 1 / RFC 8418): hash used by the KDF, and whether it is HKDF. */
export interface KeyAgreementScheme {
  name: string;
  hash: ShaName;
  kdf: 'x963' | 'hkdf';
}

export const KEY_AGREEMENT_SCHEMES: Record<string, KeyAgreementScheme> = {
  '1.3.133.16.840.63.0.2': { name: 'ECDH stdDH X9.63-KDF SHA-1', hash: 'SHA-1', kdf: 'x963' },
  '1.3.132.1.11.0': { name: 'ECDH stdDH X9.63-KDF SHA-224', hash: 'SHA-224', kdf: 'x963' },
  '1.3.132.1.11.1': { name: 'ECDH stdDH X9.63-KDF SHA-256', hash: 'SHA-256', kdf: 'x963' },
  '1.3.132.1.11.2': { name: 'ECDH stdDH X9.63-KDF SHA-384', hash: 'SHA-384', kdf: 'x963' },
  '1.3.132.1.11.3': { name: 'ECDH stdDH X9.63-KDF SHA-512', hash: 'SHA-512', kdf: 'x963' },
  '1.3.133.16.840.63.0.3': { name: 'ECDH cofactorDH X9.63-KDF SHA-1', hash: 'SHA-1', kdf: 'x963' },
  '1.3.132.1.14.0': { name: 'ECDH cofactorDH X9.63-KDF SHA-224', hash: 'SHA-224', kdf: 'x963' },
  '1.3.132.1.14.1': { name: 'ECDH cofactorDH X9.63-KDF SHA-256', hash: 'SHA-256', kdf: 'x963' },
  '1.3.132.1.14.2': { name: 'ECDH cofactorDH X9.63-KDF SHA-384', hash: 'SHA-384', kdf: 'x963' },
  '1.3.132.1.14.3': { name: 'ECDH cofactorDH X9.63-KDF SHA-512', hash: 'SHA-512', kdf: 'x963' },
  '1.2.840.113549.1.9.16.3.19': { name: 'ECDH HKDF-SHA256', hash: 'SHA-256', kdf: 'hkdf' },
  '1.2.840.113549.1.9.16.3.20': { name: 'ECDH HKDF-SHA384', hash: 'SHA-384', kdf: 'hkdf' },
  '1.2.840.113549.1.9.16.3.21': { name: 'ECDH HKDF-SHA512', hash: 'SHA-512', kdf: 'hkdf' },
};

export const STD_DH_SHA256_KDF = '1.3.132.1.11.1';

/** AES key wrap algorithms: key-encryption-key length in bytes. */
export const AES_WRAP_KEY_BYTES: Record<string, number> = {
  [OID.aes128Wrap]: 16,
  [OID.aes192Wrap]: 24,
  [OID.aes256Wrap]: 32,
};

/** Every key wrap a KeyAgreeRecipientInfo may name (AES, and RFC 3217 3DES, which OpenSSL uses with -des3): KEK bytes. */
export const KEY_WRAP_KEK_BYTES: Record<string, number> = {
  ...AES_WRAP_KEY_BYTES,
  [OID.cms3DesWrap]: 24,
};
