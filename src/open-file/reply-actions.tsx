// Reply / Reply all / Forward for an opened message file. The background gets the message itself and derives the
// recipients, subject and quote from what this page showed (decrypted, inside the signature, visible text only).
import { useState } from 'preact/hooks';
import type { ComposeMode } from '../shared/messages';
import { rpcErrorText } from '../ui/error-text';
import { t } from '../ui/i18n';
import { Notice } from '../ui/notice';
import { call } from '../ui/rpc';

const BUTTONS: [Exclude<ComposeMode, 'new'>, string][] = [
  ['reply', 'viewerReply'],
  ['reply-all', 'viewerReplyAll'],
  ['forward', 'viewerForward'],
];

export function ReplyActions({ message }: { message: Uint8Array }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const open = async (mode: Exclude<ComposeMode, 'new'>) => {
    setBusy(true);
    setError('');
    const r = await call('open-composer', { mode, message });
    if (!r.ok) setError(t('viewerComposeFailed', [rpcErrorText(r.error)]));
    setBusy(false);
  };
  return (
    <div class="stack">
      <div class="row" role="toolbar" id="reply-actions">
        {BUTTONS.map(([mode, label]) => (
          <button key={mode} type="button" class="secondary" data-compose={mode} disabled={busy} onClick={() => void open(mode)}>
            {t(label)}
          </button>
        ))}
      </div>
      {error && <Notice tone="bad">{error}</Notice>}
    </div>
  );
}
