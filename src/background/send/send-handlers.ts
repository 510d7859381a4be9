// Handlers for the compose-and-send operations (drafts, compose contexts, OAuth and compose settings, send).
// Kept apart from handlers.ts, which spreads them in; this file imports only types from there (no import cycle).
import { canonicalizeCrlf } from '../../crypto/mime/canonicalize-crlf';
import { parseMime, type MimeEntity } from '../../crypto/mime/parse-mime';
import { smimeKind } from '../../crypto/smime/classify-entity';
import type { ComposeDraft, ComposeSettings, OAuthSettingsView, OperationName, RequestOf, ResponseOf, SendResult } from '../../shared/messages';
import type { BackgroundDeps, CallerInfo } from '../handlers';
import { decryptWithIdentities } from '../decrypt-with-identities';
import { resolveRecipient } from '../resolve-recipient';
import { verifyOptions } from '../verify-options';
import { effectiveDefault, isValidAt } from '../keystore/defaults';
import { getIdentity, identitiesForAddress, withPrivateKey } from '../keystore/identities';
import { normalizeAddress, type Keystore } from '../keystore/keystore';
import { KeystoreError } from '../keystore/keystore-error';
import { allRecipients, buildOutgoing, newMessageId } from './build-outgoing';
import { deleteDraft, listDrafts, loadDraft, loadSendAttempt, saveDraft, type SendAttempt } from './draft-store';
import { SendError, sendRawMessage } from './gmail-send';
import { forgetAccessToken, getAccessToken, type OAuthDeps } from './oauth';
import { forwardAttachments, type ComposeContextWithAttachments } from './forward-attachments';
import { GRAPH_SEND_LIMIT_BYTES, sendMimeViaGraph } from './graph-mail';
import { forgetMicrosoftToken, getMicrosoftToken } from './microsoft-oauth';
import { msOAuthDeps } from './microsoft-settings';
import { isOutlookUrl } from './outlook-handlers';
import { deriveComposeContext } from './reply-context';
import type { SendServices } from './send-services';
import type { EncryptTarget } from './smime-engine';

type SendOp =
  | 'open-composer'
  | 'get-compose-context'
  | 'save-draft'
  | 'load-draft'
  | 'list-drafts'
  | 'delete-draft'
  | 'send-message'
  | 'get-oauth-settings'
  | 'set-oauth-settings'
  | 'get-compose-settings'
  | 'set-compose-settings';

type Handler<Op extends OperationName> = (deps: BackgroundDeps, request: RequestOf<Op>, caller: CallerInfo) => Promise<ResponseOf<Op>>;

const DEFAULT_COMPOSE_SETTINGS: ComposeSettings = { signingForm: 'detached', hideSubjectByDefault: false, accounts: [] };

function services(deps: BackgroundDeps): SendServices {
  if (!deps.send) throw new KeystoreError('not-implemented', 'Sending is not available in this context.');
  return deps.send;
}

async function getComposeSettings(ks: Keystore): Promise<ComposeSettings> {
  const row = await ks.db.get('meta', 'compose-settings');
  return { ...DEFAULT_COMPOSE_SETTINGS, ...(row && row.key === 'compose-settings' ? row.settings : {}) };
}

async function oauthView(deps: BackgroundDeps): Promise<OAuthSettingsView> {
  const send = services(deps);
  const row = await deps.keystore.db.get('meta', 'oauth-settings');
  const stored = row && row.key === 'oauth-settings' ? row.clientId : null;
  if (stored) return { clientId: stored, source: 'options', redirectUri: send.redirectUri };
  if (send.buildClientId) return { clientId: send.buildClientId, source: 'build', redirectUri: send.redirectUri };
  return { clientId: null, source: 'none', redirectUri: send.redirectUri };
}

function oauthDeps(deps: BackgroundDeps): OAuthDeps {
  const send = services(deps);
  return {
    clientId: async () => (await oauthView(deps)).clientId,
    redirectUri: send.redirectUri,
    launchWebAuthFlow: (url, interactive) => send.launchWebAuthFlow(url, interactive),
    fetch: (url, init) => send.fetch(url, { method: 'GET', headers: init.headers }),
    session: send.session,
    now: () => deps.keystore.clock.now(),
  };
}

/** The identity that signs for `from`: the composer's choice if it is valid for that address, else the default. */
async function signingIdentity(ks: Keystore, from: string, chosen: string | null): Promise<string> {
  const addr = normalizeAddress(from);
  if (chosen) {
    const candidates = await identitiesForAddress(ks, addr);
    const c = candidates.find((x) => x.id === chosen);
    if (c && isValidAt(c, ks.clock.now())) return c.id;
  }
  const d = await effectiveDefault(ks, addr);
  if (!d) throw new KeystoreError('no-identity', `You have no valid certificate for ${addr}, so this message cannot be signed or encrypted.`);
  return d.identityId;
}

/** The outer message and the entity the reader saw: decrypted, and unwrapped from its signature. */
async function shownEntity(deps: BackgroundDeps, raw: Uint8Array): Promise<{ outer: MimeEntity; shown: MimeEntity; encrypted: boolean }> {
  const canonical = canonicalizeCrlf(raw);
  const outer = parseMime(canonical, { maxDepth: 16, maxParts: 500 });
  let shown = outer;
  let encrypted = false;
  let verifySigned: Uint8Array | undefined;
  const kind = smimeKind(outer);
  if (kind === 'enveloped' || kind === 'auth-enveloped') {
    const { outcome: out } = await decryptWithIdentities(deps.keystore, deps.engine, canonical, await verifyOptions(deps.keystore));
    encrypted = true;
    shown = parseMime(out.content, { maxDepth: 16, maxParts: 500 });
    verifySigned = out.verify?.signedContent;
  } else if (kind === 'opaque-signed') {
    verifySigned = (await deps.engine.verifyMessage(canonical, await verifyOptions(deps.keystore))).signedContent;
  }
  for (let i = 0; i < 3; i++) {
    const k = smimeKind(shown);
    if (k === 'multipart-signed' && shown.children[0]) shown = shown.children[0];
    else if (k === 'opaque-signed' && verifySigned) {
      shown = parseMime(verifySigned, { maxDepth: 16, maxParts: 500 });
      verifySigned = undefined;
    } else break;
  }
  return { outer, shown, encrypted };
}

function toSendFailure(e: unknown): unknown {
  if (!(e instanceof SendError)) return e;
  const code = ({ unauthorized: 'send-unauthorized', quota: 'send-quota', network: 'send-network', server: 'send-server-error', rejected: 'send-rejected', 'too-large': 'send-too-large' } as const)[e.kind];
  return new KeystoreError(code, e.message);
}

/** The send attempt of this draft: the stored one (a retry), else a new Message-ID and Date. */
async function sendAttempt(ks: Keystore, draft: ComposeDraft): Promise<SendAttempt> {
  const stored = await loadSendAttempt(ks, draft.id).catch(() => null);
  return stored ?? { messageId: newMessageId(draft.from), date: new Date(ks.clock.now()).toISOString(), sent: [] };
}

type Uploader = (raw: Uint8Array) => Promise<{ id: string; threadId: string | null }>;

/** An upload that signs in again once when the token is refused (expired or revoked), then gives up. */
function withReauth<T>(getToken: (fresh: boolean) => Promise<string>, put: (token: string, raw: Uint8Array) => Promise<T>): (raw: Uint8Array) => Promise<T> {
  let token: Promise<string> = getToken(false);
  let reauthenticated = false;
  return async (raw) => {
    try {
      return await put(await token, raw);
    } catch (e) {
      if (!(e instanceof SendError) || e.kind !== 'unauthorized' || reauthenticated) throw e;
      reauthenticated = true;
      token = getToken(true);
      return put(await token, raw);
    }
  };
}

async function gmailUploader(deps: BackgroundDeps, account: string, threadId: string | null): Promise<Uploader> {
  const send = services(deps);
  const oauth = oauthDeps(deps);
  const first = await getAccessToken(oauth, account);
  return withReauth(
    async (fresh) => {
      if (!fresh) return first;
      await forgetAccessToken(oauth, account);
      return getAccessToken(oauth, account);
    },
    (token, raw) => sendRawMessage(send.fetch, token, raw, threadId),
  );
}

/**
 * Outlook: Graph sendMail with the whole MIME in base64 (sent unchanged, a copy kept in Sent Items). Every copy's
 * size is checked against the ~4 MB limit before anyone is asked to sign in; the token must be the tab's mailbox.
 */
async function outlookUploader(deps: BackgroundDeps, account: string, copies: readonly { raw: Uint8Array }[]): Promise<Uploader> {
  const send = services(deps);
  for (const c of copies) {
    const body = Math.ceil(c.raw.length / 3) * 4;
    if (body > GRAPH_SEND_LIMIT_BYTES) {
      throw new SendError('too-large', `The message is ${(body / 1048576).toFixed(1)} MB as sent to Microsoft Graph, above its limit of about 4 MB. Remove or shrink attachments.`);
    }
  }
  const ms = msOAuthDeps(deps);
  const first = (await getMicrosoftToken(ms, account, 'send', true)).accessToken;
  return withReauth(
    async (fresh) => {
      if (!fresh) return first;
      await forgetMicrosoftToken(ms, account);
      return (await getMicrosoftToken(ms, account, 'send', true)).accessToken;
    },
    async (token, raw) => {
      await sendMimeViaGraph(send.fetch, token, raw);
      return { id: '', threadId: null };
    },
  );
}

async function sendDraft(deps: BackgroundDeps, draft: ComposeDraft): Promise<SendResult> {
  const ks = deps.keystore;
  const send = services(deps);
  const account = normalizeAddress(draft.account ?? draft.from);
  const provider = draft.provider ?? 'gmail';
  if (normalizeAddress(draft.from) !== account) {
    const site = provider === 'outlook' ? 'Outlook' : 'Gmail';
    throw new KeystoreError('oauth-account-mismatch', `This composer belongs to the ${site} account ${account}; it can send only as ${account}.`);
  }
  const recipients = allRecipients(draft);
  if (recipients.length === 0) throw new KeystoreError('invalid-argument', 'Add at least one recipient.');
  const settings = await getComposeSettings(ks);
  const needsIdentity = draft.sign || draft.encrypt;
  const identityId = needsIdentity ? await signingIdentity(ks, draft.from, draft.identityId) : null;

  const targets = new Map<string, EncryptTarget>();
  if (draft.encrypt) {
    const missing: string[] = [];
    for (const a of recipients) {
      const r = await resolveRecipient(ks, a);
      if (!r.der || r.status === 'missing' || r.status === 'expired') missing.push(r.address);
      else targets.set(a, { certificate: r.der, capabilities: r.capabilities ?? [] });
    }
    if (missing.length) throw new KeystoreError('no-recipient-certificate', `No usable certificate for: ${missing.join(', ')}.`);
  }
  const attempt = await sendAttempt(ks, draft);
  // Stored before anything goes up: a crash mid-send still retries with the same Message-ID.
  await saveDraft(ks, draft, attempt);
  const outgoing = await buildOutgoing(
    draft,
    {
      sign: (entity, opaque) => withPrivateKey(ks, identityId!, (id) => send.smime.sign(entity, id, opaque)),
      encrypt: async (entity, to) => {
        const sender = await getIdentity(ks, identityId!);
        return send.smime.encrypt(entity, to.map((a) => targets.get(a)!), sender.certificate, null, false);
      },
    },
    { opaqueSigning: settings.signingForm === 'opaque', date: new Date(attempt.date), messageId: attempt.messageId, skip: attempt.sent },
  );

  const upload = provider === 'outlook' ? await outlookUploader(deps, account, outgoing.copies) : await gmailUploader(deps, account, draft.threadId);
  let first: { id: string; threadId: string | null } | null = null;
  const total = attempt.sent.length + outgoing.copies.length;
  for (const copy of outgoing.copies) {
    let sent;
    try {
      sent = await upload(copy.raw);
    } catch (e) {
      if (e instanceof SendError && attempt.sent.length > 0) {
        throw new SendError(e.kind, `${e.message} (${attempt.sent.length} of ${total} copies were sent; Retry sends only the rest.)`, e.status);
      }
      throw e;
    }
    first ??= sent;
    attempt.sent.push(copy.key);
    await saveDraft(ks, draft, attempt);
  }
  return { gmailId: first?.id ?? '', threadId: first?.threadId ?? null, messageId: outgoing.messageId, signed: draft.sign, encrypted: draft.encrypt };
}

export const SEND_HANDLERS: { [Op in SendOp]: Handler<Op> } = {
  'open-composer': async (deps, req, caller) => {
    const send = services(deps);
    // A content script's site decides where the reply goes (a page cannot pick another provider for its tab).
    const provider = caller.kind === 'content-script' ? (isOutlookUrl(caller.url) ? 'outlook' : 'gmail') : (req.provider ?? 'gmail');
    const handle = send.contexts.put({
      provider,
      mode: req.mode,
      account: req.account ? normalizeAddress(req.account) : null,
      threadId: req.threadId ?? null,
      message: req.message ?? null,
    });
    await send.openComposer(`${send.composerUrl}?context=${handle}`, caller.kind === 'content-script' ? caller.tabId : undefined);
    return { handle };
  },
  'get-compose-context': async (deps, req) => {
    const stored = services(deps).contexts.get(req.handle);
    if (!stored) throw new KeystoreError('compose-context-expired', 'This reply window is too old. Open it again from Gmail.');
    if (!stored.message || stored.mode === 'new') {
      return { mode: 'new', account: stored.account, provider: stored.provider, threadId: null, to: [], cc: [], subject: '', inReplyTo: null, references: [], quote: '', originalEncrypted: false };
    }
    const original = await shownEntity(deps, stored.message);
    const ctx = deriveComposeContext(original, stored.mode, stored.account, stored.threadId, undefined, stored.provider);
    if (stored.mode !== 'forward') return ctx;
    // A forward carries the original's files over; the composer lists them and lets the user remove any.
    const files = forwardAttachments(original.shown);
    return { ...ctx, attachments: files.attachments, omittedAttachments: files.omitted } satisfies ComposeContextWithAttachments;
  },
  'save-draft': async (deps, req) => saveDraft(deps.keystore, req.draft),
  'load-draft': async (deps, req) => ({ draft: await loadDraft(deps.keystore, req.id) }),
  'list-drafts': async (deps) => ({ drafts: await listDrafts(deps.keystore) }),
  'delete-draft': async (deps, req) => ({ deleted: await deleteDraft(deps.keystore, req.id) }),
  'send-message': async (deps, req) => {
    const ks = deps.keystore;
    // Saved first: whatever happens next, the draft is not lost.
    await saveDraft(ks, { ...req.draft, lastError: null });
    try {
      const result = await sendDraft(deps, req.draft);
      await deleteDraft(ks, req.draft.id);
      return result;
    } catch (e) {
      const failure = toSendFailure(e);
      await saveDraft(ks, { ...req.draft, lastError: failure instanceof Error ? failure.message : String(failure) }).catch(() => undefined);
      throw failure;
    }
  },
  'get-oauth-settings': async (deps) => oauthView(deps),
  'set-oauth-settings': async (deps, req) => {
    await deps.keystore.db.put('meta', { key: 'oauth-settings', clientId: req.clientId });
    return oauthView(deps);
  },
  'get-compose-settings': async (deps) => getComposeSettings(deps.keystore),
  'set-compose-settings': async (deps, req) => {
    const next = { ...(await getComposeSettings(deps.keystore)), ...req };
    await deps.keystore.db.put('meta', { key: 'compose-settings', settings: next });
    return next;
  },
};
