// Every difference between the Chrome and the Firefox build, in one place. The build defines
// import.meta.env.VITE_TARGET_BROWSER (vite.config.ts); callers ask this module instead of testing the browser.
// Both browsers run the same promise-returning `chrome.*` API in MV3, so no webextension-polyfill is needed.

export type TargetBrowser = 'chrome' | 'firefox';

export interface BrowserEnv {
  readonly browser: TargetBrowser;
  /**
   * The OAuth redirect URI to send to Google and to show for registration. Chrome's chromiumapp.org address is
   * accepted by "Web application" clients. Firefox's getRedirectURL() (https://<hash>.extensions.allizom.org/) is
   * refused by Google, so Firefox uses its loopback form http://127.0.0.1/mozoauth2/<hash>, which
   * launchWebAuthFlow intercepts before any request leaves the browser and Google's "Desktop app" clients accept.
   */
  oauthRedirectUri(identity: { getRedirectURL(path?: string): string }): string;
  /** The kind of Google OAuth client to create (named in the settings and the README). */
  readonly googleClientKind: 'web' | 'desktop';
  /**
   * Whether a content script may adopt a stylesheet it made with `new CSSStyleSheet()` into a page's shadow root.
   * Firefox cannot (Mozilla bug 1928865: the sheet belongs to the content script's compartment), so a <style>
   * element is used there.
   */
  readonly contentScriptsCanAdoptStyleSheets: boolean;
}

export function browserEnv(browser: TargetBrowser): BrowserEnv {
  if (browser === 'firefox') {
    return {
      browser,
      oauthRedirectUri: (identity) => `http://127.0.0.1/mozoauth2/${new URL(identity.getRedirectURL()).hostname.split('.')[0]}`,
      googleClientKind: 'desktop',
      contentScriptsCanAdoptStyleSheets: false,
    };
  }
  return {
    browser,
    oauthRedirectUri: (identity) => identity.getRedirectURL('oauth2'),
    googleClientKind: 'web',
    contentScriptsCanAdoptStyleSheets: true,
  };
}

function builtFor(): TargetBrowser {
  const env = (import.meta as unknown as { env?: Record<string, string | undefined> }).env;
  return env?.VITE_TARGET_BROWSER === 'firefox' ? 'firefox' : 'chrome';
}

/** The environment this bundle was built for. */
export const env: BrowserEnv = browserEnv(builtFor());
