// Outlook's own JSON service (undocumented, used by Outlook on the web itself): the same-origin way to get a
// message's MIME without signing in again, like Gmail's "show original". Best-effort by design and kept in this one
// file: any answer in a shape we do not know is reported as `changed`, so the caller falls back to Graph.
//   POST <origin>/owa/[<n>/]service.svc?action=GetItem&app=Mail  (GetItemJsonRequest, ItemShape.IncludeMimeContent)
//   → Body.ResponseMessages.Items[0].Items[0].MimeContent.Value (base64)
// The Authorization header is the page's own (outlook-page-headers.ts) and goes only to the page's own origin.
import { base64Decode } from '../../../crypto/base64';
import { MAX_RAW_BYTES, looksLikeMessage } from '../raw-message';
import { RawSourceError } from '../site-adapter';
import type { PageHeaders } from './outlook-page-headers';

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export interface ServiceContext {
  /** location.origin of the Outlook tab: requests go nowhere else. */
  origin: string;
  mailbox: number;
  headers: PageHeaders;
  fetchFn: FetchFn;
  signal?: AbortSignal;
}

type Action = 'GetItem' | 'GetConversationItems' | 'GetOwaUserConfiguration';

export function serviceUrl(origin: string, mailbox: number, action: Action): string {
  return `${origin}/owa/${mailbox > 0 ? `${mailbox}/` : ''}service.svc?action=${action}&app=Mail`;
}

const HEADER = { __type: 'JsonRequestHeaders:#Exchange', RequestServerVersion: 'V2018_01_08' };

export function getItemRequest(itemId: string): unknown {
  return {
    __type: 'GetItemJsonRequest:#Exchange',
    Header: HEADER,
    Body: {
      __type: 'GetItemRequest:#Exchange',
      ItemShape: { __type: 'ItemResponseShape:#Exchange', BaseShape: 'IdOnly', IncludeMimeContent: true },
      ItemIds: [{ __type: 'ItemId:#Exchange', Id: itemId }],
    },
  };
}

export function conversationItemsRequest(conversationId: string): unknown {
  return {
    __type: 'GetConversationItemsJsonRequest:#Exchange',
    Header: HEADER,
    Body: {
      __type: 'GetConversationItemsRequest:#Exchange',
      Conversations: [{ __type: 'ConversationRequest:#Exchange', ConversationId: { __type: 'ItemId:#Exchange', Id: conversationId } }],
      ItemShape: { __type: 'ItemResponseShape:#Exchange', BaseShape: 'IdOnly' },
      FoldersToIgnore: [],
      MaxItemsToReturn: 100,
      SortOrder: 'DateOrderAscending',
    },
  };
}

async function post(ctx: ServiceContext, action: Action, body: unknown): Promise<unknown> {
  if (!ctx.headers.authorization) throw new RawSourceError('no-ik', 'Outlook has not sent its own service request yet (no Authorization header to reuse)');
  const headers: Record<string, string> = {
    action,
    'content-type': 'application/json; charset=utf-8',
    authorization: ctx.headers.authorization,
  };
  if (ctx.headers.anchorMailbox) headers['x-anchormailbox'] = ctx.headers.anchorMailbox;
  if (ctx.headers.canary) headers['x-owa-canary'] = ctx.headers.canary;
  let res: Response;
  try {
    res = await ctx.fetchFn(serviceUrl(ctx.origin, ctx.mailbox, action), { method: 'POST', headers, body: JSON.stringify(body), credentials: 'include', signal: ctx.signal });
  } catch (e) {
    if (ctx.signal?.aborted) throw new RawSourceError('aborted', 'aborted');
    throw new RawSourceError('network', `service.svc could not be reached (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!res.ok) throw new RawSourceError('http', `service.svc ${action} answered ${res.status}`);
  const len = Number(res.headers.get('content-length') ?? '0');
  if (len > MAX_RAW_BYTES * 2) throw new RawSourceError('too-large', `service.svc answer is ${len} bytes`);
  const text = await res.text();
  if (text.length > MAX_RAW_BYTES * 2) throw new RawSourceError('too-large', `service.svc answer is ${text.length} characters`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RawSourceError('changed', `service.svc ${action} did not answer JSON`);
  }
}

/** Body.ResponseMessages.Items[0], checked to be a success; anything else means the service changed or refused. */
function firstResponse(json: unknown, action: string): Record<string, unknown> {
  const items = (json as { Body?: { ResponseMessages?: { Items?: unknown } } } | null)?.Body?.ResponseMessages?.Items;
  const first = Array.isArray(items) ? (items[0] as Record<string, unknown> | undefined) : undefined;
  if (!first || typeof first !== 'object') throw new RawSourceError('changed', `service.svc ${action} answered in an unknown shape`);
  if (first['ResponseClass'] !== 'Success') {
    throw new RawSourceError('http', `service.svc ${action} refused: ${String(first['ResponseCode'] ?? first['ResponseClass']).slice(0, 80)}`);
  }
  return first;
}

/** The item's complete MIME, as Exchange stored it. */
export async function getItemMime(ctx: ServiceContext, itemId: string): Promise<Uint8Array> {
  const first = firstResponse(await post(ctx, 'GetItem', getItemRequest(itemId)), 'GetItem');
  const items = first['Items'];
  const mime = Array.isArray(items) ? (items[0] as { MimeContent?: { Value?: unknown } } | undefined)?.MimeContent?.Value : undefined;
  if (typeof mime !== 'string') throw new RawSourceError('changed', 'service.svc GetItem answered without MimeContent');
  if (mime.length > (MAX_RAW_BYTES / 3) * 4 + 4) throw new RawSourceError('too-large', `message is about ${Math.round((mime.length * 3) / 4)} bytes`);
  let bytes: Uint8Array;
  try {
    bytes = base64Decode(mime);
  } catch {
    throw new RawSourceError('changed', 'service.svc MimeContent is not base64');
  }
  if (!looksLikeMessage(bytes)) throw new RawSourceError('not-a-message', 'service.svc MimeContent is not a message');
  return bytes;
}

/** The item ids of a conversation, oldest first (for a conversation pane showing several messages). */
export async function conversationItemIds(ctx: ServiceContext, conversationId: string): Promise<string[]> {
  const first = firstResponse(await post(ctx, 'GetConversationItems', conversationItemsRequest(conversationId)), 'GetConversationItems');
  const nodes = (first['Conversation'] as { ConversationNodes?: unknown } | undefined)?.ConversationNodes;
  if (!Array.isArray(nodes)) throw new RawSourceError('changed', 'service.svc GetConversationItems answered in an unknown shape');
  const ids: string[] = [];
  for (const n of nodes.slice(0, 200)) {
    const items = (n as { Items?: unknown } | null)?.Items;
    if (!Array.isArray(items)) continue;
    for (const it of items) {
      const id = (it as { ItemId?: { Id?: unknown } } | null)?.ItemId?.Id;
      if (typeof id === 'string' && /^[A-Za-z0-9+/]{8,600}={0,2}$/.test(id)) ids.push(id);
    }
  }
  return ids;
}

/**
 * The mailbox's own address (SessionSettings.UserEmailAddress of GetOwaUserConfiguration): personal Outlook shows
 * no address in its header, and sending must check that the Microsoft sign-in is this mailbox.
 */
export async function mailboxAddress(ctx: ServiceContext): Promise<string | null> {
  const json = (await post(ctx, 'GetOwaUserConfiguration', {})) as { SessionSettings?: { UserEmailAddress?: unknown } } | null;
  const a = json?.SessionSettings?.UserEmailAddress;
  return typeof a === 'string' && /^[^\s@"<>()]{1,64}@[^\s@"<>()]{1,255}$/.test(a) ? a.toLowerCase() : null;
}
