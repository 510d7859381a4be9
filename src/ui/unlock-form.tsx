// Asks for the passphrase that unlocks the private keys (passphrase mode only).
import { useState } from 'preact/hooks';
import type { KeystoreStatus } from '../shared/messages';
import { rpcErrorText } from './error-text';
import { t } from './i18n';
import { Notice } from './notice';
import { call } from './rpc';
import { TextField } from './text-field';

export function UnlockForm({ onUnlocked, explain = true }: { onUnlocked(status: KeystoreStatus): void; explain?: boolean }) {
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      id="unlock-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError('');
        const r = await call('unlock', { passphrase });
        setBusy(false);
        if (r.ok) {
          setPassphrase('');
          onUnlocked(r.value);
        } else setError(rpcErrorText(r.error));
      }}
    >
      {explain && <Notice tone="neutral">{t('lockLockedExplain')}</Notice>}
      <TextField id="unlock-passphrase" label={t('lockPassphrase')} type="password" value={passphrase} onInput={setPassphrase} autoFocus />
      {error && <Notice tone="bad" test="unlock-error">{error}</Notice>}
      <button id="unlock-submit" type="submit" disabled={busy || passphrase.length === 0}>
        {busy ? t('uiWorking') : t('lockUnlock')}
      </button>
    </form>
  );
}
