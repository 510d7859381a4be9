// Signature details in an extension-origin frame, for a person (src/ui/verdict-details.tsx), from the background's
// own verdict for the message staged behind a one-time token.
import { createElement, render } from 'preact';
import type { VerifyResult } from '../crypto/types';
import { applyDocumentLanguage, t } from '../ui/i18n';
import { verdictWithSender } from '../content/verdict';
import { VerdictDetails } from '../ui/verdict-details';
import { receiveInit, reportHeight, h } from './frame-channel';
import { buildDecryptedView } from './decrypted-view';
import { mailDocument } from './mail-document';
import { RPC_PORT_NAME, type RawSourceVia, type SenderContext } from '../shared/messages';
import { createRpcClient } from '../shared/rpc';

const RAW_SOURCE_LABEL: Record<RawSourceVia, string> = {
  'gmail-att': 'rawViaGmailDownload',
  'gmail-om': 'rawViaGmailShowOriginal',
  'outlook-service': 'rawViaOutlookService',
  'outlook-graph': 'rawViaOutlookGraph',
};

/**
 * The text the signature covers, rendered here from the verifier's own bytes: the webmail page renders the body
 * itself, so this is how a reader checks that what they read is what was signed.
 */
function appendSignedText(app: HTMLElement, r: VerifyResult): void {
  if (r.signature !== 'valid' || !r.signedContent) return;
  let view;
  try {
    view = buildDecryptedView(r.signedContent, r);
  } catch {
    return;
  }
  app.append(h('h2', '', t('detailsSignedText')), h('p', 'muted', t('detailsSignedTextExplain')));
  const frame = document.createElement('iframe');
  frame.className = 'mail';
  frame.id = 'signed-text';
  // No scripts, no remote content: the same script-less frame as decrypted mail.
  frame.setAttribute('sandbox', 'allow-same-origin allow-popups allow-popups-to-escape-sandbox');
  frame.setAttribute('referrerpolicy', 'no-referrer');
  frame.setAttribute('title', t('detailsSignedText'));
  frame.addEventListener('load', () => {
    const d = frame.contentDocument;
    if (d?.documentElement) frame.style.height = `${Math.min(3000, d.documentElement.scrollHeight + 4)}px`;
  });
  frame.srcdoc = mailDocument(view, { allowRemote: false, textMargin: '0' }).doc;
  app.append(frame);
}

async function main(): Promise<void> {
  applyDocumentLanguage();
  const app = document.getElementById('app')!;
  // A one-time token: the background re-verifies the message it staged for this tab's content script, so the
  // page around this frame (which can create the frame itself) cannot show a forged "valid" panel in it.
  const { payload, port } = await receiveInit<{ token: string }>();
  reportHeight(port);
  let r: VerifyResult | undefined;
  let via: RawSourceVia | undefined;
  let sender: SenderContext | undefined;
  if (typeof payload?.token === 'string') {
    const rpc = createRpcClient(() => chrome.runtime.connect({ name: RPC_PORT_NAME }));
    const res = await rpc.call('open-staged', { token: payload.token });
    if (res.ok && res.value.purpose === 'details') {
      r = res.value.verify;
      via = res.value.via;
      sender = res.value.sender;
    }
  }
  if (!r) {
    app.replaceChildren(h('p', 'note neutral', t('detailsNone')));
    return;
  }
  // The same verdict as the bar above (address book included), in the same presentation as "Open a message file":
  // summary and notes, who signed, issuer, a line per check, technical details folded.
  const verdict = verdictWithSender(r, sender);
  // Which path fetched the original (Outlook has several, best-effort first): useful when a verdict surprises.
  const technical = via ? [{ label: t('detailsRawSource'), value: t(RAW_SOURCE_LABEL[via]) }] : [];
  const panel = document.createElement('div');
  render(createElement(VerdictDetails, { result: r, verdict, technical }), panel);
  app.replaceChildren(panel);
  appendSignedText(app, r);
  app.dataset.state = 'ready';
}

void main().catch((e) => {
  document.getElementById('app')!.textContent = e instanceof Error ? e.message : String(e);
});
