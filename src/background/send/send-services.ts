// What the send path needs from the browser, injected so handlers run under test with fakes: the OAuth window,
// session storage for tokens, fetch for the Gmail API, and opening the composer page.
import type { FetchLike } from './gmail-send';
import type { SessionStore } from './oauth';
import type { ComposeContexts } from './compose-contexts';
import type { SmimeEngine } from './smime-engine';

export interface SendServices {
  /** https://<extension-id>.chromiumapp.org/oauth2 (identity.getRedirectURL('oauth2')). */
  redirectUri: string;
  launchWebAuthFlow(url: string, interactive: boolean): Promise<string>;
  session: SessionStore;
  fetch: FetchLike;
  /** A client id baked in at build time by a packager (VITE_GMAIL_OAUTH_CLIENT_ID), else null. */
  buildClientId: string | null;
  /** https://<extension-id>.chromiumapp.org/ (identity.getRedirectURL()): the redirect URI of the Entra app. */
  msRedirectUri: string;
  /** An Entra application (client) id baked in at build time (VITE_MS_OAUTH_CLIENT_ID), else null. */
  buildMsClientId: string | null;
  /** chrome-extension://<id>/src/composer/index.html */
  composerUrl: string;
  openComposer(url: string, openerTabId?: number): Promise<void>;
  contexts: ComposeContexts;
  smime: SmimeEngine;
}
