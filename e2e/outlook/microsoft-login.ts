// e2e hooks for sending from the Outlook replica: a browser launch whose login.microsoftonline.com is a local HTTPS
// server (identity.launchWebAuthFlow loads its page in a browser-internal window that Playwright routes do not
// see, so the host is mapped with --host-resolver-rules). The server plays the Microsoft identity platform's
// authorization-code flow with PKCE for a public client: it checks the redirect URI, S256 and that the token
// request's code_verifier hashes to the challenge, and answers an id_token naming the configured account.
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath, distDir } from '../helpers/extension';

export interface MicrosoftLogin {
  port: number;
  /** Every request path (with query) the server saw. */
  hits: string[];
  /** Token requests that failed the PKCE or client checks. */
  refused: string[];
  /** The account the next sign-in is for (what the id_token says). */
  email: string;
  /** The access token the next sign-in hands out (the Graph mock must accept it). */
  accessToken: string;
  /** The scopes of the last authorize request. */
  lastScopes: string[];
  close(): Promise<void>;
}

const b64url = (b: Buffer) => b.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

function startLoginServer(extensionId: () => string, clientId: string): Promise<MicrosoftLogin> {
  const dir = mkdtempSync(join(tmpdir(), 'smime-mslogin-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '2', '-subj', '/CN=login.microsoftonline.com', '-addext', 'subjectAltName=DNS:login.microsoftonline.com'], { stdio: 'ignore' });
  const codes = new Map<string, { challenge: string; redirect: string; scope: string }>();
  const state: MicrosoftLogin = { port: 0, hits: [], refused: [], email: '', accessToken: 'ms-access-token', lastScopes: [], close: async () => undefined };
  const server = createServer({ key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://login.microsoftonline.com');
    state.hits.push(url.pathname + url.search);
    res.setHeader('access-control-allow-origin', '*');
    if (url.pathname === '/common/oauth2/v2.0/authorize') {
      const q = url.searchParams;
      const redirect = q.get('redirect_uri') ?? '';
      state.lastScopes = (q.get('scope') ?? '').split(' ');
      if (redirect !== `https://${extensionId()}.chromiumapp.org/` || q.get('client_id') !== clientId || q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) {
        res.writeHead(400).end('bad authorize request');
        return;
      }
      const code = b64url(randomBytes(18));
      codes.set(code, { challenge: q.get('code_challenge')!, redirect, scope: q.get('scope') ?? '' });
      res.writeHead(302, { location: `${redirect}?${new URLSearchParams({ code, state: q.get('state') ?? '', session_state: 'x' })}` }).end();
      return;
    }
    if (url.pathname === '/common/oauth2/v2.0/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const f = new URLSearchParams(body);
        const grant = codes.get(f.get('code') ?? '');
        const verifier = f.get('code_verifier') ?? '';
        const ok = f.get('grant_type') === 'authorization_code' && f.get('client_id') === clientId && !!grant && grant.redirect === f.get('redirect_uri') && b64url(createHash('sha256').update(verifier).digest()) === grant.challenge && !f.has('client_secret');
        if (!ok) {
          state.refused.push(body.replace(/code_verifier=[^&]*/, 'code_verifier=…'));
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_grant' }));
          return;
        }
        codes.delete(f.get('code')!);
        const idToken = [b64url(Buffer.from('{"alg":"none","typ":"JWT"}')), b64url(Buffer.from(JSON.stringify({ email: state.email, preferred_username: state.email, tid: '9188040d-6c67-4c5b-b112-36a304b66dad' }))), ''].join('.');
        const scope = grant!.scope.split(' ').filter((s) => !['openid', 'email', 'offline_access'].includes(s)).map((s) => `https://graph.microsoft.com/${s}`).concat(['openid', 'email']).join(' ');
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token_type: 'Bearer', scope, expires_in: 3599, access_token: state.accessToken, refresh_token: 'ms-refresh-token', id_token: idToken }));
      });
      return;
    }
    res.writeHead(404).end('not found');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      state.port = (server.address() as { port: number }).port;
      state.close = () =>
        new Promise<void>((r) => {
          server.close(() => r());
          rmSync(dir, { recursive: true, force: true });
        });
      resolve(state);
    }),
  );
}

export interface OutlookComposeSession {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  login: MicrosoftLogin;
  close(): Promise<void>;
}

/** Like launchWithExtension, plus the local login.microsoftonline.com. */
export async function launchForOutlookCompose(clientId: string): Promise<OutlookComposeSession> {
  let extensionId = '';
  const login = await startLoginServer(() => extensionId, clientId);
  const userDataDir = mkdtempSync(join(tmpdir(), 'smime-e2e-outlook-compose-'));
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
      `--host-resolver-rules=MAP login.microsoftonline.com 127.0.0.1:${login.port}`,
      '--ignore-certificate-errors',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    login,
    async close() {
      await context.close();
      await login.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
