// The one presentation model of a signature verdict, for people: a summary in the same words as the status bar,
// who signed, who issued the certificate, a line per check, and the technical facts to fold away. The Details
// frame inside webmail and the "Open a message file" page both render this, so they cannot disagree.
import type { CertificateSummary, SignerReport, VerifyResult, Warning, WarningCode } from '../crypto/types';
import { classifyVerify, type Tone, type Verdict } from '../content/verdict';
import { issuerName, personName } from './certificate-names';
import { engineReasonText } from './engine-reason-text';
import { formatDate, formatDateTime, t } from './i18n';
import { revocationLine } from './revocation-line';
import { revocationText } from './revocation-text';

export type CheckName = 'signature' | 'trust' | 'sender' | 'coverage' | 'revocation';

/** One line of "what was checked": a translated label and sentence, with the tone of its outcome. */
export interface CheckLine {
  check: CheckName;
  tone: Tone;
  label: string;
  text: string;
}

/** A labelled fact; `data` marks values that are data (names, hex, algorithm names), not words to translate. */
export interface Fact {
  label: string;
  value: string;
  data?: boolean;
}

export interface SignerView {
  /** "who signed it": name, address, and the organisation only where the CA validated it. */
  who: Fact[];
  /** "issued by": the issuer in words and the validity in local time. */
  issuedBy: Fact[];
  technical: Fact[];
  chain: { title: string; facts: Fact[] }[];
}

export interface VerdictModel {
  verdict: Verdict;
  /** The same sentence as the status bar and the toolbar popup. */
  summary: string;
  /** Translated warnings that add to the summary. */
  notes: string[];
  signers: SignerView[];
  checks: CheckLine[];
  technical: Fact[];
  /** The engine's own English wording, for a support request; shown folded, marked as English. */
  engineText: string[];
}

/** Every warning code in words; a new code fails to compile until it has a translation. */
const WARNING_TEXT: Record<WarningCode, string | null> = {
  'weak-digest': 'warnWeakDigest',
  'weak-key': 'warnWeakKey',
  'duplicate-from': 'warnDuplicateFrom',
  'display-name-address': 'warnDisplayNameAddress',
  'sender-header-mismatch': 'warnSenderHeaderMismatch',
  'protected-from-differs': 'warnProtectedFromDiffers',
  'partial-coverage': null, // the coverage line says it
  'visible-text-unsigned': null, // the summary and the coverage line say it
  'signing-time-missing': 'warnSigningTimeMissing',
  'signing-time-future': 'warnSigningTimeFuture',
  'certificate-expired-now': 'warnExpiredNow',
  'revocation-unchecked': null, // the revocation line says it
  'multiple-signers': 'warnMultipleSigners',
  'nested-signature': 'warnNestedSignature',
  'not-integrity-protected': 'decryptedNotIntegrityProtected',
  'econtent-in-detached': 'reasonEcontentConfusion',
  'orphan-signature': null, // the summary says it
  'unknown-critical-extension': 'warnUnknownCriticalExtension',
  other: 'warnOther',
};

export function warningText(w: Warning, r: Pick<VerifyResult, 'signers'>): string | null {
  const name = WARNING_TEXT[w.code];
  if (name === undefined) return t('warnOther');
  if (name === null) return null;
  return t(name, w.code === 'multiple-signers' ? [r.signers.length] : []);
}

/** The signer the summary speaks of: the first valid one, else the first. */
export function mainSigner(r: VerifyResult): SignerReport | undefined {
  return r.signers.find((s) => s.status === 'valid') ?? r.signers[0];
}

function signatureLine(r: VerifyResult): CheckLine {
  const label = t('checkSignature');
  const orphan = r.warnings.some((w) => w.code === 'orphan-signature') && r.coverage === 'none';
  switch (orphan ? 'none' : r.signature) {
    case 'valid':
      return { check: 'signature', tone: 'good', label, text: t('checkSignatureValid') };
    case 'invalid':
      return { check: 'signature', tone: 'bad', label, text: `${t('checkSignatureInvalid')} ${engineReasonText(r.reason, 'invalid')}`.trim() };
    case 'signer-unknown':
      return { check: 'signature', tone: 'warn', label, text: t('checkSignatureSignerUnknown') };
    case 'malformed':
      return { check: 'signature', tone: 'bad', label, text: `${t('checkSignatureMalformed')} ${engineReasonText(r.reason, 'malformed')}`.trim() };
    default:
      return { check: 'signature', tone: 'bad', label, text: orphan ? t('checkSignatureOrphan') : t('checkSignatureNone') };
  }
}

function trustLine(r: VerifyResult, s: SignerReport | undefined): CheckLine {
  const label = t('checkTrust');
  const leaf = s?.certificate;
  if (!s || !leaf || r.signature !== 'valid') return { check: 'trust', tone: 'neutral', label, text: t('checkTrustNotChecked') };
  switch (s.trust) {
    case 'trusted':
      return { check: 'trust', tone: 'good', label, text: t('checkTrustTrusted', [issuerName(leaf)]) };
    case 'expired': {
      // The chain may have expired at a CA rather than at the signer's own certificate.
      const expired = [leaf, ...s.chain].find((c) => new Date(c.notAfter).getTime() < Date.now()) ?? leaf;
      return { check: 'trust', tone: 'warn', label, text: t('checkTrustExpired', [formatDate(expired.notAfter)]) };
    }
    case 'not-yet-valid':
      return { check: 'trust', tone: 'warn', label, text: t('checkTrustNotYetValid', [formatDate(leaf.notBefore)]) };
    case 'revoked':
      return { check: 'trust', tone: 'bad', label, text: t('checkTrustRevoked') };
    case 'wrong-usage':
      return { check: 'trust', tone: 'warn', label, text: t('checkTrustWrongUsage') };
    case 'untrusted':
      return { check: 'trust', tone: 'warn', label, text: leaf.selfSigned ? t('checkTrustSelfSigned') : t('checkTrustUntrusted', [issuerName(leaf)]) };
    default:
      return { check: 'trust', tone: 'neutral', label, text: t('checkTrustNotChecked') };
  }
}

function senderLine(r: VerifyResult, s: SignerReport | undefined): CheckLine {
  const label = t('checkSender');
  const from = r.from.join(', ');
  if (r.sender === 'match') return { check: 'sender', tone: 'good', label, text: t('checkSenderMatch', [from]) };
  if (r.sender === 'mismatch') {
    const cert = s?.certificate?.emails.join(', ') || t('checkNoAddress');
    return { check: 'sender', tone: 'bad', label, text: t('checkSenderMismatch', [from || t('checkNoAddress'), cert]) };
  }
  if (r.signature === 'valid' && s?.certificate && s.certificate.emails.length === 0) return { check: 'sender', tone: 'warn', label, text: t('checkSenderNoAddressInCertificate') };
  return { check: 'sender', tone: 'neutral', label, text: t('checkSenderNotChecked') };
}

function coverageLine(r: VerifyResult): CheckLine {
  const label = t('checkCoverage');
  if (r.coverage === 'full') return { check: 'coverage', tone: 'good', label, text: t('checkCoverageFull') };
  if (r.coverage === 'partial') {
    const attachedOnly = r.warnings.some((w) => w.code === 'visible-text-unsigned');
    return { check: 'coverage', tone: 'warn', label, text: attachedOnly ? t('checkCoverageAttachedOnly') : t('checkCoveragePartial') };
  }
  return { check: 'coverage', tone: 'bad', label, text: t('checkCoverageNone') };
}

function certificateFacts(c: CertificateSummary): Fact[] {
  return [
    { label: t('detailsSubject'), value: c.subject, data: true },
    { label: t('detailsEmails'), value: c.emails.join(', ') || t('checkNoAddress'), data: c.emails.length > 0 },
    { label: t('detailsIssuer'), value: c.issuer, data: true },
    { label: t('detailsValidity'), value: t('certValidityRange', [formatDateTime(c.notBefore), formatDateTime(c.notAfter)]) },
    { label: t('detailsKey'), value: c.keyType, data: true },
    { label: t('detailsSerial'), value: formatHexGroups(c.serial), data: true },
    { label: t('certFingerprint'), value: formatHexGroups(c.sha256), data: true },
  ];
}

/** "AB:CD:…", the way other tools print fingerprints and serials, so people can compare them by eye. */
export function formatHexGroups(hex: string): string {
  return (hex.toUpperCase().match(/.{1,2}/g) ?? []).join(':');
}

const VALIDATION_TEXT: Record<NonNullable<SignerReport['validation']>['type'], string> = {
  mailbox: 'validationMailbox',
  individual: 'validationIndividual',
  organization: 'validationOrganization',
  sponsor: 'validationSponsor',
  unknown: 'validationUnknown',
};

function signerView(s: SignerReport): SignerView {
  const c = s.certificate;
  const who: Fact[] = [];
  const issuedBy: Fact[] = [];
  if (c) {
    // Names the CA validated lead; a name it did not check is shown as what it is, the holder's own words.
    const v = s.validation;
    const person = personName(c);
    if (v?.person) who.push({ label: t('whoNameValidated'), value: v.person, data: true });
    if (v?.organization) who.push({ label: t('whoOrganisation'), value: v.organization, data: true });
    if (!v?.person && person.name) who.push({ label: t('whoNameUnchecked'), value: person.name, data: true });
    who.push({ label: t('whoAddress'), value: person.address || t('checkNoAddress'), data: Boolean(person.address) });
    if (v) who.push({ label: t('whoValidation'), value: t(v.userRoot ? 'validationUserRoot' : VALIDATION_TEXT[v.type]) });
    issuedBy.push({ label: t('issuedByName'), value: issuerName(c), data: !c.selfSigned });
    issuedBy.push({ label: t('issuedByValidity'), value: t('certValidityRange', [formatDateTime(c.notBefore), formatDateTime(c.notAfter)]) });
  } else {
    who.push({ label: t('detailsSigner'), value: t('whoUnknown') });
  }
  if (s.signingTime) who.push({ label: t('whoSignedAt'), value: t('whoSignedAtClaim', [formatDateTime(s.signingTime)]) });
  const technical: Fact[] = [
    { label: t('detailsAlgorithms'), value: `${s.digestAlgorithm}, ${s.signatureAlgorithm}`, data: true },
  ];
  if (s.signingTime) technical.push({ label: t('detailsSigningTime'), value: s.signingTime, data: true });
  const chain = (s.chain.length > 0 ? s.chain : c ? [c] : []).map((cert, j, all) => ({
    title: `${j + 1}. ${cert.commonName ?? cert.subject}`,
    // Every certificate but the trust anchor has its own revocation answer, with date, reason and source.
    facts: j < all.length - 1 || s.chain.length === 0 ? [...certificateFacts(cert), certificateRevocationFact(s, cert.sha256)] : certificateFacts(cert),
  }));
  return { who, issuedBy, technical, chain };
}

const FORM_TEXT: Record<VerifyResult['form'], string> = {
  'multipart-signed': 'formMultipartSigned',
  opaque: 'formOpaque',
  none: 'formNone',
};

/** `verdict`: the bar's own verdict when it knows more (the address book's sender signals); else the message's. */
export function verdictModel(r: VerifyResult, given?: Verdict): VerdictModel {
  const verdict = given ?? classifyVerify(r);
  const signer = mainSigner(r);
  const notes = [
    ...(verdict.notes ?? []).map((n) => t(n.messageName, n.substitutions)),
    ...r.warnings.map((w) => warningText(w, r)).filter((x): x is string => x !== null),
  ];
  const checks = [signatureLine(r), trustLine(r, signer), senderLine(r, signer), coverageLine(r), revocationLine(r, signer)];
  const engineText = [r.reason, ...r.signers.flatMap((s) => [s.reason, ...s.trustReasons]), ...r.warnings.map((w) => w.message)].filter(
    (x): x is string => typeof x === 'string' && x.length > 0,
  );
  return {
    verdict,
    summary: t(verdict.messageName, verdict.substitutions),
    notes: [...new Set(notes)],
    signers: r.signers.map(signerView),
    checks,
    technical: [
      { label: t('detailsForm'), value: t(FORM_TEXT[r.form]) },
      { label: t('detailsFrom'), value: r.from.join(', ') || t('checkNoAddress'), data: r.from.length > 0 },
    ],
    engineText: [...new Set(engineText)],
  };
}

/** One certificate's revocation answer as a fact of its chain entry. */
function certificateRevocationFact(s: SignerReport, sha256: string): Fact {
  return { label: t('detailsRevocation'), value: revocationText(s.revocationChecks?.find((r) => r.sha256 === sha256)) };
}
