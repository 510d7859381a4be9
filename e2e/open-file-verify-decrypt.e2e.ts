// The "Open a message file" page of the built extension: a dropped .eml is verified (with a root the user
// chose to trust in the manager) or decrypted (after importing the recipient's .p12), a bare .p7m opens, a
// lone .p7s is explained, and HTML mail is shown sanitised with remote content blocked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { corpusPath, hasCorpus } from '../test/helpers/corpus';
import { artifactsDir, launchWithExtension, type ExtensionSession } from './helpers/extension';
import { dropFile, expectText, fileFrom, importViaUi, OPEN_FILE, openOptions, type FileInput } from './helpers/extension-ui';

const tb = (f: string) => corpusPath('thunderbird', 'tb-smime', f);

// 1x1 transparent PNG
const PNG_B64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

function htmlMessage(): FileInput {
  const text = [
    'From: Mallory <mallory@example.net>',
    'To: bob@example.com',
    'Subject: =?UTF-8?B?44GT44KT44Gr44Gh44Gv?= newsletter',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p id="hi">Hello <b>there</b></p><img id="remote" src="https://tracker.example/pixel.png"><img id="inline" src="cid:logo@x">',
    '<script>parent.document.title = "pwned"</script><a href="javascript:alert(1)" id="js">click</a><form action="https://evil.example"><input name="p"></form>',
    '--b1',
    'Content-Type: image/png',
    'Content-ID: <logo@x>',
    'Content-Transfer-Encoding: base64',
    '',
    PNG_B64,
    '--b1',
    'Content-Type: application/pdf; name="report.pdf"',
    'Content-Disposition: attachment; filename="report.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    'JVBERi0xLjQK',
    '--b1--',
    '',
  ].join('\r\n');
  return { name: 'newsletter.eml', bytes: new TextEncoder().encode(text) };
}

describe.skipIf(!hasCorpus)('"Open a message file" page', () => {
  let s: ExtensionSession;
  let page: Page;
  const remoteRequests: string[] = [];

  beforeAll(async () => {
    s = await launchWithExtension();
    await s.context.route(/tracker\.example|evil\.example/, (route) => {
      remoteRequests.push(route.request().url());
      return route.abort();
    });
    page = await s.openPage(OPEN_FILE);
  });
  afterAll(async () => {
    await s?.close();
  });

  it("adds the Thunderbird test CA in the manager's Trust tab, after its warning", async () => {
    const options = await openOptions(s, '#trust');
    await options.locator('#trust-file').setInputFiles(tb('TestCA.pem'));
    expect(await options.locator('#trust-submit').isDisabled()).toBe(true);
    await options.locator('#trust-understood').check();
    await options.locator('#trust-submit').click();
    await expectText(options, '[data-test="trust-message"]', /NSS Test CA.* is now trusted/);
    await expect.poll(() => options.locator('[data-test="anchor"]').count()).toBe(1);
    await options.screenshot({ path: join(artifactsDir, 'options-trust-en.png'), fullPage: true });
    await options.close();
  });

  const frameText = () => page.frameLocator('#mail-frame').locator('body').textContent();

  it('verifies a dropped signed .eml and shows its content', async () => {
    await dropFile(page, '#message-file-zone', fileFrom(tb('alice.dsig.SHA256.multipart.eml')));
    await expectText(page, '[data-test="verdict-text"]', /Signed by Alice@example\.com\. The signature is valid/);
    expect(await page.locator('[data-test="verdict"]').getAttribute('data-kind')).toBe('signed');
    await expect.poll(frameText).toContain('This is a test message from Alice to Bob.');
    await expectText(page, '[data-test="headers"]', /clear-signed sig\.SHA256/);
    await page.screenshot({ path: join(artifactsDir, 'open-file-verified-en.png'), fullPage: true });
  });

  it("keeps the verified sender's certificate as a contact; the setting switches that off", async () => {
    const options = await openOptions(s);
    const contact = options.locator('[data-test="contact"]', { hasText: 'alice@example.com' });
    await expect.poll(() => contact.count()).toBe(1);
    expect(await contact.textContent()).toContain('Trusted issuer.');
    await options.locator('#tab-settings').click();
    await options.locator('#harvest').uncheck();
    await options.reload();
    await options.locator('#tab-settings').click();
    await expect.poll(() => options.locator('#harvest').isChecked()).toBe(false);
    await options.locator('#harvest').check();
    await expect.poll(() => options.locator('#harvest').isChecked()).toBe(true);
    await options.close();
  });

  it('says "tampered" for a message changed after signing', async () => {
    await dropFile(page, '#message-file-zone', fileFrom(tb('alice.dsig.SHA256.multipart.bad.eml')));
    await expectText(page, '[data-test="verdict-text"]', /Tampered/);
  });

  it('decrypts a dropped .eml once the recipient identity is imported', async () => {
    await dropFile(page, '#message-file-zone', fileFrom(tb('alice.env.eml')));
    await expectText(page, '[data-test="open-problem"]', 'not encrypted for any of your certificates');

    const options = await openOptions(s);
    expect((await importViaUi(options, fileFrom(tb('Bob.p12')), 'nss')).kind).toBe('imported');
    await options.close();

    await page.locator('#message-file').setInputFiles(tb('alice.env.eml'));
    await expectText(page, '[data-test="decrypted"]', /Encrypted for you \(bob@example\.com\)/);
    await expect.poll(frameText).toMatch(/\S/);
    // AES-CBC without a signature inside: the page warns that it could have been altered.
    await expectText(page, '[data-test="not-integrity-protected"]', 'Not integrity-protected');
    await page.screenshot({ path: join(artifactsDir, 'open-file-decrypted-en.png'), fullPage: true });
  });

  it('decrypts a signed-then-encrypted message and shows the signature inside', async () => {
    await dropFile(page, '#message-file-zone', fileFrom(tb('alice.dsig.SHA256.multipart.env.eml')));
    await expectText(page, '[data-test="decrypted"]', /Encrypted for you/);
    await expectText(page, '[data-test="verdict-text"]', /Signed by Alice@example\.com/);
    expect(await page.locator('[data-test="not-integrity-protected"]').count()).toBe(0);
    await expect.poll(frameText).toContain('This is a test message from Alice to Bob.');
  });

  it('decrypts an encrypted-then-signed message and reports its outer signature', async () => {
    await dropFile(page, '#message-file-zone', fileFrom(tb('alice.env.dsig.SHA256.multipart.eml')));
    await expectText(page, '[data-test="decrypted"]', /Encrypted for you/);
    // This corpus file's outer signature does not match (OpenSSL agrees): it must not look valid.
    await expectText(page, '[data-test="verdict-text"]', /Tampered/);
  });

  it('opens a bare .p7m (CMS without MIME headers)', async () => {
    // The base64 body of alice.env.eml, as the raw smime.p7m attachment a webmail lets you download.
    const eml = new TextDecoder().decode(fileFrom(tb('alice.env.eml')).bytes);
    const der = Buffer.from(eml.split(/\r?\n\r?\n/)[1], 'base64');
    await dropFile(page, '#message-file-zone', { name: 'smime.p7m', bytes: new Uint8Array(der) });
    await expectText(page, '[data-test="decrypted"]', /Encrypted for you \(bob@example\.com\)/);
  });

  it('shows ISO-2022-JP mail without a stray "�", also when several are opened in a row', async () => {
    const bank = fileFrom(join(__dirname, 'gmail', 'fixtures', 'bank-signed-jp.eml'));
    const python = fileFrom(join(__dirname, '..', 'test', 'mime', 'fixtures', 'charsets', 'python-iso-2022-jp-7bit-base64.eml'));
    for (const [file, subject, line] of [
      [bank, '【デモ銀行】お取引明細のお知らせ', '山田 太郎 様'],
      [python, '【デモ銀行】お取引明細のお知らせ（２０２６年１１月分）　山田太郎様への重要なご案内です', '山田 太郎 様'],
      [bank, '【デモ銀行】お取引明細のお知らせ', '山田 太郎 様'],
    ] as const) {
      await dropFile(page, '#message-file-zone', file);
      await expectText(page, '[data-test="headers"]', subject);
      const headers = (await page.locator('[data-test="headers"]').textContent()) ?? '';
      expect(headers).not.toContain('\ufffd');
      await expect.poll(() => frameText()).toContain(line);
      expect(await frameText()).not.toContain('\ufffd');
    }
  });

  it('does not show a certificate file, an empty file or other bytes as a message', async () => {
    await dropFile(page, '#message-file-zone', fileFrom(tb('Bob.p12')));
    await expectText(page, '[data-test="open-problem"]', 'This is a certificate file, not an e-mail message. To use it, import it under Certificates.');
    expect(await page.locator('#result [data-test="headers"], #result iframe, #result #reply-actions, #result button:has-text("Reply")').count()).toBe(0);
    const [manager] = await Promise.all([s.context.waitForEvent('page'), page.click('#open-go-to-certificates')]);
    await manager.waitForLoadState();
    expect(manager.url()).toContain('src/options/index.html#import');
    await manager.close();
    await dropFile(page, '#message-file-zone', { name: 'empty.eml', bytes: new Uint8Array(0) });
    await expectText(page, '[data-test="open-problem"]', /^This file is empty \(0 bytes\)/);
    await dropFile(page, '#message-file-zone', { name: 'photo.eml', bytes: Uint8Array.from({ length: 2048 }, (_, i) => (i * 7919) & 0xff) });
    await expectText(page, '[data-test="open-problem"]', /^This file is not an e-mail message\./);
  });

  it('explains that a .p7s alone cannot be checked', async () => {
    await dropFile(page, '#message-file-zone', { name: 'smime.p7s', bytes: fileFrom(tb('alice.mime.dsig.SHA256')).bytes });
    await expectText(page, '[data-test="open-problem"]', /only the signature.*cannot be checked on its own/);
  });

  it('shows HTML mail sanitised: no scripts, no remote images, cid: images inline, attachments listed', async () => {
    await dropFile(page, '#message-file-zone', htmlMessage());
    await expectText(page, '[data-test="open-plain"]', 'neither signed nor encrypted');
    const frame = page.frameLocator('#mail-frame');
    await expect.poll(() => frame.locator('#hi').textContent()).toBe('Hello there');
    expect(await frame.locator('script').count()).toBe(0);
    expect(await frame.locator('form, input').count()).toBe(0);
    expect(await frame.locator('#remote').getAttribute('src')).toBeNull();
    expect(await frame.locator('#inline').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await frame.locator('#js').getAttribute('href')).toBeNull();
    await expectText(page, '[data-test="remote-blocked"]', '1 remote image(s) were blocked');
    await expectText(page, '[data-test="attachment"]', 'report.pdf');
    await expectText(page, '[data-test="headers"]', 'こんにちは newsletter');
    expect(await page.title()).not.toBe('pwned');
    await page.waitForTimeout(300);
    expect(remoteRequests).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="attachment"]').click()]);
    expect(download.suggestedFilename()).toBe('report.pdf');
  });

  it('after the user stops trusting the CA, the same message is signed but untrusted', async () => {
    const options = await openOptions(s, '#trust');
    options.once('dialog', (d) => void d.accept());
    await options.locator('[data-test="remove-anchor"]').click();
    await expect.poll(() => options.locator('[data-test="anchor"]').count()).toBe(0);
    await options.close();
    await dropFile(page, '#message-file-zone', fileFrom(tb('alice.dsig.SHA256.multipart.eml')));
    await expectText(page, '[data-test="verdict-text"]', /issuer you do not trust/);
    expect(await page.locator('[data-test="verdict"]').getAttribute('data-kind')).toBe('untrusted');
  });
});
