// Base64 (RFC 4648) and PEM (RFC 7468) for MIME bodies, CMS blobs and certificate files.
// Table-driven and allocation-light: multi-megabyte attachments must not stall the service worker.
import { EngineError } from './errors';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENC = new Uint8Array(64);
for (let i = 0; i < 64; i++) ENC[i] = ALPHABET.charCodeAt(i);

// Decode table: 0..63 = sextet, WS = skippable whitespace, PAD = '=', BAD = anything else.
const WS = 64;
const PAD = 65;
const BAD = 255;
const DEC = new Uint8Array(256).fill(BAD);
for (let i = 0; i < 64; i++) DEC[ENC[i]] = i;
for (const c of [0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c]) DEC[c] = WS;
DEC[0x3d] = PAD;
// Pre-shifted tables for the fast path; a non-sextet sets bit 24 so one test catches it.
const NOT_SEXTET = 1 << 24;
const D0 = new Uint32Array(256);
const D1 = new Uint32Array(256);
const D2 = new Uint32Array(256);
const D3 = new Uint32Array(256);
for (let c = 0; c < 256; c++) {
  const v = DEC[c];
  const ok = v < 64;
  D0[c] = ok ? v << 18 : NOT_SEXTET;
  D1[c] = ok ? v << 12 : NOT_SEXTET;
  D2[c] = ok ? v << 6 : NOT_SEXTET;
  D3[c] = ok ? v : NOT_SEXTET;
}

// Pair table: two sextets -> two output chars at once (4096 entries) halves the inner-loop work.
const PAIRS = new Uint16Array(4096);
for (let i = 0; i < 4096; i++) PAIRS[i] = ENC[i >> 6] | (ENC[i & 63] << 8);

const asciiDecoder = new TextDecoder('utf-8');
const asciiEncoder = new TextEncoder();

export interface Base64EncodeOptions {
  /** Wrap output into lines of this many characters (a multiple of 4; MIME uses 76, PEM 64). 0 = no wrapping. */
  lineLength?: number;
  /** Line separator when wrapping. Default CRLF (MIME canonical form). */
  newline?: '\r\n' | '\n';
  /** Bytes written before the base64 in the same buffer (e.g. MIME headers), so the result is not copied again. */
  prefix?: Uint8Array;
  /** Bytes written after the base64 in the same buffer (e.g. the body's final CRLF). */
  suffix?: Uint8Array;
}

const EMPTY = new Uint8Array(0);

/**
 * Base64-encode to ASCII bytes (what MIME builders write directly into a message). `data` may be several
 * chunks, encoded as if concatenated (a DER prefix and a large ciphertext need not be joined first).
 */
export function base64EncodeToBytes(data: Uint8Array | readonly Uint8Array[], opts: Base64EncodeOptions = {}): Uint8Array {
  const lineLength = opts.lineLength ?? 0;
  if (lineLength < 0 || lineLength % 4 !== 0) {
    throw new EngineError('invalid-argument', `base64 line length must be a non-negative multiple of 4, got ${lineLength}`);
  }
  const chunks = data instanceof Uint8Array ? [data] : data;
  let dataLength = 0;
  for (const c of chunks) dataLength += c.length;
  const prefix = opts.prefix ?? EMPTY;
  const suffix = opts.suffix ?? EMPTY;
  const flatLen = Math.ceil(dataLength / 3) * 4;
  const wrap = lineLength > 0 && flatLen > lineLength;
  const nl = opts.newline === '\n' ? 1 : 2;
  const lines = wrap ? Math.ceil(flatLen / lineLength) : 1;
  const bodyLen = flatLen + (lines - 1) * nl;
  const p = prefix.length;
  const total = p + bodyLen + suffix.length;
  // Start the view so that the base64 (after the prefix) is 4-aligned in its buffer: it is written a word at a time.
  const lead = (4 - (p & 3)) & 3;
  const out = new Uint8Array(new ArrayBuffer((lead + total + 3) & ~3), lead, total);
  out.set(prefix, 0);
  encodeFlat(chunks, out, p);
  if (wrap) {
    // Encoded flat right after the prefix; slide lines into place from the back with native memmoves
    // (copyWithin), which is far cheaper than a per-byte or per-subarray copy.
    for (let line = lines - 1; line > 0; line--) {
      const src = p + line * lineLength;
      const dst = src + line * nl;
      out.copyWithin(dst, src, Math.min(src + lineLength, p + flatLen));
      if (nl === 2) {
        out[dst - 2] = 0x0d;
        out[dst - 1] = 0x0a;
      } else {
        out[dst - 1] = 0x0a;
      }
    }
  }
  out.set(suffix, p + bodyLen);
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Unwrapped base64 of the chunks (as one byte string) into `out` from `start`, which must be 4-aligned in
 * `out.buffer`. Groups of three bytes that straddle two chunks are bridged through a small carry.
 */
function encodeFlat(chunks: readonly Uint8Array[], out: Uint8Array, start: number): void {
  const base = out.byteOffset + start;
  const words = new Uint32Array(out.buffer, base, (out.buffer.byteLength - base) >> 2);
  let w = 0;
  const put = (n: number): void => {
    if (LITTLE_ENDIAN) {
      words[w++] = PAIRS[n >> 12] | (PAIRS[n & 0xfff] << 16);
    } else {
      const o = start + w++ * 4;
      out[o] = ENC[n >> 18];
      out[o + 1] = ENC[(n >> 12) & 63];
      out[o + 2] = ENC[(n >> 6) & 63];
      out[o + 3] = ENC[n & 63];
    }
  };
  let carry = 0;
  let carried = 0; // bytes (0-2) of an unfinished group from earlier chunks
  for (const data of chunks) {
    let i = 0;
    while (carried > 0 && i < data.length) {
      carry = (carry << 8) | data[i++];
      if (++carried === 3) {
        put(carry);
        carry = 0;
        carried = 0;
      }
    }
    const full = i + (data.length - i) - ((data.length - i) % 3);
    if (LITTLE_ENDIAN) {
      for (; i < full; i += 3) {
        const n = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        words[w++] = PAIRS[n >> 12] | (PAIRS[n & 0xfff] << 16);
      }
    } else {
      for (; i < full; i += 3) put((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    }
    for (; i < data.length; i++) {
      carry = (carry << 8) | data[i];
      carried++;
    }
  }
  if (carried > 0) {
    const o = start + w * 4;
    const b0 = carried === 2 ? carry >> 8 : carry;
    const b1 = carried === 2 ? carry & 0xff : 0;
    out[o] = ENC[b0 >> 2];
    out[o + 1] = ENC[((b0 & 3) << 4) | (b1 >> 4)];
    out[o + 2] = carried === 2 ? ENC[(b1 & 15) << 2] : 0x3d;
    out[o + 3] = 0x3d;
  }
}

/** Base64-encode to a string, optionally wrapped (e.g. `{ lineLength: 76 }` for MIME with CRLF). */
export function base64Encode(data: Uint8Array, opts: Base64EncodeOptions = {}): string {
  return asciiDecoder.decode(base64EncodeToBytes(data, opts));
}

/**
 * Decode base64, skipping whitespace and line breaks anywhere. Padding is optional, but nothing but
 * whitespace or further '=' may follow it. Any other character, or a dangling single sextet, is an
 * EngineError('malformed').
 */
export function base64Decode(input: string | Uint8Array): Uint8Array {
  let src: Uint8Array;
  if (typeof input === 'string') {
    // Pure ASCII fits exactly; a non-ASCII character makes encodeInto stop short (or emit bytes >= 0x80).
    src = new Uint8Array(input.length);
    const { read } = asciiEncoder.encodeInto(input, src);
    if (read !== input.length) throw new EngineError('malformed', 'base64 input contains non-ASCII characters');
  } else {
    src = input;
  }
  const len = src.length;
  const out = new Uint8Array(Math.floor((len * 3) / 4) + 3);
  let o = 0;
  let i = 0;
  outer: while (i < len) {
    // Fast path: four sextets in a row (the common case inside a line). A line break between quads is
    // stepped over here too, so a wrapped MIME body stays in this loop until its padding.
    while (i + 4 <= len) {
      const n = D0[src[i]] | D1[src[i + 1]] | D2[src[i + 2]] | D3[src[i + 3]];
      if (n & NOT_SEXTET) {
        const c = src[i];
        if (c === 0x0d && src[i + 1] === 0x0a) i += 2;
        else if (c === 0x0a) i += 1;
        else break; // other whitespace, padding or garbage: take the careful path
        continue;
      }
      out[o++] = n >> 16;
      out[o++] = (n >> 8) & 0xff;
      out[o++] = n & 0xff;
      i += 4;
    }
    // Slow path: gather one quad across whitespace, or stop at padding / end.
    let n = 0;
    let k = 0;
    while (i < len && k < 4) {
      const v = DEC[src[i]];
      if (v < 64) {
        n = (n << 6) | v;
        k++;
        i++;
      } else if (v === WS) {
        i++;
      } else if (v === PAD) {
        break;
      } else {
        throw malformed(src[i], i);
      }
    }
    if (k === 4) {
      out[o++] = n >> 16;
      out[o++] = (n >> 8) & 0xff;
      out[o++] = n & 0xff;
      continue outer;
    }
    // Partial quad: end of input or padding reached.
    if (k === 1) throw new EngineError('malformed', 'base64 input ends with a dangling character');
    if (k === 2) out[o++] = (n >> 4) & 0xff;
    else if (k === 3) {
      out[o++] = (n >> 10) & 0xff;
      out[o++] = (n >> 2) & 0xff;
    }
    // Only '=' and whitespace may follow.
    for (; i < len; i++) {
      const v = DEC[src[i]];
      if (v !== WS && v !== PAD) {
        throw new EngineError('malformed', `base64 data continues after padding at offset ${i}`);
      }
      if (v === PAD && k === 0) throw new EngineError('malformed', `unexpected base64 padding at offset ${i}`);
    }
    break;
  }
  // A view, not a copy: the buffer is at most a few bytes plus ~3% (the line breaks) larger than needed.
  return out.subarray(0, o);
}

function malformed(byte: number, offset: number): EngineError {
  const shown = byte >= 0x21 && byte < 0x7f ? `'${String.fromCharCode(byte)}'` : `0x${byte.toString(16).padStart(2, '0')}`;
  return new EngineError('malformed', `invalid base64 character ${shown} at offset ${offset}`);
}

export interface PemBlock {
  label: string;
  der: Uint8Array;
}

const LABEL_RE = /^[\x21-\x2c\x2e-\x7e](?:[- ]?[\x21-\x2c\x2e-\x7e])*$/;

/**
 * Every PEM block in the text, with its label. Explanatory text around blocks is ignored (RFC 7468).
 * Scans with indexOf (linear time even for hostile input with many BEGIN lines).
 */
export function pemBlocks(text: string | Uint8Array): PemBlock[] {
  const s = typeof text === 'string' ? text : asciiDecoder.decode(text);
  const blocks: PemBlock[] = [];
  let pos = 0;
  for (;;) {
    const begin = s.indexOf('-----BEGIN ', pos);
    if (begin < 0) break;
    const labelStart = begin + 11;
    const labelEnd = s.indexOf('-----', labelStart);
    if (labelEnd < 0) throw new EngineError('malformed', 'PEM "BEGIN" line is not terminated');
    const label = s.slice(labelStart, labelEnd);
    if (label !== '' && !LABEL_RE.test(label)) throw new EngineError('malformed', 'PEM "BEGIN" line has an invalid label');
    const endMarker = `-----END ${label}-----`;
    const end = s.indexOf('-----END ', labelEnd + 5);
    if (end < 0) throw new EngineError('malformed', `PEM block "BEGIN ${label}" has no END line`);
    if (!s.startsWith(endMarker, end)) {
      const other = s.slice(end + 9, s.indexOf('-----', end + 9));
      throw new EngineError('malformed', `PEM block "BEGIN ${label}" ends with "END ${other.slice(0, 64)}"`);
    }
    let body = s.slice(labelEnd + 5, end);
    // Legacy RFC 1421 headers (Proc-Type, DEK-Info) precede a blank line; skip them.
    if (body.includes(':')) {
      const blank = body.search(/\r?\n[ \t]*\r?\n/);
      if (blank >= 0) body = body.slice(blank).replace(/^\s+/, '');
    }
    blocks.push({ label, der: base64Decode(body) });
    pos = end + endMarker.length;
  }
  return blocks;
}

/** DER of every PEM block (optionally only those with `label`, e.g. "CERTIFICATE"). Empty if none. */
export function pemToDer(text: string | Uint8Array, label?: string): Uint8Array[] {
  return pemBlocks(text)
    .filter((b) => label === undefined || b.label === label)
    .map((b) => b.der);
}

/** PEM text with 64-character lines and LF line endings, as OpenSSL writes it. */
export function derToPem(der: Uint8Array, label: string): string {
  if (!LABEL_RE.test(label)) {
    throw new EngineError('invalid-argument', `invalid PEM label "${label}"`);
  }
  const body = base64Encode(der, { lineLength: 64, newline: '\n' });
  return `-----BEGIN ${label}-----\n${body}${body.length ? '\n' : ''}-----END ${label}-----\n`;
}
