// The message verdict: parse the MIME, find the signature, check every signer's CMS signature,
// build and check each signer's chain, match the From address, and say honestly what is covered.
// Unusable input gives signature 'malformed' with a reason, never an exception.
import { EngineError, toEngineError } from '../errors';
import { canonicalizeCrlf } from '../mime/canonicalize-crlf';
import { parseMime, type MimeEntity } from '../mime/parse-mime';
import { contentTypeAmbiguity } from '../mime/parse-content-type';
import { decodeBody } from '../mime/decode-transfer-encoding';
import { checkSenderHeaders } from '../mime/check-sender-headers';
import { addressKey } from '../mime/address-key';
import { verifySignedData } from '../cms/verify-signed-data';
import type { SignedDataVerification, SignerVerification } from '../cms/cms-types';
import { validateChain, type TrustResult } from '../trust/validate-chain';
import type { MozillaEmailRoot } from '../trust/mozilla-email-roots.generated';
import { matchSender } from '../trust/match-sender';
import { summarizeCertificate } from '../x509/summarize-certificate';
import { parseCertificate } from '../x509/parse-certificate';
import { signerValidation } from '../x509/validation-type';
import type { SenderStatus, SignerReport, TrustStatus, VerifyResult, Warning } from '../types';
import { firstVisibleText, locateSmimeParts } from './locate-signature';
import { smimeKind } from './classify-entity';
import { sniffCmsContentType, CMS_SIGNED_DATA } from './sniff-cms';
import { OID } from '../asn1/oids';
import { createRevocationChecker, type RevocationSetup } from '../revocation/chain-revocation';

export interface VerifyMessageOptions {
  /** Roots the user chose to trust (DER). */
  userRoots?: Uint8Array[];
  /** Known intermediates and address-book certificates (DER), for finding signers and building chains. */
  extraCertificates?: Uint8Array[];
  useBundledRoots?: boolean;
  bundledRoots?: readonly MozillaEmailRoot[];
  now?: Date;
  /**
   * After decryption: the outer message's From, which is what the reader sees. It replaces any From inside,
   * since the inner entity's own headers are not covered by its signature.
   */
  outerFrom?: string[];
  /** With outerFrom: the outer message's From/Sender warnings (look-alike names), which are what the reader sees. */
  outerSenderWarnings?: Warning[];
  /**
   * Revocation sources beyond the message's own CRLs (which are always used): CRL files, a cache, and a fetcher
   * when the user allowed online checks. `require`: an unknown revocation status is not trusted.
   */
  revocation?: Omit<RevocationSetup, 'messageCrls'> & { require?: boolean };
}

const TRUST_SEVERITY: TrustStatus[] = ['revoked', 'wrong-usage', 'untrusted', 'expired', 'not-yet-valid', 'unknown', 'trusted'];

export async function verifyMessage(raw: Uint8Array, opts: VerifyMessageOptions = {}): Promise<VerifyResult> {
  return verifyBytes(raw, opts, false);
}

/** verifyMessage for bytes already in canonical CRLF form (e.g. decrypted content): skips a second scan. */
export async function verifyCanonicalMessage(canonical: Uint8Array, opts: VerifyMessageOptions = {}): Promise<VerifyResult> {
  return verifyBytes(canonical, opts, true);
}

async function verifyBytes(raw: Uint8Array, opts: VerifyMessageOptions, canonical: boolean): Promise<VerifyResult> {
  let root: MimeEntity;
  try {
    if (looksLikeBareCms(raw)) return await verifyBareCms(raw, opts);
    root = parseMime(canonical ? raw : canonicalizeCrlf(raw));
  } catch (e) {
    return malformed(toEngineError(e).message, []);
  }
  return verifyEntity(root, opts);
}

/** Verify an already-parsed message (also used for the inner entity after decryption). */
export async function verifyEntity(root: MimeEntity, opts: VerifyMessageOptions = {}): Promise<VerifyResult> {
  const senderCheck = checkSenderHeaders(root);
  // Inside an encrypted message the displayed sender is the outer From: headers of the inner entity are not
  // covered by any signature, so they must not replace it.
  const from = opts.outerFrom !== undefined ? opts.outerFrom : senderCheck.from;
  // Display-name and group-name tricks are among these warnings (one check, so never reported twice). Inside an
  // encrypted message they are the outer headers' warnings: the inner entity's own From is not what is shown.
  const warnings: Warning[] = opts.outerFrom !== undefined ? [...(opts.outerSenderWarnings ?? [])] : [...senderCheck.warnings];
  const ambiguous = ambiguousStructure(root);
  if (ambiguous) return malformed(ambiguous, from, warnings);
  const parts = locateSmimeParts(root);

  if (!parts.signed) {
    if (parts.orphanSignatures.length > 0) {
      return {
        ...base(from, warnings),
        signature: 'invalid',
        reason: 'The message carries a signature file (smime.p7s) that does not sign it.',
        warnings: [...warnings, { code: 'orphan-signature', message: 'A signature attachment is present but the message is not in signed form; this is a common sign of forgery.' }],
      };
    }
    return { ...base(from, warnings), signature: 'none', reason: 'The message is not signed.' };
  }

  const { entity, kind, isRoot } = parts.signed;
  let cms: SignedDataVerification;
  let signedContent: Uint8Array | undefined;
  let contentEntity: MimeEntity | undefined;
  try {
    if (kind === 'multipart-signed') {
      const [content, signature] = entity.children;
      if (!content || !signature || entity.truncated) throw new EngineError('malformed', 'The signed message is incomplete (a part or the closing boundary is missing).');
      // Anything else is ambiguous: another program may show a part we did not verify.
      if (entity.children.length !== 2) throw new EngineError('malformed', `A signed message must have exactly two parts; this one has ${entity.children.length}.`);
      signedContent = content.raw;
      contentEntity = content;
      cms = await verifySignedData(decodeBody(signature), { detachedContent: content.raw, extraCertificates: opts.extraCertificates });
    } else {
      cms = await verifySignedData(decodeBody(entity), { extraCertificates: opts.extraCertificates });
      signedContent = cms.content;
      // The opaque content is the message shown, so it gets the same ambiguity checks as a multipart/signed part.
      if (signedContent) contentEntity = parseSignedContent(signedContent);
    }
    notMailProblem(cms.contentType);
  } catch (e) {
    return malformed(toEngineError(e).message, from, warnings);
  }

  if (!isRoot) {
    warnings.push({ code: 'partial-coverage', message: 'Only part of this message is signed; other parts were added outside the signature.' });
    // The signed part may sit below unsigned text (an attachment): then what the reader sees is not signed at all.
    const text = firstVisibleText(root);
    if (text && !(text.start >= entity.start && text.end <= entity.end)) {
      warnings.push({ code: 'visible-text-unsigned', message: 'The text you see is not covered by the signature; only an attached part is signed.' });
    }
  }
  if (parts.otherSigned.length > 0) warnings.push({ code: 'partial-coverage', message: 'The message contains several separately signed parts.' });
  if (parts.orphanSignatures.length > 0) warnings.push({ code: 'orphan-signature', message: 'A further signature attachment signs nothing.' });
  if (signedContent && hasNestedSignature(signedContent)) warnings.push({ code: 'nested-signature', message: 'The signed content is itself a signed message; only the outer signature is shown.' });
  if (cms.signers.length > 1) warnings.push({ code: 'multiple-signers', message: `The message has ${cms.signers.length} signers.` });

  const now = opts.now ?? new Date();
  const signers = await Promise.all(cms.signers.map((s) => reportSigner(s, cms.certificates, opts, now, warnings, cms.crls)));
  const trust = signers.length === 0 ? 'unknown' : worstTrust(signers.map((s) => s.trust));
  const fromHeaderPresent = root.headers.some((h) => h.name.toLowerCase() === 'from');
  const covered = protectedFrom(contentEntity, signedContent, warnings);
  if (covered !== undefined && !sameAddresses(covered, from)) {
    warnings.push({
      code: 'protected-from-differs',
      message: `The signed message says it is from ${covered.join(', ') || 'no address'}, but the From shown is ${from.join(', ') || 'no address'}.`,
    });
  }
  // The From the signature covers decides, when there is one; otherwise the From shown.
  const sender =
    covered !== undefined
      ? senderStatus(covered, signers, true)
      : senderStatus(from, signers, opts.outerFrom === undefined && fromHeaderPresent && senderCheck.from.length === 0);

  const result: VerifyResult = {
    signature: cms.status,
    trust,
    sender,
    coverage: cms.status === 'none' ? 'none' : isRoot ? 'full' : 'partial',
    form: kind === 'multipart-signed' ? 'multipart-signed' : 'opaque',
    signers,
    warnings: dedupe(warnings),
    from,
    signedContent,
  };
  if (covered !== undefined) result.coveredFrom = covered;
  if (cms.reason) result.reason = cms.reason;
  else if (cms.status === 'none') result.reason = 'The signature has no signers, so nothing is signed.';
  return result;
}

async function reportSigner(
  s: SignerVerification,
  messageCerts: Uint8Array[],
  opts: VerifyMessageOptions,
  now: Date,
  warnings: Warning[],
  messageCrls: Uint8Array[] = [],
): Promise<SignerReport> {
  const report: SignerReport = {
    status: s.status,
    digestAlgorithm: s.digestAlgorithm,
    signatureAlgorithm: s.rsaKeyBits ? `${s.signatureAlgorithm} (${s.rsaKeyBits}-bit)` : s.signatureAlgorithm,
    trust: 'unknown',
    trustReasons: [],
    chain: [],
    revocation: 'unknown',
  };
  if (s.reason) report.reason = s.reason;
  if (s.signingTime) report.signingTime = s.signingTime.toISOString();
  if (s.smimeCapabilities) report.smimeCapabilities = s.smimeCapabilities;
  if (s.weakDigest) warnings.push({ code: 'weak-digest', message: `The signature uses ${s.digestAlgorithm}, which is no longer safe.` });
  if (s.rsaKeyBits && s.rsaKeyBits < 2048) warnings.push({ code: 'weak-key', message: `The signer's RSA key has only ${s.rsaKeyBits} bits.` });
  if (!s.signingTime && s.status === 'valid') warnings.push({ code: 'signing-time-missing', message: 'The signature does not say when it was made.' });
  if (s.signingTime && s.signingTime.getTime() > now.getTime() + 24 * 3600_000) warnings.push({ code: 'signing-time-future', message: 'The signing time is in the future.' });
  if (!s.certificate) {
    report.trustReasons.push('The signer certificate is not in the message.');
    return report;
  }
  report.certificateDer = s.certificate;
  try {
    report.certificate = await summarizeCertificate(s.certificate);
  } catch (e) {
    report.trustReasons.push(`The signer certificate cannot be read: ${toEngineError(e).message}`);
    report.trust = 'untrusted';
    return report;
  }
  let trust: TrustResult;
  try {
    trust = await validateChain({
      leaf: s.certificate,
      candidates: [...messageCerts, ...(opts.extraCertificates ?? [])],
      userRoots: opts.userRoots,
      useBundledRoots: opts.useBundledRoots,
      bundledRoots: opts.bundledRoots,
      signingTime: s.signingTime,
      now,
      purpose: 'smime-sign',
      revocationChecker: createRevocationChecker({ ...opts.revocation, messageCrls }),
    });
  } catch (e) {
    report.trust = 'untrusted';
    report.trustReasons.push(toEngineError(e).message);
    report.validation = signerValidation(parseCertificate(s.certificate), report.trust);
    return report;
  }
  report.trust = trust.status;
  report.trustReasons = trust.reasons;
  // The signing time is the signer's own claim, so a certificate that has expired since is reported as
  // expired: a stolen key from an expired certificate could otherwise back-date new signatures.
  if (trust.status === 'trusted' && trust.warnings.some((w) => w.code === 'certificate-expired-now')) {
    report.trust = 'expired';
    report.trustReasons = [...trust.reasons, 'The certificate was valid when the message says it was signed, but has expired since.'];
  }
  report.revocation = trust.revocation;
  if (trust.revocationChecks) report.revocationChecks = trust.revocationChecks;
  // Revoked after the claimed signing time is still revoked: that time is the signer's own claim, and we have no
  // independent evidence of time (no timestamp token), even for reasons RFC 5280 lets keep older signatures good.
  const later = (trust.revocationChecks ?? []).find((c) => c.status === 'revoked' && c.revokedAt && s.signingTime && Date.parse(c.revokedAt) > s.signingTime.getTime());
  if (later) {
    report.trustReasons = [
      ...report.trustReasons,
      `The certificate was revoked (${later.revokedAt}) after the time the message says it was signed; that time is the signer's own claim and the message carries no independent proof of it, so the signature is not trusted.`,
    ];
  }
  // Require mode: a chain that is otherwise good but whose revocation status is unknown is not trusted.
  if (opts.revocation?.require && report.trust === 'trusted' && trust.revocation !== 'good') {
    report.trust = 'unknown';
    report.trustReasons = ['The revocation status could not be checked, and checking is required.'];
    const why = (trust.revocationChecks ?? []).find((c) => c.status === 'unknown')?.why;
    warnings.push({ code: 'revocation-unchecked', message: `Revocation could not be checked${why ? `: ${why}` : ''}.` });
  }
  report.validation = signerValidation(parseCertificate(s.certificate), report.trust, { anchor: trust.anchor, validPolicies: trust.validPolicies });
  warnings.push(...trust.warnings);
  report.chain = await Promise.all(trust.chain.map((der) => summarizeCertificate(der).catch(() => undefined))).then((l) => l.filter((x) => x !== undefined));
  return report;
}

/**
 * The From inside the signed content when it is marked as carrying protected headers (protected-headers="v1", or
 * RFC 9788's hp="clear"/"cipher"); undefined when the content has no such From. Look-alike checks apply to it too.
 */
function protectedFrom(content: MimeEntity | undefined, bytes: Uint8Array | undefined, warnings: Warning[]): string[] | undefined {
  let e = content;
  if (e === undefined && bytes !== undefined) {
    try {
      e = parseMime(canonicalizeCrlf(bytes));
    } catch {
      return undefined;
    }
  }
  if (e === undefined) return undefined;
  const p = e.contentType.params;
  if (p['protected-headers'] === undefined && p.hp === undefined) return undefined;
  if (!e.headers.some((h) => h.name.toLowerCase() === 'from')) return undefined;
  const check = checkSenderHeaders(e);
  warnings.push(...check.warnings);
  return check.from;
}

function sameAddresses(a: string[], b: string[]): boolean {
  const ka = new Set(a.map(addressKey));
  const kb = new Set(b.map(addressKey));
  return ka.size === kb.size && [...ka].every((k) => kb.has(k));
}

function senderStatus(from: string[], signers: SignerReport[], fromHeaderPresent = false): SenderStatus {
  // A From header with no address in it ("From: The Manager") cannot be the signer's.
  if (from.length === 0) return fromHeaderPresent && signers.some((s) => s.certificate) ? 'mismatch' : 'unknown';
  const emails = signers.filter((s) => s.certificate).map((s) => s.certificate!.emails);
  if (emails.length === 0 || emails.every((e) => e.length === 0)) return 'unknown';
  // Every From address must belong to a signer; several From addresses are matched one by one.
  return from.every((addr) => emails.some((e) => matchSender(addr, e) === 'match')) ? 'match' : 'mismatch';
}

/**
 * Structure that another mail program could read differently (two Content-Type headers, a boundary parameter others
 * read differently, a line that prefix-matching parsers take as a delimiter): the message is not given a verdict,
 * since the text another program shows could lie outside what we verified.
 */
function ambiguousStructure(root: MimeEntity): string | undefined {
  const all: MimeEntity[] = [];
  const walk = (e: MimeEntity): void => {
    all.push(e);
    for (const c of e.children) walk(c);
  };
  walk(root);
  for (const e of all) {
    const types = e.headers.filter((h) => h.name.toLowerCase() === 'content-type');
    if (types.length > 1) return 'The message has two Content-Type headers for one part; its structure is ambiguous.';
    if (types.length === 1) {
      const problem = contentTypeAmbiguity(foldedValue(types[0].raw));
      if (problem) return problem;
    }
    if (e.boundaryPrefixLine) return 'A line in the message starts like a part boundary but is not one; mail programs split such a message differently.';
  }
  return undefined;
}

/** Parse opaque signed content (what the reader is shown); throws 'malformed' when its structure is ambiguous. */
function parseSignedContent(content: Uint8Array): MimeEntity {
  const e = parseMime(canonicalizeCrlf(content));
  const ambiguous = ambiguousStructure(e);
  if (ambiguous) throw new EngineError('malformed', ambiguous);
  return e;
}

// The header value as written, line breaks kept (Latin-1 keeps every byte as one character).
function foldedValue(raw: Uint8Array): string {
  const text = latin1.decode(raw);
  return text.slice(text.indexOf(':') + 1).replace(/\r?\n$/, '');
}
const latin1 = new TextDecoder('latin1');

/**
 * S/MIME signs a MIME entity, which is always id-data (RFC 8551 §3.1). Other signed content (a timestamp token,
 * a receipt, anything another protocol signed) would be shown as mail it never was; for a detached signature the
 * CMS layer has already tied the signer's contentType attribute to this eContentType.
 */
function notMailProblem(contentType: string): void {
  if (contentType !== OID.data) throw new EngineError('malformed', `The signed content is not a mail message (eContentType ${contentType})`);
}

function worstTrust(list: TrustStatus[]): TrustStatus {
  let worst = TRUST_SEVERITY.length - 1;
  for (const t of list) worst = Math.min(worst, TRUST_SEVERITY.indexOf(t));
  return TRUST_SEVERITY[worst];
}

function hasNestedSignature(content: Uint8Array): boolean {
  try {
    const inner = parseMime(content, { maxDepth: 8, maxParts: 200 });
    const k = smimeKind(inner);
    return k === 'multipart-signed' || k === 'opaque-signed';
  } catch {
    return false;
  }
}

function looksLikeBareCms(raw: Uint8Array): boolean {
  return raw[0] === 0x30 && sniffCmsContentType(raw) !== undefined;
}

/** A .p7m file with no MIME around it: verify the opaque SignedData; its content is the message. */
async function verifyBareCms(der: Uint8Array, opts: VerifyMessageOptions): Promise<VerifyResult> {
  if (sniffCmsContentType(der) !== CMS_SIGNED_DATA) return { ...base(opts.outerFrom ?? [], []), signature: 'none', reason: 'The file is CMS, but not signed data.' };
  const cms = await verifySignedData(der, { extraCertificates: opts.extraCertificates });
  try {
    notMailProblem(cms.contentType);
  } catch (e) {
    return malformed(toEngineError(e).message, opts.outerFrom ?? []);
  }
  if (cms.content) {
    try {
      parseSignedContent(cms.content);
    } catch (e) {
      return malformed(toEngineError(e).message, opts.outerFrom ?? []);
    }
  }
  const warnings: Warning[] = [];
  const now = opts.now ?? new Date();
  const signers = await Promise.all(cms.signers.map((s) => reportSigner(s, cms.certificates, opts, now, warnings, cms.crls)));
  let from = opts.outerFrom ?? [];
  if (cms.content && from.length === 0) {
    try {
      const check = checkSenderHeaders(parseMime(canonicalizeCrlf(cms.content)));
      from = check.from;
      warnings.push(...check.warnings);
    } catch {
      from = [];
    }
  }
  const result: VerifyResult = {
    signature: cms.status,
    trust: signers.length === 0 ? 'unknown' : worstTrust(signers.map((s) => s.trust)),
    sender: senderStatus(from, signers),
    coverage: cms.status === 'none' ? 'none' : 'full',
    form: 'opaque',
    signers,
    warnings: dedupe(warnings),
    from,
    signedContent: cms.content,
  };
  if (cms.reason) result.reason = cms.reason;
  return result;
}

function base(from: string[], warnings: Warning[]): VerifyResult {
  return { signature: 'none', trust: 'unknown', sender: 'unknown', coverage: 'none', form: 'none', signers: [], warnings: dedupe(warnings), from };
}

function malformed(reason: string, from: string[], warnings: Warning[] = []): VerifyResult {
  return { ...base(from, warnings), signature: 'malformed', reason };
}

function dedupe(warnings: Warning[]): Warning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const k = `${w.code}|${w.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
