// Launches Debian's Firefox ESR over WebDriver BiDi (puppeteer-core; Playwright cannot load Firefox extensions),
// installs the built extension (dist/firefox/) with webExtension.install, and sends every request through the
// route proxy, so the Gmail replica and API mocks shared with the Chromium suite answer them.
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/extension';
import { GECKO_ID } from '../../build/browser-manifest';
import { startRouteProxy, type RouteProxy } from './route-proxy';

export const firefoxDistDir = join(repoRoot, 'dist', 'firefox');
export const firefoxPath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** Pinned through extensions.webextensions.uuids so tests know the moz-extension:// origin. */
export const EXTENSION_UUID = '5b0f3a6c-2d4e-4f8a-9c1b-7e6d5a4b3c2d';
const BASE = `moz-extension://${EXTENSION_UUID}/`;

export interface FirefoxSession {
  browser: Browser;
  routes: RouteProxy;
  version: string;
  extensionUrl(path: string): string;
  /** Opens an extension page in a new tab (WebDriver may not navigate there itself, so it waits for the load). */
  openPage(path: string): Promise<Page>;
  /** Opens a web page (the replica) in a new tab. */
  openWeb(url: string): Promise<Page>;
  close(): Promise<void>;
}

export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export interface FirefoxOptions {
  locale?: string;
  headless?: boolean;
  /**
   * Firefox set to "Never remember history" (permanent private browsing), with the extension allowed in private
   * windows as the install prompt offers (recorded in the profile's extension-preferences.json).
   */
  neverRememberHistory?: boolean;
}

export async function launchFirefox(opts: FirefoxOptions = {}): Promise<FirefoxSession> {
  if (!existsSync(join(firefoxDistDir, 'manifest.json'))) throw new Error('dist/firefox/ is missing: run `npm run build` first');
  const routes = await startRouteProxy();
  let profile: string | undefined;
  if (opts.neverRememberHistory) {
    profile = mkdtempSync(join(tmpdir(), 'smime-ff-profile-'));
    writeFileSync(join(profile, 'extension-preferences.json'), JSON.stringify({ [GECKO_ID]: { permissions: ['internal:privateBrowsingAllowed'], origins: [] } }));
  }
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: firefoxPath,
      headless: opts.headless ?? true,
      defaultViewport: null,
      acceptInsecureCerts: true,
      // Firefox 153+ lets WebDriver navigate to moz-extension:// pages only with this.
      args: ['--remote-allow-system-access'],
      ...(profile ? { userDataDir: profile } : {}),
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
        'intl.locale.requested': opts.locale ?? 'en-US',
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': routes.port,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': routes.port,
        'network.proxy.no_proxies_on': '',
        'network.proxy.allow_hijacking_localhost': true,
        'network.trr.mode': 5,
        ...(opts.neverRememberHistory ? { 'browser.privatebrowsing.autostart': true } : {}),
      },
    });
  } catch (e) {
    await routes.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  await browser.installExtension(firefoxDistDir);
  const extensionUrl = (path: string) => BASE + path.replace(/^\//, '');
  return {
    browser,
    routes,
    version: await browser.version(),
    extensionUrl,
    async openPage(path) {
      const url = extensionUrl(path);
      const page = await browser.newPage();
      // The navigation moves the tab into the extension process, which WebDriver sees as a detached frame.
      void page.goto(url, { timeout: 0 }).catch(() => undefined);
      await waitUntil(`${path} to load`, () => page.evaluate(() => document.readyState === 'complete' && location.href).then((h) => h === url));
      return page;
    },
    async openWeb(url) {
      const page = await browser.newPage();
      await page.goto(url);
      return page;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await routes.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    },
  };
}
