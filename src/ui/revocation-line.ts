// The "revocation" line of "what was checked", on its own: it words the engine's per-certificate answers
// (`revocationChecks`: CRL or OCSP, from the message, the cache or the network). Never a bare "unknown": say it was
// not checked, or could not be, and why.
import type { CertificateRevocation, SignerReport, VerifyResult } from '../crypto/types';
import type { CheckLine } from './verdict-model';
import { formatDate, t } from './i18n';

const UNKNOWN_CAUSE: Record<NonNullable<CertificateRevocation['unknownCause']>, string> = {
  offline: 'revocationCauseOffline',
  'no-source': 'revocationCauseNoSource',
  unreachable: 'revocationCauseUnreachable',
  'expired-data': 'revocationCauseExpiredData',
  'bad-data': 'revocationCauseBadData',
  partial: 'revocationCausePartial',
};

export function revocationLine(r: VerifyResult, s: SignerReport | undefined): CheckLine {
  const label = t('checkRevocation');
  const line = (tone: CheckLine['tone'], text: string): CheckLine => ({ check: 'revocation', tone, label, text });
  if (!s || r.signature !== 'valid') return line('neutral', t('checkRevocationNoSignature'));
  const checks = s.revocationChecks ?? [];
  const revoked = checks.find((c) => c.status === 'revoked');
  if (s.revocation === 'revoked' || revoked) {
    return line('bad', revoked?.revokedAt ? t('checkRevocationRevokedOn', [formatDate(revoked.revokedAt)]) : t('checkRevocationRevoked'));
  }
  if (s.revocation === 'good') return line('good', t('checkRevocationGood'));
  // Unknown: was anything looked at? The first certificate without an answer says why.
  const open = checks.find((c) => c.status === 'unknown');
  const cause = open?.unknownCause ? t(UNKNOWN_CAUSE[open.unknownCause]) : '';
  if (open?.checked) return line('warn', `${t('checkRevocationCouldNot')} ${cause}`.trim());
  if (open && cause) return line('neutral', `${t('checkRevocationNotCheckedBecause')} ${cause}`);
  return line('neutral', t('checkRevocationNotChecked'));
}
