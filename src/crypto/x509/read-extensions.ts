// Decodes the certificate extensions that trust decisions depend on, strictly: a malformed or duplicated
// extension is an error (PKI.js would silently hand back an empty default, e.g. no name constraints).
import * as asn1js from 'asn1js';
import {
  AltName,
  AuthorityKeyIdentifier,
  BasicConstraints,
  ExtKeyUsage,
  NameConstraints,
  RelativeDistinguishedNames,
  type Certificate,
  type GeneralName,
  type GeneralSubtree,
} from 'pkijs';
import { toHex } from '../bytes';
import { EngineError, foreignError } from '../errors';
import { decodeDer } from './decode-der';

export const OID = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  nameConstraints: '2.5.29.30',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  authorityKeyIdentifier: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extKeyUsage: '2.5.29.37',
  freshestCrl: '2.5.29.46',
  inhibitAnyPolicy: '2.5.29.54',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  subjectInfoAccess: '1.3.6.1.5.5.7.1.11',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
  netscapeCertType: '2.16.840.1.113730.1.1',
} as const;

export const EKU_EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';
export const EKU_ANY = '2.5.29.37.0';

/** Extensions we either enforce or may safely ignore when marked critical (as mozilla::pkix does). */
const RECOGNIZED = new Set<string>(Object.values(OID));

export type KeyUsageName =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';
const KEY_USAGE_BITS: KeyUsageName[] = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

/** A GeneralName reduced to what we use. Types follow RFC 5280 tags. */
export type SimpleGeneralName =
  | { kind: 'rfc822Name'; value: string }
  | { kind: 'dNSName'; value: string }
  | { kind: 'uniformResourceIdentifier'; value: string }
  | { kind: 'iPAddress'; value: string /* hex */ }
  | { kind: 'directoryName'; value: RelativeDistinguishedNames }
  | { kind: 'other'; tag: number };

export interface NameConstraintsInfo {
  permitted: SimpleGeneralName[];
  excluded: SimpleGeneralName[];
}

export interface CertificateExtensions {
  basicConstraints?: { cA: boolean; pathLen?: number };
  keyUsage?: Set<KeyUsageName>;
  extKeyUsage?: string[];
  subjectKeyId?: string; // lowercase hex
  authorityKeyId?: string; // lowercase hex (keyIdentifier only)
  subjectAltNames: SimpleGeneralName[];
  nameConstraints?: NameConstraintsInfo;
  /** OIDs of critical extensions we neither enforce nor may ignore. */
  unknownCritical: string[];
}

function decodeValue(oid: string, bytes: Uint8Array): asn1js.AsnType {
  return decodeDer(bytes, `Extension ${oid}`);
}

function build<T>(oid: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof EngineError) throw e;
    throw foreignError('malformed', `Extension ${oid} is malformed.`, e);
  }
}

function smallInt(v: number | asn1js.Integer | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v;
  return v.valueBlock.valueDec;
}

export function simplifyGeneralName(g: GeneralName): SimpleGeneralName {
  const value: unknown = g.value;
  switch (g.type) {
    case 1:
      return { kind: 'rfc822Name', value: String(value) };
    case 2:
      return { kind: 'dNSName', value: String(value) };
    case 6:
      return { kind: 'uniformResourceIdentifier', value: String(value) };
    case 7:
      return {
        kind: 'iPAddress',
        value: value instanceof asn1js.OctetString ? toHex(value.valueBlock.valueHexView) : '',
      };
    case 4:
      if (value instanceof RelativeDistinguishedNames) return { kind: 'directoryName', value };
      return { kind: 'other', tag: 4 };
    default:
      return { kind: 'other', tag: g.type };
  }
}

function keyUsageFrom(oid: string, node: asn1js.AsnType): Set<KeyUsageName> {
  if (!(node instanceof asn1js.BitString)) throw new EngineError('malformed', `Extension ${oid} is not a BIT STRING.`);
  const bytes = node.valueBlock.valueHexView;
  const out = new Set<KeyUsageName>();
  for (let i = 0; i < KEY_USAGE_BITS.length; i++) {
    const byte = bytes[i >> 3] ?? 0;
    if (byte & (0x80 >> (i & 7))) out.add(KEY_USAGE_BITS[i]);
  }
  return out;
}

function subtrees(list: GeneralSubtree[] | undefined): SimpleGeneralName[] {
  return (list ?? []).map((s) => simplifyGeneralName(s.base));
}

// Certificates are parsed once per DER (parse-certificate.ts), so the decoded extensions can be kept with
// the Certificate object: summary, path building and validation all read them. Read-only for callers.
const decoded = new WeakMap<Certificate, CertificateExtensions | EngineError>();

export function readExtensions(cert: Certificate): CertificateExtensions {
  let r = decoded.get(cert);
  if (r === undefined) {
    try {
      r = decodeExtensions(cert);
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      r = e;
    }
    decoded.set(cert, r);
  }
  if (r instanceof EngineError) throw r;
  return r;
}

function decodeExtensions(cert: Certificate): CertificateExtensions {
  const out: CertificateExtensions = { subjectAltNames: [], unknownCritical: [] };
  const seen = new Set<string>();
  for (const ext of cert.extensions ?? []) {
    const oid = ext.extnID;
    if (seen.has(oid)) throw new EngineError('malformed', `Extension ${oid} appears more than once.`);
    seen.add(oid);
    const raw = ext.extnValue.valueBlock.valueHexView;
    switch (oid) {
      case OID.basicConstraints: {
        const bc = build(oid, () => new BasicConstraints({ schema: decodeValue(oid, raw) }));
        const pathLen = smallInt(bc.pathLenConstraint);
        if (pathLen !== undefined && (pathLen < 0 || !Number.isFinite(pathLen))) {
          throw new EngineError('malformed', 'basicConstraints pathLenConstraint is negative or too large.');
        }
        out.basicConstraints = { cA: bc.cA === true, pathLen };
        break;
      }
      case OID.keyUsage:
        out.keyUsage = build(oid, () => keyUsageFrom(oid, decodeValue(oid, raw)));
        break;
      case OID.extKeyUsage:
        out.extKeyUsage = build(oid, () => new ExtKeyUsage({ schema: decodeValue(oid, raw) }).keyPurposes.slice());
        break;
      case OID.subjectKeyIdentifier: {
        const node = decodeValue(oid, raw);
        if (!(node instanceof asn1js.OctetString)) throw new EngineError('malformed', 'subjectKeyIdentifier is not an OCTET STRING.');
        out.subjectKeyId = toHex(node.valueBlock.valueHexView);
        break;
      }
      case OID.authorityKeyIdentifier: {
        const aki = build(oid, () => new AuthorityKeyIdentifier({ schema: decodeValue(oid, raw) }));
        if (aki.keyIdentifier) out.authorityKeyId = toHex(aki.keyIdentifier.valueBlock.valueHexView);
        break;
      }
      case OID.subjectAltName: {
        const san = build(oid, () => new AltName({ schema: decodeValue(oid, raw) }));
        out.subjectAltNames = san.altNames.map(simplifyGeneralName);
        break;
      }
      case OID.nameConstraints: {
        const nc = build(oid, () => new NameConstraints({ schema: decodeValue(oid, raw) }));
        out.nameConstraints = { permitted: subtrees(nc.permittedSubtrees), excluded: subtrees(nc.excludedSubtrees) };
        break;
      }
      default:
        if (ext.critical && !RECOGNIZED.has(oid)) out.unknownCritical.push(oid);
    }
  }
  return out;
}
