// Every difference between the Chrome and the Firefox build, in one place. The build defines
// import.meta.env.VITE_TARGET_BROWSER (vite.config.ts); callers ask this module instead of testing the browser.
// Both browsers run the same promise-returning `chrome.*` API in MV3, so no webextension-polyfill is needed.

export type TargetBrowser = 'chrome' | 'firefox';

export interface BrowserEnv {
  readonly browser: TargetBrowser;
  /**
   * The Google OAuth redirect URI to send and to show for registration, on a "Web application" client in both
   * browsers (the implicit flow we use needs that kind; "Desktop app" clients only do the code flow with a secret).
   * Chrome: https://<id>.chromiumapp.org/oauth2. Firefox's getRedirectURL() (https://<hash>.extensions.allizom.org/)
   * is refused by Google (a domain the registrant cannot verify), so Firefox uses its loopback form
   * http://127.0.0.1/mozoauth2/<hash>: launchWebAuthFlow intercepts it before any request leaves the browser, and
   * Google's redirect rules exempt loopback IP addresses from the https and no-raw-IP requirements.
   * Microsoft sign-in keeps getRedirectURL() in both browsers: Entra takes any https redirect URI.
   */
  oauthRedirectUri(identity: { getRedirectURL(path?: string): string }): string;
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
      contentScriptsCanAdoptStyleSheets: false,
    };
  }
  return {
    browser,
    oauthRedirectUri: (identity) => identity.getRedirectURL('oauth2'),
    contentScriptsCanAdoptStyleSheets: true,
  };
}

function builtFor(): TargetBrowser {
  const env = (import.meta as unknown as { env?: Record<string, string | undefined> }).env;
  return env?.VITE_TARGET_BROWSER === 'firefox' ? 'firefox' : 'chrome';
}

/** The environment this bundle was built for. */
export const env: BrowserEnv = browserEnv(builtFor());
