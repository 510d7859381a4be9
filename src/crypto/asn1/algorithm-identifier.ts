// AlgorithmIdentifier (RFC 5280 §4.1.1.2) read and written in one place: the OID plus the parameters exactly as
// encoded, since KDF inputs and signatures cover those bytes as received.
import { type Asn1Node, Cursor, expectSequence, rawBytes } from './ber-reader';
import { derOid, derSequence } from './der-writer';
import { readOid } from './read-values';

export interface AlgorithmIdentifier {
  oid: string;
  /** DER of the parameters, when present (including an explicit NULL). */
  parameters?: Uint8Array;
}

export interface ParsedAlgorithmIdentifier extends AlgorithmIdentifier {
  /** The parameters element, parsed, when present (NULL counts as present). */
  params?: Asn1Node;
  /** The whole AlgorithmIdentifier encoding, as received. */
  der: Uint8Array;
}

export function readAlgorithmIdentifier(n: Asn1Node | undefined, what: string): ParsedAlgorithmIdentifier {
  const seq = expectSequence(n, what);
  const c = new Cursor(seq.children, what);
  const oid = readOid(c.next(), what);
  const p = c.peek();
  if (p) c.next();
  c.expectEnd();
  return p ? { oid, parameters: rawBytes(p), params: p, der: rawBytes(seq) } : { oid, der: rawBytes(seq) };
}

export function derAlgorithmIdentifier(oid: string, params?: Uint8Array): Uint8Array {
  return params ? derSequence(derOid(oid), params) : derSequence(derOid(oid));
}
