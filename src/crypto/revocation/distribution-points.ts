// Where a certificate's revocation status can be had: CRL distribution points (with their reasons and cRLIssuer)
// and the OCSP / caIssuers URLs of authorityInfoAccess. Names are reduced to comparable strings
// ("uri:http://…", "dn:<nameKey>") so a CRL's issuingDistributionPoint can be matched against them.
import type { Certificate } from 'pkijs';
import { RelativeDistinguishedNames } from 'pkijs';
import { type Asn1Node, childrenOf, contentBytes, expectSequence, isContext, malformed, parseBer } from '../asn1/ber-reader';
import { readOid } from '../asn1/read-values';
import { EngineError } from '../errors';
import { nameKey } from '../x509/compare-names';
import { decodeDer } from '../x509/decode-der';

/** ReasonFlags bits 1-8 (bit 0 is unused): what "all reasons" means in RFC 5280 §6.3. */
export const ALL_REASONS = 0x1fe;

export const REASON_BITS = ['unused', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', 'privilegeWithdrawn', 'aACompromise'] as const;

export interface DistributionPointName {
  /** "uri:…" / "dn:…" strings of a fullName; empty for nameRelativeToCRLIssuer (which we do not resolve). */
  fullName: string[];
  relativeToIssuer: boolean;
}

export interface DistributionPoint {
  name?: DistributionPointName;
  reasons: number;
  /** "dn:…" keys of cRLIssuer, when the CRL is issued by someone other than the certificate's issuer. */
  crlIssuer?: string[];
}

export interface RevocationLocations {
  distributionPoints: DistributionPoint[];
  /** http(s) URLs from the distribution points, in order (what can be fetched). */
  crlUrls: string[];
  ocspUrls: string[];
  caIssuersUrls: string[];
}

const OID_CRL_DP = '2.5.29.31';
const OID_AIA = '1.3.6.1.5.5.7.1.1';
const OID_OCSP = '1.3.6.1.5.5.7.48.1';
const OID_CA_ISSUERS = '1.3.6.1.5.5.7.48.2';
const MAX_POINTS = 16;

function ascii(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return s;
}

export function dnKeyFromDer(der: Uint8Array): string {
  return `dn:${nameKey(new RelativeDistinguishedNames({ schema: decodeDer(der, 'Name') }))}`;
}

/** GeneralNames to comparable strings (URIs and directory names; other forms are kept as their tag). */
export function generalNameStrings(nodes: Asn1Node[]): string[] {
  return nodes.map((g) => {
    if (isContext(g, 6)) return `uri:${ascii(contentBytes(g))}`;
    if (isContext(g, 4)) {
      const inner = childrenOf(g, 'directoryName')[0];
      if (!inner) throw malformed('empty directoryName');
      return dnKeyFromDer(inner.input.subarray(inner.start, inner.end));
    }
    return `tag${(g as Asn1Node).tag}`;
  });
}

export function readDistributionPointName(n: Asn1Node | undefined): DistributionPointName {
  if (isContext(n, 0)) return { fullName: generalNameStrings(childrenOf(n, 'fullName')), relativeToIssuer: false };
  if (isContext(n, 1)) return { fullName: [], relativeToIssuer: true };
  throw malformed('bad DistributionPointName');
}

/** An IMPLICIT ReasonFlags BIT STRING to a mask of bits 1-8. */
export function readReasonFlags(n: Asn1Node): number {
  const b = contentBytes(n);
  if (b.length < 1 || b[0] > 7) throw malformed('bad ReasonFlags');
  let mask = 0;
  for (let bit = 0; bit < 9; bit++) {
    const byte = b[1 + (bit >> 3)] ?? 0;
    if (byte & (0x80 >> (bit & 7))) mask |= 1 << bit;
  }
  return mask & ALL_REASONS;
}

function extensionValue(cert: Certificate, oid: string): Uint8Array | undefined {
  return cert.extensions?.find((e) => e.extnID === oid)?.extnValue.valueBlock.valueHexView;
}

/** The revocation locations a certificate names. Throws EngineError('malformed') on a malformed extension. */
export function readRevocationLocations(cert: Certificate): RevocationLocations {
  const out: RevocationLocations = { distributionPoints: [], crlUrls: [], ocspUrls: [], caIssuersUrls: [] };
  try {
    const dp = extensionValue(cert, OID_CRL_DP);
    if (dp) {
      const points = childrenOf(expectSequence(parseBer(dp), 'cRLDistributionPoints'));
      for (const p of points.slice(0, MAX_POINTS)) {
        const point: DistributionPoint = { reasons: ALL_REASONS };
        for (const f of childrenOf(expectSequence(p, 'DistributionPoint'))) {
          if (isContext(f, 0)) point.name = readDistributionPointName(childrenOf(f, 'distributionPoint')[0]);
          else if (isContext(f, 1)) point.reasons = readReasonFlags(f);
          else if (isContext(f, 2)) point.crlIssuer = generalNameStrings(childrenOf(f, 'cRLIssuer'));
          else throw malformed('DistributionPoint: unexpected field');
        }
        out.distributionPoints.push(point);
        for (const n of point.name?.fullName ?? []) {
          const url = n.slice(4);
          if (n.startsWith('uri:') && /^https?:\/\//i.test(url)) out.crlUrls.push(url);
        }
      }
    }
    const aia = extensionValue(cert, OID_AIA);
    if (aia) {
      for (const ad of childrenOf(expectSequence(parseBer(aia), 'authorityInfoAccess')).slice(0, MAX_POINTS)) {
        const [method, location] = childrenOf(expectSequence(ad, 'AccessDescription'));
        const oid = readOid(method, 'accessMethod');
        if (!isContext(location, 6)) continue;
        const url = ascii(contentBytes(location));
        if (!/^https?:\/\//i.test(url)) continue;
        if (oid === OID_OCSP) out.ocspUrls.push(url);
        else if (oid === OID_CA_ISSUERS) out.caIssuersUrls.push(url);
      }
    }
  } catch (e) {
    if (e instanceof EngineError) throw e;
    throw malformed(`revocation locations: ${e instanceof Error ? e.message : String(e)}`);
  }
  return out;
}
