// The Firefox build in real Firefox ESR (WebDriver BiDi through puppeteer-core), on the same Gmail replica and
// Gmail API mock as the Chromium suite: import of a .pfx through the options page, the read view's verdicts
// (signed, tampered, fake signature, encrypted), the decrypted frame, the status bar in a closed shadow root under
// hostile mail CSS, sending from the composer (checked by `openssl cms`), and the keystore surviving a restart
// of the background (an event page in Firefox); and, with Firefox set to "Never remember history", a plain message
// instead of a silent failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { GECKO_ID } from '../build/browser-manifest';
import { installGmailReplica, type Replica } from './gmail/replica';
import { installGmailApi, type GmailApiMock } from './gmail/gmail-api-mock';
import { gmailComposeButtons } from './gmail/gmail-compose-buttons';
import { fromWire, rpcBundle, toWire } from './helpers/extension-rpc';
import { launchFirefox, waitUntil, type FirefoxSession } from './firefox/firefox';
import { readStatusBars, waitForVerdicts } from './firefox/status-bars';
import { evaluateIn, findContext } from './firefox/bidi';
// @ts-expect-error -- plain ESM script without types
import { generateDemoFixtures } from '../scripts/gen-demo-fixtures.mjs';

const ME = 'demo.user@example.com';
const OPTIONS = 'src/options/index.html';
type RpcResult = { ok: boolean; value?: unknown; error?: { code: string; message: string } };

async function rpc(page: Page, op: string, request: Record<string, unknown>): Promise<RpcResult> {
  if (!(await page.evaluate(() => typeof (globalThis as { __smimeRpc?: unknown }).__smimeRpc === 'function'))) await page.evaluate(await rpcBundle());
  const r = await page.evaluate((o, q) => (globalThis as unknown as { __smimeRpc(o: string, q: unknown): Promise<unknown> }).__smimeRpc(o, q), op, toWire(request) as object);
  return fromWire(r) as RpcResult;
}

function openssl(args: string[], cwd: string): string {
  return execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] }).toString('latin1');
}

/** The decrypted frame's state and text, read through BiDi (the frame lives in the extension process). */
async function decryptedView(s: FirefoxSession, page: Page): Promise<{ state: string; main: string; mail: string; scripts: number }> {
  const frame = await waitUntil('the decrypted frame', () => findContext(s.browser, page, '/src/viewer/decrypted.html'));
  return waitUntil(
    'the decrypted content',
    async () => {
      const view = await evaluateIn<{ state: string; main: string }>(s.browser, frame, `() => ({ state: document.querySelector('main')?.dataset.state ?? '', main: document.querySelector('main')?.textContent ?? '' })`);
      const mailFrame = await findContext(s.browser, page, 'about:srcdoc', frame);
      if (view.state !== 'decrypted' || !mailFrame) return null;
      const mail = await evaluateIn<{ text: string; scripts: number }>(s.browser, mailFrame, `() => ({ text: document.body?.textContent ?? '', scripts: document.querySelectorAll('script').length })`);
      return mail.text ? { ...view, mail: mail.text, scripts: mail.scripts } : null;
    },
    30_000,
  );
}

describe('Firefox ESR: the Firefox build end to end', () => {
  let s: FirefoxSession;
  let r: Replica;
  let api: GmailApiMock;
  let fixtures: string;
  let work: string;
  const authRedirects: string[] = [];

  beforeAll(async () => {
    fixtures = mkdtempSync(join(tmpdir(), 'smime-ff-fixtures-'));
    work = mkdtempSync(join(tmpdir(), 'smime-ff-work-'));
    generateDemoFixtures(fixtures);
    copyFileSync(join(fixtures, 'demo-identity.p12'), join(work, 'demo-identity.pfx'));
    s = await launchFirefox();
    r = await installGmailReplica(s.routes, { fixturesDir: fixtures });
    api = await installGmailApi(s.routes, ME);
    // Google's sign-in, answered at once (as for an account that already consented) with a token in the fragment.
    await s.routes.route(/^https:\/\/accounts\.google\.com\/o\/oauth2\/v2\/auth\?/, (route) => {
      const url = new URL(route.request().url());
      const redirect = url.searchParams.get('redirect_uri') ?? '';
      authRedirects.push(redirect);
      const frag = new URLSearchParams({ access_token: `ff-token-${authRedirects.length}`, token_type: 'Bearer', expires_in: '3599', scope: url.searchParams.get('scope') ?? '', state: url.searchParams.get('state') ?? '' });
      return route.fulfill({ status: 302, headers: { location: `${redirect}#${frag}` } });
    });
  });
  afterAll(async () => {
    await s?.close();
    for (const d of [fixtures, work]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('runs in Firefox ESR 140 or newer', () => {
    expect(Number(/firefox\/(\d+)/.exec(s.version)?.[1])).toBeGreaterThanOrEqual(140);
  });

  it('imports a .pfx through the options page', async () => {
    const page = await s.openPage(OPTIONS);
    await page.waitForSelector('#import-file');
    const input = await page.$('#import-file');
    await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(join(work, 'demo-identity.pfx'));
    await page.type('#import-password', 'demo');
    await page.click('#import-submit');
    const result = await page.waitForSelector('[data-test="import-imported"], [data-test="import-error"]', { timeout: 60_000 });
    const outcome = await result!.evaluate((e) => [e.getAttribute('data-test'), e.textContent]);
    expect(outcome[0], String(outcome[1])).toBe('import-imported');
    const ids = await rpc(page, 'list-identities', {});
    expect((ids.value as { identities: { emails: string[] }[] }).identities.map((i) => i.emails)).toEqual([[ME]]);
    // The demo CA, as the user would add it under Trust (the signed samples chain to it).
    const anchor = await rpc(page, 'add-trust-anchor', { certificate: new Uint8Array(readFileSync(join(fixtures, 'demo-ca.crt'))) });
    expect(anchor.ok, JSON.stringify(anchor.error)).toBe(true);
    await page.close();
  });

  const cases: [string, string, RegExp][] = [
    ['bank-signed-jp', 'signed', /^Signed by notices@demo-bank\.example\. The signature is valid.*The certificate authority checked only the e-mail address/],
    ['tampered', 'tampered', /^Tampered: this message was changed after it was signed/],
    ['fake-p7s', 'fake-signature', /^Not really signed\. This message carries a signature file that does not sign it\. This is a common sign of phishing\.$/],
    ['encrypted-signed', 'encrypted', /^Encrypted for you \(demo\.user@example\.com\)\./],
  ];

  it.each(cases)('Gmail replica: %s → %s, in plain words, in a closed shadow root', async (key, verdict, words) => {
    const page = await s.openWeb(r.threadUrl(key));
    const [bar] = await waitForVerdicts(s.browser, page, 1);
    expect(bar.verdict).toBe(verdict);
    expect(bar.text).toMatch(words);
    expect(bar.mode).toBe('closed');
    // Mozilla bug 1928865: a content script's constructed sheet cannot be adopted, so the bar carries a <style>.
    expect(bar.styleElements).toBe(1);
    expect(bar.adoptedSheets).toBe(0);
    // Page scripts cannot reach into the bar.
    expect(await page.evaluate(() => document.querySelector('[data-smime-webmail="status"]')?.shadowRoot ?? null)).toBeNull();
    await page.close();
  });

  it('shows decrypted mail only in the extension frame, never in Gmail’s DOM', async () => {
    const page = await s.openWeb(r.threadUrl('encrypted-signed'));
    expect((await waitForVerdicts(s.browser, page, 1))[0].verdict).toBe('encrypted');
    const view = await decryptedView(s, page);
    expect(view.main).toContain('Signed by hanako.sato@demo-corp.example');
    expect(view.mail).toContain('Quarterly figures');
    expect(view.scripts).toBe(0);
    expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain('Quarterly figures');
    expect(r.stats.remote.filter((u) => u.includes('demo-remote.invalid'))).toEqual([]);
    await page.close();
  });

  it('keeps the status bar readable under hostile mail CSS', async () => {
    const page = await s.openWeb(r.threadUrl('hostile-css'));
    const [bar] = await waitForVerdicts(s.browser, page, 1);
    expect(bar.verdict).toBe('signed');
    // The hostile CSS is live on the page: Gmail's own sender line and body wrapper are hidden by it.
    expect(await page.$eval('span.gD', (e) => getComputedStyle(e).visibility)).toBe('hidden');
    expect(await page.$eval('.ii.gt', (e) => getComputedStyle(e).display)).toBe('none');
    const host = await page.$eval('[data-smime-webmail="status"]', (e) => {
      const cs = getComputedStyle(e);
      return { display: cs.display, visibility: cs.visibility, height: e.getBoundingClientRect().height };
    });
    expect(host).toMatchObject({ display: 'block', visibility: 'visible' });
    expect(host.height).toBeGreaterThan(20);
    expect(bar.textStyle.color).not.toBe('rgb(255, 0, 0)');
    expect(bar.textStyle.fontSize).not.toBe('1px');
    expect(bar.textStyle.display).not.toBe('none');
    expect(bar.textStyle.visibility).toBe('visible');
    await page.close();
  });

  it('sends signed and encrypted mail from the composer through the Gmail API mock; OpenSSL decrypts and verifies it', async () => {
    const options = await s.openPage(OPTIONS);
    expect((await rpc(options, 'set-oauth-settings', { clientId: 'ff-e2e-client.apps.googleusercontent.com' })).ok).toBe(true);
    // The redirect URI shown for registration is Firefox's loopback form, keyed by the SHA-1 of the add-on id.
    const expected = `http://127.0.0.1/mozoauth2/${createHash('sha1').update(GECKO_ID).digest('hex')}`;
    expect(((await rpc(options, 'get-oauth-settings', {})).value as { redirectUri: string }).redirectUri).toBe(expected);
    await options.close();

    const gmail = await s.browser.newPage();
    await gmail.evaluateOnNewDocument(gmailComposeButtons);
    await gmail.goto(r.inboxUrl);
    await gmail.waitForSelector('[data-smime-launcher="new"]', { timeout: 30_000 });
    const before = new Set(await s.browser.pages());
    await gmail.click('[data-smime-launcher="new"]');
    const composer = await waitUntil('the composer tab', async () => {
      for (const p of await s.browser.pages()) {
        if (before.has(p)) continue;
        const href = await p.evaluate(() => location.href).catch(() => '');
        if (href.includes('/src/composer/index.html')) return p;
      }
      return null;
    });
    await composer.waitForSelector('#field-body', { timeout: 30_000 });
    expect(await composer.$eval('#from', (e) => (e as HTMLSelectElement).value)).toBe(ME);
    await composer.type('#field-to', ME);
    await composer.type('#field-subject', 'Firefox で暗号化');
    await composer.type('#field-body', 'Sent from Firefox ESR. 来週の会議資料です。');
    for (const [id, on] of [['#toggle-sign', true], ['#toggle-encrypt', true]] as const) {
      if ((await composer.$eval(id, (e) => (e as HTMLInputElement).checked)) !== on) await composer.click(id);
    }
    await composer.waitForSelector(`#recipient-states li[data-address="${ME}"][data-state="ok"]`, { timeout: 30_000 });
    const uploads = api.uploads.length;
    await composer.click('#send');
    await composer.waitForSelector('#sent-notice', { timeout: 60_000 });
    expect(api.uploads.length).toBe(uploads + 1);
    expect(authRedirects).toEqual([expected]);
    const up = api.uploads[api.uploads.length - 1];
    expect(up.authorization).toBe('Bearer ff-token-1');
    const raw = up.raw;
    expect(raw.toString('latin1')).toMatch(/^Content-Type: application\/pkcs7-mime; smime-type=(auth)?[eE]nveloped-data/m);
    expect(raw.toString('latin1')).not.toContain('Sent from Firefox');
    writeFileSync(join(work, 'enc.eml'), raw);
    openssl(['pkcs12', '-in', join(fixtures, 'demo-identity.p12'), '-nocerts', '-nodes', '-passin', 'pass:demo', '-out', join(work, 'me.key')], work);
    openssl(['pkcs12', '-in', join(fixtures, 'demo-identity.p12'), '-clcerts', '-nokeys', '-passin', 'pass:demo', '-out', join(work, 'me.crt')], work);
    openssl(['cms', '-decrypt', '-in', 'enc.eml', '-inkey', 'me.key', '-recip', 'me.crt', '-out', 'signed.eml'], work);
    openssl(['cms', '-verify', '-in', 'signed.eml', '-CAfile', join(fixtures, 'demo-ca.crt'), '-out', 'content.eml'], work);
    const content = readFileSync(join(work, 'content.eml'), 'latin1');
    const [head, body] = content.split(/\r?\n\r?\n/, 2);
    expect(head).toMatch(/Content-Transfer-Encoding: base64/i);
    expect(Buffer.from(body, 'base64').toString('utf8')).toBe('Sent from Firefox ESR. 来週の会議資料です。');
    await composer.close();
    await gmail.close();
  });

  it('keeps the keystore when the background restarts, and decrypts again afterwards', async () => {
    const page = await s.openPage(OPTIONS);
    // runtime.reload() tears the event page down and starts the extension again, as an update would. Session
    // storage lives in memory only: finding it empty afterwards proves the extension really restarted.
    await page.evaluate(() => chrome.storage.session.set({ restartProbe: 1 }));
    await page.evaluate(() => chrome.runtime.reload()).catch(() => undefined);
    await waitUntil('the old page to be closed by the reload', () => page.evaluate(() => false).catch(() => true));
    const after = await waitUntil('the options page after the restart', async () => {
      const p = await s.openPage(OPTIONS);
      const ids = await rpc(p, 'list-identities', {});
      if (ids.ok) return { p, ids };
      await p.close();
      return null;
    }, 60_000);
    expect((after.ids.value as { identities: { emails: string[] }[] }).identities.map((i) => i.emails)).toEqual([[ME]]);
    expect(await after.p.evaluate(() => chrome.storage.session.get('restartProbe'))).toEqual({});
    await after.p.close();
    const mail = await s.openWeb(r.threadUrl('encrypted-unsigned'));
    expect((await waitForVerdicts(s.browser, mail, 1))[0].verdict).toBe('encrypted');
    expect((await decryptedView(s, mail)).mail).toContain('The door code is 4711');
    expect((await readStatusBars(s.browser, mail)).length).toBe(1);
    await mail.close();
  });
});

describe('Firefox ESR set to "Never remember history"', () => {
  let s: FirefoxSession;
  beforeAll(async () => {
    s = await launchFirefox({ neverRememberHistory: true });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('says plainly that certificates cannot be kept, instead of failing silently', async () => {
    const page = await s.openPage(OPTIONS);
    const text = await waitUntil('the storage notice', async () => {
      const body = await page.evaluate(() => document.body.innerText);
      return body.includes('Never remember history') ? body : null;
    });
    expect(text).toContain('This browser is not letting the extension save anything, so it cannot keep your certificates.');
    const r = await rpc(page, 'list-identities', {});
    expect(r.error?.code).toBe('storage-unavailable');
    await page.close();
  });
});
