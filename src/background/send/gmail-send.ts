// The Gmail API upload that sends raw MIME: `messages.send` with uploadType=media (Content-Type: message/rfc822),
// or uploadType=multipart (a JSON metadata part with threadId, then the message) for replies kept in their thread.
// Failures become a SendError whose kind the composer translates into plain words.
import { concatBytes, utf8 } from '../../crypto/bytes';

export const GMAIL_SEND_URL = 'https://gmail.googleapis.com/upload/gmail/v1/users/me/messages/send';

export type SendErrorKind = 'unauthorized' | 'quota' | 'network' | 'server' | 'rejected' | 'too-large';

export class SendError extends Error {
  constructor(
    readonly kind: SendErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: Uint8Array; signal?: AbortSignal }) => Promise<Response>;

export interface SentMessage {
  id: string;
  threadId: string | null;
}

/** The multipart/related body of an upload with metadata (Google's multipart upload protocol). */
export function multipartUploadBody(raw: Uint8Array, metadata: Record<string, string>): { body: Uint8Array; contentType: string } {
  const random = globalThis.crypto.getRandomValues(new Uint8Array(12));
  let boundary = 'smime_upload_';
  for (const b of random) boundary += b.toString(16).padStart(2, '0');
  const body = concatBytes(
    utf8(`--${boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n${JSON.stringify(metadata)}\r\n`),
    utf8(`--${boundary}\r\nContent-Type: message/rfc822\r\n\r\n`),
    raw,
    utf8(`\r\n--${boundary}--\r\n`),
  );
  return { body, contentType: `multipart/related; boundary=${boundary}` };
}

function describeGoogleError(text: string): { reason: string; message: string } {
  try {
    const j = JSON.parse(text) as { error?: { message?: string; errors?: { reason?: string }[]; status?: string } };
    return { reason: j.error?.errors?.[0]?.reason ?? j.error?.status ?? '', message: j.error?.message ?? '' };
  } catch {
    return { reason: '', message: text.slice(0, 200) };
  }
}

const QUOTA_REASONS = /rateLimitExceeded|userRateLimitExceeded|dailyLimitExceeded|quotaExceeded|RESOURCE_EXHAUSTED/i;

export function classifySendFailure(status: number, bodyText: string): SendError {
  const { reason, message } = describeGoogleError(bodyText);
  const detail = `Gmail answered ${status}${message ? `: ${message}` : ''}`;
  if (status === 401) return new SendError('unauthorized', detail, status);
  if (status === 429 || (status === 403 && QUOTA_REASONS.test(reason))) return new SendError('quota', detail, status);
  if (status >= 500) return new SendError('server', detail, status);
  return new SendError('rejected', detail, status);
}

export async function sendRawMessage(fetchFn: FetchLike, accessToken: string, raw: Uint8Array, threadId: string | null, signal?: AbortSignal): Promise<SentMessage> {
  const headers: Record<string, string> = { Authorization: `Bearer ${accessToken}` };
  let url: string;
  let body: Uint8Array;
  if (threadId) {
    const mp = multipartUploadBody(raw, { threadId });
    url = `${GMAIL_SEND_URL}?uploadType=multipart`;
    headers['Content-Type'] = mp.contentType;
    body = mp.body;
  } else {
    url = `${GMAIL_SEND_URL}?uploadType=media`;
    headers['Content-Type'] = 'message/rfc822';
    body = raw;
  }
  let response: Response;
  try {
    response = await fetchFn(url, { method: 'POST', headers, body, signal });
  } catch (e) {
    throw new SendError('network', `The message could not be uploaded (${e instanceof Error ? e.message : String(e)}).`);
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) throw classifySendFailure(response.status, text);
  // A 2xx means Gmail took the message: never report it as failed (a retry would send it twice).
  try {
    const j = JSON.parse(text) as { id?: unknown; threadId?: unknown };
    return { id: typeof j.id === 'string' ? j.id : '', threadId: typeof j.threadId === 'string' ? j.threadId : null };
  } catch {
    return { id: '', threadId: null };
  }
}
