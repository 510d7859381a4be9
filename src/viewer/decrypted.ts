// The decrypted frame: an extension-origin page that gets a one-time token from the content script, redeems it with
// the background (which decrypts the message it staged), and shows the result in a script-less sandboxed srcdoc
// frame. Plaintext never enters the webmail page's DOM; only a status ("decrypted", "not for you") goes back.
import { RPC_PORT_NAME } from '../shared/messages';
import { createRpcClient } from '../shared/rpc';
import { classifyVerify } from '../content/verdict';
import { t } from '../ui/i18n';
import { showsIntegrityWarning } from '../ui/integrity-notice';
import { receiveInit, reportHeight, h } from './frame-channel';
import { composeButtons } from './compose-buttons';
import { buildDecryptedView, type DecryptedView } from './decrypted-view';
import { mailDocument } from './mail-document';

async function main(): Promise<void> {
  const app = document.getElementById('app')!;
  // The frame gets a one-time token, never the message: the background releases the message it staged for this
  // tab's content script, once. The page around us can create this frame too, so nothing here trusts the payload.
  const { payload, port } = await receiveInit<{ token: string }>();
  reportHeight(port);
  const status = h('p', 'note neutral', t('statusDecrypting'));
  app.replaceChildren(status);
  // Only a coarse status goes back: the port may belong to the webmail page.
  const outcome = (m: { status: 'decrypted' | 'not-for-you' | 'locked' | 'error'; identity?: string }) => port.postMessage({ type: 'outcome', ...m });
  if (typeof payload?.token !== 'string') {
    status.textContent = t('statusError', ['no message']);
    return outcome({ status: 'error' });
  }
  const rpc = createRpcClient(() => chrome.runtime.connect({ name: RPC_PORT_NAME }));
  const res = await rpc.call('open-staged', { token: payload.token });
  if (!res.ok || res.value.purpose !== 'decrypt') {
    const code = res.ok ? 'bad-request' : res.error.code;
    if (code === 'not-for-this-identity' || code === 'no-identity') {
      status.textContent = t('statusNotForYou');
      return outcome({ status: 'not-for-you' });
    }
    if (code === 'locked') {
      status.textContent = t('statusLocked');
      return outcome({ status: 'locked' });
    }
    status.className = 'note warn';
    status.textContent = t('statusError', [res.ok ? 'unexpected view' : res.error.message]);
    return outcome({ status: 'error' });
  }
  const { decrypted, identity } = res.value;
  const { content, verify } = decrypted;
  const notes: HTMLElement[] = [];
  if (verify) {
    const v = classifyVerify(verify);
    notes.push(h('p', `note ${v.tone}`, t(v.messageName, v.substitutions)));
  }
  // The engine's one rule decides (AEAD, or a valid and trusted signature inside or around the encryption).
  if (showsIntegrityWarning(decrypted)) {
    notes.push(h('p', 'note warn', t('decryptedNotIntegrityProtected')));
  }

  let view: DecryptedView;
  try {
    view = buildDecryptedView(content, verify);
  } catch (e) {
    status.textContent = t('statusError', [e instanceof Error ? e.message : String(e)]);
    return outcome({ status: 'error' });
  }

  const frame = document.createElement('iframe');
  frame.className = 'mail';
  // No allow-scripts: mail content never runs code. allow-same-origin only lets us measure its height.
  frame.setAttribute('sandbox', 'allow-same-origin allow-popups allow-popups-to-escape-sandbox');
  frame.setAttribute('referrerpolicy', 'no-referrer');
  frame.setAttribute('title', t('decryptedFrameTitle'));
  const fit = () => {
    const d = frame.contentDocument;
    if (d?.documentElement) frame.style.height = `${Math.min(5000, d.documentElement.scrollHeight + 4)}px`;
  };
  frame.addEventListener('load', fit);
  const render = (allowRemote: boolean) => {
    const { doc, remoteImages } = mailDocument(view, { allowRemote, textMargin: '0' });
    frame.srcdoc = doc;
    return remoteImages;
  };
  const remote = render(false);
  const bar = h('div', 'bar');
  if (remote > 0) {
    const label = h('span', '', t('decryptedRemoteBlocked', [String(remote)]));
    const btn = h('button', '', t('decryptedLoadRemote'));
    btn.id = 'load-remote';
    btn.addEventListener('click', () => {
      render(true);
      label.textContent = t('decryptedRemoteLoaded');
      btn.remove();
    });
    bar.append(label, btn);
  }
  const attachments = h('div', 'attachments');
  if (view.attachments.length > 0) {
    attachments.append(h('strong', '', `${t('decryptedAttachments')}: `));
    for (const a of view.attachments) {
      const link = h('a', '', a.name);
      link.href = URL.createObjectURL(new Blob([a.bytes.slice().buffer as ArrayBuffer], { type: 'application/octet-stream' }));
      link.download = a.name;
      attachments.append(link);
    }
  }
  // Reply / forward: only the chosen mode goes back; the content script holds the message and asks the background.
  const actions = composeButtons((mode) => port.postMessage({ type: 'compose', mode }));
  app.replaceChildren(...notes, ...(remote > 0 ? [bar] : []), frame, attachments, actions);
  app.dataset.state = 'decrypted';
  outcome({ status: 'decrypted', identity });
}

void main().catch((e) => {
  document.getElementById('app')!.textContent = e instanceof Error ? e.message : String(e);
});
