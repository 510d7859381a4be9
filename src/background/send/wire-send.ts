// Binds the send path to the real browser: identity.launchWebAuthFlow, storage.session for tokens, fetch, and
// opening the composer next to the Gmail tab. Also the keyboard shortcut (manifest "commands"), which asks the
// active Gmail tab's launcher to open the composer (it knows the account), or opens a blank composer elsewhere.
import { ComposeContexts } from './compose-contexts';
import type { SendServices } from './send-services';
import { realSmimeEngine } from './smime-engine';
import { env } from '../../shared/browser-env';

export const COMPOSE_COMMAND = 'open-secure-composer';
export const COMPOSER_PATH = 'src/composer/index.html';
/** The message the background sends to the Gmail tab's launcher for the shortcut. */
export const SHORTCUT_MESSAGE = 'smime-webmail:compose-shortcut';

function buildEnv(name: 'VITE_GMAIL_OAUTH_CLIENT_ID' | 'VITE_MS_OAUTH_CLIENT_ID'): string | null {
  const env = (import.meta as unknown as { env?: Record<string, string | undefined> }).env;
  const v = env?.[name]?.trim();
  return v ? v : null;
}

export function createSendServices(c: typeof chrome): SendServices {
  return {
    redirectUri: env.oauthRedirectUri(c.identity),
    launchWebAuthFlow: async (url, interactive) => {
      const result = await c.identity.launchWebAuthFlow({ url, interactive });
      if (!result) throw new Error('the sign-in window returned nothing');
      return result;
    },
    session: {
      // storage.session is in memory, cleared when the browser closes, and not readable by content scripts
      // (its default access level is TRUSTED_CONTEXTS).
      get: async (key) => (await c.storage.session.get(key))[key],
      set: (key, value) => c.storage.session.set({ [key]: value }),
      remove: (key) => c.storage.session.remove(key),
    },
    fetch: (url, init) => fetch(url, { method: init.method, headers: init.headers, signal: init.signal, ...(init.body ? { body: init.body as BodyInit } : {}) }),
    buildClientId: buildEnv('VITE_GMAIL_OAUTH_CLIENT_ID'),
    msRedirectUri: c.identity.getRedirectURL(),
    buildMsClientId: buildEnv('VITE_MS_OAUTH_CLIENT_ID'),
    composerUrl: c.runtime.getURL(COMPOSER_PATH),
    openComposer: async (url, openerTabId) => {
      await c.tabs.create({ url, ...(openerTabId !== undefined ? { openerTabId } : {}) });
    },
    contexts: new ComposeContexts(() => Date.now()),
    smime: realSmimeEngine,
  };
}

export function attachComposeShortcut(c: typeof chrome): void {
  c.commands?.onCommand.addListener((command) => {
    if (command !== COMPOSE_COMMAND) return;
    void (async () => {
      const [tab] = await c.tabs.query({ active: true, lastFocusedWindow: true });
      // Without the "tabs" permission the tab's URL is hidden: just ask; only our Gmail launcher answers.
      if (tab?.id !== undefined) {
        try {
          await c.tabs.sendMessage(tab.id, { type: SHORTCUT_MESSAGE });
          return;
        } catch {
          // no launcher in that tab (still loading): open a blank composer instead
        }
      }
      await c.tabs.create({ url: c.runtime.getURL(COMPOSER_PATH) });
    })();
  });
}
