// OAuth for the Gmail API without a client secret: the implicit (token) flow through identity.launchWebAuthFlow,
// with a "Web application" client whose redirect URI is https://<extension-id>.chromiumapp.org/oauth2. Google
// requires a secret for the code flow of web clients (PKCE included), and an extension cannot keep one, so the
// token flow is the one that works. Scopes: gmail.send + openid email only. The token's account is confirmed
// through the userinfo endpoint and must be the Gmail tab's; tokens live in storage.session, never in a page.
import { KeystoreError } from '../keystore/keystore-error';
import { launchSignIn, randomHex, redirectParams, type SessionStore } from './oauth-common';

export type { SessionStore };

export const OAUTH_AUTHORIZE_URL = 'https://accounts.google.com/o/oauth2/v2/auth';
export const USERINFO_URL = 'https://www.googleapis.com/oauth2/v3/userinfo';
export const GMAIL_SEND_SCOPE = 'https://www.googleapis.com/auth/gmail.send';
export const OAUTH_SCOPES = ['openid', 'email', GMAIL_SEND_SCOPE];

export interface OAuthDeps {
  clientId(): Promise<string | null>;
  redirectUri: string;
  /** identity.launchWebAuthFlow: resolves with the final redirect URL, rejects when the user closes the window. */
  launchWebAuthFlow(url: string, interactive: boolean): Promise<string>;
  fetch(url: string, init: { headers: Record<string, string> }): Promise<Response>;
  session: SessionStore;
  now(): number;
}

interface CachedToken {
  accessToken: string;
  expiresAt: number; // epoch ms
  email: string;
}

const cacheKey = (account: string) => `oauth-token:${account.toLowerCase()}`;

function isCached(x: unknown): x is CachedToken {
  const o = x as Partial<CachedToken> | null;
  return !!o && typeof o.accessToken === 'string' && typeof o.expiresAt === 'number' && typeof o.email === 'string';
}

function authorizeUrl(clientId: string, redirectUri: string, account: string, state: string): string {
  const q = new URLSearchParams({
    client_id: clientId,
    response_type: 'token',
    redirect_uri: redirectUri,
    scope: OAUTH_SCOPES.join(' '),
    login_hint: account,
    state,
    include_granted_scopes: 'false',
  });
  return `${OAUTH_AUTHORIZE_URL}?${q.toString()}`;
}

/** Parses the redirect's fragment; checks state and that gmail.send was granted. */
export function parseTokenRedirect(redirect: string, redirectUri: string, state: string): { accessToken: string; expiresIn: number } {
  const p = redirectParams(redirect, redirectUri, state, 'Google');
  const accessToken = p.get('access_token');
  if (!accessToken) throw new KeystoreError('oauth-failed', 'Google did not return an access token.');
  const scope = p.get('scope');
  if (scope !== null && !scope.split(/\s+/).includes(GMAIL_SEND_SCOPE)) {
    throw new KeystoreError('oauth-failed', 'Permission to send mail was not granted.');
  }
  const expiresIn = Number(p.get('expires_in') ?? '3600');
  return { accessToken, expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? Math.min(expiresIn, 86_400) : 3600 };
}

async function tokenEmail(deps: OAuthDeps, accessToken: string): Promise<string> {
  let res: Response;
  try {
    res = await deps.fetch(USERINFO_URL, { headers: { Authorization: `Bearer ${accessToken}` } });
  } catch {
    throw new KeystoreError('send-network', 'Could not reach Google to confirm the account. Check the connection and try again.');
  }
  if (!res.ok) throw new KeystoreError('oauth-failed', `Google did not confirm the account (${res.status}).`);
  const info = (await res.json().catch(() => ({}))) as { email?: unknown; email_verified?: unknown };
  if (typeof info.email !== 'string' || info.email_verified === false) throw new KeystoreError('oauth-failed', 'Google did not say which account signed in.');
  return info.email.toLowerCase();
}

/**
 * An access token for `account`: from the session cache while valid, else through the sign-in window. Refuses
 * (and forgets) a token for any other account than `account`.
 */
export async function getAccessToken(deps: OAuthDeps, account: string): Promise<string> {
  const want = account.trim().toLowerCase();
  const cached = await deps.session.get(cacheKey(want));
  if (isCached(cached) && cached.email === want && cached.expiresAt - 60_000 > deps.now()) return cached.accessToken;
  const clientId = await deps.clientId();
  if (!clientId) throw new KeystoreError('oauth-not-configured', 'No OAuth client id is set. Add one in Options (see the README).');
  const state = randomHex();
  const redirect = await launchSignIn(deps.launchWebAuthFlow, authorizeUrl(clientId, deps.redirectUri, want, state), 'Google');
  const { accessToken, expiresIn } = parseTokenRedirect(redirect, deps.redirectUri, state);
  const email = await tokenEmail(deps, accessToken);
  if (email !== want) {
    throw new KeystoreError('oauth-account-mismatch', `You signed in as ${email}, but this Gmail tab is ${want}. Nothing was sent.`);
  }
  await deps.session.set(cacheKey(want), { accessToken, expiresAt: deps.now() + expiresIn * 1000, email } satisfies CachedToken);
  return accessToken;
}

export async function forgetAccessToken(deps: Pick<OAuthDeps, 'session'>, account: string): Promise<void> {
  await deps.session.remove(cacheKey(account.trim().toLowerCase()));
}
