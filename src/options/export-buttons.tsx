// Export a public certificate (never a key) as .cer (DER) or .pem, for sharing with correspondents.
import { useState } from 'preact/hooks';
import { saveBytes } from '../ui/download';
import { rpcErrorText } from '../ui/error-text';
import { t } from '../ui/i18n';
import { call } from '../ui/rpc';

export function ExportButtons({ certificateId, onError }: { certificateId: string; onError(message: string): void }) {
  const [busy, setBusy] = useState(false);
  const run = async (format: 'der' | 'pem') => {
    setBusy(true);
    const r = await call('export-certificate', { certificateId, format });
    setBusy(false);
    if (r.ok) saveBytes(r.value.bytes, r.value.fileName, r.value.mimeType);
    else onError(rpcErrorText(r.error));
  };
  return (
    <>
      <button type="button" class="secondary" data-test="export-cer" disabled={busy} onClick={() => void run('der')} title={t('exportCerHelp')}>
        {t('exportCer')}
      </button>
      <button type="button" class="secondary" data-test="export-pem" disabled={busy} onClick={() => void run('pem')} title={t('exportPemHelp')}>
        {t('exportPem')}
      </button>
    </>
  );
}
