// One of the user's own certificates (with its private key): what it is, whether it is the default for its
// addresses, when it expires, and what can be done with it.
import { useState } from 'preact/hooks';
import type { IdentityView } from '../shared/messages';
import { CertificateFacts, displayName, issuerName } from '../ui/certificate-facts';
import { rpcErrorText } from '../ui/error-text';
import { ExpiryTag, expiryState } from '../ui/expiry-tag';
import { formatDate, t } from '../ui/i18n';
import { Modal } from '../ui/modal';
import { Notice } from '../ui/notice';
import { call } from '../ui/rpc';
import { BackupForm } from './backup-form';
import { DeleteDialog, type DeleteRequest } from './delete-dialog';
import { ExportButtons } from './export-buttons';

export interface IdentityCardProps {
  identity: IdentityView;
  /** How many identities share each of this one's addresses (to offer "use this one"). */
  sharedAddresses: Map<string, number>;
  warnDays: number;
  onChanged(): void;
}

export function IdentityCard({ identity, sharedAddresses, warnDays, onChanged }: IdentityCardProps) {
  const [error, setError] = useState('');
  const [backupOpen, setBackupOpen] = useState(false);
  const [backupSaved, setBackupSaved] = useState(false);
  const [deleting, setDeleting] = useState<DeleteRequest | null>(null);
  const s = identity.summary;
  const expired = expiryState(s.notAfter, warnDays) === 'expired';

  const makeDefault = async (address: string) => {
    const r = await call('set-default-identity', { address, identityId: identity.id });
    if (r.ok) onChanged();
    else setError(rpcErrorText(r.error));
  };

  return (
    <article class="card" data-test="identity" data-id={identity.id}>
      <div class="row">
        <span class="tag">{t('certKindIdentity')}</span>
        <ExpiryTag notAfter={s.notAfter} warnDays={warnDays} />
      </div>
      <h3>{displayName(s)}</h3>
      <p data-test="addresses">{identity.emails.join(', ') || t('certNoAddress')}</p>
      <p class="muted">{t('certOverview', [issuerName(s), formatDate(s.notAfter), s.keyType])}</p>
      {identity.emails.map((address) =>
        identity.defaultFor.includes(address) ? (
          <p class="muted" data-test="default-for" key={address}>
            {(sharedAddresses.get(address) ?? 1) > 1 ? t('certDefaultFor', [address]) : t('certOnlyOneFor', [address])}
          </p>
        ) : (
          <p class="row" key={address}>
            <span class="muted">{t('certNotDefaultFor', [address])}</span>
            {!expired && (
              <button type="button" class="link" data-test="make-default" onClick={() => void makeDefault(address)}>
                {t('certMakeDefault')}
              </button>
            )}
          </p>
        ),
      )}
      {expired && <p class="muted">{t('certExpiredKept')}</p>}
      <details>
        <summary>{t('certDetails')}</summary>
        <CertificateFacts summary={s} />
      </details>
      {error && <Notice tone="bad">{error}</Notice>}
      {backupSaved && <Notice tone="good" test="backup-done">{t('backupSaved')}</Notice>}
      <div class="row actions">
        <ExportButtons certificateId={identity.id} onError={setError} />
        <button type="button" class="secondary" data-test="backup" onClick={() => setBackupOpen(true)}>
          {t('backupOpen')}
        </button>
        <button
          type="button"
          class="secondary"
          data-test="delete"
          onClick={async () => {
            const r = await call('prepare-delete-identity', { identityId: identity.id });
            if (r.ok) setDeleting({ identity: r.value.identity, confirmToken: r.value.confirmToken });
            else setError(rpcErrorText(r.error));
          }}
        >
          {t('deleteOpen')}
        </button>
      </div>
      {backupOpen && (
        <Modal id="backup-dialog" title={t('backupTitle', [displayName(s)])} onClose={() => setBackupOpen(false)}>
          <BackupForm
            identityId={identity.id}
            onDone={() => {
              setBackupOpen(false);
              setBackupSaved(true);
            }}
            onCancel={() => setBackupOpen(false)}
          />
        </Modal>
      )}
      {deleting && (
        <DeleteDialog
          request={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setDeleting(null);
            onChanged();
          }}
        />
      )}
    </article>
  );
}
