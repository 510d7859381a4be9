// Verifies every SignerInfo of a CMS SignedData (RFC 5652 §5.6) against exactly the content the caller will show:
// the detached content for multipart/signed, the eContent otherwise, and never one in place of the other.
// Overall status precedence: invalid > signer-unknown > malformed > valid (any non-valid signer spoils the whole).
import { EngineError, foreignError, ownText } from '../errors';
import { bytesEqual } from '../bytes';
import type { SignatureStatus, SignerStatus } from '../types';
import type {
  Attribute,
  DigestName,
  ParsedSignedData,
  ParsedSignerInfo,
  SignedDataVerification,
  SignerVerification,
  VerifySignedDataOptions,
} from './cms-types';
import { type CertificateIds, readCertificateIds } from './certificate-ids';
import { digestBytes, digestNameForOid, isWeakDigest } from './digest';
import { parseSignedData } from './parse-signed-data';
import {
  type SignatureScheme,
  type VerificationKey,
  readVerificationKey,
  resolveSignatureScheme,
  signatureSchemeName,
  verifySignature,
} from './signature-algorithms';
import { parseSmimeCapabilities } from './smime-capabilities';
import { type EssCertId, readSigningCertificateRefs, signingCertificateMismatch } from './check-signing-certificate';
import { contentBytes, expectUniversal, parseBer, TAG_OCTET_STRING } from '../asn1/ber-reader';
import { readOid } from '../asn1/read-values';
import { decodeTime } from '../asn1/time';
import { OID } from '../asn1/oids';

export const ECONTENT_CONFUSION_REASON = 'detached signature also carries content';

const STATUS_RANK: Record<SignerStatus, number> = { valid: 0, malformed: 1, 'signer-unknown': 2, invalid: 3 };

/**
 * Throws EngineError('malformed' | 'too-large' | 'invalid-argument') only when the bytes are not a SignedData at all;
 * every per-signer problem is reported in the result instead.
 */
export async function verifySignedData(cms: Uint8Array, opts: VerifySignedDataOptions = {}): Promise<SignedDataVerification> {
  try {
    return await verifyUnsafe(cms, opts);
  } catch (e) {
    if (e instanceof EngineError) throw e;
    throw foreignError('malformed', 'Malformed CMS structure.', e);
  }
}

interface ContentVerdict {
  content?: Uint8Array;
  problem?: { status: SignerStatus; reason: string };
}

function chooseContent(sd: ParsedSignedData, detachedContent: Uint8Array | undefined): ContentVerdict {
  if (detachedContent !== undefined) {
    if (!(detachedContent instanceof Uint8Array)) throw new EngineError('invalid-argument', 'detachedContent must be a Uint8Array');
    // eContent confusion: a multipart/signed whose signature carries other content must never verify.
    if (sd.eContent !== undefined) return { problem: { status: 'invalid', reason: ECONTENT_CONFUSION_REASON } };
    return { content: detachedContent };
  }
  if (sd.eContent !== undefined) return { content: sd.eContent };
  return { problem: { status: 'malformed', reason: 'detached signature without its content' } };
}

async function verifyUnsafe(cms: Uint8Array, opts: VerifySignedDataOptions): Promise<SignedDataVerification> {
  const sd = parseSignedData(cms);
  const detached = opts.detachedContent !== undefined;
  const verdict = chooseContent(sd, opts.detachedContent);
  const base = { contentType: sd.eContentType, content: verdict.content, detached, certificates: sd.certificates, crls: sd.crls };
  if (sd.signerInfos.length === 0) return { ...base, status: 'none', reason: 'the SignedData has no signers', signers: [] };

  // Embedded certificates are attacker-supplied, so bounded; extraCertificates come from our own address book.
  const certs = readCertificates([...sd.certificates.slice(0, 1000), ...(opts.extraCertificates ?? [])]);
  const digests = new Map<DigestName, Promise<Uint8Array>>();
  const contentDigest = (name: DigestName): Promise<Uint8Array> => {
    let p = digests.get(name);
    if (!p) {
      p = digestBytes(name, verdict.content ?? new Uint8Array(0));
      digests.set(name, p);
    }
    return p;
  };

  const signers: SignerVerification[] = [];
  for (const si of sd.signerInfos) signers.push(await checkSigner(si, sd, verdict, certs, contentDigest));

  let status: SignatureStatus = 'valid';
  let reason: string | undefined;
  signers.forEach((s, i) => {
    if (STATUS_RANK[s.status] > STATUS_RANK[status as SignerStatus]) {
      status = s.status;
      reason = signers.length > 1 ? `signer ${i + 1}: ${s.reason ?? s.status}` : s.reason;
    }
  });
  if (verdict.problem) reason = verdict.problem.reason;
  return { ...base, status, reason, signers };
}

function readCertificates(ders: Uint8Array[]): CertificateIds[] {
  const out: CertificateIds[] = [];
  for (const der of ders) {
    try {
      out.push(readCertificateIds(der));
    } catch {
      // An unparseable certificate simply cannot be the signer's.
    }
  }
  return out;
}

async function findCandidates(si: ParsedSignerInfo, certs: CertificateIds[]): Promise<CertificateIds[]> {
  const sid = si.sid;
  if (sid.type === 'issuerAndSerialNumber') {
    return certs.filter((c) => bytesEqual(c.serialNumber, sid.serialNumber) && bytesEqual(c.issuer, sid.issuer));
  }
  const out: CertificateIds[] = [];
  for (const c of certs) {
    // RFC 5280 §4.2.1.2 method 1 as a fallback for certificates without the extension.
    const ski = c.subjectKeyIdentifier ?? (await digestBytes('SHA-1', c.publicKey));
    if (bytesEqual(ski, sid.keyIdentifier)) out.push(c);
  }
  return out;
}

function single(attrs: Attribute[], oid: string): { value?: Uint8Array; problem?: string } {
  const found = attrs.filter((a) => a.oid === oid);
  if (found.length === 0) return {};
  if (found.length > 1 || found[0].values.length !== 1) return { problem: 'repeated' };
  return { value: found[0].values[0] };
}

async function checkSigner(
  si: ParsedSignerInfo,
  sd: ParsedSignedData,
  verdict: ContentVerdict,
  certs: CertificateIds[],
  contentDigest: (name: DigestName) => Promise<Uint8Array>,
): Promise<SignerVerification> {
  const digestName = digestNameForOid(si.digestAlgorithm.oid);
  const result: SignerVerification = {
    status: 'valid',
    digestAlgorithm: digestName ?? si.digestAlgorithm.oid,
    signatureAlgorithm: si.signatureAlgorithm.oid,
    weakDigest: isWeakDigest(digestName),
    sid: si.sid,
  };
  const fail = (status: SignerStatus, reason: string): SignerVerification => Object.assign(result, { status, reason });

  let scheme: SignatureScheme | undefined;
  let schemeError: string | undefined;
  try {
    scheme = resolveSignatureScheme(si.signatureAlgorithm, digestName);
    result.signatureAlgorithm = signatureSchemeName(scheme);
    if (scheme.kind !== 'ed25519' && isWeakDigest(scheme.hash)) result.weakDigest = true;
  } catch (e) {
    schemeError = ownText(e, 'the signature algorithm cannot be used');
  }

  // Informational attributes first, so they are reported whatever the verdict.
  const attrs = si.signedAttrs;
  let attrProblem: string | undefined;
  if (attrs) {
    const st = single(attrs, OID.signingTime);
    if (st.problem) attrProblem = 'signingTime attribute repeated';
    else if (st.value) {
      try {
        result.signingTime = decodeTime(parseBer(st.value));
      } catch {
        attrProblem = 'signingTime attribute is not a valid time';
      }
    }
    const caps = attrs.find((a) => a.oid === OID.smimeCapabilities);
    if (caps?.values.length === 1) {
      try {
        result.smimeCapabilities = parseSmimeCapabilities(caps.values[0]);
      } catch {
        // Advisory only; a bad list is ignored rather than failing the signature.
      }
    }
  }

  const candidates = await findCandidates(si, certs);
  if (candidates.length > 0) result.certificate = candidates[0].der;

  if (verdict.problem) return fail(verdict.problem.status, verdict.problem.reason);
  if (digestName === 'MD5' || (scheme && scheme.kind !== 'ed25519' && scheme.hash === 'MD5')) {
    result.weakDigest = true;
    return fail('invalid', 'MD5 is broken; the signature is not accepted');
  }
  if (!digestName) return fail('malformed', `unsupported digest algorithm ${si.digestAlgorithm.oid}`);
  if (!scheme) return fail('malformed', schemeError ?? 'unsupported signature algorithm');
  if (scheme.kind === 'ed25519' && digestName !== 'SHA-512') {
    // RFC 8419 §3: Ed25519 in CMS uses SHA-512 for the message digest.
    return fail('malformed', `Ed25519 signer uses ${digestName} instead of SHA-512`);
  }
  const content = verdict.content ?? new Uint8Array(0);

  let signedBytes: Uint8Array;
  let essRefs: EssCertId[] = [];
  if (attrs && si.signedAttrsDer) {
    if (attrs.length === 0) return fail('invalid', 'signedAttrs is present but empty');
    const ct = single(attrs, OID.contentType);
    if (ct.problem) return fail('invalid', 'contentType attribute repeated');
    if (!ct.value) return fail('invalid', 'contentType attribute missing');
    let ctOid: string;
    try {
      ctOid = readOid(parseBer(ct.value));
    } catch {
      return fail('invalid', 'contentType attribute is not an OID');
    }
    if (ctOid !== sd.eContentType) return fail('invalid', `contentType attribute (${ctOid}) does not match eContentType (${sd.eContentType})`);
    const md = single(attrs, OID.messageDigest);
    if (md.problem) return fail('invalid', 'messageDigest attribute repeated');
    if (!md.value) return fail('invalid', 'messageDigest attribute missing');
    let mdBytes: Uint8Array;
    try {
      mdBytes = contentBytes(expectUniversal(parseBer(md.value), TAG_OCTET_STRING, 'messageDigest'));
    } catch {
      return fail('invalid', 'messageDigest attribute is not an OCTET STRING');
    }
    if (!bytesEqual(mdBytes, await contentDigest(digestName))) return fail('invalid', 'message digest does not match the content');
    if (attrProblem) return fail('malformed', attrProblem);
    const ess = readSigningCertificateRefs(attrs);
    if (ess.problem !== undefined) return fail('malformed', ess.problem);
    essRefs = ess.refs;
    signedBytes = si.signedAttrsDer;
  } else {
    if (sd.eContentType !== OID.data) return fail('invalid', 'content other than id-data signed without signed attributes');
    signedBytes = content;
  }

  if (candidates.length === 0) return fail('signer-unknown', "the signer's certificate is not available");
  let keyError: string | undefined;
  let essMismatch: string | undefined;
  let checked = false;
  for (const cand of candidates) {
    let key: VerificationKey;
    try {
      key = readVerificationKey(cand);
    } catch (e) {
      keyError = ownText(e, 'the signer public key cannot be read');
      continue;
    }
    let ok: boolean;
    try {
      ok = await verifySignature(scheme, key, signedBytes, si.signature);
    } catch (e) {
      keyError = ownText(e, 'the signature could not be checked with the signer public key');
      continue;
    }
    if (key.kind === 'rsa') result.rsaKeyBits = key.bits;
    result.signatureAlgorithm = signatureSchemeName(scheme, key);
    checked = true;
    if (!ok) continue;
    result.certificate = cand.der;
    // Same key, other certificate: keep looking, since the named certificate may also be among the candidates.
    essMismatch = await signingCertificateMismatch(essRefs, cand);
    if (essMismatch === undefined) return result;
  }
  if (essMismatch !== undefined) return fail('invalid', essMismatch);
  // No candidate key could even be used (unsupported curve, bad key): we cannot say the signature is wrong.
  if (!checked && keyError !== undefined) return fail('malformed', keyError);
  return fail('invalid', 'the signature does not match the signed data');
}
