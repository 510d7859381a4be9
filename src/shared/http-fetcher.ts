// The transport for online revocation checks, shared by the service worker and the CLI: plain http(s) GET/POST
// with a timeout and a size cap (a CRL is at most 10 MB), no cookies or credentials, no redirects to other schemes.
// It carries bytes only; every decision about them is made by the engine (src/crypto/revocation/).
import type { RevocationFetcher } from '../crypto/revocation/chain-revocation';
import { MAX_CRL_BYTES } from '../crypto/revocation/parse-crl';

export interface HttpFetcherOptions {
  timeoutMs?: number;
  maxBytes?: number;
  fetchImpl?: typeof fetch;
}

async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new Error(`the answer is ${declared} bytes, more than the ${maxBytes}-byte limit`);
  const reader = res.body?.getReader();
  if (!reader) return new Uint8Array(await res.arrayBuffer()).slice(0, maxBytes + 1);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new Error(`the answer is larger than the ${maxBytes}-byte limit`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function createHttpFetcher(opts: HttpFetcherOptions = {}): RevocationFetcher {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const maxBytes = opts.maxBytes ?? MAX_CRL_BYTES;
  const doFetch = opts.fetchImpl ?? globalThis.fetch.bind(globalThis);
  const send = async (url: string, init: RequestInit): Promise<Uint8Array> => {
    if (!/^https?:\/\//i.test(url)) throw new Error('only http and https locations are fetched');
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), timeoutMs);
    try {
      const res = await doFetch(url, { ...init, signal: ctrl.signal, credentials: 'omit', redirect: 'follow', cache: 'no-store' });
      if (!/^https?:/i.test(new URL(res.url || url).protocol)) throw new Error('redirected away from http');
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return await readCapped(res, maxBytes);
    } catch (e) {
      if (ctrl.signal.aborted) throw new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`);
      throw e instanceof Error ? e : new Error(String(e));
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    get: (url, accept) => send(url, { method: 'GET', headers: { accept } }),
    post: (url, body, contentType, accept) => send(url, { method: 'POST', headers: { 'content-type': contentType, accept }, body: body.slice() }),
  };
}
