// The chunked transport: a 25 MB payload round-trips through JSON-serialising fake Ports in frames far
// below Chrome's message limit; hostile frames close the channel instead of crashing or buffering forever.
import { describe, expect, it } from 'vitest';
import { bytesEqual } from '../../src/crypto/bytes';
import { createChunkedChannel, DEFAULT_CHUNK_BYTES } from '../../src/shared/chunked-port';
import { decodeWireValue, encodeWireValue, WireFormatError } from '../../src/shared/wire-codec';
import { portPair } from './fake-chrome';

function pattern(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = 0x12345678;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function nextValue(onValue: (cb: (v: unknown) => void) => void): Promise<unknown> {
  return new Promise((resolve) => onValue(resolve));
}

describe('wire codec', () => {
  it('round-trips nested bytes, strings and numbers', () => {
    const value = { a: new Uint8Array([1, 2, 3]), b: [new Uint8Array(0), { c: 'ü→日本', d: new Uint8Array([255]) }], n: 5, z: null };
    expect(decodeWireValue(encodeWireValue(value))).toEqual(value);
  });
  it('rejects out-of-range binary references and garbage', () => {
    const bad = new TextEncoder().encode('{"x":{"__bytes__":[0,10]}}');
    const framed = new Uint8Array(4 + bad.length);
    new DataView(framed.buffer).setUint32(0, bad.length);
    framed.set(bad, 4);
    expect(() => decodeWireValue(framed)).toThrow(WireFormatError);
    expect(() => decodeWireValue(new Uint8Array([0, 0, 0, 9, 1]))).toThrow(WireFormatError);
    expect(() => decodeWireValue(new Uint8Array([0, 0, 0, 1, 0x7b]))).toThrow(WireFormatError);
  });
});

describe('chunked port', () => {
  it('carries a 25 MB payload intact in ≤ 350 KB JSON frames', async () => {
    const [a, b] = portPair('t');
    let deliver: (v: unknown) => void = () => undefined;
    createChunkedChannel(b, (v) => deliver(v), () => undefined);
    const sender = createChunkedChannel(a, () => undefined, () => undefined);
    const payload = pattern(25 * 1024 * 1024);
    const received = nextValue((cb) => (deliver = cb));
    sender.send({ op: 'verify-message', request: { message: payload } });
    const value = (await received) as { request: { message: Uint8Array } };
    expect(bytesEqual(value.request.message, payload)).toBe(true);
    expect(a.postedSizes.length).toBe(Math.ceil((payload.length + 60) / DEFAULT_CHUNK_BYTES));
    expect(Math.max(...a.postedSizes)).toBeLessThan(360_000);
  });

  it('keeps messages in order and separate', async () => {
    const [a, b] = portPair('t');
    const got: unknown[] = [];
    createChunkedChannel(b, (v) => got.push(v), () => undefined, { chunkBytes: 16 });
    const s = createChunkedChannel(a, () => undefined, () => undefined, { chunkBytes: 16 });
    s.send({ i: 1, data: pattern(100) });
    s.send({ i: 2 });
    s.send({ i: 3, data: pattern(33) });
    await new Promise((r) => setTimeout(r, 10));
    expect(got).toEqual([{ i: 1, data: pattern(100) }, { i: 2 }, { i: 3, data: pattern(33) }]);
  });

  it.each([
    ['not a frame', 'hello'],
    ['chunk out of order', { t: 1, i: 1, n: 2, d: '' }],
    ['too many chunks', { t: 1, i: 0, n: 10_000_000, d: '' }],
    ['bad base64', { t: 1, i: 0, n: 1, d: '***' }],
    ['undecodable payload', { t: 1, i: 0, n: 1, d: btoa('\x00\x00\x00\x05{') }],
  ])('closes the channel on a protocol violation: %s', async (_name, frame) => {
    const [a, b] = portPair('t');
    const closes: string[] = [];
    const values: unknown[] = [];
    createChunkedChannel(b, (v) => values.push(v), (reason) => closes.push(reason));
    a.postMessage(frame);
    await new Promise((r) => setTimeout(r, 5));
    expect(closes).toEqual(['protocol-error']);
    expect(values).toEqual([]);
    expect(b.disconnected).toBe(true);
  });

  it('refuses to buffer more than the size limit', async () => {
    const [a, b] = portPair('t');
    const closes: string[] = [];
    createChunkedChannel(b, () => undefined, (reason) => closes.push(reason), { chunkBytes: 1024, maxMessageBytes: 4096 });
    const s = createChunkedChannel(a, () => undefined, () => undefined, { chunkBytes: 1024, maxMessageBytes: 1 << 20 });
    s.send({ big: pattern(10_000) });
    await new Promise((r) => setTimeout(r, 5));
    expect(closes).toEqual(['protocol-error']);
  });
});
