// Microsoft identity platform sign-in for Outlook (personal and work accounts), without a client secret: the
// authorization-code flow with PKCE for a public "Single-page application" client, through
// identity.launchWebAuthFlow with redirect URI https://<extension-id>.chromiumapp.org/ (MSAL does not run in an MV3
// service worker). Scopes: openid email offline_access Mail.Send, plus Mail.Read only when the user turns on the
// Graph read path. Tokens (and the 24-hour single-page-app refresh token) live in storage.session only. The account
// comes from the id_token received directly from the token endpoint over TLS, and must be the tab's mailbox.
import { KeystoreError } from '../keystore/keystore-error';
import { base64Url, launchSignIn, randomHex, redirectParams, type LaunchWebAuthFlow, type SessionStore } from './oauth-common';

export const MS_AUTHORITY = 'https://login.microsoftonline.com/common/oauth2/v2.0';
export const MS_AUTHORIZE_URL = `${MS_AUTHORITY}/authorize`;
export const MS_TOKEN_URL = `${MS_AUTHORITY}/token`;
export const MS_SEND_SCOPES = ['openid', 'email', 'offline_access', 'Mail.Send'];
export const MS_READ_SCOPE = 'Mail.Read';
/** Single-page-app refresh tokens expire after 24 hours (Microsoft identity platform). */
export const SPA_REFRESH_LIFETIME_MS = 24 * 60 * 60_000;

export type MsTokenFetch = (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string }) => Promise<Response>;

export interface MicrosoftOAuthDeps {
  clientId(): Promise<string | null>;
  /** Whether the user allowed the Graph read path (adds Mail.Read to the sign-in). */
  wantsRead(): Promise<boolean>;
  redirectUri: string;
  launchWebAuthFlow: LaunchWebAuthFlow;
  fetch: MsTokenFetch;
  session: SessionStore;
  now(): number;
}

export interface MsCachedToken {
  accessToken: string;
  expiresAt: number;
  refreshToken: string | null;
  refreshExpiresAt: number;
  email: string;
  scopes: string[];
}

const cacheKey = (account: string) => `ms-token:${account.toLowerCase()}`;
/** The account of the last Microsoft sign-in: the Graph read path uses it (personal Outlook shows no address). */
export const LAST_ACCOUNT_KEY = 'ms-token-last';

function isCached(x: unknown): x is MsCachedToken {
  const o = x as Partial<MsCachedToken> | null;
  return !!o && typeof o.accessToken === 'string' && typeof o.expiresAt === 'number' && typeof o.email === 'string' && Array.isArray(o.scopes);
}

/** "Mail.Send" is granted as "Mail.Send" or "https://graph.microsoft.com/Mail.Send". */
export function hasScope(scopes: readonly string[], want: string): boolean {
  const w = want.toLowerCase();
  return scopes.some((s) => {
    const l = s.toLowerCase();
    return l === w || l.endsWith(`/${w}`);
  });
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = base64Url(globalThis.crypto.getRandomValues(new Uint8Array(32))); // 43 characters
  return { verifier, challenge: base64Url(await sha256(verifier)) };
}

export function authorizeUrl(clientId: string, redirectUri: string, scopes: string[], state: string, challenge: string, loginHint: string | null): string {
  const q = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    response_mode: 'query',
    scope: scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    prompt: 'select_account',
  });
  if (loginHint) q.set('login_hint', loginHint);
  return `${MS_AUTHORIZE_URL}?${q.toString()}`;
}

/** The e-mail claim of an id_token received from the token endpoint itself (TLS; no signature check needed). */
export function idTokenEmail(idToken: unknown): string | null {
  if (typeof idToken !== 'string') return null;
  const part = idToken.split('.')[1];
  if (!part) return null;
  try {
    const json = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=')), (c) => c.charCodeAt(0)))) as Record<string, unknown>;
    const v = typeof json.email === 'string' ? json.email : typeof json.preferred_username === 'string' ? json.preferred_username : null;
    return v && /^[^\s@]+@[^\s@]+$/.test(v) ? v.toLowerCase() : null;
  } catch {
    return null;
  }
}

async function tokenRequest(deps: MicrosoftOAuthDeps, form: Record<string, string>): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await deps.fetch(MS_TOKEN_URL, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  } catch {
    throw new KeystoreError('send-network', 'Could not reach Microsoft to finish signing in. Check the connection and try again.');
  }
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok || typeof json.access_token !== 'string') {
    const code = typeof json.error === 'string' ? json.error : String(res.status);
    throw new KeystoreError('oauth-failed', `Microsoft refused the sign-in (${code}).`);
  }
  return json;
}

function toCached(deps: MicrosoftOAuthDeps, json: Record<string, unknown>, email: string, previous?: MsCachedToken): MsCachedToken {
  const expiresIn = Number(json.expires_in ?? 3600);
  const scopes = typeof json.scope === 'string' ? json.scope.split(/\s+/).filter(Boolean) : (previous?.scopes ?? []);
  const refreshToken = typeof json.refresh_token === 'string' ? json.refresh_token : (previous?.refreshToken ?? null);
  return {
    accessToken: json.access_token as string,
    expiresAt: deps.now() + (Number.isFinite(expiresIn) && expiresIn > 0 ? Math.min(expiresIn, 86_400) : 3600) * 1000,
    refreshToken,
    // A refresh rotates the refresh token but does not extend the 24 hours of the first sign-in.
    refreshExpiresAt: previous?.refreshExpiresAt ?? deps.now() + SPA_REFRESH_LIFETIME_MS,
    email,
    scopes,
  };
}

async function store(deps: MicrosoftOAuthDeps, t: MsCachedToken): Promise<void> {
  await deps.session.set(cacheKey(t.email), t);
  await deps.session.set(LAST_ACCOUNT_KEY, t.email);
}

async function refresh(deps: MicrosoftOAuthDeps, clientId: string, cached: MsCachedToken, scopes: string[]): Promise<MsCachedToken | null> {
  if (!cached.refreshToken || cached.refreshExpiresAt <= deps.now()) return null;
  try {
    const json = await tokenRequest(deps, { client_id: clientId, grant_type: 'refresh_token', refresh_token: cached.refreshToken, scope: scopes.join(' ') });
    const t = toCached(deps, json, cached.email, cached);
    await store(deps, t);
    return t;
  } catch {
    return null;
  }
}

export type MsPurpose = 'send' | 'read';

/**
 * A Graph access token for `account` (or, for reading with no known account, the last signed-in one): from the
 * session cache, by refresh, or (interactive only) through the sign-in window. Refuses a token of another account.
 */
export async function getMicrosoftToken(deps: MicrosoftOAuthDeps, account: string | null, purpose: MsPurpose, interactive: boolean): Promise<MsCachedToken> {
  const want = account?.trim().toLowerCase() || null;
  const who = want ?? ((await deps.session.get(LAST_ACCOUNT_KEY)) as string | undefined) ?? null;
  const cached = who ? await deps.session.get(cacheKey(who)) : undefined;
  const needed = purpose === 'read' ? MS_READ_SCOPE : 'Mail.Send';
  const clientId = await deps.clientId();
  const scopes = [...MS_SEND_SCOPES, ...(purpose === 'read' || (await deps.wantsRead()) ? [MS_READ_SCOPE] : [])];
  if (isCached(cached) && hasScope(cached.scopes, needed)) {
    if (cached.expiresAt - 60_000 > deps.now()) return cached;
    if (clientId) {
      const renewed = await refresh(deps, clientId, cached, scopes);
      if (renewed) return renewed;
    }
  }
  if (!interactive) throw new KeystoreError('graph-not-authorised', 'Microsoft Graph is not signed in for reading mail.');
  if (!clientId) throw new KeystoreError('oauth-not-configured', 'No Microsoft application (client) id is set. Add one in Options (see the README).');
  const state = randomHex();
  const { verifier, challenge } = await pkcePair();
  const redirect = await launchSignIn(deps.launchWebAuthFlow, authorizeUrl(clientId, deps.redirectUri, scopes, state, challenge, want), 'Microsoft');
  const code = redirectParams(redirect, deps.redirectUri, state, 'Microsoft').get('code');
  if (!code) throw new KeystoreError('oauth-failed', 'Microsoft did not return an authorization code.');
  const json = await tokenRequest(deps, {
    client_id: clientId,
    grant_type: 'authorization_code',
    code,
    redirect_uri: deps.redirectUri,
    code_verifier: verifier,
    scope: scopes.join(' '),
  });
  const email = idTokenEmail(json.id_token);
  if (!email) throw new KeystoreError('oauth-failed', 'Microsoft did not say which account signed in.');
  if (want && email !== want) {
    throw new KeystoreError('oauth-account-mismatch', `You signed in as ${email}, but this Outlook tab is ${want}. Nothing was sent.`);
  }
  const t = toCached(deps, json, email);
  if (!hasScope(t.scopes, needed)) throw new KeystoreError('oauth-failed', `Permission ${needed} was not granted.`);
  await store(deps, t);
  return t;
}

export async function forgetMicrosoftToken(deps: Pick<MicrosoftOAuthDeps, 'session'>, account: string): Promise<void> {
  await deps.session.remove(cacheKey(account.trim().toLowerCase()));
}
