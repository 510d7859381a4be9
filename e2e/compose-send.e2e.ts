// Secure compose and send, end to end: the built extension in Chromium on the Gmail replica, with the OAuth sign-in
// (a local accounts.google.com behind identity.launchWebAuthFlow) and the Gmail API served through interception.
// Checks what was uploaded with OpenSSL and our MIME parser, and that nothing typed reaches Gmail's page or server.
// Also: Bcc privacy for encrypted mail (separate copies), opaque signing, and a retry that keeps the Message-ID.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { installGmailReplica, type Replica } from './gmail/replica';
import { openExtensionRpc, type ExtensionRpc } from './helpers/extension-rpc';
import { installGmailApi, launchForCompose, waitForComposer, type ComposeSession, type GmailApiMock } from './gmail/gmail-api-mock';
import { addGmailComposeButtons } from './gmail/gmail-compose-buttons';
import { parseMime, getHeader } from '../src/crypto/mime/parse-mime';
import { entityText } from '../src/crypto/mime/decode-charset';
import { decodeEncodedWords } from '../src/crypto/mime/decode-header-words';
// @ts-expect-error -- plain ESM script without types
import { generateDemoFixtures } from '../scripts/gen-demo-fixtures.mjs';

const ME = 'demo.user@example.com';
const BANK = 'notices@demo-bank.example';
const HANAKO = 'hanako.sato@demo-corp.example';
const BCC = 'blind.copy@bcc-test.example'; // a recipient whose private key the test holds (its own small CA)
const JP_BODY = '山田様\n\n来週の会議の資料を添付します。よろしくお願いいたします。\n';
// Binary, with bare LFs and NULs: must arrive byte for byte (text/* attachments are CRLF-canonicalised by MIME rules).
const FORWARD_FILE = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a, 0, 0xff, 0x0d, 0x0a]);
const ATTACHMENT = { name: '資料.bin', mimeType: 'application/octet-stream', buffer: Buffer.concat([Buffer.from('添付ファイル\n', 'utf8'), Buffer.from([0, 1, 2, 0x0a, 0xff, 0x0d])]) };

function openssl(args: string[], cwd: string): string {
  return execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] }).toString('latin1');
}

/** The leaves of a parsed MIME tree, depth first. */
function leaves(e: ReturnType<typeof parseMime>): ReturnType<typeof parseMime>[] {
  return e.children.length ? e.children.flatMap(leaves) : [e];
}

describe('secure compose and send from the Gmail replica', () => {
  let s: ComposeSession;
  let r: Replica;
  let api: GmailApiMock;
  let rpc: ExtensionRpc;
  let fixtures: string;
  let work: string;
  let gmail: Page;
  const typed: string[] = []; // every unique string typed in a composer (leak check)

  beforeAll(async () => {
    fixtures = mkdtempSync(join(tmpdir(), 'smime-compose-fixtures-'));
    work = mkdtempSync(join(tmpdir(), 'smime-compose-work-'));
    generateDemoFixtures(fixtures);
    openssl(['pkcs12', '-in', join(fixtures, 'demo-identity.p12'), '-nocerts', '-nodes', '-passin', 'pass:demo', '-out', join(work, 'me.key')], work);
    // A reply target: HTML shown, with a hidden span and a text/plain alternative that Gmail never shows.
    const replyRaw =
      `From: Hanako Sato <${HANAKO}>\r\nTo: Demo User <${ME}>\r\nSubject: Quarterly plan\r\nDate: Fri, 20 Nov 2026 09:00:00 +0000\r\n` +
      `Message-ID: <plan-1@demo-corp.example>\r\nReferences: <kickoff-0@demo-corp.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=alt\r\n\r\n` +
      `--alt\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nPLAIN-ALTERNATIVE-NEVER-SHOWN\r\n` +
      `--alt\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<html><head><style>.x{}</style></head><body><p>Can you review the plan by Friday?</p><span style="display:none">HIDDEN-HTML-SECRET</span><!-- COMMENT-SECRET --></body></html>\r\n--alt--\r\n`;
    // A forward target with two files (one is removed in the composer before sending).
    const forwardRaw =
      `From: Hanako Sato <${HANAKO}>\r\nTo: Demo User <${ME}>\r\nSubject: Files for review\r\nDate: Fri, 20 Nov 2026 10:00:00 +0000\r\n` +
      `Message-ID: <files-1@demo-corp.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=mix\r\n\r\n` +
      `--mix\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nTwo files attached.\r\n` +
      `--mix\r\nContent-Type: application/pdf; name="keep.pdf"\r\nContent-Disposition: attachment; filename="keep.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${FORWARD_FILE.toString('base64')}\r\n` +
      `--mix\r\nContent-Type: text/csv; name="drop.csv"\r\nContent-Disposition: attachment; filename="drop.csv"\r\n\r\nDROPPED-FILE-CONTENT\r\n--mix--\r\n`;
    s = await launchForCompose();
    await addGmailComposeButtons(s.context);
    r = await installGmailReplica(s.context, {
      fixturesDir: fixtures,
      extra: [
        {
          meta: { key: 'reply-target', id: '1790412345679000001', legacyId: (1790412345679000001n).toString(16), thread: { decimal: '1790412345679000001', hex: (1790412345679000001n).toString(16) }, subject: 'Quarterly plan', fromName: 'Hanako Sato', from: HANAKO, display: 'Can you review the plan by Friday?', expect: 'none' },
          raw: new Uint8Array(Buffer.from(replyRaw, 'latin1')),
        },
        {
          meta: { key: 'forward-target', id: '1790412345679000002', legacyId: (1790412345679000002n).toString(16), thread: { decimal: '1790412345679000002', hex: (1790412345679000002n).toString(16) }, subject: 'Files for review', fromName: 'Hanako Sato', from: HANAKO, display: 'Two files attached.', expect: 'none' },
          raw: new Uint8Array(Buffer.from(forwardRaw, 'latin1')),
        },
      ],
    });
    api = await installGmailApi(s.context, ME);
    rpc = await openExtensionRpc(s.context, s.extensionId);
    const ok = async (op: string, req: Record<string, unknown>) => {
      const res = await rpc.call(op, req);
      expect(res.ok, `${op}: ${JSON.stringify(res.error)}`).toBe(true);
      return res.value;
    };
    await ok('add-trust-anchor', { certificate: new Uint8Array(readFileSync(join(fixtures, 'demo-ca.crt'))) });
    await ok('import-identity', { file: new Uint8Array(readFileSync(join(fixtures, 'demo-identity.p12'))), fileName: 'demo-identity.p12', password: 'demo' });
    // Certificates harvested from earlier verified mail (the bank's notice, Hanako's signed reply).
    for (const key of ['bank-signed-jp', 'plain-reply-signed']) {
      const h = (await ok('harvest-certificate', { message: r.raw(key) })) as { harvested: boolean };
      expect(h.harvested).toBe(true);
    }
    // The Bcc recipient: a certificate from a test CA, harvested from a message they signed.
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'bcc-ca.key', '-out', 'bcc-ca.crt', '-days', '30', '-subj', '/CN=Bcc Test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], work);
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'bcc.key', '-out', 'bcc.csr', '-subj', '/CN=Blind Copy'], work);
    writeFileSync(join(work, 'bcc.ext'), `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=emailProtection\nsubjectAltName=email:${BCC}\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n`);
    openssl(['x509', '-req', '-in', 'bcc.csr', '-CA', 'bcc-ca.crt', '-CAkey', 'bcc-ca.key', '-CAcreateserial', '-days', '30', '-extfile', 'bcc.ext', '-out', 'bcc.crt'], work);
    writeFileSync(join(work, 'bcc-hello.txt'), 'Content-Type: text/plain; charset=UTF-8\r\n\r\nHello from the blind copy.\r\n');
    openssl(['cms', '-sign', '-in', 'bcc-hello.txt', '-signer', 'bcc.crt', '-inkey', 'bcc.key', '-md', 'sha256', '-crlfeol', '-from', BCC, '-to', ME, '-subject', 'Hello', '-out', 'bcc-signed.eml'], work);
    await ok('add-trust-anchor', { certificate: new Uint8Array(readFileSync(join(work, 'bcc-ca.crt'))) });
    expect(((await ok('harvest-certificate', { message: new Uint8Array(readFileSync(join(work, 'bcc-signed.eml'))) })) as { harvested: boolean }).harvested).toBe(true);
    await ok('set-oauth-settings', { clientId: 'e2e-test-client.apps.googleusercontent.com' });
    gmail = await s.context.newPage();
    await gmail.goto(r.inboxUrl);
    await gmail.waitForSelector('[data-smime-launcher="new"]', { timeout: 20_000 });
  });
  afterAll(async () => {
    await s?.close();
    if (fixtures) rmSync(fixtures, { recursive: true, force: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function composeFromGmail(): Promise<Page> {
    await gmail.bringToFront();
    return waitForComposer(s.context, () => gmail.locator('[data-smime-launcher="new"]').click());
  }

  async function fill(page: Page, f: { to: string; subject: string; body: string; attach?: boolean; sign: boolean; encrypt: boolean }) {
    typed.push(f.subject, f.body.split('\n')[0]);
    await page.fill('#field-to', f.to);
    await page.fill('#field-subject', f.subject);
    await page.fill('#field-body', f.body);
    if (f.attach) await page.setInputFiles('#field-attachments', [ATTACHMENT]);
    await page.setChecked('#toggle-sign', f.sign);
    await page.setChecked('#toggle-encrypt', f.encrypt);
    for (const a of f.to.split(',').map((x) => x.trim())) {
      await page.waitForSelector(`#recipient-states li[data-address="${a}"]:not([data-state="checking"])`);
    }
  }

  async function sendAndCapture(page: Page): Promise<Buffer> {
    const before = api.uploads.length;
    await page.click('#send');
    await page.waitForSelector('#sent-notice', { timeout: 30_000 });
    expect(api.uploads.length).toBe(before + 1);
    return api.uploads[api.uploads.length - 1].raw;
  }

  function checkInner(content: Buffer, subject: string) {
    const inner = parseMime(new Uint8Array(content));
    const parts = leaves(inner);
    const text = parts.find((p) => p.contentType.mediaType === 'text/plain' && !/attachment/i.test(getHeader(p, 'content-disposition') ?? ''));
    expect(entityText(text!)).toContain('来週の会議の資料を添付します');
    const att = parts.find((p) => /attachment/i.test(getHeader(p, 'content-disposition') ?? ''));
    expect(att).toBeDefined();
    expect(Buffer.from(Buffer.from(att!.body).toString('latin1').replace(/\s+/g, ''), 'base64').equals(ATTACHMENT.buffer)).toBe(true);
    expect(decodeEncodedWords(att!.contentType.params.name ?? '')).toBe(ATTACHMENT.name);
    return { inner, subject };
  }

  it('sends a signed+encrypted message with an attachment and Japanese text; OpenSSL decrypts and verifies it', async () => {
    const page = await composeFromGmail();
    expect(await page.inputValue('#from')).toBe(ME);
    await fill(page, { to: `${BANK}, ${HANAKO}`, subject: '会議資料（暗号化・署名）', body: JP_BODY, attach: true, sign: true, encrypt: true });
    expect(await page.getAttribute(`#recipient-states li[data-address="${BANK}"]`, 'data-state')).toBe('ok');
    const raw = await sendAndCapture(page);
    const up = api.uploads[api.uploads.length - 1];
    expect(up.url).toBe('https://gmail.googleapis.com/upload/gmail/v1/users/me/messages/send?uploadType=media');
    expect(up.contentType).toBe('message/rfc822');
    expect(up.authorization).toMatch(/^Bearer test-token-\d+$/);
    const text = raw.toString('latin1');
    expect(text).toMatch(/^Content-Type: application\/pkcs7-mime; smime-type=(auth)?[eE]nveloped-data/m);
    expect(text).toMatch(/^Message-ID: <[0-9a-f]{32}@example\.com>/m);
    expect(text).not.toContain('来週');
    writeFileSync(join(work, 'enc.eml'), raw);
    // The sender is always a recipient: our own key opens it.
    openssl(['cms', '-decrypt', '-in', 'enc.eml', '-inkey', 'me.key', '-recip', join(fixtures, 'demo-identity.crt'), '-out', 'signed.eml'], work);
    openssl(['cms', '-verify', '-in', 'signed.eml', '-CAfile', join(fixtures, 'demo-ca.crt'), '-out', 'content.eml'], work);
    checkInner(readFileSync(join(work, 'content.eml')), '');
    expect(decodeEncodedWords(getHeader(parseMime(new Uint8Array(raw)), 'subject') ?? '')).toBe('会議資料（暗号化・署名）');
    await page.close();
  });

  it('sends a signed-only (detached) message that OpenSSL verifies', async () => {
    const page = await composeFromGmail();
    await fill(page, { to: BANK, subject: '署名のみ', body: JP_BODY, attach: true, sign: true, encrypt: false });
    const raw = await sendAndCapture(page);
    expect(raw.toString('latin1')).toMatch(/^Content-Type: multipart\/signed; protocol="application\/pkcs7-signature"/m);
    writeFileSync(join(work, 'signed-only.eml'), raw);
    openssl(['cms', '-verify', '-in', 'signed-only.eml', '-CAfile', join(fixtures, 'demo-ca.crt'), '-out', 'signed-only-content.eml'], work);
    checkInner(readFileSync(join(work, 'signed-only-content.eml')), '');
    await page.close();
  });

  it('opaque signing (setting): the upload is application/pkcs7-mime signed-data that OpenSSL verifies', async () => {
    const page = await composeFromGmail();
    try {
      await page.click('#compose-settings summary');
      await page.check('#opaque-signing');
      await expect.poll(async () => ((await rpc.call('get-compose-settings', {})).value as { signingForm: string }).signingForm).toBe('opaque');
      await fill(page, { to: BANK, subject: '不透明署名', body: JP_BODY, attach: true, sign: true, encrypt: false });
      const raw = await sendAndCapture(page);
      const text = raw.toString('latin1');
      expect(text).toMatch(/^Content-Type: application\/pkcs7-mime; smime-type=signed-data/m);
      expect(text).not.toContain('multipart/signed');
      expect(text).not.toContain('来週'); // the content is inside the (base64) signed-data, not beside it
      writeFileSync(join(work, 'opaque.eml'), raw);
      openssl(['cms', '-verify', '-in', 'opaque.eml', '-CAfile', join(fixtures, 'demo-ca.crt'), '-out', 'opaque-content.eml'], work);
      checkInner(readFileSync(join(work, 'opaque-content.eml')), '');
      expect(decodeEncodedWords(getHeader(parseMime(new Uint8Array(raw)), 'subject') ?? '')).toBe('不透明署名');
    } finally {
      await rpc.call('set-compose-settings', { signingForm: 'detached' });
      await page.close();
    }
  });

  it('encrypted mail with Bcc: the To message does not name the Bcc recipient; the Bcc copy opens for them', async () => {
    const page = await composeFromGmail();
    await fill(page, { to: HANAKO, subject: 'Bcc privacy 8123', body: 'BCC-BODY-8123 来週の会議の資料を添付します。', attach: true, sign: true, encrypt: true });
    typed.push('BCC-BODY-8123');
    await page.fill('#field-bcc', BCC);
    await page.waitForSelector(`#recipient-states li[data-address="${BCC}"]:not([data-state="checking"])`);
    expect(await page.getAttribute(`#recipient-states li[data-address="${BCC}"]`, 'data-state')).toBe('ok');
    const before = api.uploads.length;
    await page.click('#send');
    await page.waitForSelector('#sent-notice', { timeout: 30_000 });
    expect(api.uploads.length).toBe(before + 2);
    const [main, copy] = api.uploads.slice(before).map((u) => u.raw);
    const mainText = main.toString('latin1');
    const copyText = copy.toString('latin1');
    // Routing: the To message has no Bcc field; the copy has only its Bcc field (Gmail delivers to To/Cc/Bcc).
    expect(mainText).toMatch(/^To: hanako\.sato@demo-corp\.example\r$/m);
    expect(mainText).not.toMatch(/^Bcc:/m);
    expect(mainText).not.toContain(BCC);
    expect(copyText).toMatch(new RegExp(`^Bcc: ${BCC.replace(/\./g, '\\.')}\r$`, 'm'));
    expect(copyText).not.toMatch(/^(To|Cc):/m);
    const messageId = (t: string) => /^Message-ID: (.*)\r$/m.exec(t)?.[1];
    expect(messageId(copyText)).toBe(messageId(mainText));
    writeFileSync(join(work, 'bcc-main.eml'), main);
    writeFileSync(join(work, 'bcc-copy.eml'), copy);
    // RecipientInfos of the To message: Hanako and the sender (both Demo Root CA), nothing from the Bcc CA.
    const mainInfo = openssl(['cms', '-cmsout', '-print', '-in', 'bcc-main.eml'], work);
    expect(mainInfo.match(/d\.ktri:/g)?.length).toBe(2);
    expect(mainInfo).toContain('Demo Root CA');
    expect(mainInfo).not.toContain('Bcc Test CA');
    expect(() => openssl(['cms', '-decrypt', '-in', 'bcc-main.eml', '-inkey', 'bcc.key', '-recip', 'bcc.crt', '-out', 'nope.eml'], work)).toThrow();
    // The sender can read both (Sent copies); the Bcc recipient opens theirs, and the signature verifies.
    openssl(['cms', '-decrypt', '-in', 'bcc-main.eml', '-inkey', 'me.key', '-recip', join(fixtures, 'demo-identity.crt'), '-out', 'bcc-main-signed.eml'], work);
    const copyInfo = openssl(['cms', '-cmsout', '-print', '-in', 'bcc-copy.eml'], work);
    expect(copyInfo.match(/d\.ktri:/g)?.length).toBe(2);
    expect(copyInfo).toContain('Bcc Test CA');
    openssl(['cms', '-decrypt', '-in', 'bcc-copy.eml', '-inkey', 'me.key', '-recip', join(fixtures, 'demo-identity.crt'), '-out', 'bcc-copy-sender.eml'], work);
    openssl(['cms', '-decrypt', '-in', 'bcc-copy.eml', '-inkey', 'bcc.key', '-recip', 'bcc.crt', '-out', 'bcc-copy-signed.eml'], work);
    openssl(['cms', '-verify', '-in', 'bcc-copy-signed.eml', '-CAfile', join(fixtures, 'demo-ca.crt'), '-out', 'bcc-copy-content.eml'], work);
    const content = readFileSync(join(work, 'bcc-copy-content.eml'));
    expect(content.toString('utf8')).not.toContain(BCC);
    checkInner(content, '');
    await page.close();
  });

  it('sends an encrypted-only message with a hidden subject', async () => {
    const page = await composeFromGmail();
    await fill(page, { to: HANAKO, subject: '秘密の件名', body: JP_BODY, attach: true, sign: false, encrypt: true });
    await page.check('#toggle-hide-subject');
    const raw = await sendAndCapture(page);
    const outer = parseMime(new Uint8Array(raw));
    expect(getHeader(outer, 'subject')).toBe('...');
    writeFileSync(join(work, 'enc-only.eml'), raw);
    openssl(['cms', '-decrypt', '-in', 'enc-only.eml', '-inkey', 'me.key', '-recip', join(fixtures, 'demo-identity.crt'), '-out', 'enc-only-content.eml'], work);
    const content = readFileSync(join(work, 'enc-only-content.eml'));
    const inner = parseMime(new Uint8Array(content));
    expect(inner.contentType.params['protected-headers']).toBe('v1');
    expect(decodeEncodedWords(getHeader(inner, 'subject') ?? '')).toBe('秘密の件名');
    checkInner(content, '');
    await page.close();
  });

  it('a recipient without a certificate blocks encryption, names them, and offers signed only', async () => {
    const page = await composeFromGmail();
    await fill(page, { to: `${BANK}, nobody@unknown.example`, subject: 'blocked-encryption-4410', body: 'BLOCKED-BODY-4410', sign: true, encrypt: true });
    const blocked = await page.textContent('#encrypt-blocked');
    expect(blocked).toContain('Cannot encrypt: no usable certificate for nobody@unknown.example.');
    expect(blocked).not.toContain(BANK);
    expect(await page.getAttribute('#recipient-states li[data-address="nobody@unknown.example"]', 'data-state')).toBe('missing');
    expect(await page.isDisabled('#send')).toBe(true);
    await page.click('#send-signed-only');
    expect(await page.isChecked('#toggle-encrypt')).toBe(false);
    expect(await page.isChecked('#toggle-sign')).toBe(true);
    expect(await page.isDisabled('#send')).toBe(false);
    await page.click('#discard').catch(() => undefined);
  });

  it('a failed send (401, then 500 after signing in again) keeps the draft; Retry sends it', async () => {
    const page = await composeFromGmail();
    await fill(page, { to: BANK, subject: 'will fail first', body: 'FAILING-BODY-7781', sign: true, encrypt: false });
    const before = api.uploads.length;
    const authBefore = s.auth.hits.filter((h) => h.startsWith('/o/oauth2')).length;
    api.failures.push(401, 500);
    await page.click('#send');
    await page.waitForSelector('#send-error');
    expect(await page.getAttribute('#send-error', 'data-code')).toBe('send-server-error');
    expect(await page.textContent('#send-error')).toContain('Your message is kept as a draft');
    expect(api.uploads.length).toBe(before + 2);
    // The 401 made it sign in once more, with a new token.
    expect(s.auth.hits.filter((h) => h.startsWith('/o/oauth2')).length).toBe(authBefore + 1);
    expect(api.uploads[before].authorization).not.toBe(api.uploads[before + 1].authorization);
    const drafts = (await rpc.call('list-drafts', {})).value as { drafts: { subject: string; lastError: string | null }[] };
    const kept = drafts.drafts.find((d) => d.subject === 'will fail first');
    expect(kept?.lastError).toMatch(/500/);
    await page.click('#retry-send');
    await page.waitForSelector('#sent-notice');
    // The retry is the same message: same Message-ID and Date as the failed attempt.
    expect(api.uploads.length).toBe(before + 3);
    const ids = api.uploads.slice(before).map((u) => /^Message-ID: (.*)\r$/m.exec(u.raw.toString('latin1'))?.[1]);
    const dates = api.uploads.slice(before).map((u) => /^Date: (.*)\r$/m.exec(u.raw.toString('latin1'))?.[1]);
    expect(ids[0]).toMatch(/^<[0-9a-f]{32}@example\.com>$/);
    expect(new Set(ids).size).toBe(1);
    expect(new Set(dates).size).toBe(1);
    const after = (await rpc.call('list-drafts', {})).value as { drafts: { subject: string }[] };
    expect(after.drafts.some((d) => d.subject === 'will fail first')).toBe(false);
    await page.close();
  });

  it('a draft survives closing the tab and is restored', async () => {
    const page = await composeFromGmail();
    await fill(page, { to: HANAKO, subject: 'draft that survives', body: 'DRAFT-BODY-5521 日本語', sign: true, encrypt: true });
    await page.waitForFunction(() => document.querySelector('#draft-state')?.textContent?.includes('Draft saved'));
    await page.close();
    const again = await s.context.newPage();
    await again.goto(s.extensionUrl('src/composer/index.html'));
    await again.click('#draft-list a:has-text("draft that survives")');
    await again.waitForSelector('#field-body');
    await again.waitForFunction(() => (document.querySelector('#field-body') as HTMLTextAreaElement | null)?.value.includes('DRAFT-BODY-5521'));
    expect(await again.inputValue('#field-to')).toBe(HANAKO);
    expect(await again.isChecked('#toggle-encrypt')).toBe(true);
    await again.click('#discard').catch(() => undefined);
  });

  it('a reply keeps the threading headers and quotes only the visible text', async () => {
    await gmail.bringToFront();
    await gmail.goto(r.threadUrl('reply-target'));
    await gmail.waitForSelector('[data-smime-launcher="reply"]', { timeout: 20_000 });
    const page = await waitForComposer(s.context, () => gmail.locator('[data-smime-launcher="reply"]').first().click());
    await page.waitForFunction(() => (document.querySelector('#field-body') as HTMLTextAreaElement | null)?.value.includes('wrote:'));
    expect(await page.inputValue('#field-to')).toBe(HANAKO);
    expect(await page.inputValue('#field-subject')).toBe('Re: Quarterly plan');
    const body = await page.inputValue('#field-body');
    expect(body).toContain('> Can you review the plan by Friday?');
    for (const hidden of ['PLAIN-ALTERNATIVE-NEVER-SHOWN', 'HIDDEN-HTML-SECRET', 'COMMENT-SECRET', '.x{}']) expect(body).not.toContain(hidden);
    await page.fill('#field-body', `REPLY-TEXT-9931\n${body}`);
    typed.push('REPLY-TEXT-9931');
    await page.setChecked('#toggle-encrypt', false);
    await page.setChecked('#toggle-sign', true);
    await page.waitForSelector(`#recipient-states li[data-address="${HANAKO}"]:not([data-state="checking"])`);
    const raw = (await sendAndCapture(page)).toString('latin1');
    const up = api.uploads[api.uploads.length - 1];
    expect(up.url).toContain('uploadType=multipart');
    expect(up.metadata).toEqual({ threadId: (1790412345679000001n).toString(16) });
    expect(raw).toMatch(/^In-Reply-To: <plan-1@demo-corp\.example>\r$/m);
    expect(raw).toMatch(/^References: <kickoff-0@demo-corp\.example> <plan-1@demo-corp\.example>\r$/m);
    expect(raw).toMatch(/^Subject: Re: Quarterly plan\r$/m);
    await page.close();
  });

  it('a forward carries the original attachments over; one removed in the composer is not sent', async () => {
    await gmail.bringToFront();
    await gmail.goto(r.threadUrl('forward-target'));
    await gmail.waitForSelector('[data-smime-launcher="forward"]', { timeout: 20_000 });
    const page = await waitForComposer(s.context, () => gmail.locator('[data-smime-launcher="forward"]').first().click());
    await page.waitForSelector('#attachment-list li');
    expect(await page.inputValue('#field-subject')).toBe('Fwd: Files for review');
    expect(await page.locator('#attachment-list li').allTextContents()).toEqual([expect.stringContaining('keep.pdf'), expect.stringContaining('drop.csv')]);
    await page.locator('#attachment-list li', { hasText: 'drop.csv' }).locator('button').click();
    expect(await page.locator('#attachment-list li').count()).toBe(1);
    await page.fill('#field-to', BANK);
    await page.setChecked('#toggle-encrypt', false);
    await page.setChecked('#toggle-sign', true);
    await page.waitForSelector(`#recipient-states li[data-address="${BANK}"]:not([data-state="checking"])`);
    const raw = await sendAndCapture(page);
    expect(raw.toString('latin1')).not.toContain('DROPPED-FILE-CONTENT');
    const signed = parseMime(new Uint8Array(raw));
    const files = leaves(signed.children[0]).filter((p) => /attachment/i.test(getHeader(p, 'content-disposition') ?? ''));
    expect(files.map((f) => f.contentType.params.name)).toEqual(['keep.pdf']);
    expect(files[0].contentType.mediaType).toBe('application/pdf');
    expect(Buffer.from(Buffer.from(files[0].body).toString('latin1').replace(/\s+/g, ''), 'base64').equals(FORWARD_FILE)).toBe(true);
    expect(entityText(leaves(signed.children[0])[0])).toContain('Two files attached.');
    await page.close();
  });

  it('nothing typed in the composer reached Gmail’s page or any request to mail.google.com', async () => {
    expect(typed.length).toBeGreaterThan(8);
    const dom = await gmail.evaluate(() => document.documentElement.outerHTML);
    const requests = api.gmailRequests.map((q) => `${decodeURIComponent(q.url)}\n${q.body}`).join('\n');
    expect(api.gmailRequests.length).toBeGreaterThan(0);
    for (const t of typed) {
      expect(dom.includes(t), `DOM contains ${t}`).toBe(false);
      expect(requests.includes(t), `a mail.google.com request contains ${t}`).toBe(false);
    }
  });
});
