// Secure compose and send from Outlook on the web, end to end: the built extension in Chromium on the Outlook
// replica, the Microsoft identity platform's code + PKCE sign-in on a local login.microsoftonline.com, and Graph
// sendMail served through interception. The bytes captured at the Graph mock are checked with `openssl cms`
// (signed, encrypted, signed+encrypted, Japanese text, an attachment); replies keep In-Reply-To/References and
// quote only what was shown; the account must be the tab's mailbox; the ~4 MB limit is said plainly; a failed send
// keeps the draft and Retry reuses the Message-ID; nothing typed reaches Outlook's page or requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { installOutlookReplica, type OutlookReplica } from './outlook/replica';
import { launchForOutlookCompose, type OutlookComposeSession } from './outlook/microsoft-login';
import { openExtensionRpc } from './helpers/extension-rpc';
import { waitForComposer } from './gmail/gmail-api-mock';
import { parseMime, getHeader } from '../src/crypto/mime/parse-mime';
import { entityText } from '../src/crypto/mime/decode-charset';
// @ts-expect-error -- plain ESM script without types
import { generateDemoFixtures } from '../scripts/gen-demo-fixtures.mjs';

const ME = 'demo.user@example.com';
const BANK = 'notices@demo-bank.example';
const HANAKO = 'hanako.sato@demo-corp.example';
const CLIENT_ID = '6731de76-14a6-49ae-97bc-6eba6914391e';
const TOKEN = 'eyJ0eXAiOiJKV1QiLCJub25jZSI6Im1zIn0.graph-send-token';
const JP_BODY = '山田様\n\nOutlook から署名付きで送ります。資料を添付します。\n';
const ATTACHMENT = { name: '資料.bin', mimeType: 'application/octet-stream', buffer: Buffer.concat([Buffer.from('添付ファイル\n', 'utf8'), Buffer.from([0, 1, 2, 0x0a, 0xff, 0x0d])]) };

function openssl(args: string[], cwd: string): string {
  return execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] }).toString('latin1');
}

function leaves(e: ReturnType<typeof parseMime>): ReturnType<typeof parseMime>[] {
  return e.children.length ? e.children.flatMap(leaves) : [e];
}

describe('secure compose and send from the Outlook replica (Microsoft Graph)', () => {
  let s: OutlookComposeSession;
  let r: OutlookReplica;
  let fixtures: string;
  let work: string;
  let outlook: Page;
  const typed: string[] = [];
  const outlookRequests: string[] = [];

  beforeAll(async () => {
    fixtures = mkdtempSync(join(tmpdir(), 'smime-outlook-compose-fixtures-'));
    work = mkdtempSync(join(tmpdir(), 'smime-outlook-compose-work-'));
    generateDemoFixtures(fixtures);
    openssl(['pkcs12', '-in', join(fixtures, 'demo-identity.p12'), '-nocerts', '-nodes', '-passin', 'pass:demo', '-out', join(work, 'me.key')], work);
    s = await launchForOutlookCompose(CLIENT_ID);
    s.login.email = ME;
    s.login.accessToken = TOKEN;
    r = await installOutlookReplica(s.context, { fixturesDir: fixtures, graphToken: TOKEN, mailbox: ME });
    s.context.on('request', (q) => {
      if (q.url().startsWith(r.origin)) outlookRequests.push(`${decodeURIComponent(q.url())}\n${q.postData() ?? ''}`);
    });
    const rpc = await openExtensionRpc(s.context, s.extensionId);
    const ok = async (op: string, req: Record<string, unknown>) => {
      const res = await rpc.call(op, req);
      expect(res.ok, `${op}: ${JSON.stringify(res.error)}`).toBe(true);
      return res.value;
    };
    await ok('add-trust-anchor', { certificate: new Uint8Array(readFileSync(join(fixtures, 'demo-ca.crt'))) });
    await ok('import-identity', { file: new Uint8Array(readFileSync(join(fixtures, 'demo-identity.p12'))), fileName: 'demo-identity.p12', password: 'demo' });
    for (const key of ['bank-signed-jp', 'plain-reply-signed']) expect(((await ok('harvest-certificate', { message: r.raw(key) })) as { harvested: boolean }).harvested).toBe(true);
    const settings = (await ok('set-ms-oauth-settings', { clientId: CLIENT_ID })) as { redirectUri: string };
    expect(settings.redirectUri).toBe(`https://${s.extensionId}.chromiumapp.org/`);
    await rpc.page.close();
    outlook = await s.context.newPage();
    await outlook.goto(r.inboxUrl);
    await outlook.waitForSelector('[data-smime-launcher="new"]', { timeout: 20_000 });
  });
  afterAll(async () => {
    await s?.close();
    if (fixtures) rmSync(fixtures, { recursive: true, force: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function composeNew(): Promise<Page> {
    await outlook.bringToFront();
    return waitForComposer(s.context, () => outlook.locator('[data-smime-launcher="new"]').click());
  }

  async function fill(page: Page, f: { to: string; subject: string; body: string; attach?: boolean; sign: boolean; encrypt: boolean }) {
    typed.push(f.subject, f.body.split('\n')[0]);
    await page.fill('#field-to', f.to);
    await page.fill('#field-subject', f.subject);
    await page.fill('#field-body', f.body);
    if (f.attach) await page.setInputFiles('#field-attachments', [ATTACHMENT]);
    await page.setChecked('#toggle-sign', f.sign);
    await page.setChecked('#toggle-encrypt', f.encrypt);
    await page.waitForSelector(`#recipient-states li[data-address="${f.to}"]:not([data-state="checking"])`);
  }

  async function sendAndCapture(page: Page): Promise<Buffer> {
    const before = r.sends.length;
    await page.click('#send');
    await page.waitForSelector('#sent-notice', { timeout: 30_000 });
    expect(r.sends.length).toBe(before + 1);
    const sent = r.sends[r.sends.length - 1];
    expect(sent.contentType).toBe('text/plain');
    expect(sent.authorization).toBe(`Bearer ${TOKEN}`);
    // The body is exactly the base64 of the message (no line breaks): what arrives is what was built.
    expect(sent.body.toString('latin1')).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    return sent.raw;
  }

  it('signs in with code + PKCE as the tab’s mailbox and sends signed+encrypted Japanese mail with an attachment that OpenSSL opens', async () => {
    const page = await composeNew();
    expect(await page.inputValue('#from')).toBe(ME);
    await fill(page, { to: BANK, subject: '会議資料（Outlook）', body: JP_BODY, attach: true, sign: true, encrypt: true });
    const raw = await sendAndCapture(page);
    expect(s.login.refused).toEqual([]);
    expect(s.login.hits.some((h) => h.startsWith('/common/oauth2/v2.0/authorize?') && h.includes('code_challenge_method=S256'))).toBe(true);
    expect(s.login.lastScopes).toEqual(expect.arrayContaining(['openid', 'email', 'offline_access', 'Mail.Send']));
    expect(s.login.lastScopes).not.toContain('Mail.Read'); // the Graph read path is off
    writeFileSync(join(work, 'enc.eml'), raw);
    openssl(['cms', '-decrypt', '-in', 'enc.eml', '-inkey', 'me.key', '-recip', join(fixtures, 'demo-identity.crt'), '-out', 'signed.eml'], work);
    openssl(['cms', '-verify', '-in', 'signed.eml', '-CAfile', join(fixtures, 'demo-ca.crt'), '-out', 'content.eml'], work);
    const content = parseMime(new Uint8Array(readFileSync(join(work, 'content.eml'))));
    const parts = leaves(content);
    expect(entityText(parts[0])).toBe(JP_BODY.replace(/\n/g, '\r\n'));
    const file = parts.find((p) => /attachment/i.test(getHeader(p, 'content-disposition') ?? ''))!;
    expect(Buffer.from(Buffer.from(file.body).toString('latin1').replace(/\s+/g, ''), 'base64').equals(ATTACHMENT.buffer)).toBe(true);
    expect(raw.toString('latin1')).toMatch(/^From: demo\.user@example\.com\r$/m);
    await page.close();
  });

  it('sends signed-only and encrypted-only mail that OpenSSL verifies and decrypts', async () => {
    const signedPage = await composeNew();
    await fill(signedPage, { to: HANAKO, subject: 'Signed from Outlook', body: 'SIGNED-ONLY-4410\nplain text\n', sign: true, encrypt: false });
    writeFileSync(join(work, 'so.eml'), await sendAndCapture(signedPage));
    openssl(['cms', '-verify', '-in', 'so.eml', '-CAfile', join(fixtures, 'demo-ca.crt'), '-out', 'so-content.eml'], work);
    expect(readFileSync(join(work, 'so-content.eml'), 'latin1')).toContain('SIGNED-ONLY-4410');
    await signedPage.close();
    const encPage = await composeNew();
    await fill(encPage, { to: HANAKO, subject: 'Encrypted from Outlook', body: 'ENCRYPTED-ONLY-7718\n', sign: false, encrypt: true });
    const raw = await sendAndCapture(encPage);
    expect(raw.toString('latin1')).not.toContain('ENCRYPTED-ONLY-7718');
    writeFileSync(join(work, 'eo.eml'), raw);
    openssl(['cms', '-decrypt', '-in', 'eo.eml', '-inkey', 'me.key', '-recip', join(fixtures, 'demo-identity.crt'), '-out', 'eo-content.eml'], work);
    expect(readFileSync(join(work, 'eo-content.eml'), 'latin1')).toContain('ENCRYPTED-ONLY-7718');
    await encPage.close();
  });

  it('a reply from an Outlook message keeps In-Reply-To and References and quotes only what was shown', async () => {
    await outlook.bringToFront();
    await outlook.goto(r.messageUrl('plain-reply-signed'));
    const second = outlook.locator('[aria-expanded="true"]').nth(1);
    await second.locator('[data-smime-launcher="reply"]').waitFor({ timeout: 20_000 });
    const page = await waitForComposer(s.context, () => second.locator('[data-smime-launcher="reply"]').click());
    await page.waitForFunction(() => (document.querySelector('#field-body') as HTMLTextAreaElement | null)?.value.includes('wrote:'));
    expect(await page.inputValue('#field-to')).toBe(HANAKO);
    expect(await page.inputValue('#field-subject')).toBe('Re: Lunch');
    expect(await page.inputValue('#from')).toBe(ME);
    const body = await page.inputValue('#field-body');
    expect(body).toContain('> Yes, 12:30 works. (signed reply)');
    await page.fill('#field-body', `REPLY-TEXT-6621\n${body}`);
    typed.push('REPLY-TEXT-6621');
    await page.setChecked('#toggle-encrypt', false);
    await page.setChecked('#toggle-sign', true);
    await page.waitForSelector(`#recipient-states li[data-address="${HANAKO}"]:not([data-state="checking"])`);
    const raw = (await sendAndCapture(page)).toString('latin1');
    const original = new TextDecoder('latin1').decode(r.raw('plain-reply-signed'));
    const msgId = /^Message-ID: (<[^>]+>)/im.exec(original)![1];
    expect(raw).toContain(`In-Reply-To: ${msgId}\r\n`);
    expect(raw).toMatch(new RegExp(`^References: .*${msgId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\r$`, 'm'));
    await page.close();
  });

  it('refuses to send when the Microsoft sign-in is another account than the tab’s mailbox', async () => {
    await s.worker.evaluate(async () => {
      const all = await chrome.storage.session.get(null);
      await chrome.storage.session.remove(Object.keys(all).filter((k) => k.startsWith('ms-token')));
    });
    s.login.email = 'someone.else@outlook.example';
    const before = r.sends.length;
    const page = await composeNew();
    await fill(page, { to: BANK, subject: 'wrong account', body: 'WRONG-ACCOUNT-1187\n', sign: true, encrypt: false });
    await page.click('#send');
    await page.waitForSelector('#send-error');
    expect(await page.getAttribute('#send-error', 'data-code')).toBe('oauth-account-mismatch');
    expect(await page.textContent('#send-error')).toContain('different account than the mailbox open in this tab');
    expect(r.sends.length).toBe(before);
    s.login.email = ME;
    await page.click('#discard').catch(() => undefined);
  });

  it('says plainly that a message above about 4 MB cannot go through Graph, before any sign-in or upload', async () => {
    const before = r.sends.length;
    const hits = s.login.hits.length;
    const page = await composeNew();
    await fill(page, { to: HANAKO, subject: 'too big', body: 'TOO-BIG-5520\n', sign: false, encrypt: false });
    await page.setInputFiles('#field-attachments', [{ name: 'big.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(3_300_000, 7) }]);
    await page.click('#send');
    await page.waitForSelector('#send-error', { timeout: 30_000 });
    expect(await page.getAttribute('#send-error', 'data-code')).toBe('send-too-large');
    expect(await page.textContent('#send-error')).toContain('about 4 MB');
    expect(r.sends.length).toBe(before);
    expect(s.login.hits.length).toBe(hits);
    await page.click('#discard').catch(() => undefined);
  });

  it('a failed send keeps the draft; Retry sends it with the same Message-ID', async () => {
    r.sendFailures.push(503);
    const page = await composeNew();
    await fill(page, { to: HANAKO, subject: 'retry me', body: 'RETRY-BODY-3301\n', sign: true, encrypt: false });
    const before = r.sends.length;
    await page.click('#send');
    await page.waitForSelector('#send-error');
    expect(await page.getAttribute('#send-error', 'data-code')).toBe('send-server-error');
    expect(await page.textContent('#send-error')).toContain('Your message is kept as a draft');
    await page.click('#retry-send');
    await page.waitForSelector('#sent-notice', { timeout: 30_000 });
    expect(r.sends.length).toBe(before + 2);
    const id = (b: Buffer) => /^Message-ID: (.*)\r$/m.exec(b.toString('latin1'))?.[1];
    expect(id(r.sends[before].raw)).toBeTruthy();
    expect(id(r.sends[before + 1].raw)).toBe(id(r.sends[before].raw));
    await page.close();
  });

  it('nothing typed in the composer reached Outlook’s page or any request to Outlook', async () => {
    expect(typed.length).toBeGreaterThan(8);
    const dom = await outlook.evaluate(() => document.documentElement.outerHTML);
    const requests = outlookRequests.join('\n');
    expect(outlookRequests.length).toBeGreaterThan(0);
    for (const t of typed) {
      expect(dom.includes(t), `DOM contains ${t}`).toBe(false);
      expect(requests.includes(t), `an Outlook request contains ${t}`).toBe(false);
    }
    expect(r.stats.tokenLeaks).toEqual([]);
  });
});
