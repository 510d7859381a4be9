// Backup, delete and lock through the certificate manager of the built extension, across service-worker
// restarts: the backup is a PKCS#12 that OpenSSL reads and that imports again; deletion needs its confirmation;
// passphrase mode locks and unlocks, and is locked again after the worker restarts (the documented behaviour).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { corpusPath, hasCorpus } from '../test/helpers/corpus';
import { openssl, scratch } from '../test/helpers/openssl';
import { artifactsDir, launchWithExtension, type ExtensionSession } from './helpers/extension';
import { expectText, fileFrom, identityCount, importViaUi, openOptions, POPUP, stopServiceWorker } from './helpers/extension-ui';

const BACKUP_PASSWORD = 'backup-パス-2026';
const PASSPHRASE = 'correct horse battery';

describe.skipIf(!hasCorpus)('backup, delete and lock in the certificate manager', () => {
  let s: ExtensionSession;
  let page: Page;
  const tmp = scratch('smime-e2e-lock-');
  let backupPath = '';

  beforeAll(async () => {
    s = await launchWithExtension();
    page = await openOptions(s);
    const r = await importViaUi(page, fileFrom(corpusPath('thunderbird', 'tb-smime', 'Alice.p12')), 'nss');
    expect(r.kind).toBe('imported');
  });
  afterAll(async () => {
    await s?.close();
    tmp.cleanup();
  });

  const alice = () => page.locator('[data-test="identity"]', { hasText: 'alice@example.com' });

  it('backs up an identity as a PKCS#12 file that OpenSSL reads', async () => {
    await alice().locator('[data-test="backup"]').click();
    const dialog = page.locator('#backup-dialog');
    await dialog.locator('#backup-password').fill(BACKUP_PASSWORD);
    await dialog.locator('#backup-repeat').fill('something else');
    await dialog.locator('#backup-submit').click();
    await expectText(page, '[data-test="backup-error"]', 'The two passwords are not the same');
    await dialog.locator('#backup-repeat').fill(BACKUP_PASSWORD);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), dialog.locator('#backup-submit').click()]);
    expect(download.suggestedFilename()).toMatch(/\.p12$/);
    backupPath = tmp.file('backup.p12');
    await download.saveAs(backupPath);
    await expectText(page, '[data-test="backup-done"]', 'Backup saved');

    const info = openssl(['pkcs12', '-info', '-nokeys', '-in', backupPath, '-passin', `pass:${BACKUP_PASSWORD}`]);
    expect(info.status, info.stderr).toBe(0);
    expect(new TextDecoder().decode(info.stdout)).toMatch(/subject=.*Alice@example\.com/i);
    const wrong = openssl(['pkcs12', '-info', '-nokeys', '-in', backupPath, '-passin', 'pass:wrong']);
    expect(wrong.status).not.toBe(0);
  });

  it('exports the public certificate as .cer (DER) and .pem', async () => {
    const [cer] = await Promise.all([page.waitForEvent('download'), alice().locator('[data-test="export-cer"]').click()]);
    const cerPath = tmp.file(cer.suggestedFilename());
    await cer.saveAs(cerPath);
    expect(cerPath).toMatch(/\.cer$/);
    const der = openssl(['x509', '-inform', 'DER', '-in', cerPath, '-noout', '-subject']);
    expect(der.status, der.stderr).toBe(0);
    const [pem] = await Promise.all([page.waitForEvent('download'), alice().locator('[data-test="export-pem"]').click()]);
    const pemPath = tmp.file(pem.suggestedFilename());
    await pem.saveAs(pemPath);
    expect(readFileSync(pemPath, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(readFileSync(pemPath, 'utf8')).not.toMatch(/PRIVATE KEY/);
  });

  it('deletes only after confirmation, offering a backup first', async () => {
    await alice().locator('[data-test="delete"]').click();
    const dialog = page.locator('#delete-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('can no longer read mail encrypted for alice@example.com');
    expect(await dialog.locator('#delete-backup-first').isVisible()).toBe(true);
    await page.screenshot({ path: join(artifactsDir, 'options-delete-dialog-en.png') });
    await dialog.locator('#delete-cancel').click();
    await page.waitForTimeout(200);
    expect(await identityCount(page)).toBe(1);

    await alice().locator('[data-test="delete"]').click();
    await page.locator('#delete-dialog #delete-confirm').click();
    await expect.poll(() => identityCount(page)).toBe(0);
  });

  it('re-imports the backup with its new password', async () => {
    const r = await importViaUi(page, { name: 'backup.p12', bytes: new Uint8Array(readFileSync(backupPath)) }, BACKUP_PASSWORD);
    expect(r.kind, r.text).toBe('imported');
    expect(r.text).toMatch(/alice@example\.com/i);
    await expect.poll(() => identityCount(page)).toBe(1);
  });

  it('keeps the identities when the service worker restarts (no passphrase: stays usable)', async () => {
    await stopServiceWorker(s.context, page);
    await page.reload();
    await expect.poll(() => identityCount(page), { timeout: 30_000 }).toBe(1);
    // The key is still usable: a backup can be made without unlocking anything.
    await alice().locator('[data-test="backup"]').click();
    await page.locator('#backup-password').fill(BACKUP_PASSWORD);
    await page.locator('#backup-repeat').fill(BACKUP_PASSWORD);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.locator('#backup-submit').click()]);
    expect(download.suggestedFilename()).toMatch(/\.p12$/);
  });

  it('sets a passphrase, locks now, refuses a wrong passphrase and unlocks', async () => {
    await page.locator('#tab-lock').click();
    await page.locator('#new-passphrase').fill(PASSPHRASE);
    await page.locator('#new-passphrase-repeat').fill(PASSPHRASE);
    await page.locator('#set-passphrase-submit').click();
    await expectText(page, '[data-test="lock-state"]', 'Unlocked.');
    await page.locator('#auto-lock').selectOption('15');
    await expect.poll(() => page.locator('#auto-lock').inputValue()).toBe('15');
    await page.screenshot({ path: join(artifactsDir, 'options-lock-en.png'), fullPage: true });

    await page.locator('#lock-now').click();
    await expectText(page, '[data-test="lock-state"]', /^Locked/);
    await page.locator('#lock #unlock-passphrase').fill('not my passphrase');
    await page.locator('#lock #unlock-submit').click();
    await expectText(page, '[data-test="unlock-error"]', 'The passphrase is not correct.');
    await page.locator('#lock #unlock-passphrase').fill(PASSPHRASE);
    await page.locator('#lock #unlock-submit').click();
    await expectText(page, '[data-test="lock-state"]', 'Unlocked.');
  });

  it('is locked again after a service-worker restart, keeps its list, and unlocks from the popup', async () => {
    await stopServiceWorker(s.context, page);
    const popup = await s.openPage(POPUP);
    await popup.setViewportSize({ width: 360, height: 460 });
    await expectText(popup, '[data-test="popup-status"]', 'Locked. Certificates: 1.');
    await popup.screenshot({ path: join(artifactsDir, 'popup-locked-en.png') });
    await popup.locator('#unlock-passphrase').fill(PASSPHRASE);
    await popup.locator('#unlock-submit').click();
    await expectText(popup, '[data-test="popup-status"]', 'Unlocked. Certificates: 1.');
    await popup.locator('#popup-lock').click();
    await expectText(popup, '[data-test="popup-status"]', 'Locked. Certificates: 1.');
    await popup.close();

    await page.reload();
    await page.locator('#tab-lock').click();
    await expectText(page, '[data-test="lock-state"]', /^Locked/);
    await page.locator('#tab-certificates').click();
    await expect.poll(() => identityCount(page)).toBe(1);
    // While locked, making a backup is refused in plain words.
    await alice().locator('[data-test="backup"]').click();
    await page.locator('#backup-password').fill(BACKUP_PASSWORD);
    await page.locator('#backup-repeat').fill(BACKUP_PASSWORD);
    await page.locator('#backup-submit').click();
    await expectText(page, '[data-test="backup-error"]', 'Your certificates are locked');
    await page.keyboard.press('Escape');
  });

  it('removes the passphrase again', async () => {
    await page.locator('#tab-lock').click();
    await page.locator('#lock #unlock-passphrase').fill(PASSPHRASE);
    await page.locator('#lock #unlock-submit').click();
    await expectText(page, '[data-test="lock-state"]', 'Unlocked.');
    await page.locator('#remove-passphrase').fill(PASSPHRASE);
    await page.locator('#remove-passphrase-submit').click();
    await expectText(page, '[data-test="lock-state"]', 'protected by this browser');
  });
});
