// Import: a .p12/.pfx (or the ZIP a CA sent) and its password → the identity that was added, or why not.
import { useState } from 'preact/hooks';
import type { IdentityView } from '../shared/messages';
import { displayName, issuerName } from '../ui/certificate-facts';
import { rpcErrorText } from '../ui/error-text';
import { FileDrop, type PickedFile } from '../ui/file-drop';
import { formatDate, t } from '../ui/i18n';
import { Notice } from '../ui/notice';
import { call } from '../ui/rpc';
import { TextField } from '../ui/text-field';

const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

type Outcome = { kind: 'done'; status: 'imported' | 'already-present'; identity: IdentityView } | { kind: 'error'; message: string };

function ImportedSummary({ status, identity }: { status: 'imported' | 'already-present'; identity: IdentityView }) {
  const s = identity.summary;
  return (
    <Notice tone={status === 'imported' ? 'good' : 'neutral'} test={`import-${status}`}>
      <p>
        <strong>{status === 'imported' ? t('importDone') : t('importAlreadyPresent')}</strong>
      </p>
      <p>{t('importWhat', [displayName(s), identity.emails.join(', ') || '—', issuerName(s), formatDate(s.notAfter)])}</p>
    </Notice>
  );
}

export function ImportSection({ onImported }: { onImported(): void }) {
  const [file, setFile] = useState<PickedFile | null>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setOutcome(null);
    const r = await call('import-identity', { file: file.bytes, fileName: file.name, password });
    setBusy(false);
    if (!r.ok) {
      setOutcome({ kind: 'error', message: rpcErrorText(r.error) });
      return;
    }
    setOutcome({ kind: 'done', ...r.value });
    setPassword('');
    onImported();
  };

  return (
    <section id="import" class="card">
      <h2>{t('importTitle')}</h2>
      <p class="muted">{t('importExplain')}</p>
      <form id="import-form" onSubmit={submit}>
        <FileDrop
          id="import-file"
          accept=".p12,.pfx,.zip"
          hint={t('importDropHint')}
          maxBytes={MAX_IMPORT_BYTES}
          onFile={(f) => {
            setFile(f);
            setOutcome(null);
          }}
          onError={(message) => setOutcome({ kind: 'error', message })}
        />
        <TextField id="import-password" label={t('importPassword')} type="password" value={password} onInput={setPassword} />
        <button id="import-submit" type="submit" disabled={!file || busy}>
          {busy ? t('uiWorking') : t('importButton')}
        </button>
      </form>
      <div class="result" aria-live="polite">
        {outcome?.kind === 'error' && <Notice tone="bad" test="import-error">{outcome.message}</Notice>}
        {outcome?.kind === 'done' && <ImportedSummary status={outcome.status} identity={outcome.identity} />}
      </div>
    </section>
  );
}
