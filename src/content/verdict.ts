// Turns the engine's VerifyResult (and decryption outcomes) into the one verdict a reader sees, in priority order:
// a broken signature beats everything, then a sender mismatch, then certificate problems.
import type { VerifyResult, SignerReport } from '../crypto/types';
import type { SenderContext, SenderSignals, TabVerdict } from '../shared/messages';
import { formatDate, t } from '../ui/i18n';

export type VerdictKind =
  | 'checking'
  | 'signed'
  | 'fake-signature'
  | 'tampered'
  | 'sender-mismatch'
  | 'partial'
  | 'attachment-signed'
  | 'certificate-changed'
  | 'sender-unknown'
  | 'name-shows-other-address' // signed by the From address, but a display or group name shows another address
  | 'expired'
  | 'revoked'
  | 'revocation-unchecked'
  | 'untrusted'
  | 'signer-unknown'
  | 'encrypted'
  | 'decrypting'
  | 'not-for-you'
  | 'locked'
  | 'error'
  | 'download-hint'
  | 'unavailable'
  | 'lookalike' // the sender imitates an address in the address book
  | 'signature-missing' // unsigned mail from an address that normally signs
  | 'sender-unchecked'; // the address book was not asked (look-up budget used up): said, not silent

export type Tone = 'good' | 'bad' | 'warn' | 'neutral';

/** A line under the main one: i18n message name and substitutions. */
export interface VerdictNote {
  messageName: string;
  substitutions: string[];
}

export interface Verdict {
  kind: VerdictKind;
  tone: Tone;
  /** i18n message name and its substitutions. */
  messageName: string;
  substitutions: string[];
  /** Further, weaker facts, strongest first (e.g. "only the address was checked", "first signed mail"). */
  notes?: VerdictNote[];
}

const TONE: Record<VerdictKind, Tone> = {
  checking: 'neutral',
  decrypting: 'neutral',
  signed: 'good',
  encrypted: 'good',
  'fake-signature': 'bad',
  tampered: 'bad',
  'sender-mismatch': 'bad',
  partial: 'warn',
  'attachment-signed': 'warn',
  'certificate-changed': 'warn',
  'sender-unknown': 'warn',
  'name-shows-other-address': 'warn',
  expired: 'warn',
  revoked: 'bad',
  'revocation-unchecked': 'warn',
  untrusted: 'warn',
  'signer-unknown': 'warn',
  'not-for-you': 'neutral',
  locked: 'neutral',
  error: 'warn',
  'download-hint': 'warn',
  unavailable: 'warn',
  lookalike: 'bad',
  'signature-missing': 'warn',
  'sender-unchecked': 'neutral',
};

const MESSAGE: Record<VerdictKind, string> = {
  checking: 'statusChecking',
  decrypting: 'statusDecrypting',
  signed: 'statusSigned',
  encrypted: 'statusEncrypted',
  'fake-signature': 'statusFakeSignature',
  tampered: 'statusTampered',
  'sender-mismatch': 'statusSenderMismatch',
  partial: 'statusPartial',
  'attachment-signed': 'statusAttachmentSigned',
  'certificate-changed': 'statusCertificateChanged',
  'sender-unknown': 'statusSenderUnknown',
  'name-shows-other-address': 'statusNameShowsOtherAddress',
  expired: 'statusExpired',
  revoked: 'statusRevoked',
  'revocation-unchecked': 'statusRevocationUnchecked',
  untrusted: 'statusUntrusted',
  'signer-unknown': 'statusSignerUnknown',
  'not-for-you': 'statusNotForYou',
  locked: 'statusLocked',
  error: 'statusError',
  'download-hint': 'statusDownloadHint',
  unavailable: 'statusGmailChanged', // the adapter names its site (SiteAdapter.changedMessage)
  lookalike: 'statusLookalike',
  'signature-missing': 'statusSignatureMissing',
  'sender-unchecked': 'statusSenderUnchecked',
};

/** The look-alike line: names the imitated address when we know it (extension pages), else only the sender. */
function lookalikeVerdict(from: string, known: string | undefined): Verdict {
  return known ? makeVerdict('lookalike', [from, known]) : { ...makeVerdict('lookalike', [from]), messageName: 'statusLookalikeUnnamed' };
}

export function makeVerdict(kind: VerdictKind, substitutions: string[] = []): Verdict {
  return { kind, tone: TONE[kind], messageName: MESSAGE[kind], substitutions };
}

function firstSigner(r: VerifyResult): SignerReport | undefined {
  return r.signers.find((s) => s.status === 'valid') ?? r.signers[0];
}

/**
 * Who signed, as the reader sees it: the organisation or person only when the CA validated it (BR policy, trusted
 * chain), e.g. "株式会社デモ銀行（認証局が確認済み） <notice@bank.example>"; otherwise the address alone, because a
 * mailbox-validated certificate's name is whatever its holder typed.
 */
function signerName(s: SignerReport | undefined): [string, string] {
  const address = s?.certificate?.emails[0] || '?';
  const v = s?.validation;
  const names = [v?.organization, v?.person].filter((x): x is string => Boolean(x));
  return [names.length ? `${t('validatedName', [names.join(', ')])} <${address}>` : address, address];
}

/** True when the verdict names a signer the CA did not identify beyond the address. */
function addressOnly(s: SignerReport | undefined): boolean {
  return !!s?.certificate && !s.validation?.organization && !s.validation?.person;
}

/** The verdict for a verified message. Precedence: broken signature, then sender, then trust. */
export function classifyVerify(r: VerifyResult): Verdict {
  if (r.signature === 'malformed' || r.signature === 'none') return makeVerdict('fake-signature');
  // An smime.p7s that is not the signature of this message: a fake, not a tampered signature.
  if (r.warnings.some((w) => w.code === 'orphan-signature') && r.coverage === 'none') return makeVerdict('fake-signature');
  if (r.signature === 'invalid') return makeVerdict('tampered', signerName(firstSigner(r)));
  if (r.signature === 'signer-unknown') return makeVerdict('signer-unknown');
  const [name, address] = signerName(firstSigner(r));
  // A withdrawn certificate outranks everything but a broken signature: its key may be in someone else's hands.
  if (r.trust === 'revoked') return makeVerdict('revoked', [name, address]);
  if (r.sender === 'mismatch') return makeVerdict('sender-mismatch', [name, address, r.from.join(', ') || '?']);
  // Protected headers: the From the signature covers is not the From the webmail shows.
  if (r.warnings.some((w) => w.code === 'protected-from-differs')) return makeVerdict('sender-mismatch', [name, address, r.from.join(', ') || '?']);
  // Only the full message may be shown as signed: text added around a signed part is not the signer's.
  if (r.coverage !== 'full') {
    // Unsigned text above a signed attachment: what the reader sees is not the signer's at all.
    if (r.warnings.some((w) => w.code === 'visible-text-unsigned')) return makeVerdict('attachment-signed', [name, address]);
    return makeVerdict('partial', [name, address]);
  }
  if (r.sender !== 'match') return makeVerdict('sender-unknown', [name, address]);
  // The webmail may show the address in a display or group name as the sender: never green under that.
  if (r.warnings.some((w) => w.code === 'display-name-address')) return makeVerdict('name-shows-other-address', [name, address]);
  if (r.trust === 'expired') {
    const notAfter = firstSigner(r)?.certificate?.notAfter ?? '?';
    return makeVerdict('expired', [name, address, formatDate(notAfter)]);
  }
  if (r.trust === 'unknown' && r.warnings.some((w) => w.code === 'revocation-unchecked')) return makeVerdict('revocation-unchecked', [name, address]);
  if (r.trust !== 'trusted') return makeVerdict('untrusted', [name, address]);
  const signed = makeVerdict('signed', [name, address]);
  if (addressOnly(firstSigner(r))) signed.notes = [{ messageName: 'noteAddressOnly', substitutions: [] }];
  return signed;
}

/** The i18n name of a look-alike reason (message names cannot hold '-'). */
export function lookalikeReasonMessage(reason: string): string {
  return `lookalikeReason_${reason.replace(/-/g, '_')}`;
}

/**
 * Adds what the address book says about the sender to a verified message's verdict. The strongest signal leads:
 * a look-alike of a known sender outranks any good or cautionary verdict (which stays as a note); a bad verdict
 * (tampered, fake, mismatch) stays first and the look-alike follows it. First contact is a note on a good verdict.
 */
export function withSenderSignals(v: Verdict, from: string, signals: SenderSignals | undefined, firstContact = false): Verdict {
  const notes = [...(v.notes ?? [])];
  if (firstContact && (v.kind === 'signed' || v.kind === 'untrusted' || v.kind === 'certificate-changed')) {
    notes.push({ messageName: 'noteFirstContact', substitutions: [] });
  }
  // The look-up budget was used up: say the look-alike check did not run rather than imply it found nothing.
  if (signals?.unchecked) notes.push({ messageName: 'noteSenderUnchecked', substitutions: [] });
  const l = signals?.lookalike;
  if (!l) return notes.length ? { ...v, notes } : v;
  const lookalikeNote = { messageName: lookalikeReasonMessage(l.reason), substitutions: [] };
  const line = lookalikeVerdict(from, l.known);
  if (v.tone === 'bad') return { ...v, notes: [{ messageName: line.messageName, substitutions: line.substitutions }, lookalikeNote, ...notes] };
  const demoted = v.kind === 'signed' ? { messageName: 'noteWasSigned', substitutions: [from] } : { messageName: v.messageName, substitutions: v.substitutions };
  return { ...line, notes: [lookalikeNote, demoted, ...notes.filter((n) => n.messageName !== 'noteAddressOnly')] };
}

/**
 * The one verdict for a verified message with what the address book says about its sender: the status bar and the
 * Details panel both call this, so they agree (a changed certificate is never green in Details under a yellow bar).
 */
export function verdictWithSender(r: VerifyResult, ctx: SenderContext = {}): Verdict {
  const base = classifyVerify(r);
  const v = ctx.certificateChanged && base.kind === 'signed' ? { ...makeVerdict('certificate-changed', base.substitutions), notes: base.notes } : base;
  const from = r.from[0];
  return from ? withSenderSignals(v, from, ctx.signals, ctx.firstContact) : v;
}

/** The verdict for an unsigned message, from its sender's signals; null when there is nothing to say. */
export function unsignedVerdict(from: string, signals: SenderSignals | undefined): Verdict | null {
  if (!signals) return null;
  if (signals.unchecked) return makeVerdict('sender-unchecked', [from]);
  if (signals.lookalike) {
    const v = lookalikeVerdict(from, signals.lookalike.known);
    v.notes = [{ messageName: lookalikeReasonMessage(signals.lookalike.reason), substitutions: [] }];
    if (signals.signatureMissing) v.notes.push({ messageName: 'statusSignatureMissing', substitutions: [from] });
    return v;
  }
  if (signals.signatureMissing) return makeVerdict('signature-missing', [from]);
  return null;
}

/** What the toolbar badge shows for a verdict. */
export function tabVerdictOf(kind: VerdictKind): TabVerdict {
  switch (kind) {
    case 'signed':
      return 'valid';
    case 'encrypted':
      return 'encrypted';
    case 'fake-signature':
    case 'tampered':
    case 'sender-mismatch':
    case 'lookalike':
    case 'revoked':
      return 'invalid';
    case 'expired':
      return 'expired';
    case 'not-for-you':
      return 'not-for-you';
    case 'revocation-unchecked':
    case 'partial':
    case 'attachment-signed':
    case 'certificate-changed':
    case 'sender-unknown':
    case 'name-shows-other-address':
    case 'untrusted':
    case 'signer-unknown':
    case 'signature-missing':
      return 'untrusted';
    default:
      return 'none';
  }
}

const SEVERITY: Record<TabVerdict, number> = { invalid: 7, untrusted: 6, expired: 5, unavailable: 4, 'not-for-you': 3, valid: 2, encrypted: 1, none: 0 };

/** With several S/MIME messages open, the badge shows the worst one: a good verdict must not hide a bad one. */
export function worstTabVerdict(list: TabVerdict[]): TabVerdict {
  let worst: TabVerdict = 'none';
  for (const v of list) if (SEVERITY[v] > SEVERITY[worst]) worst = v;
  return worst;
}
