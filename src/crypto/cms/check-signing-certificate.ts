// ESS signingCertificate / signingCertificateV2 (RFC 2634 §5.4, RFC 5035): the signer names its certificate inside
// the signed attributes. The SignerInfo's sid and the certificates field are not signed, so without this check a
// second certificate for the same key (another name, another CA) could be put in place of the one that was meant.
import type { Attribute, DigestName } from './cms-types';
import type { CertificateIds } from './certificate-ids';
import { bytesEqual } from '../bytes';
import { digestBytes, digestNameForOid } from './digest';
import {
  type Asn1Node,
  Cursor,
  contentBytes,
  expectSequence,
  expectUniversal,
  isContext,
  isUniversal,
  parseBer,
  rawBytes,
  TAG_OCTET_STRING,
  TAG_SEQUENCE,
} from '../asn1/ber-reader';
import { integerBytes } from '../asn1/read-values';
import { readAlgorithmIdentifier } from '../asn1/algorithm-identifier';
import { OID } from '../asn1/oids';

export type EssAttributeName = 'signingCertificate' | 'signingCertificateV2';

/** The first ESSCertID(v2) of one attribute: only it names the signer's own certificate (RFC 5035 §5.4.1). */
export interface EssCertId {
  attribute: EssAttributeName;
  hash: DigestName;
  certHash: Uint8Array;
  /** Present when the ESSCertID carries issuerSerial: every directoryName of `issuer`, and the serial's contents. */
  issuerSerial?: { issuers: Uint8Array[]; serialNumber: Uint8Array };
}

export type EssReadResult = { refs: EssCertId[]; problem?: undefined } | { refs?: undefined; problem: string };

export const DIFFERENT_CERTIFICATE_REASON = 'the signature names a different certificate';

/** Reads both ESS attributes from signed attributes; `problem` when one is repeated, unreadable or unsupported. */
export function readSigningCertificateRefs(attrs: Attribute[]): EssReadResult {
  const refs: EssCertId[] = [];
  for (const [name, oid] of [['signingCertificate', OID.signingCertificate], ['signingCertificateV2', OID.signingCertificateV2]] as const) {
    const found = attrs.filter((a) => a.oid === oid);
    if (found.length === 0) continue;
    if (found.length > 1 || found[0].values.length !== 1) return { problem: `${name} attribute repeated` };
    let ref: EssCertId | string;
    try {
      ref = readFirstCertId(name, found[0].values[0]);
    } catch {
      ref = `${name} attribute is malformed`;
    }
    if (typeof ref === 'string') return { problem: ref };
    refs.push(ref);
  }
  return { refs };
}

function readFirstCertId(name: EssAttributeName, der: Uint8Array): EssCertId | string {
  const top = new Cursor(expectSequence(parseBer(der), name).children, name);
  const certs = expectSequence(top.next(), `${name}.certs`);
  if (certs.children.length === 0) return `${name} attribute lists no certificate`;
  const c = new Cursor(expectSequence(certs.children[0], 'ESSCertID').children, 'ESSCertID');
  let hash: DigestName = name === 'signingCertificate' ? 'SHA-1' : 'SHA-256';
  if (name === 'signingCertificateV2' && isUniversal(c.peek(), TAG_SEQUENCE)) {
    const alg = readAlgorithmIdentifier(c.next(), 'ESSCertIDv2.hashAlgorithm');
    const h = digestNameForOid(alg.oid);
    if (!h || h === 'MD5') return `${name} uses an unsupported hash algorithm (${alg.oid})`;
    hash = h;
  }
  const certHash = contentBytes(expectUniversal(c.next(), TAG_OCTET_STRING, 'ESSCertID.certHash'));
  const ref: EssCertId = { attribute: name, hash, certHash };
  if (!c.done()) ref.issuerSerial = readIssuerSerial(c.next());
  c.expectEnd();
  return ref;
}

function readIssuerSerial(n: Asn1Node): { issuers: Uint8Array[]; serialNumber: Uint8Array } {
  const c = new Cursor(expectSequence(n, 'IssuerSerial').children, 'IssuerSerial');
  const names = expectSequence(c.next(), 'IssuerSerial.issuer');
  const issuers: Uint8Array[] = [];
  // GeneralName directoryName is [4] EXPLICIT Name; other name forms cannot identify an X.509 issuer.
  for (const g of names.children) {
    if (isContext(g, 4) && g.constructed && g.children.length === 1) issuers.push(rawBytes(expectSequence(g.children[0], 'directoryName')));
  }
  const serialNumber = integerBytes(c.next(), 'IssuerSerial.serialNumber');
  return { issuers, serialNumber };
}

/**
 * Undefined when `cert` is the certificate every ESS reference names; else why not. Issuer names are compared as
 * encoded (signers copy the certificate's own encoding), serial numbers by their INTEGER contents.
 */
export async function signingCertificateMismatch(refs: EssCertId[], cert: CertificateIds): Promise<string | undefined> {
  for (const ref of refs) {
    const actual = await digestBytes(ref.hash, cert.der);
    if (!bytesEqual(actual, ref.certHash)) return `${DIFFERENT_CERTIFICATE_REASON} (${ref.attribute} hash differs)`;
    const is = ref.issuerSerial;
    if (is && (!bytesEqual(is.serialNumber, cert.serialNumber) || !is.issuers.some((i) => bytesEqual(i, cert.issuer)))) {
      return `${DIFFERENT_CERTIFICATE_REASON} (${ref.attribute} issuer and serial number differ)`;
    }
  }
  return undefined;
}
