// Typed client for the background's message API: `call('import-identity', {...})` returns the response type
// declared in messages.ts. One Port per client, reconnected lazily after the service worker restarts.
import { createChunkedChannel, type ChunkedChannel, type ChunkedChannelOptions, type PortLike } from './chunked-port';
import type { OperationName, RequestOf, ResponseOf, RpcError, RpcResult } from './messages';

/** What the client sends. */
export interface RpcRequestEnvelope {
  kind: 'request';
  id: number;
  op: string;
  request: unknown;
}

/** What the background answers. */
export interface RpcResponseEnvelope {
  kind: 'response';
  id: number;
  result: RpcResult<unknown>;
}

export interface RpcClient {
  call<Op extends OperationName>(op: Op, request: RequestOf<Op>): Promise<RpcResult<ResponseOf<Op>>>;
  /** Like `call`, but throws an RpcCallError when the result is not ok. */
  callOrThrow<Op extends OperationName>(op: Op, request: RequestOf<Op>): Promise<ResponseOf<Op>>;
  close(): void;
}

export class RpcCallError extends Error {
  readonly code: RpcError['code'];
  constructor(error: RpcError) {
    super(error.message);
    this.name = 'RpcCallError';
    this.code = error.code;
  }
}

function isResponseEnvelope(x: unknown): x is RpcResponseEnvelope {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  if (r.kind !== 'response' || !Number.isSafeInteger(r.id)) return false;
  const result = r.result as Record<string, unknown> | null;
  return typeof result === 'object' && result !== null && typeof result.ok === 'boolean';
}

/** `connect` opens a new Port, e.g. `() => chrome.runtime.connect({ name: RPC_PORT_NAME })`. */
export function createRpcClient(connect: () => PortLike, opts: ChunkedChannelOptions = {}): RpcClient {
  let channel: ChunkedChannel | null = null;
  let nextId = 1;
  const pending = new Map<number, (result: RpcResult<unknown>) => void>();

  const settleAll = (code: RpcError['code'], message: string) => {
    const waiting = [...pending.values()];
    pending.clear();
    for (const resolve of waiting) resolve({ ok: false, error: { code, message } });
  };

  const ensureChannel = (): ChunkedChannel => {
    if (channel && !channel.closed) return channel;
    const port = connect();
    const ch = createChunkedChannel(
      port,
      (value) => {
        if (!isResponseEnvelope(value)) return;
        const resolve = pending.get(value.id);
        if (!resolve) return;
        pending.delete(value.id);
        resolve(value.result);
      },
      (reason, detail) => {
        if (channel === ch) channel = null;
        settleAll(reason === 'disconnected' ? 'disconnected' : 'internal', detail ?? 'The background closed the connection.');
      },
      opts,
    );
    channel = ch;
    return ch;
  };

  const call = <Op extends OperationName>(op: Op, request: RequestOf<Op>): Promise<RpcResult<ResponseOf<Op>>> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve as (r: RpcResult<unknown>) => void);
      try {
        const envelope: RpcRequestEnvelope = { kind: 'request', id, op, request };
        ensureChannel().send(envelope);
      } catch (e) {
        pending.delete(id);
        const message = e instanceof Error ? e.message : String(e);
        resolve({ ok: false, error: { code: /exceeds the limit/.test(message) ? 'too-large' : 'disconnected', message } });
      }
    });

  return {
    call,
    async callOrThrow(op, request) {
      const result = await call(op, request);
      if (!result.ok) throw new RpcCallError(result.error);
      return result.value;
    },
    close() {
      channel?.close();
      channel = null;
      settleAll('disconnected', 'Client closed.');
    },
  };
}
