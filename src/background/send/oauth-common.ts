// What the Google and Microsoft sign-in flows share: the session-only token store, random state values, the
// sign-in window (identity.launchWebAuthFlow) with its errors in one wording, and reading a redirect's parameters
// after checking it came back to our own redirect URI with our state.
import { KeystoreError } from '../keystore/keystore-error';

/** storage.session in the browser: memory only, gone when the browser closes, not readable by content scripts. */
export interface SessionStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

/** identity.launchWebAuthFlow: resolves with the final redirect URL, rejects when the user closes the window. */
export type LaunchWebAuthFlow = (url: string, interactive: boolean) => Promise<string>;

export function randomHex(bytes = 16): string {
  const r = globalThis.crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(r, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function base64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Opens the provider's sign-in window; a closed window or a browser refusal becomes `oauth-failed`. */
export async function launchSignIn(launch: LaunchWebAuthFlow, url: string, provider: string): Promise<string> {
  try {
    return await launch(url, true);
  } catch (e) {
    throw new KeystoreError('oauth-failed', `Signing in to ${provider} did not finish (${e instanceof Error ? e.message : String(e)}).`);
  }
}

/**
 * The parameters of a sign-in redirect (query, or fragment for the token flow), after checking that it came back to
 * our redirect URI, carries no error and answers this request (`state`).
 */
export function redirectParams(redirect: string, redirectUri: string, state: string, provider: string): URLSearchParams {
  if (!redirect.startsWith(redirectUri)) throw new KeystoreError('oauth-failed', `${provider} sent the sign-in back to an unexpected address.`);
  const cut = redirect.includes('#') ? redirect.indexOf('#') : redirect.indexOf('?');
  const p = new URLSearchParams(cut >= 0 ? redirect.slice(cut + 1) : '');
  if (p.get('error')) throw new KeystoreError('oauth-failed', `${provider} refused the sign-in: ${p.get('error')}.`);
  if (p.get('state') !== state) throw new KeystoreError('oauth-failed', 'The sign-in answer does not belong to this request.');
  return p;
}
