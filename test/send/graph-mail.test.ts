// Graph sendMail and $value without a network: the request is exactly the base64 of the message as text/plain, the
// ~4 MB limit is refused before any upload, failures map to the composer's kinds, and ids are checked before use.
import { describe, expect, it } from 'vitest';
import { GRAPH_SEND_LIMIT_BYTES, GRAPH_SEND_URL, classifyGraphFailure, graphMimeUrl, readMimeViaGraph, sendMimeViaGraph } from '../../src/background/send/graph-mail';
import { SendError, type FetchLike } from '../../src/background/send/gmail-send';

const MESSAGE = new TextEncoder().encode('From: a@example.com\r\nSubject: テスト\r\n\r\n本文\r\n');

describe('Graph sendMail with MIME', () => {
  it('posts the base64 of the whole message as text/plain with the bearer token', async () => {
    const calls: { url: string; headers: Record<string, string>; body?: Uint8Array }[] = [];
    const f: FetchLike = async (url, init) => (calls.push({ url, headers: init.headers, body: init.body }), new Response(null, { status: 202 }));
    await sendMimeViaGraph(f, 'tok', MESSAGE);
    expect(calls[0].url).toBe(GRAPH_SEND_URL);
    expect(calls[0].headers).toEqual({ Authorization: 'Bearer tok', 'Content-Type': 'text/plain' });
    const text = new TextDecoder().decode(calls[0].body);
    expect(text).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(text, 'base64').equals(Buffer.from(MESSAGE))).toBe(true);
  });

  it('refuses above about 4 MB (as sent) without uploading, and says so', async () => {
    let called = false;
    const f: FetchLike = async () => ((called = true), new Response(null, { status: 202 }));
    const big = new Uint8Array(Math.ceil((GRAPH_SEND_LIMIT_BYTES / 4) * 3) + 3);
    const e = await sendMimeViaGraph(f, 'tok', big).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SendError);
    expect((e as SendError).kind).toBe('too-large');
    expect((e as Error).message).toMatch(/about 4\.0 MB/);
    expect(called).toBe(false);
  });

  it('maps Graph failures to the composer’s kinds', () => {
    expect(classifyGraphFailure(401, '{"error":{"code":"InvalidAuthenticationToken","message":"expired"}}').kind).toBe('unauthorized');
    expect(classifyGraphFailure(429, '').kind).toBe('quota');
    expect(classifyGraphFailure(503, '').kind).toBe('server');
    expect(classifyGraphFailure(413, '').kind).toBe('too-large');
    const rejected = classifyGraphFailure(400, '{"error":{"code":"ErrorMimeContentInvalid","message":"bad mime"}}');
    expect(rejected.kind).toBe('rejected');
    expect(rejected.message).toContain('ErrorMimeContentInvalid: bad mime');
  });
});

describe('Graph $value', () => {
  it('reads the MIME of a REST id and refuses ids that could change the URL', async () => {
    expect(graphMimeUrl('AAMkAD_abc-def=')).toBe('https://graph.microsoft.com/v1.0/me/messages/AAMkAD_abc-def%3D/$value');
    for (const bad of ['AAMk/../../users', 'AAMk?$select=x', 'short']) expect(() => graphMimeUrl(bad), bad).toThrow(SendError);
    const f: FetchLike = async (url, init) => {
      expect(init.headers.Authorization).toBe('Bearer tok');
      return new Response(MESSAGE, { status: 200 });
    };
    expect(Buffer.from(await readMimeViaGraph(f, 'tok', 'AAMkAD_abc-def=')).equals(Buffer.from(MESSAGE))).toBe(true);
    const unauth: FetchLike = async () => new Response('{}', { status: 401 });
    expect(((await readMimeViaGraph(unauth, 'tok', 'AAMkAD_abc-def=').catch((x: unknown) => x)) as SendError).kind).toBe('unauthorized');
  });
});
