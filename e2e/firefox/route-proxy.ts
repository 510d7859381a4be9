// Firefox's stand-in for Playwright's context.route: a local proxy that Firefox sends every request through
// (network.proxy.* prefs). HTTPS is answered here with a throw-away certificate (the session accepts it:
// acceptInsecureCerts), so requests to https://mail.google.com and the Google APIs reach the same replica and
// mock handlers as in the Chromium suite, from pages, content scripts and the extension's background alike.
// Nothing reaches the network: requests no handler answers get 404 and are recorded in `unrouted`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket, createSecureContext } from 'node:tls';
import { globToRegExp, type RouteFulfillment, type RouteHost, type RouteLike, type RoutedRequest } from '../gmail/routes';

type Handler = (route: RouteLike) => unknown;

export interface RouteProxy extends RouteHost {
  port: number;
  /** URLs no handler answered (all got 404). */
  unrouted: string[];
  close(): Promise<void>;
}

function throwAwayCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'smime-proxy-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '2', '-subj', '/CN=smime-e2e-proxy', '-addext', 'subjectAltName=DNS:*.google.com,DNS:*.googleapis.com,DNS:*.googleusercontent.com'], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startRouteProxy(): Promise<RouteProxy> {
  const routes: { pattern: RegExp; handler: Handler }[] = [];
  const listeners: ((r: RoutedRequest) => void)[] = [];
  const unrouted: string[] = [];
  const secureContext = createSecureContext(throwAwayCertificate());

  async function serve(req: IncomingMessage, res: ServerResponse, url: string): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    const request: RoutedRequest = { url: () => url, method: () => req.method ?? 'GET', headers: () => headers, postDataBuffer: () => (body.length ? body : null) };
    for (const l of listeners) l(request);
    for (let i = routes.length - 1; i >= 0; i--) {
      if (!routes[i].pattern.test(url)) continue;
      const outcome = await new Promise<RouteFulfillment | 'fallback'>((resolve, reject) => {
        const route: RouteLike = {
          request: () => request,
          fulfill: async (r) => resolve(r),
          fallback: async () => resolve('fallback'),
        };
        Promise.resolve(routes[i].handler(route)).catch(reject);
      });
      if (outcome === 'fallback') continue;
      const h: Record<string, string> = { ...(outcome.headers ?? {}) };
      if (outcome.contentType) h['content-type'] = outcome.contentType;
      res.writeHead(outcome.status ?? 200, h);
      res.end(outcome.body ?? '');
      return;
    }
    unrouted.push(url);
    res.writeHead(404).end();
  }

  const handle = (origin: (req: IncomingMessage) => string) => (req: IncomingMessage, res: ServerResponse) => {
    serve(req, res, origin(req)).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    });
  };
  // Inner server: requests that arrive inside a CONNECT tunnel, after TLS.
  const tunnelled = createServer(handle((req) => `https://${req.headers.host}${req.url}`));
  // Outer server: the proxy itself; plain-http requests carry an absolute URL.
  const proxy = createServer(handle((req) => req.url ?? ''));
  proxy.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) socket.unshift(head);
    const tls = new TLSSocket(socket, { isServer: true, secureContext });
    tls.on('error', () => socket.destroy());
    tunnelled.emit('connection', tls);
  });
  const sockets = new Set<Socket>();
  proxy.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as AddressInfo).port,
    unrouted,
    async route(url, handler) {
      routes.push({ pattern: typeof url === 'string' ? globToRegExp(url) : url, handler });
    },
    on(_event, listener) {
      listeners.push(listener);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        proxy.close(() => resolve());
        tunnelled.close();
      }),
  };
}
