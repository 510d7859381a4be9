// The Microsoft sign-in (code + PKCE, public client) without a browser: the authorize URL, PKCE pair, the token
// request (no secret, the verifier), the account check against the tab's mailbox, session caching, the 24-hour
// refresh, and that the read path never opens a window.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { getMicrosoftToken, hasScope, idTokenEmail, pkcePair, type MicrosoftOAuthDeps } from '../../src/background/send/microsoft-oauth';
import { KeystoreError } from '../../src/background/keystore/keystore-error';

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
const b64url = (b: Buffer) => b.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const idToken = (email: string) => `${b64url(Buffer.from('{"alg":"none"}'))}.${b64url(Buffer.from(JSON.stringify({ email })))}.`;

function fakeDeps(opts: { email: string; wantsRead?: boolean; tokenStatus?: number }) {
  const store = new Map<string, unknown>();
  let now = 1_000_000;
  const windows: string[] = [];
  const tokenBodies: URLSearchParams[] = [];
  let challenge = '';
  const deps: MicrosoftOAuthDeps = {
    clientId: async () => '6731de76-14a6-49ae-97bc-6eba6914391e',
    wantsRead: async () => opts.wantsRead ?? false,
    redirectUri: REDIRECT,
    launchWebAuthFlow: async (url) => {
      windows.push(url);
      const q = new URL(url).searchParams;
      challenge = q.get('code_challenge') ?? '';
      return `${REDIRECT}?code=the-code&state=${q.get('state')}`;
    },
    fetch: async (_url, init) => {
      const f = new URLSearchParams(init.body);
      tokenBodies.push(f);
      if (opts.tokenStatus) return new Response(JSON.stringify({ error: 'invalid_grant' }), { status: opts.tokenStatus });
      const verifierOk = f.get('grant_type') !== 'authorization_code' || b64url(createHash('sha256').update(f.get('code_verifier') ?? '').digest()) === challenge;
      if (!verifierOk) return new Response('{"error":"invalid_grant"}', { status: 400 });
      return new Response(JSON.stringify({ access_token: `at-${tokenBodies.length}`, refresh_token: `rt-${tokenBodies.length}`, expires_in: 3600, scope: `openid email https://graph.microsoft.com/Mail.Send${opts.wantsRead ? ' https://graph.microsoft.com/Mail.Read' : ''}`, id_token: idToken(opts.email) }));
    },
    session: { get: async (k) => store.get(k), set: async (k, v) => void store.set(k, v), remove: async (k) => void store.delete(k) },
    now: () => now,
  };
  return { deps, windows, tokenBodies, store, advance: (ms: number) => (now += ms) };
}

describe('Microsoft sign-in (authorization code + PKCE)', () => {
  it('makes an S256 PKCE pair of the right form', async () => {
    const { verifier, challenge } = await pkcePair();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(challenge).toBe(b64url(createHash('sha256').update(verifier).digest()));
  });

  it('asks for openid email offline_access Mail.Send, redeems the code with the verifier and no secret, and caches the token', async () => {
    const f = fakeDeps({ email: 'me@outlook.example' });
    const t = await getMicrosoftToken(f.deps, 'Me@Outlook.example', 'send', true);
    expect(t.accessToken).toBe('at-1');
    const q = new URL(f.windows[0]).searchParams;
    expect(new URL(f.windows[0]).origin + new URL(f.windows[0]).pathname).toBe('https://login.microsoftonline.com/common/oauth2/v2.0/authorize');
    expect(q.get('scope')).toBe('openid email offline_access Mail.Send');
    expect(q.get('response_type')).toBe('code');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('redirect_uri')).toBe(REDIRECT);
    expect(q.get('login_hint')).toBe('me@outlook.example');
    const body = f.tokenBodies[0];
    expect(body.get('grant_type')).toBe('authorization_code');
    expect(body.get('code')).toBe('the-code');
    expect(body.has('client_secret')).toBe(false);
    expect(body.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Cached: no second window.
    expect((await getMicrosoftToken(f.deps, 'me@outlook.example', 'send', true)).accessToken).toBe('at-1');
    expect(f.windows).toHaveLength(1);
  });

  it('refuses a sign-in as another account than the tab’s mailbox, and keeps no token for it', async () => {
    const f = fakeDeps({ email: 'other@outlook.example' });
    const e = await getMicrosoftToken(f.deps, 'me@outlook.example', 'send', true).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(KeystoreError);
    expect((e as KeystoreError).code).toBe('oauth-account-mismatch');
    expect([...f.store.keys()]).toEqual([]);
  });

  it('refreshes with the refresh token within 24 hours, then needs a new sign-in', async () => {
    const f = fakeDeps({ email: 'me@outlook.example' });
    await getMicrosoftToken(f.deps, 'me@outlook.example', 'send', true);
    f.advance(2 * 3600_000);
    const t = await getMicrosoftToken(f.deps, 'me@outlook.example', 'send', true);
    expect(t.accessToken).toBe('at-2');
    expect(f.tokenBodies[1].get('grant_type')).toBe('refresh_token');
    expect(f.tokenBodies[1].get('refresh_token')).toBe('rt-1');
    expect(f.windows).toHaveLength(1);
    f.advance(23 * 3600_000); // past the 24 hours of the first sign-in
    await getMicrosoftToken(f.deps, 'me@outlook.example', 'send', true);
    expect(f.windows).toHaveLength(2);
  });

  it('the read path never opens a window: without a Mail.Read token it says "not authorised"', async () => {
    const f = fakeDeps({ email: 'me@outlook.example' });
    await getMicrosoftToken(f.deps, 'me@outlook.example', 'send', true); // a send-only sign-in
    const e = await getMicrosoftToken(f.deps, null, 'read', false).catch((x: unknown) => x);
    expect((e as KeystoreError).code).toBe('graph-not-authorised');
    expect(f.windows).toHaveLength(1);
    const r = fakeDeps({ email: 'me@outlook.example', wantsRead: true });
    await getMicrosoftToken(r.deps, 'me@outlook.example', 'read', true);
    expect(new URL(r.windows[0]).searchParams.get('scope')).toBe('openid email offline_access Mail.Send Mail.Read');
    expect((await getMicrosoftToken(r.deps, null, 'read', false)).accessToken).toBe('at-1');
  });

  it('reports a refused token request as a failed sign-in', async () => {
    const f = fakeDeps({ email: 'me@outlook.example', tokenStatus: 400 });
    expect(((await getMicrosoftToken(f.deps, 'me@outlook.example', 'send', true).catch((x: unknown) => x)) as KeystoreError).code).toBe('oauth-failed');
  });

  it('reads scopes and id_token claims defensively', () => {
    expect(hasScope(['https://graph.microsoft.com/Mail.Send'], 'Mail.Send')).toBe(true);
    expect(hasScope(['Mail.Send'], 'mail.send')).toBe(true);
    expect(hasScope(['Mail.SendShared'], 'Mail.Send')).toBe(false);
    expect(idTokenEmail(idToken('A@B.example'))).toBe('a@b.example');
    expect(idTokenEmail('not-a-jwt')).toBeNull();
    expect(idTokenEmail(`${b64url(Buffer.from('{}'))}.${b64url(Buffer.from('{"email":"no at sign"}'))}.`)).toBeNull();
    expect(idTokenEmail(undefined)).toBeNull();
  });
});
