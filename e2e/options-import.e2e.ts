// Importing identities through the certificate manager of the built extension: PBES2 and legacy PKCS#12,
// a ZIP from a CA, a Japanese password, a wrong password, a file without a key, and the same file twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { corpusPath, hasCorpus } from '../test/helpers/corpus';
import { openssl, scratch } from '../test/helpers/openssl';
import { artifactsDir, launchWithExtension, type ExtensionSession } from './helpers/extension';
import { expectText, fileFrom, identityCount, importViaUi, openOptions, POPUP } from './helpers/extension-ui';

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
    expect(r).toEqual({ kind: 'error', text: 'The password is not correct.' });
    expect(await identityCount(page)).toBe(1);
  });

  it('explains that a certificate without a private key cannot be imported', async () => {
    const r = await importViaUi(page, fileFrom(tb('TestCA.pem')), '');
    expect(r.kind).toBe('error');
    expect(r.text).toMatch(/not a certificate with a private key|damaged or is not in a format/);
  });

  it('imports a legacy (3DES / RC2-40) .pfx', async () => {
    const r = await importViaUi(page, fileFrom(corpusPath('mimekit', 'rsa', 'smime.pfx')), 'no.secret');
    expect(r.kind, r.text).toBe('imported');
    expect(r.text).toContain('rsa@mimekit.net');
  });

  it('imports the .p12 inside a ZIP, as free CAs send it', async () => {
    const zip = zipSync({ 'certificate/README.txt': new TextEncoder().encode('Your certificate'), 'certificate/bob.p12': fileFrom(tb('Bob.p12')).bytes });
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
    await older.locator('[data-test="make-default"]').click();
    await expect.poll(() => older.locator('[data-test="default-for"]').count()).toBe(1);
    expect(await newer.locator('[data-test="default-for"]').count()).toBe(0);
    expect(await newer.locator('[data-test="make-default"]').count()).toBe(1);
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
