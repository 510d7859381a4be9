// Signature details in an extension-origin frame: certificate chain, validity, algorithms, signing time,
// coverage and warnings, from the background's own verdict for the message staged behind a one-time token.
import type { CertificateSummary, SignerReport, VerifyResult } from '../crypto/types';
import { verdictWithSender } from '../content/verdict';
import { t } from '../ui/i18n';
import { receiveInit, reportHeight, h } from './frame-channel';
import { buildDecryptedView } from './decrypted-view';
import { mailDocument } from './mail-document';
import { RPC_PORT_NAME, type RawSourceVia, type SenderContext } from '../shared/messages';

const RAW_SOURCE_LABEL: Record<RawSourceVia, string> = {
  'gmail-att': 'rawViaGmailDownload',
  'gmail-om': 'rawViaGmailShowOriginal',
  'outlook-service': 'rawViaOutlookService',
  'outlook-graph': 'rawViaOutlookGraph',
};
import { createRpcClient } from '../shared/rpc';

function row(dl: HTMLElement, label: string, value: string | undefined): void {
  if (!value) return;
  dl.append(h('dt', '', label), h('dd', '', value));
}

function certBlock(c: CertificateSummary, title: string): HTMLElement {
  const dl = h('dl');
  row(dl, t('detailsSubject'), c.subject);
  row(dl, t('detailsEmails'), c.emails.join(', '));
  row(dl, t('detailsIssuer'), c.issuer);
  row(dl, t('detailsValidity'), `${c.notBefore} → ${c.notAfter}`);
  row(dl, t('detailsKey'), c.keyType);
  row(dl, t('detailsSerial'), c.serial);
  row(dl, 'SHA-256', c.sha256);
  return h('div', '', undefined, h('h3', '', title), dl);
}

function signerBlock(s: SignerReport, i: number): HTMLElement {
  const box = h('section');
  box.append(h('h2', '', `${t('detailsSigner')} ${i + 1}`));
  const dl = h('dl');
  row(dl, t('detailsSignatureStatus'), s.status + (s.reason ? ` (${s.reason})` : ''));
  row(dl, t('detailsTrust'), s.trust + (s.trustReasons.length ? ` (${s.trustReasons.join('; ')})` : ''));
  row(dl, t('detailsSigningTime'), s.signingTime ?? t('detailsNone'));
  row(dl, t('detailsAlgorithms'), `${s.digestAlgorithm}, ${s.signatureAlgorithm}`);
  row(dl, t('detailsRevocation'), s.revocation);
  box.append(dl);
  if (s.chain.length > 0) {
    box.append(h('h3', '', t('detailsChain')));
    s.chain.forEach((c, j) => box.append(certBlock(c, `${j + 1}. ${c.commonName ?? c.subject}`)));
  } else if (s.certificate) {
    box.append(certBlock(s.certificate, s.certificate.commonName ?? s.certificate.subject));
  }
  return box;
}

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
  // The same verdict as the bar above (address book included), with its notes under it.
  const v = verdictWithSender(r, sender);
  app.replaceChildren(h('p', `note ${v.tone}`, t(v.messageName, v.substitutions)));
  for (const n of v.notes ?? []) app.append(h('p', 'note-line', t(n.messageName, n.substitutions)));
  const dl = h('dl');
  row(dl, t('detailsSignatureStatus'), r.signature + (r.reason ? ` (${r.reason})` : ''));
  row(dl, t('detailsTrust'), r.trust);
  row(dl, t('detailsSender'), `${r.sender} (From: ${r.from.join(', ') || '?'})`);
  row(dl, t('detailsCoverage'), r.coverage);
  row(dl, t('detailsForm'), r.form);
  // Which path fetched the original (Outlook has several, best-effort first): useful when a verdict surprises.
  if (via) row(dl, t('detailsRawSource'), t(RAW_SOURCE_LABEL[via]));
  app.append(dl);
  r.signers.forEach((s, i) => app.append(signerBlock(s, i)));
  app.append(h('h2', '', t('detailsWarnings')));
  const ul = h('ul');
  for (const w of r.warnings) ul.append(h('li', '', `${w.code}: ${w.message}`));
  if (r.warnings.length === 0) ul.append(h('li', '', t('detailsNone')));
  app.append(ul);
  appendSignedText(app, r);
  app.dataset.state = 'ready';
}

void main().catch((e) => {
  document.getElementById('app')!.textContent = e instanceof Error ? e.message : String(e);
});
