// Deleting an identity is a two-step the background enforces (prepare-delete-identity → delete-identity);
// the dialog says what is lost and offers a backup first.
import { useState } from 'preact/hooks';
import type { IdentityView } from '../shared/messages';
import { displayName } from '../ui/certificate-facts';
import { rpcErrorText } from '../ui/error-text';
import { t } from '../ui/i18n';
import { Modal } from '../ui/modal';
import { Notice } from '../ui/notice';
import { call } from '../ui/rpc';
import { BackupForm } from './backup-form';

export interface DeleteRequest {
  identity: IdentityView;
  confirmToken: string;
}

export function DeleteDialog({ request, onClose, onDeleted }: { request: DeleteRequest; onClose(): void; onDeleted(): void }) {
  const [backup, setBackup] = useState<'no' | 'open' | 'done'>('no');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const { identity } = request;
  return (
    <Modal id="delete-dialog" title={t('deleteTitle', [displayName(identity.summary)])} onClose={onClose}>
      <p>{t('deleteExplain', [identity.emails.join(', ') || displayName(identity.summary)])}</p>
      {backup === 'done' && <Notice tone="good" test="backup-done">{t('backupSaved')}</Notice>}
      {backup === 'open' ? (
        <BackupForm identityId={identity.id} onDone={() => setBackup('done')} onCancel={() => setBackup('no')} />
      ) : (
        <>
          {error && <Notice tone="bad">{error}</Notice>}
          <div class="row">
            {backup === 'no' && (
              <button type="button" class="secondary" id="delete-backup-first" onClick={() => setBackup('open')}>
                {t('deleteBackupFirst')}
              </button>
            )}
            <button
              type="button"
              class="danger"
              id="delete-confirm"
              disabled={busy}
              onClick={async () => {
                setBusy(true);
                const r = await call('delete-identity', { identityId: identity.id, confirmToken: request.confirmToken });
                setBusy(false);
                if (r.ok) onDeleted();
                else setError(rpcErrorText(r.error));
              }}
            >
              {t('deleteConfirm')}
            </button>
            <button type="button" class="secondary" id="delete-cancel" onClick={onClose}>
              {t('uiCancel')}
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}
