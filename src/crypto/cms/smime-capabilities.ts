// SMIMECapabilities attribute (RFC 8551 §2.5.2): what a sender says it can decrypt, read from signatures for
// the address book and written into our own signatures.
import type { SmimeCapability } from '../types';
import { Cursor, TAG_SEQUENCE, decodeOid, expectUniversal, parseDer, rawBytes } from './der';
import { derNull, derOid, derSequence } from './der-writer';
import { CAPABILITY_NAMES, OID } from './oids';

const MAX_CAPABILITIES = 128;

/** Parses one attribute value (SEQUENCE OF SMIMECapability). Throws EngineError('malformed') on bad DER. */
export function parseSmimeCapabilities(value: Uint8Array): SmimeCapability[] {
  const seq = expectUniversal(parseDer(value), TAG_SEQUENCE, 'SMIMECapabilities');
  return seq.children.slice(0, MAX_CAPABILITIES).map((n) => {
    const c = new Cursor(expectUniversal(n, TAG_SEQUENCE, 'SMIMECapability').children, 'SMIMECapability');
    const oid = decodeOid(c.next());
    const p = c.peek();
    const cap: SmimeCapability = { oid };
    const name = CAPABILITY_NAMES[oid];
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
