// The Gmail API upload: simple (media) vs multipart with threadId, and how each failure is classified.
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/crypto/bytes';
import { classifySendFailure, multipartUploadBody, sendRawMessage, SendError } from '../../src/background/send/gmail-send';
import { parseTokenRedirect } from '../../src/background/send/oauth';

describe('Gmail send upload', () => {
  it('classifies failures', () => {
    expect(classifySendFailure(401, '').kind).toBe('unauthorized');
    expect(classifySendFailure(429, '').kind).toBe('quota');
    expect(classifySendFailure(403, '{"error":{"errors":[{"reason":"userRateLimitExceeded"}],"message":"slow down"}}').kind).toBe('quota');
    expect(classifySendFailure(403, '{"error":{"errors":[{"reason":"insufficientPermissions"}]}}').kind).toBe('rejected');
    expect(classifySendFailure(503, '').kind).toBe('server');
    expect(classifySendFailure(400, '{"error":{"message":"Invalid To header"}}').message).toContain('Invalid To header');
  });

  it('a network failure is a SendError("network"); a 2xx with an odd body is still a success', async () => {
    await expect(sendRawMessage(async () => Promise.reject(new TypeError('Failed to fetch')), 't', utf8('x'), null)).rejects.toMatchObject({ kind: 'network' });
    await expect(sendRawMessage(async () => new Response('not json', { status: 200 }), 't', utf8('x'), null)).resolves.toEqual({ id: '', threadId: null });
    await expect(sendRawMessage(async () => new Response('', { status: 500 }), 't', utf8('x'), null)).rejects.toBeInstanceOf(SendError);
  });

  it('builds a multipart/related upload with JSON metadata first, then the message unchanged', () => {
    const raw = utf8('Subject: x\r\n\r\nbody\r\n');
    const { body, contentType } = multipartUploadBody(raw, { threadId: 'abc' });
    const boundary = /boundary=(.+)$/.exec(contentType)![1];
    const text = new TextDecoder().decode(body);
    expect(text).toBe(`--${boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n{"threadId":"abc"}\r\n--${boundary}\r\nContent-Type: message/rfc822\r\n\r\nSubject: x\r\n\r\nbody\r\n\r\n--${boundary}--\r\n`);
  });

  it('OAuth redirect: state must match, gmail.send must be granted, errors are refused', () => {
    const base = 'https://id.chromiumapp.org/oauth2';
    expect(parseTokenRedirect(`${base}#access_token=a&expires_in=10&state=s1`, base, 's1')).toEqual({ accessToken: 'a', expiresIn: 10 });
    expect(() => parseTokenRedirect(`${base}#access_token=a&state=other`, base, 's1')).toThrow(/does not belong/);
    expect(() => parseTokenRedirect(`${base}#access_token=a&state=s1&scope=openid%20email`, base, 's1')).toThrow(/not granted/);
    expect(() => parseTokenRedirect(`${base}#error=access_denied&state=s1`, base, 's1')).toThrow(/access_denied/);
    expect(() => parseTokenRedirect(`https://evil.example/#access_token=a&state=s1`, base, 's1')).toThrow(/unexpected address/);
  });
});
