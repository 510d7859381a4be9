// One plain-words line per certificate about revocation, shared by the Details frame and the open-file page, so
// "revoked", "not checked" and "could not be checked" read the same everywhere (never a bare "unknown").
import type { CertificateRevocation, RevocationReason } from '../crypto/types';
import { formatDate, t } from './i18n';

const REASON: Partial<Record<RevocationReason, string>> = {
  keyCompromise: 'revReasonKeyCompromise',
  cACompromise: 'revReasonCaCompromise',
  affiliationChanged: 'revReasonAffiliationChanged',
  superseded: 'revReasonSuperseded',
  cessationOfOperation: 'revReasonCessation',
  certificateHold: 'revReasonHold',
  privilegeWithdrawn: 'revReasonPrivilegeWithdrawn',
};

const SOURCE: Record<CertificateRevocation['source'], string> = {
  message: 'revSourceMessage',
  file: 'revSourceFile',
  cache: 'revSourceCache',
  network: 'revSourceNetwork',
  none: 'revSourceNetwork',
};

const CAUSE: Record<NonNullable<CertificateRevocation['unknownCause']>, string> = {
  offline: 'revNotCheckedOffline',
  'no-source': 'revUnknownNoSource',
  unreachable: 'revUnknownUnreachable',
  'expired-data': 'revUnknownExpired',
  'bad-data': 'revUnknownBadData',
  partial: 'revUnknownPartial',
};

// Dates in the reader's language (2021年1月1日), like every other date in a sentence.
const day = (iso: string | undefined): string => (iso ? formatDate(iso) : '?');

/** The line for one certificate. */
export function revocationText(r: CertificateRevocation | undefined): string {
  if (!r) return t('revNotCheckedOffline');
  if (r.status === 'revoked') {
    const reason = r.reason && REASON[r.reason] ? t(REASON[r.reason] as string) : t('revReasonUnspecified');
    return t('revRevoked', [day(r.revokedAt), reason]);
  }
  if (r.status === 'good') return t('revGood', [t(SOURCE[r.source]), day(r.thisUpdate)]);
  return t(CAUSE[r.unknownCause ?? (r.checked ? 'no-source' : 'offline')]);
}
