// SMIMECapabilities attribute (RFC 8551 §2.5.2): what a sender says it can decrypt, read from signatures for
// the address book and written into our own signatures.
import type { SmimeCapability } from '../types';
import { Cursor, expectUniversal, parseBer, rawBytes, TAG_SEQUENCE } from '../asn1/ber-reader';
import { readOid } from '../asn1/read-values';
import { derNull, derOid, derSequence } from '../asn1/der-writer';
import { OID, OID_NAMES } from '../asn1/oids';

const MAX_CAPABILITIES = 128;

// SMIMECapabilities say what a peer can decrypt with; these read better there than the registry's names.
const CAPABILITY_NAME_OVERRIDES: Record<string, string> = {
  [OID.rsaEncryption]: 'RSA (PKCS#1 v1.5)',
  [OID.cms3DesWrap]: 'id-alg-CMS3DESwrap',
};

/** Parses one attribute value (SEQUENCE OF SMIMECapability). Throws EngineError('malformed') on bad DER. */
export function parseSmimeCapabilities(value: Uint8Array): SmimeCapability[] {
  const seq = expectUniversal(parseBer(value), TAG_SEQUENCE, 'SMIMECapabilities');
  return seq.children.slice(0, MAX_CAPABILITIES).map((n) => {
    const c = new Cursor(expectUniversal(n, TAG_SEQUENCE, 'SMIMECapability').children, 'SMIMECapability');
    const oid = readOid(c.next());
    const p = c.peek();
    const cap: SmimeCapability = { oid };
    const name = CAPABILITY_NAME_OVERRIDES[oid] ?? OID_NAMES[oid];
    if (name) cap.name = name;
    if (p) cap.parameters = rawBytes(p).slice();
    return cap;
  });
}

/** What we advertise by default: AEAD first, then CBC by strength, then the key-transport schemes we accept. */
export const DEFAULT_SMIME_CAPABILITIES: SmimeCapability[] = [
  { oid: OID.aes256Gcm, name: 'AES-256-GCM' },
  { oid: OID.aes256Cbc, name: 'AES-256-CBC' },
  { oid: OID.aes192Cbc, name: 'AES-192-CBC' },
  { oid: OID.aes128Cbc, name: 'AES-128-CBC' },
  { oid: OID.rsaesOaep, name: 'RSAES-OAEP' },
  { oid: OID.rsaEncryption, name: 'RSA (PKCS#1 v1.5)', parameters: derNull() },
];

/** DER SEQUENCE OF SMIMECapability, in the given (preference) order. */
export function encodeSmimeCapabilities(caps: SmimeCapability[]): Uint8Array {
  return derSequence(...caps.map((c) => (c.parameters ? derSequence(derOid(c.oid), c.parameters) : derSequence(derOid(c.oid)))));
}
