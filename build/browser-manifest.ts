// One manifest per browser, generated from the shared manifest.json. Chrome and Firefox disagree on a few keys
// (Firefox MV3 has no background.service_worker, wants browser_specific_settings.gecko, ignores use_dynamic_url,
// and upgrades http:// fetches unless the CSP says otherwise), and AMO's linter flags a manifest carrying both
// browsers' keys, so each build gets only its own. Everything else (content scripts, host matches added by any
// site adapter) is carried over untouched.

export type TargetBrowser = 'chrome' | 'firefox';

/** The add-on id: fixed, because the OAuth redirect URI and the extension's storage are keyed by it. */
export const GECKO_ID = 'smime-webmail@smime-webmail.org';
/** 140: the first Firefox with `data_collection_permissions` (which AMO requires of new add-ons); it also has
 *  MAIN-world content scripts (128), storage.session (115) and MessageSender.origin (126). */
export const GECKO_MIN_VERSION = '140.0';
export const GECKO_ANDROID_MIN_VERSION = '142.0';
/** Without `upgrade-insecure-requests` (Firefox's MV3 default adds it): CRL and OCSP URLs are plain http://. */
export const EXTENSION_PAGES_CSP = "script-src 'self'; object-src 'self'";

type Json = Record<string, unknown>;

export function parseTargetBrowser(value: string | undefined): TargetBrowser {
  if (value === undefined || value === '' || value === 'chrome') return 'chrome';
  if (value === 'firefox') return 'firefox';
  throw new Error(`Unknown target browser "${value}": use chrome or firefox`);
}

export function manifestFor(base: Json, browser: TargetBrowser): Json {
  const m = structuredClone(base);
  const background = m.background as { service_worker?: string; scripts?: string[]; type?: string } | undefined;
  const entry = background?.service_worker ?? background?.scripts?.[0];
  const csp = (m.content_security_policy as Json | undefined) ?? {};
  m.content_security_policy = { ...csp, extension_pages: (csp.extension_pages as string | undefined) ?? EXTENSION_PAGES_CSP };
  if (browser === 'chrome') {
    delete m.browser_specific_settings;
    if (entry) m.background = { service_worker: entry, type: 'module' };
    return m;
  }
  delete m.minimum_chrome_version;
  delete m.key;
  // An event page running ES modules (Firefox 112+), in place of the service worker.
  if (entry) m.background = { scripts: [entry], type: 'module' };
  const wars = m.web_accessible_resources as Json[] | undefined;
  if (wars) m.web_accessible_resources = wars.map(({ use_dynamic_url: _dropped, ...rest }) => rest);
  m.browser_specific_settings = {
    gecko: {
      id: GECKO_ID,
      strict_min_version: GECKO_MIN_VERSION,
      // Nothing leaves the browser except mail the user sends through their own Gmail account.
      data_collection_permissions: { required: ['none'] },
    },
    // Firefox for Android reads data_collection_permissions from 142 on.
    gecko_android: { strict_min_version: GECKO_ANDROID_MIN_VERSION },
  };
  return m;
}
