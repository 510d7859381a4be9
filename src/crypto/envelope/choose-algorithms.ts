// Picks the content cipher and RSA key transport that every recipient says it can handle (SMIMECapabilities,
// RFC 8551 2.5.2). A recipient with no known capabilities is assumed to handle AES-256-CBC and PKCS#1 v1.5.

import type { SmimeCapability } from '../types';
import type { ContentCipherName } from './encrypt-envelope';
import { OID } from '../asn1/oids';

export interface PreferredAlgorithms {
  cipher: ContentCipherName;
  oaep: boolean;
}

const ORDER: Array<[ContentCipherName, string]> = [
  ['aes-256-gcm', OID.aes256Gcm],
  ['aes-128-gcm', OID.aes128Gcm],
  ['aes-256-cbc', OID.aes256Cbc],
  ['aes-128-cbc', OID.aes128Cbc],
];

export function choosePreferredAlgorithms(capabilities: SmimeCapability[][]): PreferredAlgorithms {
  const known = capabilities.filter((list) => list.length > 0);
  const allHave = (oid: string): boolean => capabilities.length > 0 && known.length === capabilities.length && known.every((l) => l.some((c) => c.oid === oid));
  // AEAD only when every recipient explicitly advertises it; otherwise AES-256-CBC unless someone lists only AES-128.
  let cipher: ContentCipherName = 'aes-256-cbc';
  for (const [name, oid] of ORDER) {
    if (name === 'aes-256-cbc') break;
    if (allHave(oid)) {
      cipher = name;
      break;
    }
  }
  if (cipher === 'aes-256-cbc') {
    const lacks256 = known.some((l) => l.some((c) => c.oid === OID.aes128Cbc) && !l.some((c) => c.oid === OID.aes256Cbc));
    if (lacks256) cipher = 'aes-128-cbc';
  }
  return { cipher, oaep: allHave(OID.rsaesOaep) };
}
