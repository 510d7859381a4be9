// The facts of one certificate a careful user may want to compare: issuer, validity, key type, fingerprints.
import type { CertificateSummary } from '../crypto/types';
import { formatDate, t } from './i18n';
export { issuerName } from './certificate-names';

/** "AB:CD:…" in groups, the way other tools print fingerprints, so users can compare them by eye. */
function formatFingerprint(hex: string): string {
  return (hex.toUpperCase().match(/.{1,2}/g) ?? []).join(':');
}

export function displayName(s: CertificateSummary): string {
  return s.commonName || s.emails[0] || s.subject;
}

export function CertificateFacts({ summary }: { summary: CertificateSummary }) {
  return (
    <dl class="facts">
      <dt>{t('certIssuer')}</dt>
      <dd>{summary.selfSigned ? t('certSelfSigned') : summary.issuer}</dd>
      <dt>{t('certValidity')}</dt>
      <dd>{t('certValidityRange', [formatDate(summary.notBefore), formatDate(summary.notAfter)])}</dd>
      <dt>{t('certKeyType')}</dt>
      <dd>{summary.keyType}</dd>
      <dt>{t('certFingerprint')}</dt>
      <dd class="mono" data-test="sha256">{formatFingerprint(summary.sha256)}</dd>
      <dt>{t('certSerial')}</dt>
      <dd class="mono">{summary.serial}</dd>
      <dt>{t('certSubject')}</dt>
      <dd>{summary.subject}</dd>
    </dl>
  );
}
