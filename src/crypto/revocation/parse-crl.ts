// Parses an X.509 CRL (RFC 5280 §5) into the facts §6.3 processing decides on. Parsing only: no decision here.
// Bounded: at most MAX_CRL_BYTES, DER only, entries walked one at a time (der-split.ts), and every extension
// the decisions depend on decoded strictly; unknown critical extensions are recorded so the CRL can be refused.
import * as asn1js from 'asn1js';
import { AlgorithmIdentifier, RelativeDistinguishedNames } from 'pkijs';
import { parseBer, childrenOf, expectSequence, isContext, isUniversal, malformed, TAG_BOOLEAN, TAG_INTEGER, contentBytes } from '../asn1/ber-reader';
import { readOid, readUnsignedInteger } from '../asn1/read-values';
import { decodeTime } from '../asn1/time';
import { toHex } from '../bytes';
import { BytesCache } from '../bounded-cache';
import { EngineError } from '../errors';
import { nameKey } from '../x509/compare-names';
import { decodeDer } from '../x509/decode-der';
import type { SignedFields } from '../trust/verify-certificate-signature';
import { readDerHeader, splitChildren, rangeBytes } from './der-split';
import { readDistributionPointName, readReasonFlags, type DistributionPointName, ALL_REASONS } from './distribution-points';
import type { RevocationReason } from '../types';

// One definition, in the result types every layer speaks; re-exported for the revocation modules.
export type { RevocationReason };

export const MAX_CRL_BYTES = 10 * 1024 * 1024;

const REASON_CODES: Record<number, RevocationReason> = {
  0: 'unspecified',
  1: 'keyCompromise',
  2: 'cACompromise',
  3: 'affiliationChanged',
  4: 'superseded',
  5: 'cessationOfOperation',
  6: 'certificateHold',
  8: 'removeFromCRL',
  9: 'privilegeWithdrawn',
  10: 'aACompromise',
};

const OID_CRL_NUMBER = '2.5.29.20';
const OID_DELTA_CRL_INDICATOR = '2.5.29.27';
const OID_ISSUING_DISTRIBUTION_POINT = '2.5.29.28';
const OID_AUTHORITY_KEY_IDENTIFIER = '2.5.29.35';
const OID_ISSUER_ALT_NAME = '2.5.29.18';
const OID_FRESHEST_CRL = '2.5.29.46';
const OID_AUTHORITY_INFO_ACCESS = '1.3.6.1.5.5.7.1.1';
const OID_REASON_CODE = '2.5.29.21';
const OID_INVALIDITY_DATE = '2.5.29.24';
const OID_CERTIFICATE_ISSUER = '2.5.29.29';
const OID_HOLD_INSTRUCTION = '2.5.29.23';

export interface IssuingDistributionPoint {
  distributionPoint?: DistributionPointName;
  onlyContainsUserCerts: boolean;
  onlyContainsCACerts: boolean;
  /** Reason bits covered; ALL_REASONS when onlySomeReasons is absent. */
  onlySomeReasons: number;
  indirectCRL: boolean;
  onlyContainsAttributeCerts: boolean;
}

export interface CrlEntry {
  revocationDate: Date;
  reason?: RevocationReason;
  invalidityDate?: Date;
  /** nameKey of the certificate issuer this entry is about (indirect CRLs); the CRL issuer by default. */
  issuerKey: string;
  /** A critical entry extension we do not process: the entry, and so the CRL, cannot be relied on. */
  unknownCritical?: string;
}

export interface ParsedCrl {
  der: Uint8Array;
  signed: SignedFields;
  issuer: RelativeDistinguishedNames;
  issuerKey: string;
  thisUpdate: Date;
  nextUpdate?: Date;
  crlNumber?: bigint;
  /** deltaCRLIndicator: the CRL number of the base this delta extends. */
  baseCrlNumber?: bigint;
  idp?: IssuingDistributionPoint;
  authorityKeyId?: string;
  hasFreshestCrl: boolean;
  unknownCritical: string[];
  /** Entries by serial number (lowercase hex, no leading zeros); one serial may be listed per issuer in an indirect CRL. */
  entries: Map<string, CrlEntry[]>;
  entryCount: number;
  /** The first critical entry extension we cannot process: then the CRL must not be used at all (RFC 5280 §5.3). */
  entryUnknownCritical?: string;
}

function bigFrom(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

export function serialHex(bytes: Uint8Array): string {
  const hex = toHex(bytes).replace(/^0+/, '');
  return hex === '' ? '0' : hex;
}

function parseName(der: Uint8Array, what: string): RelativeDistinguishedNames {
  try {
    return new RelativeDistinguishedNames({ schema: decodeDer(der, what) });
  } catch (e) {
    if (e instanceof EngineError) throw e;
    throw malformed(`${what} is not a Name`);
  }
}

function readBool(n: asn1js.AsnType | undefined): boolean {
  return n instanceof asn1js.Boolean ? n.valueBlock.value : false;
}

function parseIdp(der: Uint8Array): IssuingDistributionPoint {
  const seq = expectSequence(parseBer(der), 'issuingDistributionPoint');
  const out: IssuingDistributionPoint = {
    onlyContainsUserCerts: false,
    onlyContainsCACerts: false,
    onlySomeReasons: ALL_REASONS,
    indirectCRL: false,
    onlyContainsAttributeCerts: false,
  };
  const flag = (n: (typeof seq.children)[number]): boolean => {
    const b = contentBytes(n);
    if (b.length !== 1) throw malformed('issuingDistributionPoint: bad BOOLEAN');
    return b[0] !== 0;
  };
  for (const c of seq.children) {
    if (isContext(c, 0)) out.distributionPoint = readDistributionPointName(childrenOf(c, 'distributionPoint')[0]);
    else if (isContext(c, 1)) out.onlyContainsUserCerts = flag(c);
    else if (isContext(c, 2)) out.onlyContainsCACerts = flag(c);
    else if (isContext(c, 3)) out.onlySomeReasons = readReasonFlags(c);
    else if (isContext(c, 4)) out.indirectCRL = flag(c);
    else if (isContext(c, 5)) out.onlyContainsAttributeCerts = flag(c);
    else throw malformed('issuingDistributionPoint: unexpected field');
  }
  // RFC 5280 §5.2.5: at most one of the "only contains" flags.
  if ([out.onlyContainsUserCerts, out.onlyContainsCACerts, out.onlyContainsAttributeCerts].filter(Boolean).length > 1) {
    throw malformed('issuingDistributionPoint sets more than one onlyContains flag');
  }
  return out;
}

interface RawExtension {
  oid: string;
  critical: boolean;
  value: Uint8Array;
}

function readExtensions(der: Uint8Array, what: string): RawExtension[] {
  const seq = expectSequence(parseBer(der), what);
  const seen = new Set<string>();
  return seq.children.map((e) => {
    const parts = childrenOf(expectSequence(e, 'Extension'), 'Extension');
    const oid = readOid(parts[0], 'extnID');
    if (seen.has(oid)) throw malformed(`${what}: extension ${oid} appears twice`);
    seen.add(oid);
    let i = 1;
    let critical = false;
    if (isUniversal(parts[i], TAG_BOOLEAN)) {
      critical = readBool(decodeDer(rangeOf(parts[i]), 'critical'));
      i++;
    }
    const v = parts[i];
    if (!v || parts.length !== i + 1) throw malformed(`${what}: bad Extension`);
    return { oid, critical, value: contentBytes(v) };
  });
}

function rangeOf(n: { input: Uint8Array; start: number; end: number }): Uint8Array {
  return n.input.subarray(n.start, n.end);
}

function parseEntry(der: Uint8Array, crlIssuerKey: string, currentIssuer: { key: string }, indirect: boolean): [string, CrlEntry] {
  const seq = expectSequence(parseBer(der), 'revokedCertificate');
  const parts = seq.children;
  if (parts.length < 2 || parts.length > 3) throw malformed('revokedCertificate has the wrong number of fields');
  const serial = serialHex(readUnsignedInteger(parts[0], 'userCertificate'));
  const entry: CrlEntry = { revocationDate: decodeTime(parts[1]), issuerKey: currentIssuer.key };
  if (parts[2]) {
    for (const ext of readExtensions(rangeOf(parts[2]), 'crlEntryExtensions')) {
      if (ext.oid === OID_REASON_CODE) {
        const n = parseBer(ext.value);
        // CRLReason is an ENUMERATED.
        if (n.cls !== 0 || n.tag !== 10) throw malformed('reasonCode is not an ENUMERATED');
        const b = contentBytes(n);
        const code = b.length === 1 ? b[0] : -1;
        const reason = REASON_CODES[code];
        if (!reason) throw malformed(`unknown reasonCode ${code}`);
        entry.reason = reason;
      } else if (ext.oid === OID_INVALIDITY_DATE) {
        entry.invalidityDate = decodeTime(parseBer(ext.value));
      } else if (ext.oid === OID_CERTIFICATE_ISSUER) {
        // RFC 5280 §5.3.3: only meaningful in an indirect CRL; it applies to this and every later entry.
        const names = childrenOf(expectSequence(parseBer(ext.value), 'certificateIssuer'), 'certificateIssuer');
        const dn = names.find((g) => isContext(g, 4));
        if (!dn) throw malformed('certificateIssuer has no directoryName');
        const key = nameKey(parseName(rangeOf(childrenOf(dn, 'directoryName')[0]), 'certificateIssuer'));
        if (indirect) currentIssuer.key = key;
        entry.issuerKey = indirect ? key : crlIssuerKey;
        if (!indirect) entry.unknownCritical = ext.critical ? 'certificateIssuer outside an indirect CRL' : undefined;
      } else if (ext.oid === OID_HOLD_INSTRUCTION) {
        // Informational.
      } else if (ext.critical) {
        entry.unknownCritical = ext.oid;
      }
    }
  }
  return [serial, entry];
}

// The same CRLs (from the message or the cache) come back on every verification: parses are shared by DER, so the
// signature checks remembered on a ParsedCrl (check-crl.ts) are not repeated. Read-only for callers.
const parsed = new BytesCache<ParsedCrl>(16);

/** Parse a DER (or PEM-decoded) CRL. Throws EngineError('malformed' | 'too-large'). */
export function parseCrl(der: Uint8Array): ParsedCrl {
  const hit = parsed.get(der);
  if (hit) return hit;
  try {
    const crl = parseCrlUnsafe(der);
    parsed.set(der, crl);
    return crl;
  } catch (e) {
    if (e instanceof EngineError) throw e;
    throw malformed(`CRL: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function parseCrlUnsafe(der: Uint8Array): ParsedCrl {
  if (der.length > MAX_CRL_BYTES) throw new EngineError('too-large', `The CRL is ${der.length} bytes; the limit is ${MAX_CRL_BYTES}.`);
  const outer = readDerHeader(der, 0, der.length);
  if (outer.identifier !== 0x30 || outer.end !== der.length) throw malformed('a CRL is one DER SEQUENCE');
  const [tbsR, algR, sigR, ...extra] = splitChildren(der, outer);
  if (!tbsR || !algR || !sigR || extra.length > 0 || tbsR.identifier !== 0x30) throw malformed('CertificateList must have three fields');
  const signatureAlgorithm = new AlgorithmIdentifier({ schema: decodeDer(rangeBytes(der, algR), 'CRL signatureAlgorithm') });
  const sigNode = decodeDer(rangeBytes(der, sigR), 'CRL signatureValue');
  if (!(sigNode instanceof asn1js.BitString)) throw malformed('CRL signatureValue is not a BIT STRING');

  const fields = splitChildren(der, tbsR);
  let i = 0;
  let version = 0;
  if (fields[i]?.identifier === 0x02) {
    const v = parseBer(rangeBytes(der, fields[i]));
    version = contentBytes(v)[0] ?? -1;
    if (!isUniversal(v, TAG_INTEGER) || version !== 1) throw malformed('CRL version must be v2 when present');
    i++;
  }
  const innerAlgR = fields[i++];
  const issuerR = fields[i++];
  const thisR = fields[i++];
  if (!innerAlgR || !issuerR || !thisR) throw malformed('tbsCertList is truncated');
  const signature = new AlgorithmIdentifier({ schema: decodeDer(rangeBytes(der, innerAlgR), 'CRL signature') });
  const issuer = parseName(rangeBytes(der, issuerR), 'CRL issuer');
  const issuerKey = nameKey(issuer);
  const thisUpdate = decodeTime(parseBer(rangeBytes(der, thisR)));
  let nextUpdate: Date | undefined;
  if (fields[i] && (fields[i].identifier === 0x17 || fields[i].identifier === 0x18)) nextUpdate = decodeTime(parseBer(rangeBytes(der, fields[i++])));
  let entriesR: (typeof fields)[number] | undefined;
  if (fields[i]?.identifier === 0x30) entriesR = fields[i++];
  let extR: (typeof fields)[number] | undefined;
  if (fields[i]?.identifier === 0xa0) extR = fields[i++];
  if (i !== fields.length) throw malformed('tbsCertList has unexpected fields');

  const crl: ParsedCrl = {
    der,
    signed: { signatureAlgorithm, signature, signatureValue: sigNode, tbsView: rangeBytes(der, tbsR) },
    issuer,
    issuerKey,
    thisUpdate,
    nextUpdate,
    hasFreshestCrl: false,
    unknownCritical: [],
    entries: new Map(),
    entryCount: 0,
  };
  if (extR) {
    if (version !== 1) throw malformed('CRL extensions need a v2 CRL');
    const inner = splitChildren(der, extR);
    if (inner.length !== 1) throw malformed('crlExtensions must be [0] EXPLICIT');
    for (const ext of readExtensions(rangeBytes(der, inner[0]), 'crlExtensions')) {
      switch (ext.oid) {
        case OID_CRL_NUMBER:
          crl.crlNumber = bigFrom(readUnsignedInteger(parseBer(ext.value), 'cRLNumber'));
          break;
        case OID_DELTA_CRL_INDICATOR:
          crl.baseCrlNumber = bigFrom(readUnsignedInteger(parseBer(ext.value), 'deltaCRLIndicator'));
          break;
        case OID_ISSUING_DISTRIBUTION_POINT:
          crl.idp = parseIdp(ext.value);
          break;
        case OID_AUTHORITY_KEY_IDENTIFIER: {
          const aki = expectSequence(parseBer(ext.value), 'authorityKeyIdentifier');
          const kid = aki.children.find((c) => isContext(c, 0));
          if (kid) crl.authorityKeyId = toHex(contentBytes(kid));
          break;
        }
        case OID_FRESHEST_CRL:
          crl.hasFreshestCrl = true;
          break;
        case OID_ISSUER_ALT_NAME:
        case OID_AUTHORITY_INFO_ACCESS:
          break;
        default:
          if (ext.critical) crl.unknownCritical.push(ext.oid);
      }
    }
  }
  if (entriesR) {
    const current = { key: issuerKey };
    const indirect = crl.idp?.indirectCRL === true;
    for (const r of splitChildren(der, entriesR)) {
      const [serial, entry] = parseEntry(rangeBytes(der, r), issuerKey, current, indirect);
      if (entry.unknownCritical) crl.entryUnknownCritical ??= entry.unknownCritical;
      const list = crl.entries.get(serial);
      if (list) list.push(entry);
      else crl.entries.set(serial, [entry]);
      crl.entryCount++;
    }
  }
  return crl;
}
