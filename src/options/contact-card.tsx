// A correspondent's certificate, collected from a valid signature: used to encrypt mail to them.
import { useState } from 'preact/hooks';
import type { ContactCertificateView, ContactView } from '../shared/messages';
import { CertificateFacts, displayName, issuerName } from '../ui/certificate-facts';
import { ExpiryTag } from '../ui/expiry-tag';
import { formatDate, t } from '../ui/i18n';
import { Notice } from '../ui/notice';
import { ExportButtons } from './export-buttons';

const TRUST_TEXT: Record<string, string> = { trusted: 'contactTrusted', expired: 'contactTrustExpired' };

export function ContactCard({ contact, certificate, warnDays }: { contact: ContactView; certificate: ContactCertificateView; warnDays: number }) {
  const [error, setError] = useState('');
  const s = certificate.summary;
  const current = contact.current === certificate.id;
  return (
    <article class="card" data-test="contact" data-id={certificate.id}>
      <div class="row">
        <span class="tag gray">{t('certKindContact')}</span>
        {!current && <span class="tag gray">{t('contactOlder')}</span>}
        <ExpiryTag notAfter={s.notAfter} warnDays={warnDays} />
      </div>
      <h3>{displayName(s)}</h3>
      <p data-test="addresses">{contact.address}</p>
      <p class="muted">{t('certOverview', [issuerName(s), formatDate(s.notAfter), s.keyType])}</p>
      <p class="muted">
        {t(TRUST_TEXT[certificate.trust] ?? 'contactNotTrusted')} {t('contactLastSeen', [formatDate(certificate.lastSeen)])}
      </p>
      {current && contact.history.length > 1 && <p class="muted">{t('contactChanged')}</p>}
      <details>
        <summary>{t('certDetails')}</summary>
        <CertificateFacts summary={s} />
      </details>
      {error && <Notice tone="bad">{error}</Notice>}
      <div class="row actions">
        <ExportButtons certificateId={certificate.id} onError={setError} />
      </div>
    </article>
  );
}
