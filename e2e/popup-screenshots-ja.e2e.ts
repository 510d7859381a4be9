// The UI follows the browser's language: with Chromium in Japanese, the popup, the certificate manager and the
// "Open a message file" page speak Japanese. Screenshots go to e2e/artifacts/ for a human to look at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { corpusPath, hasCorpus } from '../test/helpers/corpus';
import { artifactsDir, launchWithExtension, type ExtensionSession } from './helpers/extension';
import { dropFile, expectText, fileFrom, importViaUi, OPEN_FILE, openOptions, POPUP } from './helpers/extension-ui';

const tb = (f: string) => corpusPath('thunderbird', 'tb-smime', f);

describe.skipIf(!hasCorpus)('Japanese UI', () => {
  let s: ExtensionSession;
  beforeAll(async () => {
    s = await launchWithExtension({ locale: 'ja' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('popup with no certificate yet', async () => {
    const popup = await s.openPage(POPUP);
    await popup.setViewportSize({ width: 360, height: 300 });
    await expectText(popup, '[data-test="popup-status"]', 'まだ証明書がありません');
    expect(await popup.locator('#popup-import').textContent()).toBe('証明書を取り込む');
    expect(await popup.evaluate(() => document.documentElement.lang)).toMatch(/^ja/);
    await popup.screenshot({ path: join(artifactsDir, 'popup-empty-ja.png') });
    await popup.close();
  });

  it('certificate manager: import errors and results in Japanese', async () => {
    const page = await openOptions(s);
    const wrong = await importViaUi(page, fileFrom(tb('Alice.p12')), 'wrong');
    expect(wrong).toEqual({ kind: 'error', text: 'パスワードが正しくないか、ファイルが壊れています。' }); // a PKCS#12 MAC failure cannot tell the two apart
    const ok = await importViaUi(page, fileFrom(tb('Alice.p12')), 'nss');
    expect(ok.kind).toBe('imported');
    expect(ok.text).toContain('取り込みました');
    await page.locator('[data-test="identity"] summary').first().click();
    await page.screenshot({ path: join(artifactsDir, 'options-certificates-ja.png'), fullPage: true });
    await page.locator('#tab-lock').click();
    await page.locator('#set-passphrase-form').waitFor();
    await page.screenshot({ path: join(artifactsDir, 'options-lock-ja.png'), fullPage: true });
    await page.locator('#tab-trust').click();
    await page.locator('#trust-form').waitFor();
    await page.screenshot({ path: join(artifactsDir, 'options-trust-ja.png'), fullPage: true });
    await page.close();
  });

  it('popup and "Open a message file" with a certificate', async () => {
    const popup = await s.openPage(POPUP);
    await popup.setViewportSize({ width: 360, height: 300 });
    await expectText(popup, '[data-test="popup-status"]', '準備完了。証明書: 1件');
    await popup.screenshot({ path: join(artifactsDir, 'popup-ja.png') });
    await popup.close();

    const page = await s.openPage(OPEN_FILE);
    await dropFile(page, '#message-file-zone', fileFrom(tb('alice.dsig.SHA256.multipart.eml')));
    await page.locator('[data-test="verdict-text"]').waitFor();
    await page.screenshot({ path: join(artifactsDir, 'open-file-ja.png'), fullPage: true });
    await page.close();
  });
});
