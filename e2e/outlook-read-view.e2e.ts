// The Outlook read view end to end: the built extension in Chromium on the Outlook replica (e2e/outlook/), with the
// Gmail demo's OpenSSL-made messages. Every verdict with the same words as Gmail's, the badge, certificate harvest,
// decryption in the extension frame, navigation without leakage, "Outlook changed", the shadow-DOM bar under
// hostile CSS, no remote loads, the raw-source fallback chain (service.svc → Graph → download hint), and the page's
// Authorization header never leaving the page's own origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { artifactsDir, launchWithExtension, type ExtensionSession } from './helpers/extension';
import { installOutlookReplica, type OutlookReplica } from './outlook/replica';
import { openExtensionRpc } from './helpers/extension-rpc';
import { setUpDemoKeystore } from './helpers/demo-keystore';
import { computedStyleOfBarText, readStatusBars, waitForVerdicts } from './gmail/status-bars';
import { BADGE } from '../src/background/action-icon';
import { tabVerdictOf, type VerdictKind } from '../src/content/verdict';
// @ts-expect-error -- plain ESM script without types
import { generateDemoFixtures } from '../scripts/gen-demo-fixtures.mjs';

/** The badge the shared design gives a verdict (the same on every site). */
const badgeFor = (verdict: string) => BADGE[tabVerdictOf(verdict as VerdictKind)].text;
const GRAPH_TOKEN = 'eyJ0eXAiOiJKV1QiLCJncmFwaC1yZXBsaWNhIjoxfQ.graph-read-token';

async function badgeOf(s: ExtensionSession, page: Page): Promise<string> {
  await page.bringToFront();
  const url = page.url();
  return s.worker.evaluate(async (u) => {
    const tabs = await chrome.tabs.query({});
    const tab = tabs.find((t) => t.url === u) ?? tabs.find((t) => t.active);
    return chrome.action.getBadgeText({ tabId: tab!.id! });
  }, url);
}

async function openMessage(s: ExtensionSession, r: OutlookReplica, key: string): Promise<Page> {
  const page = await s.context.newPage();
  await page.goto(r.messageUrl(key));
  return page;
}

function decryptedFrame(page: Page): Frame | undefined {
  return page.frames().find((f) => f.url().includes('/src/viewer/decrypted.html'));
}

describe('Outlook read view (replica, OpenSSL-generated mail)', () => {
  let s: ExtensionSession;
  let r: OutlookReplica;
  let redesigned: OutlookReplica;
  let viaGraph: OutlookReplica;
  let fixtures: string;

  beforeAll(async () => {
    fixtures = mkdtempSync(join(tmpdir(), 'smime-outlook-fixtures-'));
    generateDemoFixtures(fixtures);
    s = await launchWithExtension();
    r = await installOutlookReplica(s.context, { fixturesDir: fixtures });
    redesigned = await installOutlookReplica(s.context, { fixturesDir: fixtures, origin: 'https://outlook.office.com', variant: 'redesigned' });
    // Installed last: its Graph mock answers every Graph request in this context.
    viaGraph = await installOutlookReplica(s.context, { fixturesDir: fixtures, origin: 'https://outlook.office365.com', service: 'fails', graphToken: GRAPH_TOKEN });
    await setUpDemoKeystore(s, fixtures);
  });
  afterAll(async () => {
    await s?.close();
    if (fixtures) rmSync(fixtures, { recursive: true, force: true });
  });

  const cases: [string, string, RegExp][] = [
    ['bank-signed-jp', 'signed', /^Signed by (?:Demo Bank Notices <notices@demo-bank\.example>|notices@demo-bank\.example)\. The signature is valid/],
    ['tampered', 'tampered', /^Tampered: this message was changed after it was signed/],
    ['fake-p7s', 'fake-signature', /^Not really signed\. This message carries a signature file that does not sign it\. This is a common sign of phishing\.$/],
    ['from-mismatch', 'sender-mismatch', /^From a different sender than it claims: signed by (?:Eve Mallory <eve@attacker\.example>|eve@attacker\.example), but the From address is notices@demo-bank\.example\.$/],
    ['expired', 'expired', /^Signed by (?:Demo Bank Notices \(2020\) <notices@demo-bank\.example>|notices@demo-bank\.example), but the certificate expired on .*2021.*\.$/],
    ['untrusted', 'untrusted', /^Signed by (?:Demo Bank Notices <notices@demo-bank\.example>|notices@demo-bank\.example), but the certificate comes from an issuer you do not trust/],
    ['encrypted-signed', 'encrypted', /^Encrypted for you \(demo\.user@example\.com\)\./],
    ['not-for-you', 'not-for-you', /^Encrypted, but not for you/],
  ];

  it.each(cases)('%s → %s, in the same words as on Gmail, with the toolbar badge', async (key, verdict, words) => {
    const page = await openMessage(s, r, key);
    const bars = await waitForVerdicts(page, 1);
    expect(bars).toHaveLength(1);
    expect(bars[0].verdict).toBe(verdict);
    expect(bars[0].text).toMatch(words);
    await expect.poll(() => badgeOf(s, page), { timeout: 5000 }).toBe(badgeFor(verdict));
    if (key === 'bank-signed-jp') await page.screenshot({ path: join(artifactsDir, 'outlook-signed-jp.png') });
    await page.close();
  });

  it('names the raw-source path in the details, and shows the verified chain and the signed text', async () => {
    const page = await openMessage(s, r, 'bank-signed-jp');
    await waitForVerdicts(page, 1);
    await page.click('[data-smime-webmail="status"]');
    await expect.poll(() => page.frames().some((f) => f.url().includes('/src/viewer/details.html'))).toBe(true);
    const details = page.frames().find((f) => f.url().includes('/src/viewer/details.html'))!;
    await details.waitForSelector('main[data-state="ready"]');
    const text = (await details.textContent('main')) ?? '';
    expect(text).toContain("Original message fromOutlook's own service (same sign-in as the page)");
    expect(text).toContain('Demo Root CA (not for real use)');
    await expect.poll(async () => (await details.childFrames()[0]?.textContent('body')) ?? '').toContain('山田 太郎 様');
    await page.close();
  });

  it('harvests the signer of a verified reply in a two-message conversation, and bars only the S/MIME one', async () => {
    const page = await openMessage(s, r, 'plain-reply-signed');
    const bars = await waitForVerdicts(page, 1);
    expect(bars.map((b) => b.verdict)).toEqual(['signed']);
    // The bar stands in the second message (the signed reply), not the first (plain) one.
    const carriers = await page.$$eval('[aria-expanded="true"]', (els) => els.map((e) => e.querySelector('[data-smime-webmail]') !== null));
    expect(carriers).toEqual([false, true]);
    expect(r.stats.conversationItems).toBeGreaterThan(0);
    const rpc = await openExtensionRpc(s.context, s.extensionId);
    await expect
      .poll(async () => {
        const c = await rpc.call('list-contacts', {});
        return ((c.value as { contacts: { address: string }[] } | undefined)?.contacts ?? []).map((x) => x.address);
      })
      .toContain('hanako.sato@demo-corp.example');
    const c = await rpc.call('list-contacts', {});
    expect(((c.value as { contacts: { address: string }[] }).contacts ?? []).map((x) => x.address)).not.toContain('eve@attacker.example');
    await rpc.page.close();
    await page.close();
  });

  it('keeps verdicts per message across navigation in the single-page app, with nothing carried over', async () => {
    const page = await openMessage(s, r, 'fake-p7s');
    expect((await waitForVerdicts(page, 1))[0].verdict).toBe('fake-signature');
    await page.click('[data-convid]:has-text("Transfer scheduled")');
    await page.waitForFunction(() => document.querySelector('[role=heading]')?.textContent === 'Transfer scheduled');
    const afterNav = await waitForVerdicts(page, 1);
    expect(afterNav.map((b) => b.verdict)).toEqual(['tampered']);
    await page.click('[data-convid]:has-text("Lunch")');
    await page.waitForFunction(() => document.querySelector('[role=heading]')?.textContent === 'Lunch');
    expect((await waitForVerdicts(page, 1)).map((b) => b.verdict)).toEqual(['signed']);
    const before = r.stats.getItemMime;
    await page.goBack();
    await page.waitForFunction(() => document.querySelector('[role=heading]')?.textContent === 'Transfer scheduled');
    await expect.poll(async () => (await readStatusBars(page)).map((b) => b.verdict)).toEqual(['tampered']);
    expect(r.stats.getItemMime).toBe(before); // cached verdict, no new fetch
    await page.close();
  });

  it('says "Outlook changed; verification unavailable" when no selector matches an open message', async () => {
    const page = await openMessage(s, redesigned, 'bank-signed-jp');
    const bars = await waitForVerdicts(page, 1, 10_000);
    expect(bars).toHaveLength(1);
    expect(bars[0].verdict).toBe('unavailable');
    expect(bars[0].text).toBe('Outlook changed; verification unavailable.');
    expect(redesigned.stats.getItemMime).toBe(0);
    await expect.poll(() => badgeOf(s, page), { timeout: 5000 }).not.toBe('✓');
    await page.close();
  });

  it('keeps the status bar visible and unstyled under a mail that restyles * with !important', async () => {
    const page = await openMessage(s, r, 'hostile-css');
    const bars = await waitForVerdicts(page, 1);
    expect(bars[0].verdict).toBe('signed');
    expect(await page.$eval('.OZZZK', (e) => getComputedStyle(e).visibility)).toBe('hidden');
    const host = await page.$eval('[data-smime-webmail="status"]', (e) => {
      const cs = getComputedStyle(e);
      return { display: cs.display, visibility: cs.visibility, height: e.getBoundingClientRect().height };
    });
    expect(host).toMatchObject({ display: 'block', visibility: 'visible' });
    expect(host.height).toBeGreaterThan(20);
    const inner = await computedStyleOfBarText(page);
    expect(inner.color).not.toBe('rgb(255, 0, 0)');
    expect(inner['font-size']).not.toBe('1px');
    await page.screenshot({ path: join(artifactsDir, 'outlook-hostile-css.png') });
    await page.close();
  });

  it('decrypts only in the extension frame: sanitised, no remote load, nothing in Outlook’s DOM or requests', async () => {
    const remote: string[] = [];
    const outlookBodies: string[] = [];
    const onRequest = (req: { url(): string; postData(): string | null }) => {
      if (req.url().includes('demo-remote.invalid')) remote.push(req.url());
      if (req.url().startsWith(r.origin)) outlookBodies.push(`${req.url()} ${req.postData() ?? ''}`);
    };
    s.context.on('request', onRequest);
    const page = await openMessage(s, r, 'encrypted-signed');
    expect((await waitForVerdicts(page, 1))[0].verdict).toBe('encrypted');
    const frame = decryptedFrame(page)!;
    await frame.waitForSelector('main[data-state="decrypted"]');
    const mail = frame.childFrames()[0];
    await expect.poll(() => mail.evaluate(() => document.body?.textContent ?? '')).toContain('Quarterly figures');
    expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain('Quarterly figures');
    expect(await frame.textContent('main')).toMatch(/Signed by (?:Hanako Sato <)?hanako\.sato@demo-corp\.example/);
    expect(await mail.evaluate(() => document.querySelectorAll('script').length)).toBe(0);
    await page.waitForTimeout(500);
    expect(remote).toEqual([]);
    expect(outlookBodies.join('\n')).not.toContain('Quarterly figures');
    s.context.off('request', onRequest);
    await page.close();
  });

  it('sends the page’s Authorization header only to the page’s own origin', async () => {
    const page = await openMessage(s, r, 'tampered');
    await waitForVerdicts(page, 1);
    expect(r.stats.getItemMime).toBeGreaterThan(0);
    expect(r.stats.unauthorized).toBe(0);
    expect(r.stats.tokenLeaks).toEqual([]);
    // Nor is it kept anywhere the extension stores things.
    const stored = await s.worker.evaluate(async () => JSON.stringify([await chrome.storage.session.get(null), await chrome.storage.local.get(null)]));
    expect(stored).not.toContain(r.pageToken);
    await page.close();
  });

  it('falls back from a failing service.svc to the download hint while Graph is not signed in', async () => {
    const page = await openMessage(s, viaGraph, 'bank-signed-jp');
    const bars = await waitForVerdicts(page, 1);
    expect(bars[0].verdict).toBe('download-hint');
    expect(bars[0].text).toMatch(/^This message could not be fetched for checking \(.*service\.svc.*Graph.*\)\. Download it/);
    expect(viaGraph.stats.getItemMime).toBeGreaterThan(0);
    // A work account's page sends a bearer token: it was taken over as well (service.svc failed, not the sign-in).
    expect(viaGraph.stats.unauthorized).toBe(0);
    expect(viaGraph.stats.tokenLeaks).toEqual([]);
    await page.close();
  });

  it('falls back from a failing service.svc to Microsoft Graph once the user signed in for reading', async () => {
    const rpc = await openExtensionRpc(s.context, s.extensionId);
    expect((await rpc.call('set-ms-oauth-settings', { graphRead: true })).ok).toBe(true);
    await rpc.page.close();
    await s.worker.evaluate(async (token) => {
      const t = { accessToken: token, expiresAt: Date.now() + 3_600_000, refreshToken: null, refreshExpiresAt: 0, email: 'demo.user@example.com', scopes: ['openid', 'email', 'Mail.Send', 'Mail.Read'] };
      await chrome.storage.session.set({ 'ms-token:demo.user@example.com': t, 'ms-token-last': 'demo.user@example.com' });
    }, GRAPH_TOKEN);
    const page = await openMessage(s, viaGraph, 'from-mismatch');
    expect((await waitForVerdicts(page, 1))[0].verdict).toBe('sender-mismatch');
    expect(viaGraph.stats.graphRead).toBeGreaterThan(0);
    await page.click('[data-smime-webmail="status"]');
    await expect.poll(() => page.frames().some((f) => f.url().includes('/src/viewer/details.html'))).toBe(true);
    const details = page.frames().find((f) => f.url().includes('/src/viewer/details.html'))!;
    await details.waitForSelector('main[data-state="ready"]');
    expect(await details.textContent('main')).toContain('Original message fromMicrosoft Graph (your sign-in for the extension)');
    await page.close();
  });

  it('falls back to the download hint when service.svc changes its answer and Graph refuses the token', async () => {
    viaGraph.setService('changed');
    await s.worker.evaluate(async () => {
      const t = { accessToken: 'expired-token', expiresAt: Date.now() + 3_600_000, refreshToken: null, refreshExpiresAt: 0, email: 'demo.user@example.com', scopes: ['Mail.Read'] };
      await chrome.storage.session.set({ 'ms-token:demo.user@example.com': t });
    });
    const page = await openMessage(s, viaGraph, 'tampered');
    const bars = await waitForVerdicts(page, 1);
    expect(bars[0].verdict).toBe('download-hint');
    expect(bars[0].text).toContain('unknown shape');
    expect(viaGraph.stats.graphUnauthorized).toBeGreaterThan(0);
    await page.close();
  });

  it('leaves no remote loads from the whole session', () => {
    expect(r.stats.remote.filter((u) => !u.startsWith('chrome'))).toEqual([]);
  });
});

describe('Outlook read view in Japanese', () => {
  let s: ExtensionSession;
  let r: OutlookReplica;
  let redesigned: OutlookReplica;
  let fixtures: string;
  beforeAll(async () => {
    fixtures = mkdtempSync(join(tmpdir(), 'smime-outlook-fixtures-ja-'));
    generateDemoFixtures(fixtures);
    s = await launchWithExtension({ locale: 'ja' });
    r = await installOutlookReplica(s.context, { fixturesDir: fixtures });
    redesigned = await installOutlookReplica(s.context, { fixturesDir: fixtures, origin: 'https://outlook.office.com', variant: 'redesigned' });
  });
  afterAll(async () => {
    await s?.close();
    if (fixtures) rmSync(fixtures, { recursive: true, force: true });
  });

  it('calls a fake smime.p7s a likely phishing sign, in Japanese', async () => {
    const page = await openMessage(s, r, 'fake-p7s');
    const bars = await waitForVerdicts(page, 1);
    expect(bars[0].verdict).toBe('fake-signature');
    expect(bars[0].text).toContain('フィッシング');
    await page.close();
  });

  it('says Outlook changed, in Japanese', async () => {
    const page = await openMessage(s, redesigned, 'fake-p7s');
    const bars = await waitForVerdicts(page, 1, 10_000);
    expect(bars[0].verdict).toBe('unavailable');
    expect(bars[0].text).toBe('Outlook の画面が変更されたため、検証できません。');
    await page.close();
  });
});
