// Launches Debian's Chromium with the built extension (dist/chrome/) loaded, and finds its service worker and pages.
import { chromium, type BrowserContext, type Worker, type Page } from 'playwright-core';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');
export const distDir = join(repoRoot, 'dist', 'chrome');
export const artifactsDir = join(repoRoot, 'e2e', 'artifacts');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ExtensionSession {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  userDataDir: string;
  extensionUrl(path: string): string;
  openPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

export async function launchWithExtension(opts: { locale?: string; userDataDir?: string } = {}): Promise<ExtensionSession> {
  if (!existsSync(join(distDir, 'manifest.json'))) throw new Error('dist/chrome/ is missing: run `npm run build` first');
  mkdirSync(artifactsDir, { recursive: true });
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'smime-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    locale: opts.locale ?? 'en-US',
    args: [
      `--disable-extensions-except=${distDir}`,
      `--load-extension=${distDir}`,
      `--lang=${opts.locale ?? 'en-US'}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  const extensionUrl = (path: string) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`;
  return {
    context,
    extensionId,
    worker,
    userDataDir,
    extensionUrl,
    async openPage(path: string) {
      const page = await context.newPage();
      await page.goto(extensionUrl(path));
      return page;
    },
    async close() {
      await context.close();
      if (!opts.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
