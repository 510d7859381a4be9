// Shared steps for the popup / options / open-file e2e suites: drive the real UI of the built extension.
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { ExtensionSession } from './extension';

export const OPTIONS = 'src/options/index.html';
export const POPUP = 'src/popup/index.html';
export const OPEN_FILE = 'src/open-file/index.html';

export interface FileInput {
  name: string;
  bytes: Uint8Array;
}

export function fileFrom(path: string): FileInput {
  return { name: basename(path), bytes: new Uint8Array(readFileSync(path)) };
}

function payload(f: FileInput) {
  return { name: f.name, mimeType: 'application/octet-stream', buffer: Buffer.from(f.bytes) };
}

export type ImportOutcome = { kind: 'imported' | 'already-present' | 'error'; text: string };

/** Import through the options page's form; returns what the page said. */
export async function importViaUi(page: Page, file: FileInput, password: string): Promise<ImportOutcome> {
  await page.locator('#import-file').setInputFiles(payload(file));
  await page.locator('#import-password').fill(password);
  await page.locator('#import-submit').click();
  const result = page.locator('[data-test="import-imported"], [data-test="import-already-present"], [data-test="import-error"]');
  await result.first().waitFor({ timeout: 60_000 });
  const test = (await result.first().getAttribute('data-test')) ?? '';
  return { kind: test.replace(/^import-/, '') as ImportOutcome['kind'], text: (await result.first().textContent()) ?? '' };
}

/** Drop a file onto a FileDrop zone with a real DataTransfer, as a user dragging from the desktop would. */
export async function dropFile(page: Page, zoneSelector: string, file: FileInput): Promise<void> {
  const b64 = Buffer.from(file.bytes).toString('base64');
  const dataTransfer = await page.evaluateHandle(
    ({ b64, name }) => {
      const bin = atob(b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name, { type: 'application/octet-stream' }));
      return dt;
    },
    { b64, name: file.name },
  );
  await page.dispatchEvent(zoneSelector, 'dragover', { dataTransfer });
  await page.dispatchEvent(zoneSelector, 'drop', { dataTransfer });
}

/** Stops the extension's service worker the way the browser does when it is idle, and waits until it is gone. */
export async function stopServiceWorker(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

export async function identityCount(page: Page): Promise<number> {
  return page.locator('[data-test="identity"]').count();
}

export async function openOptions(s: ExtensionSession, hash = ''): Promise<Page> {
  const page = await s.openPage(OPTIONS + hash);
  await page.locator('#import, #lock, #trust, #settings').first().waitFor();
  return page;
}

/** Waits until `selector` shows `text`; on failure the message includes what the page did show. */
export async function expectText(page: Page, selector: string, text: string | RegExp, timeout = 30_000): Promise<void> {
  try {
    await expect.poll(async () => (await page.locator(selector).allTextContents()).join('\n'), { timeout }).toMatch(text);
  } catch (e) {
    const shown = (await page.locator('body').innerText().catch(() => '')).slice(0, 1500);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n--- page shows ---\n${shown}`);
  }
}
