// The Outlook raw-source chain, in order of preference:
//   1. service.svc GetItem with the page's own session (outlook-service-svc.ts): no extra sign-in;
//   2. Microsoft Graph GET /me/messages/{id}/$value, run by the background with the user's own Graph sign-in
//      (Mail.Read), never interactively from here;
//   3. nothing worked: RawSourceError('unavailable'), which the read view turns into "download the message and
//      open it in the extension".
// Requests are rate-limited like Gmail's, and the same size limit applies on every path.
import type { RateLimiter } from '../../rate-limiter';
import { MAX_RAW_BYTES, looksLikeMessage } from '../raw-message';
import { RawSourceError, type RawSource } from '../site-adapter';
import { toRestId } from './outlook-ids';
import { getItemMime, type ServiceContext } from './outlook-service-svc';

/** The background's Graph read (`outlook-graph-mime`): bytes, or a rejection saying why not. */
export type GraphReader = (restId: string, signal?: AbortSignal) => Promise<Uint8Array>;

const why = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 160);

export async function fetchOutlookRawSource(
  itemId: string | null,
  service: () => Promise<ServiceContext>,
  graph: GraphReader,
  limiter: RateLimiter,
  signal?: AbortSignal,
  serviceError?: unknown,
): Promise<RawSource> {
  let first: unknown = serviceError;
  if (itemId && !serviceError) {
    try {
      await limiter.acquire();
      return { bytes: await getItemMime(await service(), itemId), via: 'outlook-service' };
    } catch (e) {
      if (signal?.aborted) throw new RawSourceError('aborted', 'aborted');
      if (e instanceof RawSourceError && e.code === 'too-large') throw e;
      first = e;
    }
  }
  const restId = itemId ? toRestId(itemId) : null;
  if (!restId) throw new RawSourceError('unavailable', `service.svc: ${why(first ?? 'no item id')}`);
  let bytes: Uint8Array;
  try {
    await limiter.acquire();
    bytes = await graph(restId, signal);
  } catch (e) {
    if (signal?.aborted) throw new RawSourceError('aborted', 'aborted');
    if (e instanceof RawSourceError && e.code === 'too-large') throw e;
    throw new RawSourceError('unavailable', `service.svc: ${why(first)}; Graph: ${why(e)}`);
  }
  if (bytes.length > MAX_RAW_BYTES) throw new RawSourceError('too-large', `message is ${bytes.length} bytes`);
  if (!looksLikeMessage(bytes)) throw new RawSourceError('unavailable', `service.svc: ${why(first)}; Graph: the answer is not a message`);
  return { bytes, via: 'outlook-graph' };
}
