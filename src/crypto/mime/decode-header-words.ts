// Header text outside ASCII arrives as RFC 2047 encoded-words ("=?charset?B|Q?...?=") or, in
// parameters, as RFC 2231 extended values (title*0*=us-ascii'en'...). Both decode to Unicode here.
import { decodeText } from './decode-charset';
import { concatByteList } from '../bytes';
import { trimTrailing } from '../linear-text';

// charset may carry an RFC 2231 language suffix: =?utf-8*en?Q?...?=
const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
const MAX_DECODED_HEADER = 1 << 20; // bound work on hostile headers

interface Piece {
  kind: 'text' | 'word';
  text: string;
  charset: string;
  /** Payloads of adjacent words in one charset, joined once at the end (joining per word is quadratic). */
  chunks: Uint8Array[];
}

/**
 * Decode every RFC 2047 encoded-word in a header value. Whitespace between adjacent encoded-words is
 * dropped; adjacent words in the same charset are joined at the byte level before decoding, so a
 * multibyte character (or an ISO-2022-JP escape sequence) split across words survives. Malformed
 * words are left as written. Never throws.
 */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  const input = value.length > MAX_DECODED_HEADER ? value.slice(0, MAX_DECODED_HEADER) : value;
  const pieces: Piece[] = [];
  let last = 0;
  ENCODED_WORD.lastIndex = 0;
  for (let m = ENCODED_WORD.exec(input); m !== null; m = ENCODED_WORD.exec(input)) {
    const between = input.slice(last, m.index);
    const bytes = decodeWordPayload(m[2], m[3]);
    if (bytes === undefined) continue; // leave the malformed word as literal text
    const prev = pieces[pieces.length - 1];
    // Linear whitespace between two encoded-words is not displayed (RFC 2047 section 6.2).
    const dropGap = prev?.kind === 'word' && /^[ \t\r\n]*$/.test(between);
    if (between.length > 0 && !dropGap) pieces.push({ kind: 'text', text: between, charset: '', chunks: [] });
    const charset = m[1].toLowerCase().split('*')[0];
    const tail = pieces[pieces.length - 1];
    if (tail?.kind === 'word' && tail.charset === charset) {
      tail.chunks.push(bytes);
    } else {
      pieces.push({ kind: 'word', text: '', charset, chunks: [bytes] });
    }
    last = m.index + m[0].length;
  }
  if (pieces.length === 0) return value;
  let out = '';
  for (const p of pieces) out += p.kind === 'text' ? p.text : decodeText(concatByteList(p.chunks), p.charset).text;
  return out + input.slice(last);
}

function decodeWordPayload(encoding: string, payload: string): Uint8Array | undefined {
  return encoding === 'B' || encoding === 'b' ? decodeBWord(payload) : decodeQWord(payload);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

// Lenient base64 for encoded-words: some mailers omit padding; any other character invalidates the word.
function decodeBWord(payload: string): Uint8Array | undefined {
  const clean = trimTrailing(payload, '=');
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < clean.length; i++) {
    const v = B64.indexOf(clean[i]);
    if (v < 0) return undefined;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return new Uint8Array(out);
}

// Q encoding: "_" is space, =XX is a byte; a stray "=" is kept literally rather than failing the word.
function decodeQWord(payload: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < payload.length; i++) {
    const c = payload.charCodeAt(i);
    if (c === 0x5f) out.push(0x20);
    else if (c === 0x3d && /^[0-9A-Fa-f]{2}$/.test(payload.slice(i + 1, i + 3))) {
      out.push(parseInt(payload.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(c & 0xff);
  }
  return new Uint8Array(out);
}

/** One raw parameter as it appeared: `name` lowercased, possibly with an RFC 2231 "*n" / "*" suffix. */
export interface RawParam {
  name: string;
  value: string;
}

const MAX_SECTIONS = 1000;

/**
 * Apply RFC 2231 to raw parameters: join `name*0`, `name*1*`, ... in numeric order, percent-decode the
 * `*`-marked sections and decode them in the charset named by `charset'lang'` in section 0.
 * A plain `name` never overrides an extended one of the same name. Result has lowercased names.
 */
export function decodeRfc2231Params(raw: RawParam[]): Record<string, string> {
  const result: Record<string, string> = Object.create(null) as Record<string, string>;
  const extended = new Map<string, Map<number, { value: string; encoded: boolean }>>();
  for (const p of raw) {
    const m = /^([^*]+)\*(?:(\d{1,4})\*?|)$/.exec(p.name);
    const encodedSingle = /^[^*]+\*$/.test(p.name);
    if (!m) {
      if (!(p.name in result)) result[p.name] = p.value;
      continue;
    }
    const base = m[1];
    let sections = extended.get(base);
    if (!sections) {
      sections = new Map();
      extended.set(base, sections);
    }
    const index = encodedSingle ? 0 : Number(m[2]);
    if (index >= MAX_SECTIONS || sections.has(index)) continue;
    sections.set(index, { value: p.value, encoded: encodedSingle || p.name.endsWith('*') });
  }
  for (const [base, sections] of extended) {
    // Sections must be contiguous from 0; anything after a gap is ignored (RFC 2231 section 3).
    const parts: { value: string; encoded: boolean }[] = [];
    for (let i = 0; sections.has(i); i++) parts.push(sections.get(i)!);
    if (parts.length === 0) continue;
    let charset = '';
    const bytes: number[] = [];
    parts.forEach((part, i) => {
      let v = part.value;
      if (part.encoded && i === 0) {
        const q1 = v.indexOf("'");
        const q2 = q1 >= 0 ? v.indexOf("'", q1 + 1) : -1;
        if (q2 >= 0) {
          charset = v.slice(0, q1);
          v = v.slice(q2 + 1);
        }
      }
      if (part.encoded) pushPercentDecoded(v, bytes);
      else for (let k = 0; k < v.length; k++) pushChar(v.charCodeAt(k), bytes);
    });
    result[base] = decodeText(new Uint8Array(bytes), charset || 'utf-8').text;
  }
  return result;
}

function pushPercentDecoded(v: string, out: number[]): void {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 0x25 && /^[0-9A-Fa-f]{2}$/.test(v.slice(i + 1, i + 3))) {
      out.push(parseInt(v.slice(i + 1, i + 3), 16));
      i += 2;
    } else pushChar(c, out);
  }
}

// Literal characters in parameter values are normally ASCII; keep anything else as UTF-8.
function pushChar(c: number, out: number[]): void {
  if (c < 0x80) out.push(c);
  else for (const b of new TextEncoder().encode(String.fromCharCode(c))) out.push(b);
}
