// The engine explains a failed signature in one English sentence for logs and the CLI. People get one of a few
// translated explanations instead, chosen by what the sentence is about; anything else gets the plain fallback
// for its status, so no reason is ever shown untranslated.
import { t } from './i18n';

const REASONS: [RegExp, string][] = [
  [/not a mail message/i, 'reasonNotMail'],
  [/detached signature also carries content|eContent/i, 'reasonEcontentConfusion'],
  [/smime\.p7s|does not sign it|signature file/i, 'reasonOrphan'],
  [/no signers/i, 'reasonNoSigners'],
  [/digest does not match|signature does not match|does not verify/i, 'reasonChanged'],
  [/\bMD5\b|broken/i, 'reasonBrokenAlgorithm'],
  [/unsupported|not supported/i, 'reasonUnsupported'],
  [/names a different certificate|signingCertificate|ESSCertID|issuerSerial/i, 'reasonCertificateSubstituted'],
  [/certificate is not available|signer'?s certificate/i, 'reasonSignerCertificateMissing'],
  [/ambiguous|two Content-Type|two boundaries|exactly two parts/i, 'reasonAmbiguous'],
  [/incomplete|truncated|missing/i, 'reasonIncomplete'],
];

export function engineReasonName(reason: string | undefined, status: 'invalid' | 'malformed'): string {
  if (reason) for (const [re, name] of REASONS) if (re.test(reason)) return name;
  return status === 'invalid' ? 'reasonInvalid' : 'reasonDamaged';
}

export function engineReasonText(reason: string | undefined, status: 'invalid' | 'malformed'): string {
  return t(engineReasonName(reason, status));
}
