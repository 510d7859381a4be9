// The background's side of the message API: accepts Ports, decides who is calling (extension page,
// content script, or nobody), checks the operation is allowed for that caller, validates the request,
// runs the handler and answers. Web pages and other extensions are refused before any work is done.
import { createChunkedChannel, type ChunkedChannelOptions, type PortLike } from '../shared/chunked-port';
import { isOperationName, OPERATION_CALLERS, RPC_PORT_NAME, type CallerKind, type RpcResult } from '../shared/messages';
import type { RpcRequestEnvelope, RpcResponseEnvelope } from '../shared/rpc';
import { HANDLERS, toRpcError, type BackgroundDeps, type CallerInfo } from './handlers';
import { VALIDATORS } from './validate-request';

/** The subset of chrome.runtime.MessageSender we trust for identification. */
export interface SenderLike {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number };
  frameId?: number;
}

export interface RouterPort extends PortLike {
  sender?: SenderLike;
}

export interface ExtensionIdentity {
  id: string; // chrome.runtime.id
  baseUrl: string; // chrome.runtime.getURL(''), e.g. "chrome-extension://<id>/"
}

/**
 * Classify a Port's sender. Only this extension may talk to us at all (no externally_connectable, and the
 * id is checked anyway); its own pages are recognised by URL (and origin when Chrome reports it),
 * content scripts by having a tab and a web URL.
 */
export function classifySender(sender: SenderLike | undefined, self: ExtensionIdentity): CallerInfo | null {
  if (!sender || sender.id !== self.id) return null;
  const url = typeof sender.url === 'string' ? sender.url : '';
  const selfOrigin = self.baseUrl.replace(/\/$/, '');
  if (url.startsWith(self.baseUrl)) {
    if (sender.origin !== undefined && sender.origin !== selfOrigin) return null;
    // Our page inside another page's tab (a sub-frame): the surrounding site may have created it itself.
    if (sender.tab?.id !== undefined && (sender.frameId ?? 0) > 0) return { kind: 'extension-frame', url, tabId: sender.tab.id };
    return { kind: 'extension-page', url, ...(sender.tab?.id !== undefined ? { tabId: sender.tab.id } : {}) };
  }
  if (sender.tab && typeof sender.tab.id === 'number' && sender.tab.id >= 0 && /^https?:\/\//.test(url)) {
    // A content script's origin is the page's; it must not claim to be ours.
    if (sender.origin === selfOrigin) return null;
    return { kind: 'content-script', url, tabId: sender.tab.id };
  }
  return null;
}

function isRequestEnvelope(x: unknown): x is RpcRequestEnvelope {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return r.kind === 'request' && Number.isSafeInteger(r.id) && typeof r.op === 'string';
}

/** Runs one request to completion; never throws. */
async function dispatch(deps: BackgroundDeps, caller: CallerInfo, op: string, request: unknown): Promise<RpcResult<unknown>> {
  if (!isOperationName(op)) return { ok: false, error: { code: 'unknown-operation', message: `Unknown operation "${op.slice(0, 64)}".` } };
  const allowed: readonly CallerKind[] = OPERATION_CALLERS[op];
  if (!allowed.includes(caller.kind)) {
    return { ok: false, error: { code: 'forbidden', message: `"${op}" may not be called from a ${caller.kind}.` } };
  }
  try {
    const validated = VALIDATORS[op](request);
    const handler = HANDLERS[op] as (d: BackgroundDeps, r: unknown, c: CallerInfo) => Promise<unknown>;
    return { ok: true, value: await handler(deps, validated, caller) };
  } catch (e) {
    return { ok: false, error: toRpcError(e) };
  }
}

/**
 * Serve one connected Port. Unknown senders and wrong port names are disconnected immediately. `deps` may
 * still be opening (the service worker must attach listeners synchronously); requests wait for it.
 */
export function servePort(
  port: RouterPort,
  deps: BackgroundDeps | Promise<BackgroundDeps>,
  self: ExtensionIdentity,
  opts: ChunkedChannelOptions = {},
): boolean {
  const caller = port.name === RPC_PORT_NAME ? classifySender(port.sender, self) : null;
  if (!caller) {
    port.disconnect();
    return false;
  }
  const channel = createChunkedChannel(
    port,
    (value) => {
      if (!isRequestEnvelope(value)) return;
      const run = async (): Promise<RpcResult<unknown>> => {
        let ready: BackgroundDeps;
        try {
          ready = await deps;
        } catch (e) {
          const error = toRpcError(e);
          return { ok: false, error: error.code === 'internal' ? { code: 'internal', message: `The keystore did not open: ${error.message}` } : error };
        }
        return dispatch(ready, caller, value.op, value.request);
      };
      void run().then((result) => {
        if (channel.closed) return;
        const response: RpcResponseEnvelope = { kind: 'response', id: value.id, result };
        try {
          channel.send(response);
        } catch (e) {
          // The response itself could not be sent (e.g. too large): report that instead.
          const error: RpcResponseEnvelope = { kind: 'response', id: value.id, result: { ok: false, error: toRpcError(e) } };
          try {
            channel.send(error);
          } catch {
            // port gone
          }
        }
      });
    },
    () => undefined,
    opts,
  );
  return true;
}
