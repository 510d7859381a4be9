// Object identifiers used by CMS enveloping (RFC 5652, 5083, 5084, 5753, 8418, 3560, 3565, 8103) and their display names.

export const OID = {
  data: '1.2.840.113549.1.7.1',
  envelopedData: '1.2.840.113549.1.7.3',
  authEnvelopedData: '1.2.840.113549.1.9.16.1.23',

  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaesOaep: '1.2.840.113549.1.1.7',
  mgf1: '1.2.840.113549.1.1.8',
  pSpecified: '1.2.840.113549.1.1.9',

  ecPublicKey: '1.2.840.10045.2.1',
  p256: '1.2.840.10045.3.1.7',
  p384: '1.3.132.0.34',
  p521: '1.3.132.0.35',
  x25519: '1.3.101.110',
  x448: '1.3.101.111',

  sha1: '1.3.14.3.2.26',
  sha224: '2.16.840.1.101.3.4.2.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',

  aes128Cbc: '2.16.840.1.101.3.4.1.2',
  aes192Cbc: '2.16.840.1.101.3.4.1.22',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  aes128Gcm: '2.16.840.1.101.3.4.1.6',
  aes192Gcm: '2.16.840.1.101.3.4.1.26',
  aes256Gcm: '2.16.840.1.101.3.4.1.46',
  aes128Wrap: '2.16.840.1.101.3.4.1.5',
  aes192Wrap: '2.16.840.1.101.3.4.1.25',
  aes256Wrap: '2.16.840.1.101.3.4.1.45',
  desEde3Cbc: '1.2.840.113549.3.7',
  rc2Cbc: '1.2.840.113549.3.2',
  chacha20Poly1305: '1.2.840.113549.1.9.16.3.18',

  subjectKeyIdentifier: '2.5.29.14',
} as const;

/** ECDH key agreement schemes (RFC 5753 / SEC 1 / RFC 8418): hash used by the KDF, and whether it is HKDF. */
export interface KeyAgreementScheme {
  name: string;
  hash: 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';
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

export const HASH_BY_OID: Record<string, 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512'> = {
  [OID.sha1]: 'SHA-1',
  [OID.sha224]: 'SHA-224',
  [OID.sha256]: 'SHA-256',
  [OID.sha384]: 'SHA-384',
  [OID.sha512]: 'SHA-512',
};

/** Key wrap algorithms: key-encryption-key length in bytes. */
export const AES_WRAP_KEY_BYTES: Record<string, number> = {
  [OID.aes128Wrap]: 16,
  [OID.aes192Wrap]: 24,
  [OID.aes256Wrap]: 32,
};

export const CURVE_BY_OID: Record<string, 'P-256' | 'P-384' | 'P-521'> = {
  [OID.p256]: 'P-256',
  [OID.p384]: 'P-384',
  [OID.p521]: 'P-521',
};

export const OID_NAMES: Record<string, string> = {
  [OID.rsaEncryption]: 'RSAES-PKCS1-v1_5',
  [OID.rsaesOaep]: 'RSAES-OAEP',
  [OID.aes128Cbc]: 'AES-128-CBC',
  [OID.aes192Cbc]: 'AES-192-CBC',
  [OID.aes256Cbc]: 'AES-256-CBC',
  [OID.aes128Gcm]: 'AES-128-GCM',
  [OID.aes192Gcm]: 'AES-192-GCM',
  [OID.aes256Gcm]: 'AES-256-GCM',
  [OID.aes128Wrap]: 'AES-128 key wrap',
  [OID.aes192Wrap]: 'AES-192 key wrap',
  [OID.aes256Wrap]: 'AES-256 key wrap',
  [OID.desEde3Cbc]: '3DES-CBC',
  [OID.rc2Cbc]: 'RC2-CBC',
  [OID.chacha20Poly1305]: 'ChaCha20-Poly1305',
  '1.2.840.113549.1.9.16.3.6': '3DES key wrap',
  '1.2.840.113549.1.9.16.3.9': 'PWRI key wrap',
};

export function oidName(oid: string): string {
  return OID_NAMES[oid] ?? KEY_AGREEMENT_SCHEMES[oid]?.name ?? oid;
}
