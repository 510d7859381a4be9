// CMS digest algorithms: OID <-> name, lengths, the weak-digest policy (MD5 refused, SHA-1 flagged).
import { EngineError } from '../errors';
import type { DigestName } from './cms-types';
import { digest } from '../hash/digest';
import { SHA_OUTPUT_BYTES } from '../hash/sync-sha';
import { OID } from '../asn1/oids';

const BY_OID: Record<string, DigestName> = {
  [OID.md5]: 'MD5',
  [OID.sha1]: 'SHA-1',
  [OID.sha224]: 'SHA-224',
  [OID.sha256]: 'SHA-256',
  [OID.sha384]: 'SHA-384',
  [OID.sha512]: 'SHA-512',
};

export const DIGEST_OIDS: Record<DigestName, string> = {
  MD5: OID.md5,
  'SHA-1': OID.sha1,
  'SHA-224': OID.sha224,
  'SHA-256': OID.sha256,
  'SHA-384': OID.sha384,
  'SHA-512': OID.sha512,
};

export const DIGEST_LENGTHS: Record<DigestName, number> = { MD5: 16, ...SHA_OUTPUT_BYTES };

export function digestNameForOid(oid: string): DigestName | undefined {
  return BY_OID[oid];
}

export function isWeakDigest(name: DigestName | undefined): boolean {
  return name === 'MD5' || name === 'SHA-1';
}

export async function digestBytes(name: DigestName, data: Uint8Array): Promise<Uint8Array> {
  if (name === 'MD5') throw new EngineError('unsupported-algorithm', 'MD5 is broken and not accepted');
  return digest(name, data);
}
