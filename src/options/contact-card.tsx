// A correspondent's certificate, collected from a valid signature: used to encrypt mail to them.
import { useState } from 'preact/hooks';
import type { ContactCertificateView, ContactView } from '../shared/messages';
import { CertificateFacts, displayName, issuerName } from '../ui/certificate-facts';
import { ExpiryTag } from '../ui/expiry-tag';
import { formatDate, t } from '../ui/i18n';
import { Notice } from '../ui/notice';
import { ExportButtons } from './export-buttons';
import { contactCertificateRole, ROLE_MESSAGE } from './contact-role';
import { call } from '../ui/rpc';
import { rpcErrorText } from '../ui/error-text';

const TRUST_TEXT: Record<string, string> = { trusted: 'contactTrusted', expired: 'contactTrustExpired' };

export function ContactCard({ contact, certificate, warnDays, onChanged }: { contact: ContactView; certificate: ContactCertificateView; warnDays: number; onChanged?(): void }) {
  const [error, setError] = useState('');
  const s = certificate.summary;
  const role = contactCertificateRole(contact, certificate);
  const current = role === 'current';
  const remove = async () => {
    if (!window.confirm(t('contactDeleteConfirm', [displayName(s), contact.address]))) return;
    const r = await call('delete-contact-certificate', { address: contact.address, certificateId: certificate.id });
    if (!r.ok) return setError(rpcErrorText(r.error));
    onChanged?.();
  };
  return (
    <article class="card" data-test="contact" data-id={certificate.id}>
      <div class="row">
        <span class="tag gray">{t('certKindContact')}</span>
        {role !== 'current' && (
          <span class={`tag ${role === 'not-used-untrusted' ? 'warn' : 'gray'}`} data-test="contact-role">
            {t(ROLE_MESSAGE[role])}
          </span>
        )}
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
        <button type="button" class="secondary" data-test="delete-contact" onClick={() => void remove()}>
          {t('contactDelete')}
        </button>
      </div>
    </article>
  );
}
