// The built extension loads in Chromium: its service worker answers the typed API from an extension page,
// and a web page cannot reach it at all (no externally_connectable).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { launchWithExtension, artifactsDir, type ExtensionSession } from './helpers/extension';
import { openExtensionRpc } from './helpers/extension-rpc';

describe('built extension in Chromium', () => {
  let s: ExtensionSession;
  beforeAll(async () => {
    s = await launchWithExtension();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('registers its Manifest V3 service worker from dist/chrome/', async () => {
    expect(s.extensionId).toMatch(/^[a-p]{32}$/);
    expect(await s.worker.evaluate(() => chrome.runtime.getManifest().manifest_version)).toBe(3);
    expect(await s.worker.evaluate(() => 'externally_connectable' in chrome.runtime.getManifest())).toBe(false);
  });

  it('the popup renders and reaches the service worker through the typed API', async () => {
    const page = await s.openPage('src/popup/index.html');
    await expect.poll(() => page.locator('body').textContent()).toMatch(/S\/MIME|certificate/i);
    const rpc = await openExtensionRpc(s.context, s.extensionId);
    const pong = await rpc.call('ping', {});
    expect(pong).toMatchObject({ ok: true, value: { pong: true } });
    await page.screenshot({ path: join(artifactsDir, 'popup-loaded-en.png') });
  });

  it('a web page cannot connect to the extension', async () => {
    await s.context.route('https://attacker.example/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>x</title>' }));
    const page = await s.context.newPage();
    await page.goto('https://attacker.example/');
    const outcome = await page.evaluate(async (id) => {
      const rt = (globalThis as { chrome?: { runtime?: { connect?: (id: string, o: object) => unknown; sendMessage?: unknown } } }).chrome?.runtime;
      if (!rt?.connect) return 'no runtime API';
      try {
        rt.connect(id, { name: 'smime-rpc' });
        return 'connected';
      } catch (e) {
        return `refused: ${(e as Error).message}`;
      }
    }, s.extensionId);
    expect(outcome).not.toBe('connected');
  });
});
