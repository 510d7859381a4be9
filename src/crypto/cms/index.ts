// Public surface of the CMS SignedData layer (RFC 5652): parse, verify and create signatures below MIME.
export { parseSignedData, readContentInfoType } from './parse-signed-data';
export { verifySignedData, ECONTENT_CONFUSION_REASON } from './verify-signed-data';
export { signData, micalgFor, signingDigestFor, type SignDataInput } from './sign-data';
export {
  importPrivateKeyForSigning,
  type ImportSigningKeyOptions,
  type ImportedSigningKey,
  type SigningDigest,
  type SigningKeyAlgorithm,
} from './import-signing-key';
export { parseSmimeCapabilities, encodeSmimeCapabilities, DEFAULT_SMIME_CAPABILITIES } from './smime-capabilities';
export { sha224 } from '../hash/sync-sha';
export { OID } from '../asn1/oids';
export type * from './cms-types';
