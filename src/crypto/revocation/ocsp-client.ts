// OCSP (RFC 6960) as the fallback for certificates whose CRL cannot be had: builds the request (SHA-1 CertID, no
// nonce, so GET answers can be cached by responders and by us), sends it by GET and by POST only if GET fails,
// and decides on the answer here: the responder must be the CA or a certificate the CA issued for
// id-kp-OCSPSigning, the signature must verify, the CertID must match, thisUpdate/nextUpdate must hold at the
// validation time. PKI.js is not used for decisions (it ignores dates and throws without embedded certificates).
import * as asn1js from 'asn1js';
import { AlgorithmIdentifier, type PublicKeyInfo } from 'pkijs';
import { type Asn1Node, childrenOf, contentBytes, expectSequence, isContext, malformed, parseBer, rawBytes } from '../asn1/ber-reader';
import { derNull, derOctetString, derOid, derSequence, derUnsignedInteger, tlv } from '../asn1/der-writer';
import { readOid, readOctets, readUnsignedInteger } from '../asn1/read-values';
import { decodeTime } from '../asn1/time';
import { base64Encode } from '../base64';
import { bytesEqual, toHex } from '../bytes';
import { EngineError } from '../errors';
import { digest } from '../hash/digest';
import type { ShaName } from '../asn1/oids';
import { toCertNodes, type CertNode } from '../trust/certificate-node';
import { verifyCertificateSignature, verifySignedFields } from '../trust/verify-certificate-signature';
import { decodeDer } from '../x509/decode-der';
import type { CertificateRevocation, RevocationReason, RevocationSource } from '../types';
import type { RevocationCache, RevocationFetcher } from './chain-revocation';
import type { OcspCheck } from './ocsp-types';

const OID_SHA1 = '1.3.14.3.2.26';
const OID_BASIC = '1.3.6.1.5.5.7.48.1.1';
const EKU_OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
const HASH_BY_OID: Record<string, ShaName> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};
const CLOCK_SKEW_MS = 5 * 60_000;
/** Without nextUpdate an answer is taken as current for this long (the CA/B Forum maximum validity). */
const MAX_AGE_WITHOUT_NEXT_MS = 10 * 24 * 3600_000;
const MAX_RESPONSE_BYTES = 64 * 1024;
const REASONS: RevocationReason[] = ['unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', 'unspecified', 'removeFromCRL', 'privilegeWithdrawn', 'aACompromise'];

function issuerNameDer(cert: CertNode): Uint8Array {
  return new Uint8Array(cert.cert.issuer.toSchema().toBER(false));
}

function keyBits(spki: PublicKeyInfo): Uint8Array {
  return spki.subjectPublicKey.valueBlock.valueHexView;
}

/** The SHA-1 CertID and the DER OCSPRequest for `cert`. */
export async function buildOcspRequest(cert: CertNode, issuer: CertNode): Promise<{ request: Uint8Array; cacheKey: string }> {
  const nameHash = await digest('SHA-1', issuerNameDer(cert));
  const keyHash = await digest('SHA-1', keyBits(issuer.cert.subjectPublicKeyInfo));
  const serial = cert.cert.serialNumber.valueBlock.valueHexView;
  const certId = derSequence(derSequence(derOid(OID_SHA1), derNull()), derOctetString(nameHash), derOctetString(keyHash), derUnsignedInteger(serial));
  const request = derSequence(derSequence(derSequence(derSequence(certId))));
  return { request, cacheKey: `${toHex(keyHash)}:${toHex(serial)}` };
}

export type OcspVerdict =
  | { status: 'good' | 'revoked'; revokedAt?: Date; reason?: RevocationReason; thisUpdate: Date; nextUpdate?: Date }
  | { status: 'unknown'; why: string };

interface ParsedBasic {
  tbs: Uint8Array;
  signatureAlgorithm: AlgorithmIdentifier;
  signature: asn1js.BitString;
  responderByName?: Uint8Array;
  responderKeyHash?: Uint8Array;
  responses: Asn1Node[];
  certs: Uint8Array[];
}

function parseResponse(der: Uint8Array): ParsedBasic | string {
  if (der.length > MAX_RESPONSE_BYTES) return 'the OCSP answer is too large';
  const top = childrenOf(expectSequence(parseBer(der), 'OCSPResponse'));
  const statusBytes = contentBytes(top[0]);
  const status = statusBytes.length === 1 ? statusBytes[0] : -1;
  if (status !== 0) return `the responder answered with error status ${status}`;
  const rb = top[1];
  if (!isContext(rb, 0)) throw malformed('OCSPResponse without responseBytes');
  const [typeNode, octets] = childrenOf(expectSequence(childrenOf(rb)[0], 'ResponseBytes'));
  if (readOid(typeNode) !== OID_BASIC) return 'the OCSP answer is not a basic response';
  const basicDer = readOctets(octets, 'response');
  const basic = childrenOf(expectSequence(parseBer(basicDer), 'BasicOCSPResponse'));
  const [tbsNode, algNode, sigNode, certsNode] = basic;
  const rd = childrenOf(expectSequence(tbsNode, 'ResponseData'));
  let i = 0;
  if (isContext(rd[i], 0)) i++; // version
  const rid = rd[i++];
  const out: ParsedBasic = {
    tbs: rawBytes(tbsNode),
    signatureAlgorithm: new AlgorithmIdentifier({ schema: decodeDer(rawBytes(algNode), 'OCSP signatureAlgorithm') }),
    signature: decodeDer(rawBytes(sigNode), 'OCSP signature') as asn1js.BitString,
    responses: [],
    certs: [],
  };
  if (!(out.signature instanceof asn1js.BitString)) throw malformed('OCSP signature is not a BIT STRING');
  if (isContext(rid, 1)) out.responderByName = rawBytes(childrenOf(rid)[0]);
  else if (isContext(rid, 2)) out.responderKeyHash = readOctets(childrenOf(rid)[0], 'KeyHash');
  else throw malformed('bad ResponderID');
  i++; // producedAt
  out.responses = childrenOf(expectSequence(rd[i], 'responses')).slice(0, 32);
  if (certsNode && isContext(certsNode, 0)) out.certs = childrenOf(expectSequence(childrenOf(certsNode)[0], 'certs')).slice(0, 8).map((c) => rawBytes(c).slice());
  return out;
}

async function responderKey(basic: ParsedBasic, issuer: CertNode, candidates: CertNode[], at: Date): Promise<PublicKeyInfo | string> {
  const fields = { signatureAlgorithm: basic.signatureAlgorithm, signatureValue: basic.signature, tbsView: basic.tbs };
  // The CA itself.
  if ((await verifySignedFields(fields, issuer.cert.subjectPublicKeyInfo)).ok) return issuer.cert.subjectPublicKeyInfo;
  // A delegated responder: issued by the CA, for OCSP signing, valid now.
  for (const r of [...(await toCertNodes(basic.certs, 'candidate', 8)), ...candidates]) {
    if (r.issuerKey !== issuer.subjectKey) continue;
    if (!r.ext?.extKeyUsage?.includes(EKU_OCSP_SIGNING)) continue;
    if (at < r.cert.notBefore.value || at > r.cert.notAfter.value) continue;
    if (!(await verifyCertificateSignature(r.cert, issuer.cert.subjectPublicKeyInfo)).ok) continue;
    if ((await verifySignedFields(fields, r.cert.subjectPublicKeyInfo)).ok) return r.cert.subjectPublicKeyInfo;
  }
  return 'the answer is not signed by the CA or by a responder the CA authorised';
}

/** Decide on an OCSP response for `cert` (issued by `issuer`) at time `at`. Never throws on bad input. */
export async function evaluateOcspResponse(der: Uint8Array, cert: CertNode, issuer: CertNode, candidates: CertNode[], at: Date): Promise<OcspVerdict> {
  let basic: ParsedBasic | string;
  try {
    basic = parseResponse(der);
  } catch (e) {
    return { status: 'unknown', why: `the OCSP answer cannot be read: ${e instanceof EngineError || e instanceof Error ? e.message : String(e)}` };
  }
  if (typeof basic === 'string') return { status: 'unknown', why: basic };
  const key = await responderKey(basic, issuer, candidates, at);
  if (typeof key === 'string') return { status: 'unknown', why: key };
  const serial = readUnsignedIntegerBytes(cert);
  try {
    for (const single of basic.responses) {
      const [certId, status, thisNode, ...rest] = childrenOf(expectSequence(single, 'SingleResponse'));
      const [alg, nameHash, keyHash, serialNode] = childrenOf(expectSequence(certId, 'CertID'));
      const hash = HASH_BY_OID[readOid(childrenOf(alg)[0])];
      if (!hash) continue;
      if (!bytesEqual(readUnsignedInteger(serialNode, 'serialNumber'), serial)) continue;
      if (!bytesEqual(readOctets(nameHash, 'issuerNameHash'), await digest(hash, issuerNameDer(cert)))) continue;
      if (!bytesEqual(readOctets(keyHash, 'issuerKeyHash'), await digest(hash, keyBits(issuer.cert.subjectPublicKeyInfo)))) continue;
      const thisUpdate = decodeTime(thisNode);
      const nextNode = rest.find((n) => isContext(n, 0));
      const nextUpdate = nextNode ? decodeTime(childrenOf(nextNode)[0]) : undefined;
      if (thisUpdate.getTime() > at.getTime() + CLOCK_SKEW_MS) return { status: 'unknown', why: 'the OCSP answer is dated in the future' };
      if (nextUpdate ? nextUpdate < at : at.getTime() - thisUpdate.getTime() > MAX_AGE_WITHOUT_NEXT_MS) {
        return { status: 'unknown', why: `the OCSP answer is out of date (issued ${thisUpdate.toISOString()})` };
      }
      if (isContext(status, 0)) return { status: 'good', thisUpdate, nextUpdate };
      if (isContext(status, 1)) {
        const info = childrenOf(status);
        const revokedAt = decodeTime(info[0]);
        const reasonNode = info[1] && isContext(info[1], 0) ? childrenOf(info[1])[0] : undefined;
        const code = reasonNode ? contentBytes(reasonNode)[0] : undefined;
        return { status: 'revoked', revokedAt, reason: code !== undefined ? REASONS[code] ?? 'unspecified' : undefined, thisUpdate, nextUpdate };
      }
      return { status: 'unknown', why: 'the responder does not know this certificate' };
    }
  } catch (e) {
    return { status: 'unknown', why: `the OCSP answer cannot be read: ${e instanceof Error ? e.message : String(e)}` };
  }
  return { status: 'unknown', why: 'the OCSP answer is not about this certificate' };
}

function readUnsignedIntegerBytes(cert: CertNode): Uint8Array {
  const b = cert.cert.serialNumber.valueBlock.valueHexView;
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

function toRevocation(sha256: string, v: OcspVerdict, source: RevocationSource): CertificateRevocation | undefined {
  if (v.status === 'unknown') return undefined;
  return {
    sha256,
    status: v.status,
    checked: true,
    method: 'ocsp',
    source,
    revokedAt: v.revokedAt?.toISOString(),
    reason: v.reason,
    thisUpdate: v.thisUpdate.toISOString(),
    nextUpdate: v.nextUpdate?.toISOString(),
  };
}

/** GET url/base64(request) (RFC 6960 A.1), POST only if GET fails. */
async function send(url: string, request: Uint8Array, fetcher: RevocationFetcher): Promise<Uint8Array> {
  const path = encodeURIComponent(base64Encode(request));
  try {
    return await fetcher.get(`${url.replace(/\/$/, '')}/${path}`, 'application/ocsp-response');
  } catch (e) {
    if (!fetcher.post) throw e;
    return fetcher.post(url, request, 'application/ocsp-request', 'application/ocsp-response');
  }
}

export function createOcspCheck(): OcspCheck {
  return {
    async fromCache(cert, issuer, signers, at, cache: RevocationCache) {
      if (!cache.getOcsp) return undefined;
      const { cacheKey } = await buildOcspRequest(cert, issuer);
      const der = await cache.getOcsp(cacheKey, at).catch(() => undefined);
      if (!der) return undefined;
      return toRevocation(cert.sha256, await evaluateOcspResponse(der, cert, issuer, signers, at), 'cache');
    },
    async online(cert, issuer, signers, at, urls, fetcher, cache, why) {
      const { request, cacheKey } = await buildOcspRequest(cert, issuer);
      for (const url of urls) {
        let der: Uint8Array;
        try {
          der = await send(url, request, fetcher);
        } catch (e) {
          why.push(`the OCSP responder at ${url} gave no answer: ${e instanceof Error ? e.message : String(e)}`);
          continue;
        }
        const v = await evaluateOcspResponse(der, cert, issuer, signers, at);
        if (v.status === 'unknown') {
          why.push(`OCSP at ${url}: ${v.why}`);
          continue;
        }
        if (cache?.putOcsp) await cache.putOcsp(cacheKey, der, v.nextUpdate).catch(() => undefined);
        return toRevocation(cert.sha256, v, 'network');
      }
      return undefined;
    },
  };
}
