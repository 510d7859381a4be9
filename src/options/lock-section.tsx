// Lock: protect the private keys with a passphrase (or not), change or remove it, lock now, auto-lock time.
import { useState } from 'preact/hooks';
import type { KeystoreStatus } from '../shared/messages';
import { rpcErrorText } from '../ui/error-text';
import { t } from '../ui/i18n';
import { Notice } from '../ui/notice';
import { call } from '../ui/rpc';
import { TextField } from '../ui/text-field';
import { UnlockForm } from '../ui/unlock-form';

const AUTO_LOCK_CHOICES = [0, 5, 15, 30, 60, 240, 480];

type Msg = { tone: 'good' | 'bad'; text: string } | null;

function useForm() {
  const [msg, setMsg] = useState<Msg>(null);
  const [busy, setBusy] = useState(false);
  return { msg, setMsg, busy, setBusy };
}

function SetPassphraseForm({ onDone }: { onDone(): void }) {
  const [p1, setP1] = useState('');
  const [p2, setP2] = useState('');
  const f = useForm();
  return (
    <form
      id="set-passphrase-form"
      class="card"
      onSubmit={async (e) => {
        e.preventDefault();
        if (p1 !== p2) return f.setMsg({ tone: 'bad', text: t('uiPasswordsDiffer') });
        f.setBusy(true);
        const r = await call('set-passphrase', { passphrase: p1 });
        f.setBusy(false);
        if (!r.ok) return f.setMsg({ tone: 'bad', text: rpcErrorText(r.error) });
        setP1('');
        setP2('');
        onDone();
      }}
    >
      <h3>{t('lockSetTitle')}</h3>
      <p class="muted">{t('lockSetExplain')}</p>
      <TextField id="new-passphrase" label={t('lockNewPassphrase')} type="password" value={p1} onInput={setP1} />
      <TextField id="new-passphrase-repeat" label={t('uiRepeatPassword')} type="password" value={p2} onInput={setP2} />
      {f.msg && <Notice tone={f.msg.tone}>{f.msg.text}</Notice>}
      <button id="set-passphrase-submit" type="submit" disabled={f.busy || !p1}>
        {f.busy ? t('uiWorking') : t('lockSetButton')}
      </button>
    </form>
  );
}

function ChangePassphraseForm({ onDone }: { onDone(): void }) {
  const [old, setOld] = useState('');
  const [p1, setP1] = useState('');
  const [p2, setP2] = useState('');
  const f = useForm();
  return (
    <form
      id="change-passphrase-form"
      class="card"
      onSubmit={async (e) => {
        e.preventDefault();
        if (p1 !== p2) return f.setMsg({ tone: 'bad', text: t('uiPasswordsDiffer') });
        f.setBusy(true);
        const r = await call('change-passphrase', { oldPassphrase: old, newPassphrase: p1 });
        f.setBusy(false);
        if (!r.ok) return f.setMsg({ tone: 'bad', text: rpcErrorText(r.error) });
        setOld('');
        setP1('');
        setP2('');
        f.setMsg({ tone: 'good', text: t('lockChanged') });
        onDone();
      }}
    >
      <h3>{t('lockChangeTitle')}</h3>
      <TextField id="old-passphrase" label={t('lockCurrentPassphrase')} type="password" value={old} onInput={setOld} />
      <TextField id="changed-passphrase" label={t('lockNewPassphrase')} type="password" value={p1} onInput={setP1} />
      <TextField id="changed-passphrase-repeat" label={t('uiRepeatPassword')} type="password" value={p2} onInput={setP2} />
      {f.msg && <Notice tone={f.msg.tone}>{f.msg.text}</Notice>}
      <button id="change-passphrase-submit" type="submit" disabled={f.busy || !old || !p1}>
        {f.busy ? t('uiWorking') : t('lockChangeButton')}
      </button>
    </form>
  );
}

function RemovePassphraseForm({ onDone }: { onDone(): void }) {
  const [old, setOld] = useState('');
  const f = useForm();
  return (
    <form
      id="remove-passphrase-form"
      class="card"
      onSubmit={async (e) => {
        e.preventDefault();
        f.setBusy(true);
        const r = await call('remove-passphrase', { passphrase: old });
        f.setBusy(false);
        if (!r.ok) return f.setMsg({ tone: 'bad', text: rpcErrorText(r.error) });
        setOld('');
        onDone();
      }}
    >
      <h3>{t('lockRemoveTitle')}</h3>
      <p class="muted">{t('lockRemoveExplain')}</p>
      <TextField id="remove-passphrase" label={t('lockCurrentPassphrase')} type="password" value={old} onInput={setOld} />
      {f.msg && <Notice tone={f.msg.tone}>{f.msg.text}</Notice>}
      <button id="remove-passphrase-submit" type="submit" class="secondary" disabled={f.busy || !old}>
        {f.busy ? t('uiWorking') : t('lockRemoveButton')}
      </button>
    </form>
  );
}

function AutoLockChoice({ status, onChanged }: { status: KeystoreStatus; onChanged(): void }) {
  const [error, setError] = useState('');
  return (
    <label class="field">
      <span>{t('lockAutoLock')}</span>
      <select
        id="auto-lock"
        value={String(status.autoLockMinutes)}
        onChange={async (e) => {
          const r = await call('set-auto-lock', { minutes: Number(e.currentTarget.value) });
          if (!r.ok) setError(rpcErrorText(r.error));
          onChanged();
        }}
      >
        {[...new Set([...AUTO_LOCK_CHOICES, status.autoLockMinutes])].sort((a, b) => a - b).map((m) => (
          <option key={m} value={String(m)}>
            {m === 0 ? t('lockAutoLockNever') : m < 60 ? t('lockAutoLockMinutes', [m]) : t('lockAutoLockHours', [m / 60])}
          </option>
        ))}
      </select>
      {error && <Notice tone="bad">{error}</Notice>}
    </label>
  );
}

export function LockSection({ status, onChanged }: { status: KeystoreStatus; onChanged(): void }) {
  if (!status.hasPassphrase) {
    return (
      <section id="lock" class="stack">
        <h2>{t('lockTitle')}</h2>
        <Notice tone="neutral" test="lock-state">{t('lockDeviceMode')}</Notice>
        <SetPassphraseForm onDone={onChanged} />
      </section>
    );
  }
  return (
    <section id="lock" class="stack">
      <h2>{t('lockTitle')}</h2>
      <Notice tone={status.locked ? 'warn' : 'good'} test="lock-state">
        {status.locked ? t('lockStateLocked') : t('lockStateUnlocked')}
      </Notice>
      {status.locked ? (
        <UnlockForm explain={false} onUnlocked={onChanged} />
      ) : (
        <div class="row">
          <button
            id="lock-now"
            type="button"
            onClick={async () => {
              await call('lock-now', {});
              onChanged();
            }}
          >
            {t('lockNow')}
          </button>
        </div>
      )}
      <div class="card">
        <AutoLockChoice status={status} onChanged={onChanged} />
        <p class="muted">{t('lockAutoLockExplain')}</p>
      </div>
      <ChangePassphraseForm onDone={onChanged} />
      <RemovePassphraseForm onDone={onChanged} />
    </section>
  );
}
