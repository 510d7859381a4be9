// Microsoft Graph mail calls on raw MIME, for Outlook accounts (personal and work):
//   GET  /me/messages/{id}/$value  → the message's MIME (needs Mail.Read; Mail.ReadBasic excludes bodies)
//   POST /me/sendMail with Content-Type text/plain and the base64 of the whole MIME message → 202, sent unchanged
//        with a copy in Sent Items (documented for S/MIME signed and encrypted content; scope Mail.Send).
// sendMail's body is reported to be limited to about 4 MB; above it we refuse with `too-large` instead of letting
// Graph fail obscurely. Failures become a SendError whose kind the composer translates.
import { base64EncodeToBytes } from '../../crypto/base64';
import { SendError, type FetchLike } from './gmail-send';

export const GRAPH_BASE = 'https://graph.microsoft.com/v1.0';
export const GRAPH_SEND_URL = `${GRAPH_BASE}/me/sendMail`;
/** The reported sendMail limit, applied to the request body (the base64 of the message). */
export const GRAPH_SEND_LIMIT_BYTES = 4 * 1024 * 1024;
export const GRAPH_READ_LIMIT_BYTES = 40 * 1024 * 1024;
const REST_ID = /^[A-Za-z0-9_-]{8,600}={0,2}$/;

export function graphMimeUrl(restId: string): string {
  if (!REST_ID.test(restId)) throw new SendError('rejected', 'Not a Graph message id.');
  return `${GRAPH_BASE}/me/messages/${encodeURIComponent(restId)}/$value`;
}

function describeGraphError(text: string): string {
  try {
    const j = JSON.parse(text) as { error?: { code?: string; message?: string } };
    return [j.error?.code, j.error?.message].filter(Boolean).join(': ').slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
}

export function classifyGraphFailure(status: number, bodyText: string): SendError {
  const detail = `Microsoft Graph answered ${status}${bodyText ? `: ${describeGraphError(bodyText)}` : ''}`;
  if (status === 401) return new SendError('unauthorized', detail, status);
  if (status === 413) return new SendError('too-large', detail, status);
  if (status === 429) return new SendError('quota', detail, status);
  if (status >= 500) return new SendError('server', detail, status);
  return new SendError('rejected', detail, status);
}

export async function readMimeViaGraph(fetchFn: FetchLike, accessToken: string, restId: string): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetchFn(graphMimeUrl(restId), { method: 'GET', headers: { Authorization: `Bearer ${accessToken}` } });
  } catch (e) {
    throw new SendError('network', `Microsoft Graph could not be reached (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (!res.ok) throw classifyGraphFailure(res.status, await res.text().catch(() => ''));
  const len = Number(res.headers.get('content-length') ?? '0');
  if (len > GRAPH_READ_LIMIT_BYTES) throw new SendError('too-large', `The message is ${len} bytes.`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.length > GRAPH_READ_LIMIT_BYTES) throw new SendError('too-large', `The message is ${bytes.length} bytes.`);
  return bytes;
}

/** The sendMail request body: the whole message in base64 (no line breaks). */
export function sendMailBody(raw: Uint8Array): Uint8Array {
  return base64EncodeToBytes(raw);
}

export async function sendMimeViaGraph(fetchFn: FetchLike, accessToken: string, raw: Uint8Array, signal?: AbortSignal): Promise<void> {
  const body = sendMailBody(raw);
  if (body.length > GRAPH_SEND_LIMIT_BYTES) {
    const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
    throw new SendError('too-large', `The message is ${mb(body.length)} MB as sent to Microsoft Graph, above its limit of about ${mb(GRAPH_SEND_LIMIT_BYTES)} MB. Remove or shrink attachments.`);
  }
  let res: Response;
  try {
    res = await fetchFn(GRAPH_SEND_URL, { method: 'POST', headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'text/plain' }, body, ...(signal ? { signal } : {}) });
  } catch (e) {
    throw new SendError('network', `The message could not be uploaded (${e instanceof Error ? e.message : String(e)}).`);
  }
  // 202 Accepted: Graph took the message. Any 2xx counts (a retry would send it twice).
  if (!res.ok) throw classifyGraphFailure(res.status, await res.text().catch(() => ''));
}
