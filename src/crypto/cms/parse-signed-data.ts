// Parses a ContentInfo carrying SignedData (RFC 5652 §5) from DER or BER bytes into typed fields, keeping the
// exact bytes that verification needs. Any structural problem is an EngineError('malformed') with a reason.
import { EngineError, foreignError } from '../errors';
import { concatByteList } from '../bytes';
import type { Attribute, ParsedSignedData, ParsedSignerInfo, SignerIdentifier } from './cms-types';
import { type Asn1Node, contentBytes, Cursor, expectUniversal, isContext, isUniversal, malformed, parseBer, rawBytes, TAG_OCTET_STRING, TAG_OID, TAG_SEQUENCE, TAG_SET } from '../asn1/ber-reader';
import { integerBytes, readOid, readSmallInt } from '../asn1/read-values';
import { readAlgorithmIdentifier } from '../asn1/algorithm-identifier';
import { OID } from '../asn1/oids';

const MAX_SIGNERS = 64;
const MAX_ATTRIBUTES = 256;

/** The contentType OID of a ContentInfo, to route SignedData / EnvelopedData / AuthEnvelopedData. */
export function readContentInfoType(der: Uint8Array): string {
  const ci = expectUniversal(parseBer(der), TAG_SEQUENCE, 'ContentInfo');
  return readOid(new Cursor(ci.children, 'ContentInfo').next());
}

export function parseSignedData(der: Uint8Array): ParsedSignedData {
  try {
    return parseSignedDataUnsafe(der);
  } catch (e) {
    if (e instanceof EngineError) throw e;
    // Defensive: a bug in a bounds check must still surface as malformed input, never a TypeError.
    throw foreignError('malformed', 'Malformed CMS structure.', e);
  }
}

function parseSignedDataUnsafe(der: Uint8Array): ParsedSignedData {
  if (!(der instanceof Uint8Array)) throw new EngineError('invalid-argument', 'CMS input must be a Uint8Array');
  const ci = expectUniversal(parseBer(der), TAG_SEQUENCE, 'ContentInfo');
  const ciCur = new Cursor(ci.children, 'ContentInfo');
  const contentType = readOid(ciCur.next());
  if (contentType !== OID.signedData) {
    throw new EngineError('malformed', `Not a CMS SignedData (contentType ${contentType})`, { contentType });
  }
  const wrapper = ciCur.next();
  if (!isContext(wrapper, 0) || !wrapper.constructed || wrapper.children.length !== 1) {
    throw malformed('ContentInfo content must be [0] EXPLICIT');
  }
  ciCur.expectEnd();

  const sd = expectUniversal(wrapper.children[0], TAG_SEQUENCE, 'SignedData');
  const cur = new Cursor(sd.children, 'SignedData');
  const version = readSmallInt(cur.next(), 'SignedData.version');
  const digestAlgorithms = expectUniversal(cur.next(), TAG_SET, 'SignedData.digestAlgorithms').children.map((n) =>
    readAlgorithmIdentifier(n, 'digestAlgorithm'),
  );

  const eci = expectUniversal(cur.next(), TAG_SEQUENCE, 'EncapsulatedContentInfo');
  const eciCur = new Cursor(eci.children, 'EncapsulatedContentInfo');
  const eContentType = readOid(eciCur.next());
  let eContent: Uint8Array | undefined;
  const ec = eciCur.optionalContext(0);
  if (ec) {
    if (!ec.constructed || ec.children.length !== 1) throw malformed('eContent must be [0] EXPLICIT OCTET STRING');
    // Copies, not views: a view would keep (and structured-clone) the whole input buffer alive.
    eContent = contentBytes(expectUniversal(ec.children[0], TAG_OCTET_STRING, 'eContent')).slice();
  }
  eciCur.expectEnd();

  const certificates: Uint8Array[] = [];
  const certs = cur.optionalContext(0);
  if (certs) {
    if (!certs.constructed) throw malformed('certificates must be constructed');
    // CertificateChoices: keep plain certificates (SEQUENCE); attribute/other certificates are irrelevant here.
    for (const c of certs.children) if (isUniversal(c, TAG_SEQUENCE) && c.constructed) certificates.push(rawBytes(c).slice());
  }
  const crlSet = cur.optionalContext(1);
  if (crlSet && !crlSet.constructed) throw malformed('crls must be constructed');
  const crls: Uint8Array[] = [];
  // RevocationInfoChoice: a CertificateList is a SEQUENCE; [1] other formats (e.g. OCSP) are skipped. Bounded.
  for (const c of crlSet?.children ?? []) if (isUniversal(c, TAG_SEQUENCE) && c.constructed && crls.length < 64) crls.push(rawBytes(c).slice());

  const signerSet = expectUniversal(cur.next(), TAG_SET, 'SignedData.signerInfos');
  cur.expectEnd();
  if (signerSet.children.length > MAX_SIGNERS) throw new EngineError('too-large', 'Too many SignerInfos');
  const signerInfos = signerSet.children.map(parseSignerInfo);

  return { version, digestAlgorithms, eContentType, eContent, certificates, crls, signerInfos };
}

function parseSignerInfo(n: Asn1Node): ParsedSignerInfo {
  const si = expectUniversal(n, TAG_SEQUENCE, 'SignerInfo');
  const c = new Cursor(si.children, 'SignerInfo');
  const version = readSmallInt(c.next(), 'SignerInfo.version');
  const sid = parseSid(c.next());
  const digestAlgorithm = readAlgorithmIdentifier(c.next(), 'SignerInfo.digestAlgorithm');
  let signedAttrs: Attribute[] | undefined;
  let signedAttrsDer: Uint8Array | undefined;
  const sa = c.optionalContext(0);
  if (sa) {
    if (!sa.constructed) throw malformed('signedAttrs must be constructed');
    signedAttrs = parseAttributes(sa, 'signedAttrs');
    // RFC 5652 §5.4: the signature covers the DER SET OF encoding, i.e. the same bytes with tag 0x31.
    signedAttrsDer = rawBytes(sa).slice();
    signedAttrsDer[0] = 0x31;
  }
  const signatureAlgorithm = readAlgorithmIdentifier(c.next(), 'SignerInfo.signatureAlgorithm');
  const signature = contentBytes(expectUniversal(c.next(), TAG_OCTET_STRING, 'SignerInfo.signature'));
  let unsignedAttrs: Attribute[] | undefined;
  const ua = c.optionalContext(1);
  if (ua) {
    if (!ua.constructed) throw malformed('unsignedAttrs must be constructed');
    unsignedAttrs = parseAttributes(ua, 'unsignedAttrs');
  }
  c.expectEnd();
  return { version, sid, digestAlgorithm, signedAttrs, signedAttrsDer, signatureAlgorithm, signature, unsignedAttrs };
}

function parseSid(n: Asn1Node): SignerIdentifier {
  if (isContext(n, 0)) {
    // subjectKeyIdentifier [0] IMPLICIT OCTET STRING
    return { type: 'subjectKeyIdentifier', keyIdentifier: contentBytesOfImplicit(n) };
  }
  const ias = expectUniversal(n, TAG_SEQUENCE, 'SignerIdentifier');
  const c = new Cursor(ias.children, 'IssuerAndSerialNumber');
  const issuer = expectUniversal(c.next(), TAG_SEQUENCE, 'IssuerAndSerialNumber.issuer');
  const serialNumber = integerBytes(c.next(), 'IssuerAndSerialNumber.serialNumber');
  c.expectEnd();
  return { type: 'issuerAndSerialNumber', issuer: rawBytes(issuer), serialNumber };
}

function contentBytesOfImplicit(n: Asn1Node): Uint8Array {
  if (!n.constructed) return n.input.subarray(n.contentStart, n.contentEnd);
  const parts = n.children.map((ch) => contentBytes(expectUniversal(ch, TAG_OCTET_STRING, 'subjectKeyIdentifier')));
  return concatByteList(parts);
}

export function parseAttributes(set: Asn1Node, what: string): Attribute[] {
  if (set.children.length > MAX_ATTRIBUTES) throw malformed(`${what}: too many attributes`);
  return set.children.map((a) => {
    const seq = expectUniversal(a, TAG_SEQUENCE, `${what} Attribute`);
    const c = new Cursor(seq.children, `${what} Attribute`);
    const oidNode = c.next();
    if (!isUniversal(oidNode, TAG_OID)) throw malformed(`${what}: attribute type must be an OID`);
    const oid = readOid(oidNode);
    const values = expectUniversal(c.next(), TAG_SET, `${what} attrValues`).children.map(rawBytes);
    c.expectEnd();
    return { oid, values };
  });
}
