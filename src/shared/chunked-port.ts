// Carries values of any size over a JSON-only runtime Port by splitting their wire encoding into base64
// chunks (256 KiB of payload each). Bounded on the receiving side: a hostile peer cannot make us buffer
// without limit or keep unbounded partial messages.
import { base64Decode, base64Encode } from '../crypto/base64';
import { decodeWireValue, encodeWireValue, WireFormatError } from './wire-codec';

/** The part of chrome.runtime.Port we use; a fake pair implements it in tests. */
export interface PortLike {
  name: string;
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(callback: (message: unknown) => void): void };
  onDisconnect: { addListener(callback: () => void): void };
}

export const DEFAULT_CHUNK_BYTES = 256 * 1024;
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
const DEFAULT_MAX_PARTIAL = 8;

export interface ChunkFrame {
  t: number; // transmission id, per direction
  i: number; // chunk index
  n: number; // chunk count
  d: string; // base64 of the chunk
}

export interface ChunkedChannelOptions {
  chunkBytes?: number;
  maxMessageBytes?: number;
  maxPartialMessages?: number;
}

export interface ChunkedChannel {
  send(value: unknown): void;
  close(): void;
  readonly closed: boolean;
}

interface Partial {
  parts: Uint8Array[];
  received: number;
  bytes: number;
  count: number;
}

function isChunkFrame(x: unknown): x is ChunkFrame {
  if (typeof x !== 'object' || x === null) return false;
  const f = x as Record<string, unknown>;
  return (
    Number.isSafeInteger(f.t) &&
    Number.isSafeInteger(f.i) &&
    Number.isSafeInteger(f.n) &&
    typeof f.d === 'string' &&
    (f.n as number) >= 1 &&
    (f.i as number) >= 0 &&
    (f.i as number) < (f.n as number)
  );
}

/**
 * Wraps `port`: `send` posts a value; `onValue` gets each complete value in order. Protocol violations
 * (bad frames, oversize, bad encoding) call `onProtocolError` and disconnect the port.
 */
export function createChunkedChannel(
  port: PortLike,
  onValue: (value: unknown) => void,
  onClose: (reason: 'disconnected' | 'protocol-error', detail?: string) => void,
  opts: ChunkedChannelOptions = {},
): ChunkedChannel {
  const chunkBytes = opts.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const maxMessageBytes = opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const maxPartial = opts.maxPartialMessages ?? DEFAULT_MAX_PARTIAL;
  const maxChunks = Math.ceil(maxMessageBytes / chunkBytes) + 1;
  const partial = new Map<number, Partial>();
  let nextTransmission = 1;
  let closed = false;

  /** Stops for good: forgets partial messages and disconnects; false if it was already closed. */
  const shut = (): boolean => {
    if (closed) return false;
    closed = true;
    partial.clear();
    try {
      port.disconnect();
    } catch {
      // already gone
    }
    return true;
  };

  const fail = (detail: string) => {
    if (shut()) onClose('protocol-error', detail);
  };

  port.onDisconnect.addListener(() => {
    if (closed) return;
    closed = true;
    partial.clear();
    onClose('disconnected');
  });

  port.onMessage.addListener((message: unknown) => {
    if (closed) return;
    if (!isChunkFrame(message)) return fail('Malformed frame.');
    if (message.n > maxChunks) return fail('Message too large.');
    // Base64 of one chunk is at most 4/3 of chunkBytes, plus padding.
    if (message.d.length > Math.ceil(chunkBytes / 3) * 4) return fail('Chunk too large.');
    let entry = partial.get(message.t);
    if (!entry) {
      if (message.i !== 0) return fail('Chunk out of order.');
      if (partial.size >= maxPartial) return fail('Too many partial messages.');
      entry = { parts: [], received: 0, bytes: 0, count: message.n };
      partial.set(message.t, entry);
    }
    if (message.i !== entry.received || message.n !== entry.count) return fail('Chunk out of order.');
    let chunk: Uint8Array;
    try {
      chunk = base64Decode(message.d);
    } catch {
      return fail('Chunk is not base64.');
    }
    entry.bytes += chunk.length;
    if (entry.bytes > maxMessageBytes) return fail('Message too large.');
    entry.parts.push(chunk);
    entry.received++;
    if (entry.received < entry.count) return;
    partial.delete(message.t);
    const whole = entry.parts.length === 1 ? entry.parts[0] : joinParts(entry.parts, entry.bytes);
    let value: unknown;
    try {
      value = decodeWireValue(whole);
    } catch (e) {
      return fail(e instanceof WireFormatError ? e.message : 'Undecodable message.');
    }
    onValue(value);
  });

  return {
    get closed() {
      return closed;
    },
    send(value: unknown) {
      if (closed) throw new WireFormatError('Channel is closed.');
      const bytes = encodeWireValue(value);
      if (bytes.length > maxMessageBytes) throw new WireFormatError(`Message of ${bytes.length} bytes exceeds the limit.`);
      const t = nextTransmission++;
      const n = Math.max(1, Math.ceil(bytes.length / chunkBytes));
      for (let i = 0; i < n; i++) {
        const frame: ChunkFrame = { t, i, n, d: base64Encode(bytes.subarray(i * chunkBytes, (i + 1) * chunkBytes)) };
        port.postMessage(frame);
      }
    },
    close() {
      shut();
    },
  };
}

function joinParts(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
