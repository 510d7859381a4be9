// Follow-ups across the UI, in one browser: the Options "Sending" tab persists its settings; decrypting the
// signed+encrypted demo mail puts its signer in the certificate list; Reply from the decrypted frame on the Gmail
// replica and from the "Open a message file" page opens the composer with the recipient, "Re:" and the visible text
// quoted; and a locked keystore's "unlock" bar turns into the decrypted view by itself once the user unlocks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { installGmailReplica, type Replica } from './gmail/replica';
import { openExtensionRpc, type ExtensionRpc } from './helpers/extension-rpc';
import { launchForCompose, waitForComposer, type ComposeSession } from './gmail/gmail-api-mock';
import { waitForVerdicts } from './gmail/status-bars';
import { dropFile, expectText, OPEN_FILE, OPTIONS } from './helpers/extension-ui';
import { artifactsDir } from './helpers/extension';
// @ts-expect-error -- plain ESM script without types
import { generateDemoFixtures } from '../scripts/gen-demo-fixtures.mjs';

const ME = 'demo.user@example.com';
const HANAKO = 'hanako.sato@demo-corp.example';
const PASSPHRASE = 'seven blue kites over Kyoto 2026';

function decryptedFrame(page: Page): Frame | undefined {
  return page.frames().find((f) => f.url().includes('/src/viewer/decrypted.html'));
}

async function waitForDecryptedFrame(page: Page): Promise<Frame> {
  await expect.poll(() => decryptedFrame(page) !== undefined, { timeout: 20_000 }).toBe(true);
  const frame = decryptedFrame(page)!;
  await frame.waitForSelector('#app[data-state="decrypted"]', { timeout: 20_000 });
  return frame;
}

describe('follow-ups: Sending tab, reply from viewers, re-check after unlock, harvest from encrypted mail', () => {
  let s: ComposeSession;
  let r: Replica;
  let rpc: ExtensionRpc;
  let fixtures: string;

  const ok = async (op: string, req: Record<string, unknown>) => {
    const res = await rpc.call(op, req);
    expect(res.ok, `${op}: ${JSON.stringify(res.error)}`).toBe(true);
    return res.value;
  };
  const contactAddresses = async () => ((await ok('list-contacts', {})) as { contacts: { address: string }[] }).contacts.map((c) => c.address);

  beforeAll(async () => {
    fixtures = mkdtempSync(join(tmpdir(), 'smime-followups-'));
    generateDemoFixtures(fixtures);
    s = await launchForCompose();
    r = await installGmailReplica(s.context, { fixturesDir: fixtures });
    rpc = await openExtensionRpc(s.context, s.extensionId);
    await ok('add-trust-anchor', { certificate: new Uint8Array(readFileSync(join(fixtures, 'demo-ca.crt'))) });
    await ok('import-identity', { file: new Uint8Array(readFileSync(join(fixtures, 'demo-identity.p12'))), fileName: 'demo-identity.p12', password: 'demo' });
  });
  afterAll(async () => {
    await s?.close();
    if (fixtures) rmSync(fixtures, { recursive: true, force: true });
  });

  it('Options → Sending: the client ID and the compose defaults are saved and survive a reload', async () => {
    const page = await s.context.newPage();
    await page.goto(s.extensionUrl(`${OPTIONS}#sending`));
    await page.waitForSelector('#sending-defaults');
    expect(await page.getAttribute('#sending-client-source', 'data-source')).toBe('none');
    expect(await page.getAttribute('#sending-guide', 'href')).toMatch(/README\.md#sending-from-gmail-set-up-your-oauth-client$/);
    expect(await page.textContent('#sending-redirect-uri')).toBe(`https://${s.extensionId}.chromiumapp.org/oauth2`);
    await page.fill('#sending-client-id', '  4242-followup.apps.googleusercontent.com ');
    await page.click('#sending-save-client-id');
    await expectText(page, '[data-test="sending-client-id-message"]', 'Saved.');
    const account = page.locator(`fieldset[data-address="${ME}"]`);
    expect(await account.locator('.default-sign').isChecked()).toBe(true); // the composer's default
    expect(await account.locator('.default-encrypt').isChecked()).toBe(false);
    await account.locator('.default-sign').uncheck();
    await expect.poll(async () => ((await ok('get-compose-settings', {})) as { accounts: unknown[] }).accounts).toEqual([{ address: ME, sign: false, encrypt: false }]);
    await account.locator('.default-encrypt').check();
    await page.check('#sending-hide-subject');
    await page.check('#sending-opaque');
    expect(await page.textContent('#sending-defaults')).toContain('Use this if a recipient reports broken signatures.');
    await expect
      .poll(async () => ok('get-compose-settings', {}))
      .toEqual({ signingForm: 'opaque', hideSubjectByDefault: true, accounts: [{ address: ME, sign: false, encrypt: true }] });

    await page.reload();
    await page.waitForSelector('#sending-defaults');
    expect(await page.inputValue('#sending-client-id')).toBe('4242-followup.apps.googleusercontent.com');
    expect(await page.getAttribute('#sending-client-source', 'data-source')).toBe('options');
    expect(await page.isChecked(`fieldset[data-address="${ME}"] .default-sign`)).toBe(false);
    expect(await page.isChecked(`fieldset[data-address="${ME}"] .default-encrypt`)).toBe(true);
    expect(await page.isChecked('#sending-hide-subject')).toBe(true);
    expect(await page.isChecked('#sending-opaque')).toBe(true);
    expect(((await ok('get-oauth-settings', {})) as { clientId: string }).clientId).toBe('4242-followup.apps.googleusercontent.com');
    await page.screenshot({ path: join(artifactsDir, 'options-sending-en.png'), fullPage: true });

    // Back to the defaults, so the composer below starts as a new user's would (sign on, opaque off).
    await page.check(`fieldset[data-address="${ME}"] .default-sign`);
    await page.uncheck(`fieldset[data-address="${ME}"] .default-encrypt`);
    await page.uncheck('#sending-hide-subject');
    await page.uncheck('#sending-opaque');
    await expect.poll(async () => ok('get-compose-settings', {})).toEqual({ signingForm: 'detached', hideSubjectByDefault: false, accounts: [{ address: ME, sign: true, encrypt: false }] });
    await page.close();
  });

  it('decrypting the signed+encrypted demo mail adds its signer to the certificate list; Reply quotes only what was shown', async () => {
    expect(await contactAddresses()).not.toContain(HANAKO);
    const gmail = await s.context.newPage();
    await gmail.goto(r.threadUrl('encrypted-signed'));
    expect((await waitForVerdicts(gmail, 1))[0].verdict).toBe('encrypted');
    const frame = await waitForDecryptedFrame(gmail);
    // The signer was stored by the background's own decryption (no content-script harvest for encrypted mail).
    await expect.poll(contactAddresses, { timeout: 10_000 }).toContain(HANAKO);
    const options = await s.context.newPage();
    await options.goto(s.extensionUrl(`${OPTIONS}#certificates`));
    await expectText(options, '[data-test="contact"] [data-test="addresses"]', HANAKO);
    await options.close();

    await gmail.screenshot({ path: join(artifactsDir, 'gmail-decrypted-reply-buttons.png'), fullPage: true });
    // Signed inside, so CBC here is not an EFAIL risk: no "not integrity-protected" warning.
    expect(await frame.textContent('#app')).not.toContain('Not integrity-protected');
    const composer = await waitForComposer(s.context, () => frame.click('button[data-compose="reply"]'));
    await composer.waitForFunction(() => (document.querySelector('#field-body') as HTMLTextAreaElement | null)?.value.includes('wrote:'));
    expect(await composer.inputValue('#field-to')).toBe(HANAKO);
    expect(await composer.inputValue('#field-subject')).toBe('Re: Q3 figures (encrypted)');
    const body = await composer.inputValue('#field-body');
    expect(body).toContain('> Quarterly figures');
    expect(body).toContain('> Hi, the numbers are below. Confidential.');
    for (const hidden of ['pwned', 'document.title', 'quarter,revenue', 'Q3,1200']) expect(body).not.toContain(hidden);
    // Replying to encrypted mail defaults to encrypting, and the signer's harvested certificate makes that possible.
    expect(await composer.isChecked('#toggle-encrypt')).toBe(true);
    await composer.waitForSelector(`#recipient-states li[data-address="${HANAKO}"][data-state="ok"]`);
    await composer.click('#discard').catch(() => undefined);

    const forward = await waitForComposer(s.context, () => frame.click('button[data-compose="forward"]'));
    await forward.waitForFunction(() => (document.querySelector('#field-body') as HTMLTextAreaElement | null)?.value.includes('Forwarded message'));
    expect(await forward.inputValue('#field-to')).toBe('');
    expect(await forward.inputValue('#field-subject')).toBe('Fwd: Q3 figures (encrypted)');
    await forward.click('#discard').catch(() => undefined);
    await gmail.close();
  });

  it('Reply from "Open a message file" opens the composer with the quote', async () => {
    const page = await s.context.newPage();
    await page.goto(s.extensionUrl(OPEN_FILE));
    await dropFile(page, '#message-file-zone', { name: 'q3.eml', bytes: r.raw('encrypted-signed') });
    await page.waitForSelector('#result[data-state="decrypted"]', { timeout: 20_000 });
    const composer = await waitForComposer(s.context, () => page.click('#reply-actions button[data-compose="reply"]'));
    await composer.waitForFunction(() => (document.querySelector('#field-body') as HTMLTextAreaElement | null)?.value.includes('wrote:'));
    expect(await composer.inputValue('#field-to')).toBe(HANAKO);
    expect(await composer.inputValue('#field-subject')).toBe('Re: Q3 figures (encrypted)');
    expect(await composer.inputValue('#field-body')).toContain('> Hi, the numbers are below. Confidential.');
    await composer.click('#discard').catch(() => undefined);
    await page.close();
  });

  it('a locked keystore shows "unlock"; after unlocking in an extension page the bar decrypts without a reload', async () => {
    await ok('set-passphrase', { passphrase: PASSPHRASE });
    await ok('lock-now', {});
    const gmail = await s.context.newPage();
    let navigations = 0;
    gmail.on('framenavigated', (f) => {
      if (f === gmail.mainFrame()) navigations++;
    });
    await gmail.goto(r.threadUrl('encrypted-unsigned'));
    const locked = await waitForVerdicts(gmail, 1);
    expect(locked[0].verdict).toBe('locked');
    expect(locked[0].text).toMatch(/Unlock/);
    const loadsBefore = navigations;

    // Unlock through the certificate manager's own form, in another tab.
    const options = await s.context.newPage();
    await options.goto(s.extensionUrl(`${OPTIONS}#certificates`));
    await options.fill('#unlock-passphrase', PASSPHRASE);
    await options.click('#unlock-submit');
    await options.waitForSelector('#locked-banner', { state: 'detached' });
    await options.close();

    await expect.poll(async () => (await waitForVerdicts(gmail, 1))[0].verdict, { timeout: 20_000 }).toBe('encrypted');
    const frame = await waitForDecryptedFrame(gmail);
    expect(await frame.frameLocator('iframe.mail').locator('body').textContent()).toContain('The door code is 4711');
    expect(await frame.textContent('#app')).toContain('Not integrity-protected'); // CBC, unsigned
    expect(navigations).toBe(loadsBefore); // no reload
    await gmail.close();
  });
});
