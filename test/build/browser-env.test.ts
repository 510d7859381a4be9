// The one module that knows the browser: OAuth redirect URIs, client kind, stylesheet adoption.
import { describe, expect, it } from 'vitest';
import { browserEnv, env } from '../../src/shared/browser-env';

describe('browserEnv', () => {
  it('uses chromiumapp.org/oauth2 in Chrome', () => {
    const chrome = browserEnv('chrome');
    const calls: (string | undefined)[] = [];
    const uri = chrome.oauthRedirectUri({ getRedirectURL: (p) => (calls.push(p), `https://abcdefghijklmnop.chromiumapp.org/${p ?? ''}`) });
    expect(uri).toBe('https://abcdefghijklmnop.chromiumapp.org/oauth2');
    expect(calls).toEqual(['oauth2']);
    expect(chrome.contentScriptsCanAdoptStyleSheets).toBe(true);
  });

  it("turns Firefox's allizom.org address into the loopback form Google accepts, keeping the hash", () => {
    const firefox = browserEnv('firefox');
    const hash = '2f0c4b1e8a9d7c6b5a4f3e2d1c0b9a8f7e6d5c4b';
    expect(firefox.oauthRedirectUri({ getRedirectURL: () => `https://${hash}.extensions.allizom.org/` })).toBe(`http://127.0.0.1/mozoauth2/${hash}`);
    expect(firefox.contentScriptsCanAdoptStyleSheets).toBe(false);
  });

  it('is the Chrome environment outside a Firefox build (unit tests, CLI)', () => {
    expect(env.browser).toBe('chrome');
  });
});
