// The Outlook raw-source pieces without a browser: id forms and routes, the page-header validation, the service.svc
// request (only to the page's own origin, with the page's own header) and its answer checks, and the fallback chain
// service.svc → Graph → "download it" in that order.
import { describe, expect, it } from 'vitest';
import { conversationId, mailboxIndex, routeItem, toEwsId, toRestId } from '../../src/content/sites/outlook/outlook-ids';
import { validPageHeaders } from '../../src/content/sites/outlook/outlook-page-headers';
import { conversationItemIds, getItemMime, serviceUrl, type ServiceContext } from '../../src/content/sites/outlook/outlook-service-svc';
import { fetchOutlookRawSource } from '../../src/content/sites/outlook/outlook-raw-source';
import { RawSourceError } from '../../src/content/sites/site-adapter';
import { RateLimiter } from '../../src/content/rate-limiter';

const EWS = 'AAMkADAwATY0MDAAMS1k+abc/def+ghi/AAA=';
const REST = 'AAMkADAwATY0MDAAMS1k_abc-def_ghi-AAA=';
const AUTH = 'MSAuth1.0 usertoken="EwA4BOl3BAAUcDnR9grBJokeAHaUKSvPpg", type="MSACT"';
const MIME = 'From: a@example.com\r\nTo: b@example.com\r\nSubject: x\r\n\r\nhello\r\n';

function mimeAnswer(value: unknown): unknown {
  return { Body: { ResponseMessages: { Items: [{ ResponseClass: 'Success', ResponseCode: 'NoError', Items: [{ MimeContent: { Value: value } }] }] } } };
}

interface Call {
  url: string;
  init: RequestInit;
}

function ctxWith(answer: (c: Call) => Response, headers = { authorization: AUTH, anchorMailbox: 'PUID:1@t' }): { ctx: ServiceContext; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    ctx: {
      origin: 'https://outlook.live.com',
      mailbox: 0,
      headers,
      fetchFn: async (url, init) => {
        const c = { url, init: init ?? {} };
        calls.push(c);
        return answer(c);
      },
    },
  };
}

const json = (x: unknown, status = 200) => new Response(JSON.stringify(x), { status, headers: { 'content-type': 'application/json' } });
const fastLimiter = () => new RateLimiter(1000, 1000);

describe('Outlook ids and routes', () => {
  it('converts between the EWS (+ /) and REST (_ -) forms both ways, and rejects anything else', () => {
    expect(toRestId(EWS)).toBe(REST);
    expect(toEwsId(REST)).toBe(EWS);
    expect(toEwsId(EWS)).toBe(EWS);
    expect(toRestId(REST)).toBe(REST);
    for (const bad of ['', 'short', 'AAMk/../../me?x=1', 'AAMk"},{"Id":"x', 'AAMkADAwATY0 MDAAMS1k']) {
      expect(toEwsId(bad), bad).toBeNull();
      expect(toRestId(bad), bad).toBeNull();
    }
  });

  it('reads the item id from /mail/<n>/<folder>/id/<id> and /mail/[<n>/]deeplink/read/<id>, URL-encoded', () => {
    expect(routeItem(`/mail/0/inbox/id/${encodeURIComponent(EWS)}`)).toEqual({ mailbox: 0, itemId: EWS });
    expect(routeItem(`/mail/1/inbox/id/${REST}`)).toEqual({ mailbox: 1, itemId: EWS });
    expect(routeItem(`/mail/deeplink/read/${encodeURIComponent(EWS)}`)).toEqual({ mailbox: 0, itemId: EWS });
    expect(routeItem(`/mail/0/deeplink/read/${REST}`)).toEqual({ mailbox: 0, itemId: EWS });
    expect(routeItem(`/mail/0/id/${REST}`)).toEqual({ mailbox: 0, itemId: EWS });
    expect(routeItem('/mail/0/inbox')).toBeNull();
    expect(routeItem('/mail/0/inbox/id/%E0%A4%A')).toBeNull(); // broken escape
    expect(routeItem('/calendar/view/month')).toBeNull();
    expect(mailboxIndex('/mail/3/inbox')).toBe(3);
    expect(mailboxIndex('/mail/inbox')).toBe(0);
    expect(conversationId('AAQkADAwATY0MDAAMS1k/x+AAA=')).toBe('AAQkADAwATY0MDAAMS1k/x+AAA=');
    expect(conversationId('<script>')).toBeNull();
  });
});

describe('page headers from the MAIN world', () => {
  it('keeps only well-formed MSAuth1.0 / Bearer values, the mailbox anchor and the canary', () => {
    expect(validPageHeaders(JSON.stringify({ authorization: AUTH, 'x-anchormailbox': 'PUID:00037FFE@84df9e7f', 'x-owa-canary': 'abc_123', cookie: 'x' }))).toEqual({
      authorization: AUTH,
      anchorMailbox: 'PUID:00037FFE@84df9e7f',
      canary: 'abc_123',
    });
    expect(validPageHeaders(JSON.stringify({ authorization: 'Bearer eyJ0eXAi.eyJhdWQi.sig-_' }))).toEqual({ authorization: 'Bearer eyJ0eXAi.eyJhdWQi.sig-_' });
    for (const bad of ['Basic dXNlcjpwYXNz', 'Bearer a\r\nX-Evil: 1', 'MSAuth1.0 usertoken="a", type="MSACT"\r\nx: y', 'Bearer ']) {
      expect(validPageHeaders(JSON.stringify({ authorization: bad })), bad).toEqual({});
    }
    expect(validPageHeaders('not json')).toEqual({});
    expect(validPageHeaders({ authorization: AUTH })).toEqual({}); // only a JSON string crosses the world boundary
  });
});

describe('service.svc GetItem with IncludeMimeContent', () => {
  it('posts the GetItemJsonRequest to the page’s own origin with the page’s own Authorization header', async () => {
    const { ctx, calls } = ctxWith(() => json(mimeAnswer(Buffer.from(MIME).toString('base64'))));
    const bytes = await getItemMime(ctx, EWS);
    expect(new TextDecoder().decode(bytes)).toBe(MIME);
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('https://outlook.live.com/owa/service.svc?action=GetItem&app=Mail');
    const headers = calls[0].init.headers as Record<string, string>;
    expect(headers.authorization).toBe(AUTH);
    expect(headers.action).toBe('GetItem');
    expect(headers['x-anchormailbox']).toBe('PUID:1@t');
    const body = JSON.parse(String(calls[0].init.body));
    expect(body.__type).toBe('GetItemJsonRequest:#Exchange');
    expect(body.Body.ItemShape.IncludeMimeContent).toBe(true);
    expect(body.Body.ItemIds[0].Id).toBe(EWS);
    expect(serviceUrl('https://outlook.office.com', 2, 'GetItem')).toBe('https://outlook.office.com/owa/2/service.svc?action=GetItem&app=Mail');
  });

  it('says what went wrong: no header yet, HTTP refusal, a changed shape, not base64, not a message, an Exchange error', async () => {
    const code = async (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof RawSourceError ? e.code : `other: ${String(e)}`));
    expect(await code(getItemMime({ ...ctxWith(() => json({})).ctx, headers: {} }, EWS))).toBe('no-ik');
    expect(await code(getItemMime(ctxWith(() => new Response('', { status: 401 })).ctx, EWS))).toBe('http');
    expect(await code(getItemMime(ctxWith(() => json({ Body: { Responses: [] } })).ctx, EWS))).toBe('changed');
    expect(await code(getItemMime(ctxWith(() => new Response('<html>login</html>')).ctx, EWS))).toBe('changed');
    expect(await code(getItemMime(ctxWith(() => json(mimeAnswer('%%%not base64'))).ctx, EWS))).toBe('changed');
    expect(await code(getItemMime(ctxWith(() => json(mimeAnswer(Buffer.from('<!doctype html><p>x').toString('base64')))).ctx, EWS))).toBe('not-a-message');
    expect(await code(getItemMime(ctxWith(() => json({ Body: { ResponseMessages: { Items: [{ ResponseClass: 'Error', ResponseCode: 'ErrorItemNotFound' }] } } })).ctx, EWS))).toBe('http');
    expect(await code(getItemMime(ctxWith(() => json(mimeAnswer(null))).ctx, EWS))).toBe('changed');
  });

  it('lists a conversation’s item ids in order, skipping malformed ones', async () => {
    const answer = { Body: { ResponseMessages: { Items: [{ ResponseClass: 'Success', Conversation: { ConversationNodes: [{ Items: [{ ItemId: { Id: 'AAMkAAA1+/x=' } }] }, { Items: [{ ItemId: { Id: 'bad id"' } }] }, { Items: [{ ItemId: { Id: 'AAMkAAA2+/y=' } }] }] } }] } } };
    const { ctx, calls } = ctxWith(() => json(answer));
    expect(await conversationItemIds(ctx, 'AAQkAAAconv+/=')).toEqual(['AAMkAAA1+/x=', 'AAMkAAA2+/y=']);
    expect(calls[0].url).toContain('action=GetConversationItems');
  });
});

describe('the fallback chain', () => {
  const okService = async (): Promise<ServiceContext> => ctxWith(() => json(mimeAnswer(Buffer.from(MIME).toString('base64')))).ctx;
  const failingService = async (): Promise<ServiceContext> => ctxWith(() => new Response('', { status: 500 })).ctx;

  it('uses service.svc first and does not touch Graph when it works', async () => {
    const graphCalls: string[] = [];
    const got = await fetchOutlookRawSource(EWS, okService, async (id) => (graphCalls.push(id), new Uint8Array()), fastLimiter());
    expect(got.via).toBe('outlook-service');
    expect(graphCalls).toEqual([]);
  });

  it('falls back to Graph with the REST form of the id when service.svc fails', async () => {
    const graphCalls: string[] = [];
    const got = await fetchOutlookRawSource(EWS, failingService, async (id) => (graphCalls.push(id), new TextEncoder().encode(MIME)), fastLimiter());
    expect(got.via).toBe('outlook-graph');
    expect(graphCalls).toEqual([REST]);
  });

  it('ends with "unavailable" (the download hint), naming both failures, when Graph is not signed in either', async () => {
    const err = await fetchOutlookRawSource(EWS, failingService, async () => Promise.reject(new Error('Microsoft Graph is not signed in for reading mail.')), fastLimiter()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RawSourceError);
    expect((err as RawSourceError).code).toBe('unavailable');
    expect((err as Error).message).toMatch(/service\.svc: service\.svc GetItem answered 500; Graph: Microsoft Graph is not signed in/);
  });

  it('does not accept a Graph answer that is not a message, and stops at too-large without trying further', async () => {
    const notMail = await fetchOutlookRawSource(EWS, failingService, async () => new TextEncoder().encode('<html>'), fastLimiter()).catch((e: unknown) => e);
    expect((notMail as RawSourceError).code).toBe('unavailable');
    const graphCalls: string[] = [];
    // An answer announced as larger than any message may be (the body itself is never read).
    const huge = async (): Promise<ServiceContext> => ctxWith(() => new Response('{}', { headers: { 'content-length': String(100 * 1024 * 1024) } })).ctx;
    const tooLarge = await fetchOutlookRawSource(EWS, huge, async (id) => (graphCalls.push(id), new Uint8Array()), fastLimiter()).catch((e: unknown) => e);
    expect((tooLarge as RawSourceError).code).toBe('too-large');
    expect(graphCalls).toEqual([]);
  });

  it('goes straight to the hint when no item id is known (a conversation whose items could not be listed)', async () => {
    const err = await fetchOutlookRawSource(null, okService, async () => new Uint8Array(), fastLimiter(), undefined, new RawSourceError('changed', 'listing failed')).catch((e: unknown) => e);
    expect((err as RawSourceError).code).toBe('unavailable');
    expect((err as Error).message).toContain('listing failed');
  });
});
