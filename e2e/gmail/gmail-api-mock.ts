// e2e hooks for sending from the Gmail replica: a browser launch whose accounts.google.com is a local HTTPS server
// (identity.launchWebAuthFlow loads its page in a browser-internal window that Playwright routes do not see, so the
// host is mapped with --host-resolver-rules), and the Gmail API + userinfo served through context.route, with the
// uploads captured and failures programmable. Also records every request to mail.google.com (leak checks).
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath, distDir } from '../helpers/extension';
import type { RouteHost } from './routes';

export interface AuthServer {
  port: number;
  hits: string[];
  /** The email the next tokens belong to (what userinfo answers). */
  close(): Promise<void>;
}

function startAuthServer(extensionId: () => string): Promise<AuthServer & { server: Server }> {
  const dir = mkdtempSync(join(tmpdir(), 'smime-oauth-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '2', '-subj', '/CN=accounts.google.com', '-addext', 'subjectAltName=DNS:accounts.google.com'], { stdio: 'ignore' });
  const hits: string[] = [];
  let tokenCounter = 0;
  const server = createServer({ key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://accounts.google.com');
    hits.push(url.pathname + url.search);
    if (url.pathname === '/o/oauth2/v2/auth') {
      const redirect = url.searchParams.get('redirect_uri') ?? '';
      if (!redirect.startsWith(`https://${extensionId()}.chromiumapp.org/`)) {
        res.writeHead(400).end('bad redirect_uri');
        return;
      }
      const frag = new URLSearchParams({
        access_token: `test-token-${++tokenCounter}`,
        token_type: 'Bearer',
        expires_in: '3599',
        scope: url.searchParams.get('scope') ?? '',
        state: url.searchParams.get('state') ?? '',
      });
      res.writeHead(302, { location: `${redirect}#${frag.toString()}` }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      resolve({
        server,
        port,
        hits,
        close: () =>
          new Promise<void>((r) => {
            server.close(() => r());
            rmSync(dir, { recursive: true, force: true });
          }),
      });
    }),
  );
}

export interface ComposeSession {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  auth: AuthServer;
  extensionUrl(path: string): string;
  close(): Promise<void>;
}

/** Like launchWithExtension, plus the local accounts.google.com. */
export async function launchForCompose(opts: { userDataDir?: string } = {}): Promise<ComposeSession> {
  let extensionId = '';
  const auth = await startAuthServer(() => extensionId);
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'smime-e2e-compose-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    locale: 'en-US',
    args: [
      `--disable-extensions-except=${distDir}`,
      `--load-extension=${distDir}`,
      '--lang=en-US',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-sync',
      '--disable-component-update',
      `--host-resolver-rules=MAP accounts.google.com 127.0.0.1:${auth.port}`,
      '--ignore-certificate-errors',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    auth,
    extensionUrl: (p) => `chrome-extension://${extensionId}/${p.replace(/^\//, '')}`,
    async close() {
      await context.close();
      await auth.close();
      if (!opts.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface Upload {
  url: string;
  contentType: string;
  authorization: string;
  body: Buffer;
  /** The message/rfc822 bytes (the body itself, or the second part of a multipart upload). */
  raw: Buffer;
  metadata: Record<string, unknown> | null;
}

export interface GmailApiMock {
  uploads: Upload[];
  /** Every request the browser made to mail.google.com, with its body. */
  gmailRequests: { url: string; body: string }[];
  /** Status codes to answer the next sends with, in order (then 200). */
  failures: number[];
  userinfoEmail: string;
}

function splitMultipart(body: Buffer, contentType: string): { metadata: Record<string, unknown> | null; raw: Buffer } {
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
  if (!boundary) return { metadata: null, raw: body };
  const text = body.toString('latin1');
  const parts = text.split(`--${boundary}`).slice(1, -1);
  const body0 = (p: string) => p.slice(p.indexOf('\r\n\r\n') + 4).replace(/\r\n$/, '');
  return { metadata: JSON.parse(body0(parts[0])) as Record<string, unknown>, raw: Buffer.from(body0(parts[1]), 'latin1') };
}

export async function installGmailApi(context: RouteHost, account: string): Promise<GmailApiMock> {
  const mock: GmailApiMock = { uploads: [], gmailRequests: [], failures: [], userinfoEmail: account };
  context.on('request', (req) => {
    if (req.url().startsWith('https://mail.google.com/')) mock.gmailRequests.push({ url: req.url(), body: req.postDataBuffer()?.toString('utf8') ?? '' });
  });
  await context.route('https://www.googleapis.com/oauth2/v3/userinfo', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ sub: '1', email: mock.userinfoEmail, email_verified: true }) }),
  );
  await context.route('https://gmail.googleapis.com/**', (route) => {
    const req = route.request();
    const contentType = req.headers()['content-type'] ?? '';
    const body = req.postDataBuffer() ?? Buffer.alloc(0);
    const { metadata, raw } = contentType.startsWith('multipart/') ? splitMultipart(body, contentType) : { metadata: null, raw: body };
    mock.uploads.push({ url: req.url(), contentType, authorization: req.headers().authorization ?? '', body, raw, metadata });
    const fail = mock.failures.shift();
    if (fail) return route.fulfill({ status: fail, contentType: 'application/json', body: JSON.stringify({ error: { code: fail, message: `mock ${fail}` } }) });
    return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ id: `sent${mock.uploads.length}`, threadId: (metadata?.threadId as string) ?? `t${mock.uploads.length}`, labelIds: ['SENT'] }) });
  });
  return mock;
}

/** Waits for the composer tab that a launcher click (or open-composer) opens. */
export async function waitForComposer(context: BrowserContext, action: () => Promise<unknown>): Promise<Page> {
  const [page] = await Promise.all([context.waitForEvent('page', { predicate: (p) => p.url().includes('/src/composer/index.html'), timeout: 20_000 }), action()]);
  await page.waitForSelector('#field-body', { timeout: 20_000 });
  return page;
}
