// The send path through the real router with fakes for the browser: who may call the compose operations, drafts
// encrypted at rest, a send that re-authenticates once after a 401, failures that keep the draft, refusal to send
// with a token of another account, and the MIME that goes up (threadId upload for replies). Also: encrypted mail
// with Bcc is split so no copy's recipients name a Bcc recipient, a retry keeps the Message-ID and skips copies
// Gmail already took, and a forward carries the original's attachments.
import { describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../../src/crypto/bytes';
import { startBackground } from '../../src/background/service-worker';
import { ComposeContexts } from '../../src/background/send/compose-contexts';
import type { SendServices } from '../../src/background/send/send-services';
import type { ComposeDraft } from '../../src/shared/messages';
import { createRpcClient } from '../../src/shared/rpc';
import { cert, FakeClock, fakeEngine, fakeP12, fakeSignedMessage, freshDbName, TEST_ITERATIONS } from '../keystore/harness';
import { fakeChrome, SENDERS } from '../background/fake-chrome';

interface Net {
  sends: { url: string; headers: Record<string, string>; body: Uint8Array }[];
  statuses: number[];
  userinfoEmail: string;
  authUrls: string[];
  signCalls: number;
}

function fakeSend(net: Net, opened: string[]): SendServices {
  let n = 0;
  const store = new Map<string, unknown>();
  return {
    redirectUri: 'https://abc.chromiumapp.org/oauth2',
    launchWebAuthFlow: async (url) => {
      net.authUrls.push(url);
      const state = new URL(url).searchParams.get('state');
      return `https://abc.chromiumapp.org/oauth2#access_token=tok${++n}&expires_in=3600&state=${state}&scope=openid%20email%20https://www.googleapis.com/auth/gmail.send`;
    },
    session: { get: async (k) => store.get(k), set: async (k, v) => void store.set(k, v), remove: async (k) => void store.delete(k) },
    fetch: async (url, init) => {
      if (url.includes('userinfo')) return new Response(JSON.stringify({ email: net.userinfoEmail, email_verified: true }));
      net.sends.push({ url, headers: init.headers, body: init.body as Uint8Array });
      const status = net.statuses.shift() ?? 200;
      return new Response(status === 200 ? JSON.stringify({ id: 'g1', threadId: 't1' }) : '{"error":{"message":"no"}}', { status });
    },
    buildClientId: null,
    msRedirectUri: 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/',
    buildMsClientId: null,
    composerUrl: 'chrome-extension://x/src/composer/index.html',
    openComposer: async (url) => void opened.push(url),
    contexts: new ComposeContexts(() => Date.now()),
    smime: {
      sign: async (entity, _id, opaque) => {
        net.signCalls++;
        return utf8(`Content-Type: multipart/signed; opaque=${opaque}\r\n\r\n${new TextDecoder().decode(entity)}`);
      },
      // The "ciphertext" names whom it was encrypted for (certificate DER, hex), like RecipientInfos would.
      encrypt: async (entity, recipients, sender, signer) =>
        utf8(
          `Content-Type: application/pkcs7-mime\r\nX-Recipients: ${recipients.length + 1}; signed=${signer !== null || /^Content-Type: multipart\/signed/.test(new TextDecoder().decode(entity))}\r\n` +
            `X-Certs: ${[...recipients.map((r) => toHex(r.certificate)), toHex(sender)].join(' ')}\r\n\r\nSECRET-CIPHERTEXT`,
        ),
    },
  };
}

async function setup() {
  const chrome = fakeChrome();
  const net: Net = { sends: [], statuses: [], userinfoEmail: 'me@example.com', authUrls: [], signCalls: 0 };
  const opened: string[] = [];
  const deps = await startBackground(chrome, {
    engine: fakeEngine(),
    keystore: { dbName: freshDbName(), clock: new FakeClock(), pbkdf2Iterations: TEST_ITERATIONS },
    send: fakeSend(net, opened),
  });
  const page = createRpcClient(() => chrome.runtime.connectAs(SENDERS.popup));
  const content = createRpcClient(() => chrome.runtime.connectAs(SENDERS.gmailContentScript));
  const me = await cert('Me', ['me@example.com'], '2026-01-01', '2027-01-01');
  await page.callOrThrow('import-identity', { file: fakeP12(me, 'pw'), fileName: 'me.p12', password: 'pw' });
  await page.callOrThrow('set-oauth-settings', { clientId: 'abc.apps.googleusercontent.com' });
  return { deps, net, opened, page, content, me };
}

function draft(patch: Partial<ComposeDraft> = {}): ComposeDraft {
  return {
    id: '0123456789abcdef0123456789abcdef',
    mode: 'new',
    account: 'me@example.com',
    from: 'me@example.com',
    identityId: null,
    to: ['me@example.com'],
    cc: [],
    bcc: [],
    subject: 'Hello',
    body: 'TOP-SECRET-BODY 日本語',
    attachments: [{ name: 'a.bin', type: 'application/octet-stream', data: new Uint8Array([1, 2, 3]) }],
    sign: true,
    encrypt: false,
    hideSubject: false,
    inReplyTo: null,
    references: [],
    threadId: null,
    ...patch,
  };
}

describe('compose and send operations', () => {
  it('a content script may only open the composer: drafts, send, tokens and settings are refused', async () => {
    const { content, opened } = await setup();
    for (const [op, req] of [
      ['send-message', { draft: draft() }],
      ['save-draft', { draft: draft() }],
      ['list-drafts', {}],
      ['load-draft', { id: draft().id }],
      ['get-compose-context', { handle: draft().id }],
      ['set-oauth-settings', { clientId: null }],
      ['get-oauth-settings', {}],
    ] as const) {
      expect(await content.call(op as 'list-drafts', req as never)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const r = await content.call('open-composer', { mode: 'new', account: 'me@example.com' });
    expect(r.ok).toBe(true);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatch(/\?context=[0-9a-f]{32}$/);
  });

  it('drafts are encrypted at rest and round-trip with attachments', async () => {
    const { page, deps } = await setup();
    await page.callOrThrow('save-draft', { draft: draft() });
    const record = await deps.keystore.db.get('drafts', draft().id);
    const stored = new TextDecoder('latin1').decode(record!.ciphertext);
    expect(stored).not.toContain('TOP-SECRET');
    expect(stored).not.toContain('Hello');
    const loaded = (await page.callOrThrow('load-draft', { id: draft().id })).draft;
    expect(loaded.body).toBe('TOP-SECRET-BODY 日本語');
    expect([...loaded.attachments[0].data]).toEqual([1, 2, 3]);
    // A record moved to another id does not decrypt (AAD = id).
    await deps.keystore.db.put('drafts', { ...record!, id: 'ffffffffffffffffffffffffffffffff' });
    expect(await page.call('load-draft', { id: 'ffffffffffffffffffffffffffffffff' })).toMatchObject({ ok: false, error: { code: 'auth-failed' } });
  });

  it('sends signed mail; a 401 signs in once more; the draft is deleted after success', async () => {
    const { page, net } = await setup();
    net.statuses.push(401);
    const r = await page.callOrThrow('send-message', { draft: draft() });
    expect(r).toMatchObject({ gmailId: 'g1', signed: true, encrypted: false });
    expect(net.authUrls).toHaveLength(2);
    const scope = new URL(net.authUrls[0]).searchParams.get('scope');
    expect(scope).toBe('openid email https://www.googleapis.com/auth/gmail.send');
    expect(new URL(net.authUrls[0]).searchParams.get('login_hint')).toBe('me@example.com');
    expect(net.sends.map((s) => s.headers.Authorization)).toEqual(['Bearer tok1', 'Bearer tok2']);
    expect(net.sends[1].url).toBe('https://gmail.googleapis.com/upload/gmail/v1/users/me/messages/send?uploadType=media');
    expect(net.sends[1].headers['Content-Type']).toBe('message/rfc822');
    const raw = new TextDecoder().decode(net.sends[1].body);
    expect(raw).toMatch(/^Date: .*\r\nFrom: me@example\.com\r\nTo: me@example\.com\r\nSubject: Hello\r\nMessage-ID: <[0-9a-f]{32}@example\.com>\r\nMIME-Version: 1\.0\r\nContent-Type: multipart\/signed; opaque=false/);
    expect((await page.callOrThrow('list-drafts', {})).drafts).toEqual([]);
    // The token is reused while valid: no new sign-in.
    await page.callOrThrow('send-message', { draft: draft() });
    expect(net.authUrls).toHaveLength(2);
  });

  it('a failed send keeps the draft with the reason, and reports the failure by kind', async () => {
    const { page, net } = await setup();
    net.statuses.push(429);
    expect(await page.call('send-message', { draft: draft() })).toMatchObject({ ok: false, error: { code: 'send-quota' } });
    net.statuses.push(500);
    expect(await page.call('send-message', { draft: draft() })).toMatchObject({ ok: false, error: { code: 'send-server-error' } });
    const [kept] = (await page.callOrThrow('list-drafts', {})).drafts;
    expect(kept).toMatchObject({ id: draft().id, subject: 'Hello' });
    expect(kept.lastError).toMatch(/500/);
  });

  it('refuses to send with a token for another Google account', async () => {
    const { page, net } = await setup();
    net.userinfoEmail = 'someone.else@example.com';
    expect(await page.call('send-message', { draft: draft() })).toMatchObject({ ok: false, error: { code: 'oauth-account-mismatch' } });
    expect(net.sends).toHaveLength(0);
    // and a From that is not the Gmail tab's account
    net.userinfoEmail = 'me@example.com';
    expect(await page.call('send-message', { draft: draft({ account: 'other@example.com' }) })).toMatchObject({ ok: false, error: { code: 'oauth-account-mismatch' } });
  });

  it('encryption needs a usable certificate for every recipient, and includes the sender', async () => {
    const { page, net } = await setup();
    expect(await page.call('send-message', { draft: draft({ encrypt: true, to: ['me@example.com', 'stranger@example.org'] }) })).toMatchObject({
      ok: false,
      error: { code: 'no-recipient-certificate', message: 'No usable certificate for: stranger@example.org.' },
    });
    expect(net.sends).toHaveLength(0);
    await page.callOrThrow('send-message', { draft: draft({ encrypt: true, hideSubject: true, subject: 'Secret subject' }) });
    const raw = new TextDecoder().decode(net.sends[0].body);
    expect(raw).toContain('Subject: ...\r\n');
    expect(raw).not.toContain('Secret subject');
    expect(raw).not.toContain('TOP-SECRET');
    expect(raw).toContain('X-Recipients: 2; signed=true');
    expect(net.signCalls).toBe(1);
  });

  it('a reply is uploaded with its threadId and threading headers', async () => {
    const { page, net } = await setup();
    await page.callOrThrow('send-message', { draft: draft({ mode: 'reply', threadId: '18d8d28ad9aa4df7', inReplyTo: '<a@x>', references: ['<r@x>', '<a@x>'] }) });
    expect(net.sends[0].url).toContain('uploadType=multipart');
    const body = new TextDecoder().decode(net.sends[0].body);
    expect(net.sends[0].headers['Content-Type']).toMatch(/^multipart\/related; boundary=/);
    expect(body).toContain('Content-Type: application/json; charset=UTF-8\r\n\r\n{"threadId":"18d8d28ad9aa4df7"}');
    expect(body).toContain('In-Reply-To: <a@x>\r\nReferences: <r@x> <a@x>\r\n');
  });

  it('rejects a malformed OAuth client id and a draft with a header-injection attempt', async () => {
    const { page } = await setup();
    expect(await page.call('set-oauth-settings', { clientId: 'not a client id' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await page.call('save-draft', { draft: draft({ inReplyTo: '<a@x>\r\nBcc: evil@x' }) })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await page.call('save-draft', { draft: draft({ to: ['a@x\r\nBcc: evil@x'] }) })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  describe('Bcc, retries and forwards', () => {
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    const header = (raw: string, name: string) => new RegExp(`^${name}: (.*)\r$`, 'm').exec(raw)?.[1];
    const certsOf = (raw: string) => (header(raw, 'X-Certs') ?? '').split(' ').sort();

    async function withContacts() {
      const ctx = await setup();
      const people: Record<string, Awaited<ReturnType<typeof cert>>> = {};
      for (const who of ['bob', 'carol', 'dave']) {
        people[who] = await cert(who, [`${who}@example.org`], '2026-01-01', '2027-01-01');
        await ctx.page.callOrThrow('harvest-certificate', { message: fakeSignedMessage('valid', [{ cert: people[who] }]) });
      }
      return { ...ctx, people };
    }

    it('encrypted mail with Bcc: To/Cc get a copy not encrypted for the Bcc recipients; each Bcc recipient gets their own', async () => {
      const { page, net, people, me } = await withContacts();
      await page.callOrThrow('send-message', { draft: draft({ encrypt: true, to: ['bob@example.org'], cc: ['me@example.com'], bcc: ['Carol@example.org', 'dave@example.org', 'bob@example.org'] }) });
      expect(net.sends).toHaveLength(3);
      const [main, carol, dave] = net.sends.map((x) => text(x.body));
      // The To/Cc message: no Bcc field, encrypted for To+Cc (+ the sender, once) only.
      expect(header(main, 'Bcc')).toBeUndefined();
      expect(header(main, 'To')).toBe('bob@example.org');
      expect(certsOf(main)).toEqual([toHex(people.bob.der), toHex(me.der), toHex(me.der)].sort());
      expect(main).not.toContain(toHex(people.carol.der));
      expect(main).not.toContain(toHex(people.dave.der));
      // Each Bcc copy: routed by its own Bcc field only (Gmail would deliver to any To/Cc on it), encrypted for that
      // recipient and the sender. bob is in To already, so he gets no Bcc copy.
      expect(header(carol, 'Bcc')).toBe('Carol@example.org');
      expect(header(carol, 'To')).toBeUndefined();
      expect(header(carol, 'Cc')).toBeUndefined();
      expect(certsOf(carol)).toEqual([toHex(people.carol.der), toHex(me.der)].sort());
      expect(header(dave, 'Bcc')).toBe('dave@example.org');
      expect(certsOf(dave)).toEqual([toHex(people.dave.der), toHex(me.der)].sort());
      // One message: the same Message-ID, Date and signature for every copy.
      expect(new Set([main, carol, dave].map((r) => header(r, 'Message-ID'))).size).toBe(1);
      expect(new Set([main, carol, dave].map((r) => header(r, 'Date'))).size).toBe(1);
      expect(net.signCalls).toBe(1);
      expect(carol).toContain('signed=true');
    });

    it('signed-only mail with Bcc is one message whose Bcc field Gmail routes and strips', async () => {
      const { page, net } = await withContacts();
      await page.callOrThrow('send-message', { draft: draft({ to: ['bob@example.org'], bcc: ['carol@example.org', 'dave@example.org'] }) });
      expect(net.sends).toHaveLength(1);
      expect(header(text(net.sends[0].body), 'Bcc')).toBe('carol@example.org, dave@example.org');
    });

    it('only Bcc recipients: no To/Cc message, one copy each', async () => {
      const { page, net } = await withContacts();
      await page.callOrThrow('send-message', { draft: draft({ encrypt: true, to: [], bcc: ['carol@example.org'] }) });
      expect(net.sends.map((x) => header(text(x.body), 'Bcc'))).toEqual(['carol@example.org']);
    });

    it('a retry keeps the Message-ID and Date and sends only the copies Gmail did not take', async () => {
      const { page, net, deps } = await withContacts();
      const d = draft({ encrypt: true, to: ['bob@example.org'], bcc: ['carol@example.org', 'dave@example.org'] });
      net.statuses.push(200, 500);
      const failed = await page.call('send-message', { draft: d });
      expect(failed).toMatchObject({ ok: false, error: { code: 'send-server-error' } });
      expect(!failed.ok && failed.error.message).toContain('1 of 3 copies were sent');
      expect(net.sends).toHaveLength(2);
      const first = net.sends.map((x) => text(x.body));
      (deps.keystore.clock as FakeClock).advance(60_000);
      // The composer autosaves the draft meanwhile: the send attempt survives it.
      await page.callOrThrow('save-draft', { draft: d });
      const r = await page.callOrThrow('send-message', { draft: d });
      expect(net.sends).toHaveLength(4);
      const retried = net.sends.slice(2).map((x) => text(x.body));
      // The To/Cc message (taken the first time) is not sent again; the failed Bcc copy is, with the same identity.
      expect(retried.map((x) => header(x, 'Bcc'))).toEqual(['carol@example.org', 'dave@example.org']);
      for (const x of retried) {
        expect(header(x, 'Message-ID')).toBe(header(first[0], 'Message-ID'));
        expect(header(x, 'Date')).toBe(header(first[0], 'Date'));
      }
      expect(r.messageId).toBe(header(first[0], 'Message-ID'));
      expect((await page.callOrThrow('list-drafts', {})).drafts).toEqual([]);
      // A later, new send of a draft with the same id is a new message.
      await page.callOrThrow('send-message', { draft: d });
      expect(header(text(net.sends[4].body), 'Message-ID')).not.toBe(header(first[0], 'Message-ID'));
    });

    it('a retry of a single-copy message after a failure re-uses its Message-ID', async () => {
      const { page, net } = await setup();
      net.statuses.push(503);
      expect((await page.call('send-message', { draft: draft() })).ok).toBe(false);
      await page.callOrThrow('send-message', { draft: draft() });
      expect(net.sends).toHaveLength(2);
      expect(header(text(net.sends[1].body), 'Message-ID')).toBe(header(text(net.sends[0].body), 'Message-ID'));
    });

    it('a forward carries the original attachments over; a reply does not', async () => {
      const { page, content } = await setup();
      const original = utf8(
        'From: Bob <bob@example.org>\r\nTo: me@example.com\r\nSubject: Plans\r\nMessage-ID: <p@x>\r\nMIME-Version: 1.0\r\n' +
          'Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nSee attached.\r\n' +
          '--b\r\nContent-Type: application/pdf; name="plan.pdf"\r\nContent-Disposition: attachment; filename="plan.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n',
      );
      const open = async (mode: 'forward' | 'reply') => {
        const { handle } = await content.callOrThrow('open-composer', { mode, account: 'me@example.com', message: original });
        return (await page.callOrThrow('get-compose-context', { handle })) as { quote: string; attachments?: { name: string; type: string; data: Uint8Array }[] };
      };
      const fwd = await open('forward');
      expect(fwd.quote).toContain('See attached.');
      expect(fwd.attachments?.map((a) => [a.name, a.type, text(a.data)])).toEqual([['plan.pdf', 'application/pdf', '%PDF-1.4\n']]);
      expect((await open('reply')).attachments).toBeUndefined();
    });
  });
});
