// e2e/demo helper: calls the background's typed message API from an extension page, the way the popup does,
// by injecting a bundle of src/shared/rpc.ts. Bytes cross the Playwright boundary as base64.
import { build } from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import { repoRoot } from './extension';

let bundle: Promise<string> | null = null;

/** An IIFE defining globalThis.__smimeRpc(op, request) in an extension page (bytes as {__b64}). */
export function rpcBundle(): Promise<string> {
  bundle ??= build({
    stdin: {
      contents: `import { createRpcClient } from './src/shared/rpc';
import { RPC_PORT_NAME } from './src/shared/messages';
const client = createRpcClient(() => chrome.runtime.connect({ name: RPC_PORT_NAME }));
const fromWire = (v) => v && typeof v === 'object' ? ('__b64' in v ? Uint8Array.from(atob(v.__b64), (c) => c.charCodeAt(0)) : Array.isArray(v) ? v.map(fromWire) : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromWire(x)]))) : v;
const toWire = (v) => v instanceof Uint8Array ? { __b64: btoa(Array.from(v, (b) => String.fromCharCode(b)).join('')) } : v && typeof v === 'object' ? (Array.isArray(v) ? v.map(toWire) : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toWire(x)]))) : v;
globalThis.__smimeRpc = async (op, req) => toWire(await client.call(op, fromWire(req)));`,
      resolveDir: repoRoot,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    write: false,
    target: 'chrome120',
  }).then((r) => r.outputFiles[0].text);
  return bundle;
}

type Wire = unknown;
export const toWire = (v: unknown): Wire =>
  v instanceof Uint8Array
    ? { __b64: Buffer.from(v).toString('base64') }
    : v && typeof v === 'object'
      ? Array.isArray(v)
        ? v.map(toWire)
        : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toWire(x)]))
      : v;
export const fromWire = (v: unknown): unknown =>
  v && typeof v === 'object'
    ? '__b64' in (v as object)
      ? new Uint8Array(Buffer.from((v as { __b64: string }).__b64, 'base64'))
      : Array.isArray(v)
        ? v.map(fromWire)
        : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromWire(x)]))
    : v;

export interface ExtensionRpc {
  page: Page;
  call(op: string, request: Record<string, unknown>): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
}

/** Opens an extension page (the popup) in `context` and returns a caller for the message API. */
export async function openExtensionRpc(context: BrowserContext, extensionId: string, path = 'src/popup/index.html'): Promise<ExtensionRpc> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/${path}`);
  await page.evaluate(await rpcBundle());
  return {
    page,
    async call(op, request) {
      const r = await page.evaluate(([o, q]) => (globalThis as unknown as { __smimeRpc(o: string, q: unknown): Promise<unknown> }).__smimeRpc(o as string, q), [op, toWire(request)] as const);
      return fromWire(r) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
    },
  };
}
