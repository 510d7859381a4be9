// The secure composer: an extension-origin page, so Gmail never sees what is typed. It keeps an encrypted draft in
// the background (saved a moment after every change), shows each recipient's certificate state, blocks encryption
// until every recipient has a usable certificate (offering "send signed only"), and sends through the background.
import { addressKey } from '../crypto/mime/address-key';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ComposeContext, ComposeDraft, ComposeSettings, ContactView, DraftSummary, IdentityView, RecipientStatus } from '../shared/messages';
import { formatDate, t } from '../ui/i18n';
import { RpcCallError } from '../shared/rpc';
import { call, callOrThrow } from '../ui/rpc';
import type { ComposeContextWithAttachments } from '../background/send/forward-attachments';
import { defaultToggles, encryptionBlockers, fromChoices, identitiesFor, newDraftId, pickIdentity, splitAddresses } from './compose-rules';
import { isRetryable, sendErrorText } from './send-error-text';
import { SettingsPanel } from './settings-panel';

const AUTOSAVE_MS = 600;

interface Fields {
  to: string;
  cc: string;
  bcc: string;
}

type Phase = { kind: 'loading' } | { kind: 'editing' } | { kind: 'sending' } | { kind: 'sent'; gmailId: string } | { kind: 'fatal'; text: string };

function emptyDraft(): ComposeDraft {
  return {
    id: newDraftId(),
    mode: 'new',
    account: null,
    from: '',
    identityId: null,
    to: [],
    cc: [],
    bcc: [],
    subject: '',
    body: '',
    attachments: [],
    sign: false,
    encrypt: false,
    hideSubject: false,
    inReplyTo: null,
    references: [],
    threadId: null,
  };
}

const STATE_TEXT: Record<RecipientStatus['status'], string> = {
  ok: 'composeCertOk',
  untrusted: 'composeCertUntrusted',
  expired: 'composeCertExpired',
  missing: 'composeCertMissing',
};

export function Composer(props: { context: string | null; draftId: string | null }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [draft, setDraft] = useState<ComposeDraft>(emptyDraft);
  const [fields, setFields] = useState<Fields>({ to: '', cc: '', bcc: '' });
  const [identities, setIdentities] = useState<IdentityView[]>([]);
  const [contacts, setContacts] = useState<ContactView[]>([]);
  const [settings, setSettings] = useState<ComposeSettings>({ signingForm: 'detached', hideSubjectByDefault: false, accounts: [] });
  const [statuses, setStatuses] = useState<RecipientStatus[]>([]);
  const [drafts, setDrafts] = useState<DraftSummary[]>([]);
  const [error, setError] = useState<{ text: string; code: string } | null>(null);
  const [saved, setSaved] = useState('');
  const dirty = useRef(false);
  const draftRef = useRef(draft);
  draftRef.current = draft;

  // ----- load -----
  useEffect(() => {
    void (async () => {
      try {
        const [ids, cs, st] = await Promise.all([
          callOrThrow('list-identities', {}),
          callOrThrow('list-contacts', {}),
          callOrThrow('get-compose-settings', {}),
        ]);
        setIdentities(ids.identities);
        setContacts(cs.contacts);
        setSettings(st);
        let d = emptyDraft();
        if (props.draftId) {
          d = (await callOrThrow('load-draft', { id: props.draftId })).draft;
          // The identity chosen then may have expired or been removed since.
          d.identityId = pickIdentity(d.from, ids.identities, d.identityId) ?? d.identityId;
        } else {
          let originalEncrypted = false;
          if (props.context) {
            // A forward's answer also carries the original's attachments (see forward-attachments.ts).
            const ctx: ComposeContext & Partial<Pick<ComposeContextWithAttachments, 'attachments'>> = await callOrThrow('get-compose-context', { handle: props.context });
            originalEncrypted = ctx.originalEncrypted;
            d = {
              ...d,
              mode: ctx.mode,
              account: ctx.account,
              to: ctx.to,
              cc: ctx.cc,
              subject: ctx.subject,
              body: ctx.quote ? `\n\n${ctx.quote}\n` : '',
              inReplyTo: ctx.inReplyTo,
              references: ctx.references,
              threadId: ctx.threadId,
              provider: ctx.provider,
              attachments: ctx.attachments ?? [],
            };
          }
          d.from = fromChoices(d.account, ids.identities)[0] ?? d.account ?? '';
          const mine = identitiesFor(d.from, ids.identities);
          d.identityId = pickIdentity(d.from, ids.identities, null);
          const toggles = defaultToggles(d.from, mine.length > 0, st, originalEncrypted);
          d.sign = toggles.sign;
          d.encrypt = toggles.encrypt;
          d.hideSubject = st.hideSubjectByDefault && toggles.encrypt;
          if (!props.context) setDrafts((await callOrThrow('list-drafts', {})).drafts);
        }
        setDraft(d);
        setFields({ to: d.to.join(', '), cc: d.cc.join(', '), bcc: d.bcc.join(', ') });
        setPhase({ kind: 'editing' });
        // A reply or forward is saved at once, so closing the tab right away still leaves a draft.
        if (d.mode !== 'new' && !props.draftId) dirty.current = true;
      } catch (e) {
        setPhase({ kind: 'fatal', text: sendErrorText(e).text });
      }
    })();
  }, [props.context, props.draftId]);

  const update = useCallback((patch: Partial<ComposeDraft>) => {
    dirty.current = true;
    setDraft((d) => ({ ...d, ...patch }));
  }, []);

  // ----- autosave (encrypted at rest by the background) -----
  const saveNow = useCallback(async () => {
    if (!dirty.current) return;
    dirty.current = false;
    const r = await call('save-draft', { draft: draftRef.current });
    if (r.ok) setSaved(t('composeDraftSaved'));
    else {
      dirty.current = true;
      setSaved(sendErrorText(new Error(r.error.message)).text);
    }
  }, []);
  useEffect(() => {
    if (phase.kind !== 'editing' || !dirty.current) return;
    const timer = setTimeout(() => void saveNow(), AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [draft, phase.kind, saveNow]);
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') void saveNow();
    };
    document.addEventListener('visibilitychange', onHide);
    return () => document.removeEventListener('visibilitychange', onHide);
  }, [saveNow]);

  // ----- recipients and their certificates -----
  const parsed = useMemo(() => ({ to: splitAddresses(fields.to), cc: splitAddresses(fields.cc), bcc: splitAddresses(fields.bcc) }), [fields]);
  const recipients = useMemo(() => [...new Set([...parsed.to.addresses, ...parsed.cc.addresses, ...parsed.bcc.addresses].map(addressKey))], [parsed]);
  const invalid = [...parsed.to.invalid, ...parsed.cc.invalid, ...parsed.bcc.invalid];
  useEffect(() => {
    if (recipients.length === 0) return setStatuses([]);
    const timer = setTimeout(() => {
      void call('recipient-status', { addresses: recipients }).then((r) => r.ok && setStatuses(r.value.recipients));
    }, 250);
    return () => clearTimeout(timer);
  }, [recipients.join(',')]);
  const setField = (k: keyof Fields, v: string) => {
    setFields((f) => ({ ...f, [k]: v }));
    update({ [k]: splitAddresses(v).addresses } as Partial<ComposeDraft>);
  };

  const myIdentities = identitiesFor(draft.from, identities);
  const blockers = draft.encrypt ? encryptionBlockers(recipients, statuses) : [];
  const statusesKnown = recipients.every((a) => statuses.some((s) => s.address === a));

  // ----- send -----
  const send = useCallback(async () => {
    setError(null);
    setPhase({ kind: 'sending' });
    dirty.current = false;
    const r = await call('send-message', { draft: draftRef.current });
    if (r.ok) {
      setPhase({ kind: 'sent', gmailId: r.value.gmailId });
      return;
    }
    setError(sendErrorText(new RpcCallError(r.error)));
    setPhase({ kind: 'editing' });
  }, []);
  // Offline: retry by itself once the browser is back online.
  useEffect(() => {
    if (error?.code !== 'send-network') return;
    const onOnline = () => void send();
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [error, send]);

  const addFiles = async (files: FileList | null) => {
    if (!files) return;
    const added = await Promise.all(Array.from(files).map(async (f) => ({ name: f.name, type: f.type || 'application/octet-stream', data: new Uint8Array(await f.arrayBuffer()) })));
    update({ attachments: [...draftRef.current.attachments, ...added] });
  };

  if (phase.kind === 'loading') return <main class="composer">{t('composeLoading')}</main>;
  if (phase.kind === 'fatal') return <main class="composer"><p class="note bad" role="alert">{phase.text}</p></main>;
  if (phase.kind === 'sent') {
    return (
      <main class="composer">
        <p class="note good" role="status" id="sent-notice">{t('composeSent')}</p>
        <button onClick={() => window.close()}>{t('composeClose')}</button>
      </main>
    );
  }

  const canSend = phase.kind === 'editing' && recipients.length > 0 && invalid.length === 0 && draft.from !== '' && blockers.length === 0 && (!draft.encrypt || statusesKnown);
  const contactAddresses = contacts.map((c) => c.address);

  return (
    <main class="composer">
      <header>
        <h1>{t(draft.mode === 'new' ? 'composeTitle' : draft.mode === 'forward' ? 'composeTitleForward' : 'composeTitleReply')}</h1>
        <span class="muted" id="draft-state">{saved}</span>
      </header>
      {drafts.length > 0 && (
        <section class="drafts note neutral">
          <h2>{t('composeUnsentDrafts')}</h2>
          <ul id="draft-list">
            {drafts.map((d) => (
              <li key={d.id}>
                <a href={`?draft=${d.id}`}>{d.subject || t('composeNoSubject')}</a> <span class="muted">{d.to.join(', ')}</span>
                {d.lastError && <span class="muted"> — {t('composeNotSent')}</span>}{' '}
                <button class="link" onClick={async () => { await call('delete-draft', { id: d.id }); setDrafts(drafts.filter((x) => x.id !== d.id)); }}>{t('composeDeleteDraft')}</button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <datalist id="contacts">{contactAddresses.map((a) => <option key={a} value={a} />)}</datalist>
      <label class="line">
        <span>{t('composeFrom')}</span>
        <select id="from" value={draft.from} onChange={(e) => {
          const from = (e.target as HTMLSelectElement).value;
          update({ from, identityId: pickIdentity(from, identities, null) });
        }}>
          {fromChoices(draft.account, identities).map((a) => <option key={a} value={a}>{a}</option>)}
        </select>
      </label>
      {myIdentities.length > 1 && (
        <label class="line">
          <span>{t('composeIdentity')}</span>
          <select id="identity" value={draft.identityId ?? ''} onChange={(e) => update({ identityId: (e.target as HTMLSelectElement).value })}>
            {myIdentities.map((i) => <option key={i.id} value={i.id}>{`${i.summary.commonName ?? i.summary.subject} — ${i.summary.issuer} (${formatDate(i.summary.notAfter)})`}</option>)}
          </select>
        </label>
      )}
      {(['to', 'cc', 'bcc'] as const).map((k) => (
        <label class="line" key={k}>
          <span>{t(k === 'to' ? 'composeTo' : k === 'cc' ? 'composeCc' : 'composeBcc')}</span>
          <input id={`field-${k}`} type="email" multiple list="contacts" autocomplete="off" value={fields[k]} onInput={(e) => setField(k, (e.target as HTMLInputElement).value)} />
        </label>
      ))}
      {recipients.length > 0 && (
        <ul class="recipients" id="recipient-states" aria-label={t('composeRecipientStates')}>
          {recipients.map((a) => {
            const s = statuses.find((x) => x.address === a);
            return <li key={a} class={s?.status ?? 'checking'} data-address={a} data-state={s?.status ?? 'checking'}>{`${a}: ${s ? t(STATE_TEXT[s.status]) : t('composeCertChecking')}`}</li>;
          })}
        </ul>
      )}
      {invalid.length > 0 && <p class="note bad" role="alert">{t('composeInvalidAddress', [invalid.join(', ')])}</p>}
      <label class="line">
        <span>{t('composeSubject')}</span>
        <input id="field-subject" value={draft.subject} onInput={(e) => update({ subject: (e.target as HTMLInputElement).value })} />
      </label>
      <div class="toggles">
        <label><input type="checkbox" id="toggle-sign" checked={draft.sign} disabled={myIdentities.length === 0} onChange={(e) => update({ sign: (e.target as HTMLInputElement).checked })} />{t('composeSign')}</label>
        <label><input type="checkbox" id="toggle-encrypt" checked={draft.encrypt} disabled={myIdentities.length === 0} onChange={(e) => update({ encrypt: (e.target as HTMLInputElement).checked, hideSubject: (e.target as HTMLInputElement).checked && draft.hideSubject })} />{t('composeEncrypt')}</label>
        <label><input type="checkbox" id="toggle-hide-subject" checked={draft.hideSubject} disabled={!draft.encrypt} onChange={(e) => update({ hideSubject: (e.target as HTMLInputElement).checked })} />{t('composeHideSubject')}</label>
      </div>
      {myIdentities.length === 0 && draft.from && <p class="note warn">{t('composeNoIdentity', [draft.from])}</p>}
      {blockers.length > 0 && (
        <div class="note bad" role="alert" id="encrypt-blocked">
          <p>{t('composeCannotEncrypt', [blockers.join(', ')])}</p>
          <button class="secondary" id="send-signed-only" disabled={myIdentities.length === 0} onClick={() => update({ encrypt: false, hideSubject: false, sign: true })}>{t('composeSignedOnly')}</button>
        </div>
      )}
      <textarea id="field-body" aria-label={t('composeBody')} value={draft.body} onInput={(e) => update({ body: (e.target as HTMLTextAreaElement).value })} />
      <div class="row">
        <label class="secondary">
          {t('composeAttach')} <input type="file" id="field-attachments" multiple onChange={(e) => void addFiles((e.target as HTMLInputElement).files)} />
        </label>
      </div>
      {draft.attachments.length > 0 && (
        <ul class="attachments" id="attachment-list">
          {draft.attachments.map((a, i) => (
            <li key={`${a.name}-${i}`}>{`${a.name} (${Math.ceil(a.data.length / 1024)} KB)`}<button class="secondary" aria-label={t('composeRemove')} onClick={() => update({ attachments: draft.attachments.filter((_, j) => j !== i) })}>×</button></li>
          ))}
        </ul>
      )}
      {error && (
        <div class="note bad" role="alert" id="send-error" data-code={error.code}>
          <p>{error.text}</p>
          <p class="muted">{t('composeDraftKept')}</p>
          {isRetryable(error.code) && <button class="secondary" id="retry-send" onClick={() => void send()}>{t('composeRetry')}</button>}
        </div>
      )}
      <div class="actions">
        <button id="send" disabled={!canSend} onClick={() => void send()}>
          {phase.kind === 'sending' ? t('composeSending') : t(draft.encrypt ? 'composeSendEncrypted' : draft.sign ? 'composeSendSigned' : 'composeSendPlain')}
        </button>
        <button class="secondary" id="discard" onClick={async () => { await call('delete-draft', { id: draft.id }); window.close(); }}>{t('composeDiscard')}</button>
      </div>
      <SettingsPanel account={draft.account ?? draft.from} provider={draft.provider ?? 'gmail'} settings={settings} onSettings={setSettings} />
    </main>
  );
}
