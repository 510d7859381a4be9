// Add a correspondent's certificate from a .cer/.pem file, for when they sent it rather than a signed mail. The
// background checks it like a harvested signer and says how far it is trusted.
import { useState } from 'preact/hooks';
import { displayName } from '../ui/certificate-facts';
import { rpcErrorText } from '../ui/error-text';
import { FileDrop, type PickedFile } from '../ui/file-drop';
import { t } from '../ui/i18n';
import { Notice } from '../ui/notice';
import { call } from '../ui/rpc';

export function ContactImport({ onAdded }: { onAdded(): void }) {
  const [file, setFile] = useState<PickedFile | null>(null);
  const [pickerKey, setPickerKey] = useState(0);
  const [message, setMessage] = useState<{ tone: 'good' | 'warn' | 'bad'; text: string } | null>(null);

  const add = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    const r = await call('import-contact-certificate', { certificate: file.bytes });
    if (!r.ok) return setMessage({ tone: 'bad', text: rpcErrorText(r.error) });
    const who = `${displayName(r.value.summary)} (${r.value.addresses.join(', ')})`;
    setMessage(r.value.trust === 'trusted' ? { tone: 'good', text: t('contactAdded', [who]) } : { tone: 'warn', text: t('contactAddedNotTrusted', [who]) });
    setFile(null);
    setPickerKey((k) => k + 1);
    onAdded();
  };

  return (
    <form id="contact-import" class="card" onSubmit={add}>
      <h3>{t('contactImportTitle')}</h3>
      <FileDrop
        key={pickerKey}
        id="contact-file"
        accept=".pem,.cer,.crt,.der"
        hint={t('contactImportHint')}
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
      <button id="contact-submit" type="submit" disabled={!file}>
        {t('contactImportAdd')}
      </button>
      {message && <Notice tone={message.tone} test="contact-message">{message.text}</Notice>}
    </form>
  );
}
