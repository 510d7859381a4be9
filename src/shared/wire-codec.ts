// Turns a JSON-like value that may contain Uint8Arrays into one byte string and back, so the chunked
// transport can carry any message (a 25 MB .eml inside a request object) through JSON-only Ports.
// Layout: u32 big-endian JSON length | UTF-8 JSON | blob area. Bytes appear in JSON as {"__bytes__":[offset,length]}.

const BYTES_TAG = '__bytes__';
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export class WireFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireFormatError';
  }
}

export function encodeWireValue(value: unknown): Uint8Array {
  const blobs: Uint8Array[] = [];
  let blobBytes = 0;
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Uint8Array) {
      const ref = { [BYTES_TAG]: [blobBytes, v.length] };
      blobs.push(v);
      blobBytes += v.length;
      return ref;
    }
    if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
      throw new WireFormatError('Only Uint8Array binary values can cross the message boundary.');
    }
    return v;
  });
  const jsonBytes = encoder.encode(json ?? 'null');
  const out = new Uint8Array(4 + jsonBytes.length + blobBytes);
  new DataView(out.buffer).setUint32(0, jsonBytes.length, false);
  out.set(jsonBytes, 4);
  let offset = 4 + jsonBytes.length;
  for (const b of blobs) {
    out.set(b, offset);
    offset += b.length;
  }
  return out;
}

export function decodeWireValue(bytes: Uint8Array): unknown {
  if (bytes.length < 4) throw new WireFormatError('Truncated message.');
  const jsonLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, false);
  if (jsonLength > bytes.length - 4) throw new WireFormatError('Message JSON length exceeds the message.');
  let text: string;
  try {
    text = decoder.decode(bytes.subarray(4, 4 + jsonLength));
  } catch {
    throw new WireFormatError('Message JSON is not UTF-8.');
  }
  const blobArea = bytes.subarray(4 + jsonLength);
  try {
    return JSON.parse(text, (_key, v: unknown) => {
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        const keys = Object.keys(v);
        if (keys.length === 1 && keys[0] === BYTES_TAG) {
          const ref = (v as Record<string, unknown>)[BYTES_TAG];
          if (
            !Array.isArray(ref) ||
            ref.length !== 2 ||
            !Number.isSafeInteger(ref[0]) ||
            !Number.isSafeInteger(ref[1]) ||
            ref[0] < 0 ||
            ref[1] < 0 ||
            ref[0] + ref[1] > blobArea.length
          ) {
            throw new WireFormatError('Bad binary reference in message.');
          }
          return blobArea.slice(ref[0], ref[0] + ref[1]);
        }
      }
      return v;
    });
  } catch (e) {
    if (e instanceof WireFormatError) throw e;
    throw new WireFormatError('Message JSON does not parse.');
  }
}
