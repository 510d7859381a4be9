// Trust: the user may add a root or self-signed certificate they decide to trust (e.g. their company's CA),
// after a clear warning, and remove it again. Signatures under it then show as trusted.
import { useState } from 'preact/hooks';
import type { TrustAnchorView } from '../shared/messages';
import { CertificateFacts, displayName } from '../ui/certificate-facts';
import { rpcErrorText } from '../ui/error-text';
import { FileDrop, type PickedFile } from '../ui/file-drop';
import { t } from '../ui/i18n';
import { Notice } from '../ui/notice';
import { call } from '../ui/rpc';

export function TrustSection({ anchors, onChanged }: { anchors: TrustAnchorView[]; onChanged(): void }) {
  const [file, setFile] = useState<PickedFile | null>(null);
  const [understood, setUnderstood] = useState(false);
  const [pickerKey, setPickerKey] = useState(0); // remounts the file picker once a file was added
  const [message, setMessage] = useState<{ tone: 'good' | 'bad' | 'neutral'; text: string } | null>(null);

  const add = async (e: Event) => {
    e.preventDefault();
    if (!file || !understood) return;
    const r = await call('add-trust-anchor', { certificate: file.bytes });
    if (!r.ok) return setMessage({ tone: 'bad', text: rpcErrorText(r.error) });
    const name = displayName(r.value.anchor.summary);
    setMessage(r.value.status === 'added' ? { tone: 'good', text: t('trustAdded', [name]) } : { tone: 'neutral', text: t('trustAlreadyPresent', [name]) });
    setFile(null);
    setUnderstood(false);
    setPickerKey((k) => k + 1);
    onChanged();
  };

  return (
    <section id="trust" class="stack">
      <h2>{t('trustTitle')}</h2>
      <Notice tone="warn">{t('trustWarning')}</Notice>
      <form id="trust-form" class="card" onSubmit={add}>
        <FileDrop
          key={pickerKey}
          id="trust-file"
          accept=".pem,.cer,.crt,.der"
          hint={t('trustDropHint')}
          maxBytes={1024 * 1024}
          onFile={(f) => {
            setFile(f);
            setMessage(null);
          }}
          onError={(text) => {
            setFile(null);
            setMessage({ tone: 'bad', text });
          }}
        />
        <label class="check">
          <input id="trust-understood" type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.currentTarget.checked)} />
          <span>{t('trustUnderstood')}</span>
        </label>
        <button id="trust-submit" type="submit" disabled={!file || !understood}>
          {t('trustAdd')}
        </button>
      </form>
      {message && <Notice tone={message.tone} test="trust-message">{message.text}</Notice>}
      <h3>{t('trustListTitle')}</h3>
      {anchors.length === 0 && <p class="muted">{t('trustListEmpty')}</p>}
      {anchors.map((a) => (
        <article class="card" data-test="anchor" key={a.id}>
          <h3>{displayName(a.summary)}</h3>
          <CertificateFacts summary={a.summary} />
          <div class="row actions">
            <button
              type="button"
              class="secondary"
              data-test="remove-anchor"
              onClick={async () => {
                if (!window.confirm(t('trustRemoveConfirm', [displayName(a.summary)]))) return;
                const r = await call('remove-trust-anchor', { id: a.id });
                if (!r.ok) setMessage({ tone: 'bad', text: rpcErrorText(r.error) });
                onChanged();
              }}
            >
              {t('trustRemove')}
            </button>
          </div>
        </article>
      ))}
    </section>
  );
}
