// The facts of one certificate a careful user may want to compare: issuer, validity, key type, fingerprints.
import type { CertificateSummary } from '../crypto/types';
import { formatDate, t } from './i18n';

/** "AB:CD:…" in groups, the way other tools print fingerprints, so users can compare them by eye. */
function formatFingerprint(hex: string): string {
  return (hex.toUpperCase().match(/.{1,2}/g) ?? []).join(':');
}

export function displayName(s: CertificateSummary): string {
  return s.commonName || s.emails[0] || s.subject;
}

/** One attribute (CN, O, …) of a one-line DN such as "CN=NSS Test CA,O=BOGUS NSS,C=US". */
function dnAttribute(dn: string, name: string): string | undefined {
  for (const part of dn.split(/(?<!\\),/)) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim().toUpperCase() === name) return part.slice(eq + 1).trim().replace(/\\(.)/g, '$1');
  }
  return undefined;
}

/** The issuer in words: "NSS Test CA, BOGUS NSS", or "self-signed" for a certificate that vouches for itself. */
export function issuerName(s: CertificateSummary): string {
  if (s.selfSigned) return t('certSelfSigned');
  const cn = dnAttribute(s.issuer, 'CN');
  const o = dnAttribute(s.issuer, 'O');
  if (cn && o && !cn.includes(o)) return `${cn}, ${o}`;
  return cn ?? o ?? s.issuer;
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
