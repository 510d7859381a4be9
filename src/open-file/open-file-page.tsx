// "Open a message file": for webmail without an integration, the user downloads a message (.eml, or the
// .p7m attachment) and drops it here; the page verifies or decrypts it in the background and shows it safely.
import { useState } from 'preact/hooks';
import { parseMime } from '../crypto/mime/parse-mime';
import { smimeKind } from '../crypto/smime/classify-entity';
import type { VerifyResult } from '../crypto/types';
import type { DecryptView, HarvestResult } from '../shared/messages';
import { displayName } from '../ui/certificate-facts';
import { rpcErrorText } from '../ui/error-text';
import { FileDrop } from '../ui/file-drop';
import { t } from '../ui/i18n';
import { showsIntegrityWarning } from '../ui/integrity-notice';
import { Notice } from '../ui/notice';
import { openExtensionPage, OPTIONS_PAGE } from '../ui/open-page';
import { call } from '../ui/rpc';
import { UnlockForm } from '../ui/unlock-form';
import { buildDecryptedView, type DecryptedView } from '../viewer/decrypted-view';
import { AttachmentList } from './attachment-list';
import { MailFrame } from './mail-frame';
import { MessageHeaders } from './message-headers';
import { prepareMessageFile } from './prepare-message-file';
import { ReplyActions } from './reply-actions';
import { VerdictPanel } from './verdict-panel';

const MAX_MESSAGE_BYTES = 50 * 1024 * 1024;

type Shown =
  | { kind: 'busy' }
  | { kind: 'problem'; text: string; tone: 'bad' | 'neutral' | 'warn'; toCertificates?: boolean }
  | { kind: 'locked'; retry(): void }
  | { kind: 'signed'; message: Uint8Array; verify: VerifyResult; view: DecryptedView | null; harvest: HarvestResult | null }
  | { kind: 'decrypted'; message: Uint8Array; result: DecryptView; identity: string; view: DecryptedView | null }
  | { kind: 'plain'; message: Uint8Array; view: DecryptedView | null };

function safeView(content: Uint8Array, verify?: VerifyResult): DecryptedView | null {
  try {
    return buildDecryptedView(content, verify);
  } catch {
    return null;
  }
}

/** Encrypt-then-sign: the signature wraps an encrypted part, which the decrypt operation opens (with both verdicts). */
function signsEncryptedContent(verify: VerifyResult): boolean {
  if (!verify.signedContent) return false;
  try {
    const kind = smimeKind(parseMime(verify.signedContent, { maxDepth: 4, maxParts: 50 }));
    return kind === 'enveloped' || kind === 'auth-enveloped';
  } catch {
    return false;
  }
}

async function openSigned(message: Uint8Array, retry: () => void): Promise<Shown> {
  const r = await call('verify-message', { message });
  if (!r.ok) return { kind: 'problem', tone: 'bad', text: rpcErrorText(r.error) };
  if (signsEncryptedContent(r.value)) return openEncrypted(message, retry);
  let harvest: HarvestResult | null = null;
  if (r.value.signature === 'valid') {
    const h = await call('harvest-certificate', { message });
    if (h.ok) harvest = h.value;
  }
  return { kind: 'signed', message, verify: r.value, view: safeView(message, r.value), harvest };
}

async function openEncrypted(message: Uint8Array, retry: () => void): Promise<Shown> {
  const r = await call('decrypt-message', { message });
  if (!r.ok) {
    if (r.error.code === 'locked') return { kind: 'locked', retry };
    const tone = r.error.code === 'not-for-this-identity' || r.error.code === 'no-identity' ? 'neutral' : 'bad';
    return { kind: 'problem', tone, text: rpcErrorText(r.error) };
  }
  let identity = '';
  const ids = await call('list-identities', {});
  if (ids.ok) {
    const mine = ids.value.identities.find((i) => i.id === r.value.identityId);
    identity = mine ? mine.emails[0] ?? displayName(mine.summary) : '';
  }
  return { kind: 'decrypted', message, result: r.value, identity, view: safeView(r.value.content, r.value.verify) };
}

function Body({ view }: { view: DecryptedView | null }) {
  if (!view) return <Notice tone="warn">{t('openCannotShow')}</Notice>;
  return (
    <>
      <MailFrame view={view} />
      <AttachmentList attachments={view.attachments} />
    </>
  );
}

function Result({ shown }: { shown: Shown }) {
  switch (shown.kind) {
    case 'busy':
      return <p class="muted">{t('uiWorking')}</p>;
    case 'problem':
      return (
        <>
          <Notice tone={shown.tone} test="open-problem">
            {shown.text}
          </Notice>
          {shown.toCertificates && (
            <button type="button" id="open-go-to-certificates" onClick={() => openExtensionPage(`${OPTIONS_PAGE}#import`)}>
              {t('openGoToCertificates')}
            </button>
          )}
        </>
      );
    case 'locked':
      return <UnlockForm onUnlocked={shown.retry} />;
    case 'plain':
      return (
        <>
          <Notice tone="neutral" test="open-plain">{t('openPlain')}</Notice>
          <MessageHeaders message={shown.message} />
          <Body view={shown.view} />
          <ReplyActions message={shown.message} />
        </>
      );
    case 'signed':
      return (
        <>
          <VerdictPanel result={shown.verify} />
          {shown.harvest?.changed && <Notice tone="warn" test="certificate-changed">{t('openCertificateChanged')}</Notice>}
          <MessageHeaders message={shown.message} />
          <Body view={shown.view} />
          <ReplyActions message={shown.message} />
        </>
      );
    case 'decrypted': {
      const { result } = shown;
      return (
        <>
          <Notice tone="good" test="decrypted">{t('statusEncrypted', [shown.identity || '?'])}</Notice>
          {showsIntegrityWarning(result) && <Notice tone="warn" test="not-integrity-protected">{t('decryptedNotIntegrityProtected')}</Notice>}
          {result.coverage === 'partial' && <Notice tone="warn">{t('openPartiallyEncrypted')}</Notice>}
          {result.outerVerify && <VerdictPanel result={result.outerVerify} />}
          {result.verify && <VerdictPanel result={result.verify} />}
          <MessageHeaders message={shown.message} />
          <Body view={shown.view} />
          <ReplyActions message={shown.message} />
        </>
      );
    }
  }
}

export function OpenFilePage() {
  const [shown, setShown] = useState<Shown | null>(null);
  const [fileName, setFileName] = useState('');

  const open = async (name: string, bytes: Uint8Array) => {
    setFileName(name);
    setShown({ kind: 'busy' });
    const prepared = prepareMessageFile(name, bytes);
    switch (prepared.kind) {
      case 'detached-signature':
        return setShown({ kind: 'problem', tone: 'warn', text: t('openDetachedSignature') });
      case 'unreadable':
        return setShown({ kind: 'problem', tone: 'bad', text: t('openUnreadable') });
      case 'not-a-message': {
        const text = { empty: 'openEmptyFile', certificate: 'openCertificateFile', zip: 'openZipFile', other: 'openNotMessage' }[prepared.what];
        const toCertificates = prepared.what === 'certificate' || prepared.what === 'zip';
        return setShown({ kind: 'problem', tone: toCertificates ? 'neutral' : 'bad', text: t(text), toCertificates });
      }
      case 'plain':
        return setShown({ kind: 'plain', message: prepared.message, view: safeView(prepared.message) });
      case 'signed':
        return setShown(await openSigned(prepared.message, () => void open(name, bytes)));
      case 'encrypted':
        return setShown(await openEncrypted(prepared.message, () => void open(name, bytes)));
    }
  };

  return (
    <div class="page">
      <h1>{t('openTitle')}</h1>
      <p class="muted">{t('openExplain')}</p>
      <FileDrop
        id="message-file"
        accept=".eml,.p7m,.p7s,message/rfc822"
        hint={t('openDropHint')}
        maxBytes={MAX_MESSAGE_BYTES}
        onFile={(f) => void open(f.name, f.bytes)}
        onError={(text) => setShown({ kind: 'problem', tone: 'bad', text })}
      />
      {shown && (
        <section id="result" class="stack" data-state={shown.kind} aria-live="polite" aria-label={fileName}>
          <Result shown={shown} />
        </section>
      )}
    </div>
  );
}
