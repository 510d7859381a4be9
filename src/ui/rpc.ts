// The one message-API client of the extension pages. A call that meets a restarting service worker
// ('disconnected') is retried once on a fresh Port; every other error goes back to the screen.
import { RPC_PORT_NAME, type OperationName, type RequestOf, type ResponseOf, type RpcResult } from '../shared/messages';
import { createRpcClient, RpcCallError, type RpcClient } from '../shared/rpc';

let client: RpcClient | null = null;

function getClient(): RpcClient {
  client ??= createRpcClient(() => chrome.runtime.connect({ name: RPC_PORT_NAME }));
  return client;
}

export async function call<Op extends OperationName>(op: Op, request: RequestOf<Op>): Promise<RpcResult<ResponseOf<Op>>> {
  const first = await getClient().call(op, request);
  if (first.ok || first.error.code !== 'disconnected') return first;
  return getClient().call(op, request);
}

export async function callOrThrow<Op extends OperationName>(op: Op, request: RequestOf<Op>): Promise<ResponseOf<Op>> {
  const result = await call(op, request);
  if (!result.ok) throw new RpcCallError(result.error);
  return result.value;
}

export { RpcCallError };
