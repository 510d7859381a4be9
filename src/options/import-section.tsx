// Import: a .p12/.pfx, a PEM key + certificate, or the ZIP a CA sent (locked with a password or not) → what was
// added, what was already there and what could not be taken, file by file. A locked ZIP is tried with the
// certificate password first (CAs often use the same one); if that fails we ask for the ZIP's own password.
import { useState } from 'preact/hooks';
import type { ImportedEntry, IdentityView, RpcError } from '../shared/messages';
import { displayName, issuerName } from '../ui/certificate-facts';
import { rpcErrorText } from '../ui/error-text';
import { FileDrop, type PickedFile } from '../ui/file-drop';
import { formatDate, t } from '../ui/i18n';
import { Notice } from '../ui/notice';
import { call } from '../ui/rpc';
import { TextField } from '../ui/text-field';

const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

type Outcome = { kind: 'done'; entries: ImportedEntry[] } | { kind: 'error'; message: string; tone?: 'warn' };
/** Whether the ZIP password field is shown, and why: the certificate password did not open it, or this one did not. */
type ZipAsk = null | 'locked' | 'wrong';

function what(identity: IdentityView): string {
  const s = identity.summary;
  return t('importWhat', [displayName(s), identity.emails.join(', ') || '—', issuerName(s), formatDate(s.notAfter)]);
}

function EntryLine({ entry, several }: { entry: ImportedEntry; several: boolean }) {
  if (entry.status === 'failed') {
    return (
      <li data-test="import-entry" data-status="failed">
        {t('importEntryFailed', [entry.name, entry.error ? rpcErrorText(entry.error) : ''])}
      </li>
    );
  }
  const head = several ? t(entry.status === 'imported' ? 'importEntryImported' : 'importEntryAlready', [entry.name]) : '';
  return (
    <li data-test="import-entry" data-status={entry.status}>
      {head && <>{head} </>}
      {entry.identity ? what(entry.identity) : ''}
    </li>
  );
}

function ImportedSummary({ entries }: { entries: ImportedEntry[] }) {
  const imported = entries.filter((e) => e.status === 'imported').length;
  const failed = entries.some((e) => e.status === 'failed');
  const status = imported > 0 ? 'imported' : 'already-present';
  const several = entries.length > 1;
  return (
    <Notice tone={failed ? 'warn' : imported > 0 ? 'good' : 'neutral'} test={`import-${status}`}>
      <p>
        <strong>{several ? t('importSeveral', [imported, entries.length]) : status === 'imported' ? t('importDone') : t('importAlreadyPresent')}</strong>
      </p>
      <ul class="import-entries">
        {entries.map((e, i) => (
          <EntryLine key={i} entry={e} several={several} />
        ))}
      </ul>
    </Notice>
  );
}

export function ImportSection({ onImported }: { onImported(): void }) {
  const [file, setFile] = useState<PickedFile | null>(null);
  const [password, setPassword] = useState('');
  const [zipPassword, setZipPassword] = useState('');
  const [zipAsk, setZipAsk] = useState<ZipAsk>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const failed = (error: RpcError, sentZipPassword: boolean) => {
    if (error.code === 'zip-password') {
      setZipAsk(sentZipPassword ? 'wrong' : 'locked');
      // Asking for the ZIP password is the next step, not a failure.
      setOutcome(sentZipPassword ? { kind: 'error', message: t('importZipWrong') } : { kind: 'error', message: t('importZipLocked'), tone: 'warn' });
      return;
    }
    setOutcome({ kind: 'error', message: rpcErrorText(error) });
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setOutcome(null);
    const sendZip = zipAsk !== null;
    const r = await call('import-identity', { file: file.bytes, fileName: file.name, password, ...(sendZip ? { zipPassword } : {}) });
    setBusy(false);
    if (!r.ok) return failed(r.error, sendZip);
    setOutcome({ kind: 'done', entries: r.value.entries });
    setPassword('');
    setZipPassword('');
    setZipAsk(null);
    onImported();
  };

  const choose = (f: PickedFile | null) => {
    setFile(f);
    setZipAsk(null);
    setZipPassword('');
  };

  return (
    <section id="import" class="card">
      <h2>{t('importTitle')}</h2>
      <p class="muted">{t('importExplain')}</p>
      <form id="import-form" onSubmit={submit}>
        <FileDrop
          id="import-file"
          accept=".p12,.pfx,.zip,.pem,.key"
          hint={t('importDropHint')}
          maxBytes={MAX_IMPORT_BYTES}
          onFile={(f) => {
            choose(f);
            setOutcome(null);
          }}
          onError={(message) => {
            choose(null);
            setOutcome({ kind: 'error', message });
          }}
        />
        <TextField id="import-password" label={t('importPassword')} type="password" value={password} onInput={setPassword} />
        {zipAsk && <TextField id="import-zip-password" label={t('importZipPassword')} type="password" value={zipPassword} onInput={setZipPassword} autoFocus />}
        <button id="import-submit" type="submit" disabled={!file || busy}>
          {busy ? t('uiWorking') : t('importButton')}
        </button>
      </form>
      <div class="result" aria-live="polite">
        {outcome?.kind === 'error' && (
          <Notice tone={outcome.tone ?? 'bad'} test="import-error">
            {outcome.message}
          </Notice>
        )}
        {outcome?.kind === 'done' && <ImportedSummary entries={outcome.entries} />}
      </div>
    </section>
  );
}
