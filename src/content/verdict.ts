// Turns the engine's VerifyResult (and decryption outcomes) into the one verdict a reader sees, in priority order:
// a broken signature beats everything, then a sender mismatch, then certificate problems.
import type { VerifyResult, SignerReport } from '../crypto/types';
import type { TabVerdict } from '../shared/messages';

export type VerdictKind =
  | 'checking'
  | 'signed'
  | 'fake-signature'
  | 'tampered'
  | 'sender-mismatch'
  | 'partial'
  | 'certificate-changed'
  | 'sender-unknown'
  | 'expired'
  | 'untrusted'
  | 'signer-unknown'
  | 'encrypted'
  | 'decrypting'
  | 'not-for-you'
  | 'locked'
  | 'error'
  | 'unavailable';

export type Tone = 'good' | 'bad' | 'warn' | 'neutral';

export interface Verdict {
  kind: VerdictKind;
  tone: Tone;
  /** i18n message name and its substitutions. */
  messageName: string;
  substitutions: string[];
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
  'certificate-changed': 'warn',
  'sender-unknown': 'warn',
  expired: 'warn',
  untrusted: 'warn',
  'signer-unknown': 'warn',
  'not-for-you': 'neutral',
  locked: 'neutral',
  error: 'warn',
  unavailable: 'warn',
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
  'certificate-changed': 'statusCertificateChanged',
  'sender-unknown': 'statusSenderUnknown',
  expired: 'statusExpired',
  untrusted: 'statusUntrusted',
  'signer-unknown': 'statusSignerUnknown',
  'not-for-you': 'statusNotForYou',
  locked: 'statusLocked',
  error: 'statusError',
  unavailable: 'statusGmailChanged',
};

export function makeVerdict(kind: VerdictKind, substitutions: string[] = []): Verdict {
  return { kind, tone: TONE[kind], messageName: MESSAGE[kind], substitutions };
}

function firstSigner(r: VerifyResult): SignerReport | undefined {
  return r.signers.find((s) => s.status === 'valid') ?? r.signers[0];
}

function signerName(s: SignerReport | undefined): [string, string] {
  const c = s?.certificate;
  const address = c?.emails[0] ?? '';
  const name = c?.commonName ?? c?.subject ?? address;
  return [name || '?', address || '?'];
}

/** The verdict for a verified message. Precedence: broken signature, then sender, then trust. */
export function classifyVerify(r: VerifyResult): Verdict {
  if (r.signature === 'malformed' || r.signature === 'none') return makeVerdict('fake-signature');
  // An smime.p7s that is not the signature of this message: a fake, not a tampered signature.
  if (r.warnings.some((w) => w.code === 'orphan-signature') && r.coverage === 'none') return makeVerdict('fake-signature');
  if (r.signature === 'invalid') return makeVerdict('tampered', signerName(firstSigner(r)));
  if (r.signature === 'signer-unknown') return makeVerdict('signer-unknown');
  const [name, address] = signerName(firstSigner(r));
  if (r.sender === 'mismatch') return makeVerdict('sender-mismatch', [name, address, r.from.join(', ') || '?']);
  // Only the full message may be shown as signed: text added around a signed part is not the signer's.
  if (r.coverage !== 'full') return makeVerdict('partial', [name, address]);
  if (r.sender !== 'match') return makeVerdict('sender-unknown', [name, address]);
  if (r.trust === 'expired') {
    const notAfter = firstSigner(r)?.certificate?.notAfter ?? '';
    return makeVerdict('expired', [name, address, notAfter.slice(0, 10)]);
  }
  if (r.trust !== 'trusted') return makeVerdict('untrusted', [name, address]);
  return makeVerdict('signed', [name, address]);
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
      return 'invalid';
    case 'expired':
    case 'partial':
    case 'certificate-changed':
    case 'sender-unknown':
    case 'untrusted':
    case 'signer-unknown':
      return 'untrusted';
    default:
      return 'none';
  }
}

const SEVERITY: Record<TabVerdict, number> = { invalid: 5, untrusted: 4, unavailable: 3, valid: 2, encrypted: 1, none: 0 };

/** With several S/MIME messages open, the badge shows the worst one: a good verdict must not hide a bad one. */
export function worstTabVerdict(list: TabVerdict[]): TabVerdict {
  let worst: TabVerdict = 'none';
  for (const v of list) if (SEVERITY[v] > SEVERITY[worst]) worst = v;
  return worst;
}
