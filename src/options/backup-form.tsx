// Back up an identity: a PKCS#12 file protected by a new password, typed twice. Other programs
// (Thunderbird, Outlook, OpenSSL) can import the file.
import { useState } from 'preact/hooks';
import { saveBytes } from '../ui/download';
import { rpcErrorText } from '../ui/error-text';
import { t } from '../ui/i18n';
import { Notice } from '../ui/notice';
import { call } from '../ui/rpc';
import { TextField } from '../ui/text-field';

const MIN_BACKUP_PASSWORD = 8;

export function BackupForm({ identityId, onDone, onCancel }: { identityId: string; onDone(): void; onCancel(): void }) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      id="backup-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if ([...password].length < MIN_BACKUP_PASSWORD) return setError(t('backupTooShort', [MIN_BACKUP_PASSWORD]));
        if (password !== repeat) return setError(t('uiPasswordsDiffer'));
        setBusy(true);
        setError('');
        const r = await call('export-backup', { identityId, password });
        setBusy(false);
        if (!r.ok) return setError(rpcErrorText(r.error));
        saveBytes(r.value.pkcs12, r.value.fileName, 'application/x-pkcs12');
        onDone();
      }}
    >
      <p>{t('backupExplain')}</p>
      <TextField id="backup-password" label={t('backupPassword')} type="password" value={password} onInput={setPassword} autoFocus />
      <TextField id="backup-repeat" label={t('uiRepeatPassword')} type="password" value={repeat} onInput={setRepeat} />
      {error && <Notice tone="bad" test="backup-error">{error}</Notice>}
      <div class="row">
        <button id="backup-submit" type="submit" disabled={busy}>
          {busy ? t('uiWorking') : t('backupButton')}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          {t('uiCancel')}
        </button>
      </div>
    </form>
  );
}
