// Importing identities through the certificate manager of the built extension: PBES2 and legacy PKCS#12,
// a ZIP from a CA, a Japanese password, a wrong password, a file without a key, and the same file twice; then
// (without the corpus) password-locked ZIPs, two certificates in one ZIP, PEM key files, empty, damaged and
// too-large files, the password hints, and the same errors in Japanese.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeZip } from '../test/helpers/make-zip';
import type { Page } from 'playwright-core';
import { corpusPath, hasCorpus } from '../test/helpers/corpus';
import { openssl, scratch } from '../test/helpers/openssl';
import { artifactsDir, launchWithExtension, type ExtensionSession } from './helpers/extension';
import { expectText, fileFrom, identityCount, importViaUi, openOptions, OPTIONS, POPUP } from './helpers/extension-ui';

const tb = (f: string) => corpusPath('thunderbird', 'tb-smime', f);

/** A fresh self-signed EC identity for taro@example.jp, exported by OpenSSL (PBES2) with `password`. */
function taroPfx(dir: ReturnType<typeof scratch>, name: string, days: number, password: string): Uint8Array {
  const key = dir.file(`${name}.key`);
  const cert = dir.file(`${name}.crt`);
  const gen = openssl([
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert,
    '-days', String(days), '-subj', `/CN=Taro Yamada ${name}/emailAddress=taro@example.jp`, '-addext', 'subjectAltName=email:taro@example.jp',
  ]);
  if (gen.status !== 0) throw new Error(gen.stderr);
  const exp = openssl(['pkcs12', '-export', '-inkey', key, '-in', cert, '-name', 'Taro', '-passout', `pass:${password}`, '-out', dir.file(`${name}.p12`)]);
  if (exp.status !== 0) throw new Error(exp.stderr);
  return dir.read(`${name}.p12`);
}

describe.skipIf(!hasCorpus)('import through the certificate manager', () => {
  let s: ExtensionSession;
  let page: Page;
  const tmp = scratch('smime-e2e-import-');

  beforeAll(async () => {
    s = await launchWithExtension();
    page = await openOptions(s);
  });
  afterAll(async () => {
    await s?.close();
    tmp.cleanup();
  });

  it('imports a PBES2 .p12 (Thunderbird Alice) and shows what was imported', async () => {
    const r = await importViaUi(page, fileFrom(tb('Alice.p12')), 'nss');
    expect(r.kind).toBe('imported');
    expect(r.text).toContain('Alice');
    expect(r.text).toMatch(/alice@example\.com/i);
    expect(r.text).toContain('NSS Test CA');
    expect(r.text).toContain('2031');
    await expect.poll(() => identityCount(page)).toBe(1);
  });

  it('says so, and does not duplicate, when the same file is imported twice', async () => {
    const r = await importViaUi(page, fileFrom(tb('Alice.p12')), 'nss');
    expect(r.kind).toBe('already-present');
    expect(r.text).toContain('You already have this certificate');
    await page.waitForTimeout(300);
    expect(await identityCount(page)).toBe(1);
  });

  it('says "The password is not correct" for a wrong password', async () => {
    const r = await importViaUi(page, fileFrom(tb('Bob.p12')), 'not-the-password');
    expect(r).toEqual({ kind: 'error', text: 'The password is not correct, or the file is damaged.' });
    expect(await identityCount(page)).toBe(1);
  });

  it('explains that a certificate without a private key cannot be imported', async () => {
    const r = await importViaUi(page, fileFrom(tb('TestCA.pem')), '');
    expect(r.kind).toBe('error');
    expect(r.text).toBe('This file holds a certificate but not its private key, so it cannot sign or decrypt. Import the .p12 or .pfx file your certificate provider gave you.');
  });

  it('imports a legacy (3DES / RC2-40) .pfx', async () => {
    const r = await importViaUi(page, fileFrom(corpusPath('mimekit', 'rsa', 'smime.pfx')), 'no.secret');
    expect(r.kind, r.text).toBe('imported');
    expect(r.text).toContain('rsa@mimekit.net');
  });

  it('imports the .p12 inside a ZIP, as free CAs send it', async () => {
    const { zip } = await makeZip({ 'certificate/README.txt': new TextEncoder().encode('Your certificate'), 'certificate/bob.p12': fileFrom(tb('Bob.p12')).bytes });
    const r = await importViaUi(page, { name: 'bob-certificate.zip', bytes: zip }, 'nss');
    expect(r.kind, r.text).toBe('imported');
    expect(r.text).toMatch(/bob@example\.com/i);
  });

  it('imports a file protected by a Japanese password, and warns that it expires soon', async () => {
    const r = await importViaUi(page, { name: 'taro.p12', bytes: taroPfx(tmp, 'old', 10, 'パスワード123') }, 'パスワード123');
    expect(r.kind, r.text).toBe('imported');
    expect(r.text).toContain('taro@example.jp');
    const card = page.locator('[data-test="identity"]', { hasText: 'Taro Yamada old' });
    await expect.poll(() => card.locator('[data-test="expiring"]').textContent()).toMatch(/Expires in (9|10) days/);
  });

  it('popup shows the status and the expiring certificate; its buttons open the manager and the file page', async () => {
    const popup = await s.openPage(POPUP);
    await popup.setViewportSize({ width: 360, height: 420 });
    await expectText(popup, '[data-test="popup-status"]', /Ready\. Certificates: 4/);
    await expectText(popup, '[data-test="popup-expiring"]', /taro@example\.jp expires in (9|10) days/);
    await popup.screenshot({ path: join(artifactsDir, 'popup-en.png') });
    const [opened] = await Promise.all([s.context.waitForEvent('page'), popup.locator('#popup-import').click()]);
    await opened.waitForLoadState();
    expect(opened.url()).toContain('src/options/index.html#import');
    await opened.locator('#import-password').waitFor();
    await opened.close();
    const [viewer] = await Promise.all([s.context.waitForEvent('page'), popup.locator('#popup-open-file').click()]);
    await viewer.waitForLoadState();
    expect(viewer.url()).toContain('src/open-file/index.html');
    await viewer.locator('#message-file-zone').waitFor();
    await viewer.close();
    await popup.close();
  });

  it('imports an expired legacy identity and keeps it, marked expired, for old mail', async () => {
    const r = await importViaUi(page, fileFrom(corpusPath('covert-content', 'assets', 'secret-keys', 'manager@bigcorporation.pfx')), 'test12345678');
    expect(r.kind, r.text).toBe('imported');
    const card = page.locator('[data-test="identity"]', { hasText: 'manager@bigcorporation.de' });
    await expect.poll(() => card.locator('[data-test="expired"]').textContent()).toMatch(/Expired on .*2022/);
    expect(await card.textContent()).toContain('Kept so that you can still read old encrypted mail');
    // Its address has no valid certificate: Sending must not offer "Sign by default" for it.
    await page.goto(s.extensionUrl(`${OPTIONS}#sending`));
    const account = page.locator('fieldset[data-address="manager@bigcorporation.de"]');
    await account.waitFor();
    expect(await account.locator('.default-sign').isChecked()).toBe(false);
    expect(await account.locator('.default-sign').isDisabled()).toBe(true);
    expect(await account.locator('.no-valid-certificate').textContent()).toContain('No certificate for this address is valid now');
    expect(await page.locator('fieldset[data-address="alice@example.com"] .default-sign').isChecked()).toBe(true);
    await page.goto(s.extensionUrl(OPTIONS));
    await page.locator('#import').waitFor();
  });

  it('lets the user choose the default identity for an address shared by two', async () => {
    const r = await importViaUi(page, { name: 'taro-new.p12', bytes: taroPfx(tmp, 'new', 400, 'ascii-pass') }, 'ascii-pass');
    expect(r.kind, r.text).toBe('imported');
    const taro = page.locator('[data-test="identity"]', { hasText: 'taro@example.jp' });
    await expect.poll(() => taro.count()).toBe(2);
    // Not chosen yet: the newest valid one is the default, and exactly one says so.
    const defaults = page.locator('[data-test="identity"]:has-text("taro@example.jp") [data-test="default-for"]');
    await expect.poll(() => defaults.count()).toBe(1);
    const older = page.locator('[data-test="identity"]', { hasText: 'Taro Yamada old' });
    const newer = page.locator('[data-test="identity"]', { hasText: 'Taro Yamada new' });
    expect(await newer.locator('[data-test="default-for"]').textContent()).toBe('Used for taro@example.jp (default)');
    // The default lasts longer, so the popup stops warning about the one that expires in 10 days...
    const expiringInPopup = async () => {
      const popup = await s.openPage(POPUP);
      await popup.locator('[data-test="popup-status"]').waitFor();
      const text = (await popup.locator('[data-test="popup-expiring"]').allTextContents()).join('\n');
      await popup.close();
      return text;
    };
    expect(await expiringInPopup()).not.toContain('taro@example.jp');
    await older.locator('[data-test="make-default"]').click();
    await expect.poll(() => older.locator('[data-test="default-for"]').count()).toBe(1);
    expect(await newer.locator('[data-test="default-for"]').count()).toBe(0);
    expect(await newer.locator('[data-test="make-default"]').count()).toBe(1);
    // ...and warns again once the user makes the expiring one the default.
    await expect.poll(expiringInPopup).toMatch(/taro@example\.jp expires in (9|10) days/);
  });

  it('lists every identity with address, issuer, validity, key type and SHA-256 fingerprint', async () => {
    await expect.poll(() => identityCount(page)).toBe(6);
    const alice = page.locator('[data-test="identity"]', { hasText: 'alice@example.com' });
    await alice.locator('summary').click();
    const text = (await alice.textContent()) ?? '';
    expect(text).toContain('NSS Test CA');
    expect(text).toMatch(/RSA \d+/);
    expect(await alice.locator('[data-test="sha256"]').textContent()).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(text).toContain('Used for alice@example.com');
    await page.screenshot({ path: join(artifactsDir, 'options-certificates-en.png'), fullPage: true });
  });

});

describe('import: locked ZIPs, several certificates, PEM files, and errors that say what is wrong', () => {
  let s: ExtensionSession;
  let page: Page;
  const tmp = scratch('smime-e2e-import-zip-');
  let hanako: Uint8Array;

  /** A self-signed EC identity for `who`@example.jp, its key and certificate as PEM, and a .p12 with `password`. */
  function identity(who: string, password: string): { p12: Uint8Array; keyPem: string; certPem: string } {
    const key = tmp.file(`${who}.key`);
    const cert = tmp.file(`${who}.crt`);
    const gen = openssl([
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert,
      '-days', '365', '-subj', `/CN=${who}/emailAddress=${who}@example.jp`, '-addext', `subjectAltName=email:${who}@example.jp`,
    ]);
    if (gen.status !== 0) throw new Error(gen.stderr);
    const exp = openssl(['pkcs12', '-export', '-inkey', key, '-in', cert, '-passout', `pass:${password}`, '-out', tmp.file(`${who}.p12`)]);
    if (exp.status !== 0) throw new Error(exp.stderr);
    return { p12: tmp.read(`${who}.p12`), keyPem: readFileSync(key, 'utf8'), certPem: readFileSync(cert, 'utf8') };
  }

  async function resultText(): Promise<{ kind: string; text: string }> {
    const result = page.locator('[data-test="import-imported"], [data-test="import-already-present"], [data-test="import-error"]').first();
    await result.waitFor({ timeout: 60_000 });
    return { kind: ((await result.getAttribute('data-test')) ?? '').replace(/^import-/, ''), text: (await result.textContent()) ?? '' };
  }

  beforeAll(async () => {
    s = await launchWithExtension();
    page = await openOptions(s);
    hanako = identity('hanako', 'cert-pass').p12;
  });
  afterAll(async () => {
    await s?.close();
    tmp.cleanup();
  });

  it('a ZIP locked with its own password (ZipCrypto, "PPAP"): asks for the ZIP password, then imports', async () => {
    const { zip } = await makeZip({ 'hanako.p12': hanako }, 'zipcrypto', 'zip-pass');
    await page.locator('#import-file').setInputFiles({ name: 'hanako.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
    await page.fill('#import-password', 'cert-pass');
    expect(await page.locator('#import-zip-password').count()).toBe(0);
    await page.click('#import-submit');
    expect(await resultText()).toEqual({ kind: 'error', text: expect.stringContaining('This ZIP file is locked with its own password') });
    await page.fill('#import-zip-password', 'not-it');
    await page.click('#import-submit');
    await expectText(page, '[data-test="import-error"]', 'The ZIP password is not correct.');
    await page.fill('#import-zip-password', 'zip-pass');
    await page.click('#import-submit');
    const r = await resultText();
    expect(r.kind, r.text).toBe('imported');
    expect(r.text).toContain('hanako@example.jp');
    expect(await page.locator('#import-zip-password').count()).toBe(0);
  });

  it('an AES ZIP with the same password as the certificate opens without asking', async () => {
    const taro = identity('taro', 'same-pass');
    const { zip, producer } = await makeZip({ 'taro.pfx': taro.p12 }, 'aes', 'same-pass');
    console.log(`AES ZIP made by ${producer}`);
    const r = await importViaUi(page, { name: 'taro.zip', bytes: zip }, 'same-pass');
    expect(r.kind, r.text).toBe('imported');
    expect(r.text).toContain('taro@example.jp');
  });

  it('a ZIP with two .pfx files: imports what the password opens and says which one it did not', async () => {
    const a = identity('ichiro', 'pw-1');
    const b = identity('jiro', 'pw-2');
    const { zip } = await makeZip({ 'ichiro.pfx': a.p12, 'jiro.pfx': b.p12 });
    const first = await importViaUi(page, { name: 'two.zip', bytes: zip }, 'pw-1');
    expect(first.kind).toBe('imported');
    expect(first.text).toContain('This file held 2 certificates: 1 imported.');
    expect(first.text).toContain('Imported from ichiro.pfx:');
    expect(first.text).toContain('Not imported: jiro.pfx. The password is not correct, or the file is damaged.');
    const second = await importViaUi(page, { name: 'two.zip', bytes: zip }, 'pw-2');
    expect(second.text).toContain('Imported from jiro.pfx:');
    expect(second.text).toContain('jiro@example.jp');
    expect(await page.locator('[data-test="import-entry"][data-status="imported"]').count()).toBe(1);
  });

  it('imports a PEM file with the private key and the certificate', async () => {
    const ken = identity('ken', 'unused');
    const r = await importViaUi(page, { name: 'ken.pem', bytes: new TextEncoder().encode(ken.keyPem + ken.certPem) }, '');
    expect(r.kind, r.text).toBe('imported');
    expect(r.text).toContain('ken@example.jp');
  });

  it('names an empty, a damaged and a too-large file, and a refused file clears the earlier selection', async () => {
    await page.locator('#import-file').setInputFiles({ name: 'hanako.p12', mimeType: 'application/octet-stream', buffer: Buffer.from(hanako) });
    await expectText(page, '[data-test="chosen-file"]', 'hanako.p12');
    expect(await page.locator('#import-submit').isDisabled()).toBe(false);
    await page.locator('#import-file').setInputFiles({ name: 'empty.p12', mimeType: 'application/octet-stream', buffer: Buffer.alloc(0) });
    await expectText(page, '[data-test="import-error"]', /^This file is empty \(0 bytes\)/);
    expect(await page.locator('[data-test="chosen-file"]').count()).toBe(0);
    expect(await page.locator('#import-submit').isDisabled()).toBe(true);

    await page.locator('#import-file').setInputFiles({ name: 'hanako.p12', mimeType: 'application/octet-stream', buffer: Buffer.from(hanako) });
    // 21 MB made in the page (sending it over the DevTools protocol is slow on a busy machine).
    await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('#import-file')!;
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(21 * 1024 * 1024)], 'huge.p12'));
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await expectText(page, '[data-test="import-error"]', 'This file is too large.');
    expect(await page.locator('#import-submit').isDisabled()).toBe(true);

    const cut = await importViaUi(page, { name: 'cut.p12', bytes: hanako.subarray(0, Math.floor(hanako.length / 2)) }, 'cert-pass');
    expect(cut).toEqual({ kind: 'error', text: expect.stringMatching(/^This file is damaged or incomplete/) });
  });

  it('warns about full-width characters and Caps Lock in a password', async () => {
    await page.fill('#import-password', 'ｐａｓｓ１２３');
    await expectText(page, '[data-test="full-width"]', /full-width characters/);
    await page.fill('#import-password', 'pass123');
    expect(await page.locator('[data-test="full-width"]').count()).toBe(0);
    await page.dispatchEvent('#import-password', 'keydown', { key: 'a', modifierCapsLock: true });
    await expectText(page, '[data-test="caps-lock"]', 'Caps Lock is on.');
    await page.dispatchEvent('#import-password', 'keyup', { key: 'a', modifierCapsLock: false });
    expect(await page.locator('[data-test="caps-lock"]').count()).toBe(0);
    await page.fill('#import-password', '');
  });

  it('says the same in Japanese, with no English words', async () => {
    const ja = await launchWithExtension({ locale: 'ja' });
    try {
      const p = await openOptions(ja);
      await p.locator('#import-file').setInputFiles({ name: 'empty.p12', mimeType: 'application/octet-stream', buffer: Buffer.alloc(0) });
      await expectText(p, '[data-test="import-error"]', /このファイルは空です/);
      const empty = (await p.locator('[data-test="import-error"]').textContent()) ?? '';
      expect(empty).not.toMatch(/[A-Za-z]/);
      await p.fill('#import-password', 'ｐａｓｓ');
      await expectText(p, '[data-test="full-width"]', /全角文字/);
      const { zip } = await makeZip({ 'hanako.p12': hanako }, 'zipcrypto', 'zip-pass');
      await p.locator('#import-file').setInputFiles({ name: 'hanako.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
      await p.fill('#import-password', 'cert-pass');
      await p.click('#import-submit');
      await expectText(p, '[data-test="import-error"]', /「ZIP のパスワード」欄に入力して/);
      await p.screenshot({ path: join(artifactsDir, 'options-import-zip-password-ja.png'), fullPage: true });
    } finally {
      await ja.close();
    }
  });
});
