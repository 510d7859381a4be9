// Turns bytes in a MIME charset into text. Mail still arrives in ISO-2022-JP, Shift_JIS, EUC-JP,
// ISO-8859-* and windows-125x; TextDecoder knows them under WHATWG labels, so we map mail-world aliases.
import { decodeBody } from './decode-transfer-encoding';
import type { MimeEntity } from './parse-mime';

/** Result of decoding: the text, the WHATWG encoding actually used, and whether we had to guess. */
export interface DecodedText {
  text: string;
  /** WHATWG name of the decoder used, e.g. "shift_jis", "utf-8". */
  encoding: string;
  /** True when the declared charset is unknown (or unsafe, like UTF-7) and UTF-8 was used instead. */
  fallback: boolean;
}

// Mail/IANA names that TextDecoder does not accept under that spelling.
const ALIASES: Record<string, string> = {
  cp932: 'shift_jis',
  'ms-932': 'shift_jis',
  'x-ms-cp932': 'shift_jis',
  sjis: 'shift_jis',
  'shift-jis': 'shift_jis',
  'x-euc-jp': 'euc-jp',
  eucjp: 'euc-jp',
  'x-euc': 'euc-jp',
  'iso-2022-jp-1': 'iso-2022-jp', // superset we cannot fully decode; the common subset is ISO-2022-JP
  'iso-2022-jp-3': 'iso-2022-jp',
  csiso2022jp: 'iso-2022-jp',
  'cp-1252': 'windows-1252',
  'cp-1251': 'windows-1251',
  'cp-1250': 'windows-1250',
  'x-cp1252': 'windows-1252',
  'x-cp1251': 'windows-1251',
  'x-cp1250': 'windows-1250',
  cp936: 'gbk',
  'ks_c_5601': 'euc-kr',
  cp949: 'euc-kr',
  'x-gbk': 'gbk',
  utf8: 'utf-8',
  'utf-8-sig': 'utf-8',
  ansi_x3: 'windows-1252',
  'ansi_x3.4-1968': 'windows-1252',
  '646': 'windows-1252',
};

// Never decode these: UTF-7 lets attackers smuggle markup past filters, "replacement" hides content.
const REFUSED = new Set(['utf-7', 'unicode-1-1-utf-7', 'csunicode11utf7', 'replacement', 'x-user-defined']);

// Node 20 decodes "windows-1252" as ISO-8859-1 (C1 controls for 0x80-0x9F); browsers follow WHATWG.
// Mapping the C1 range afterwards gives the WHATWG result everywhere (undefined bytes stay as they are).
const CP1252_C1 = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function fixCp1252(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]);
}

function run(encoding: string, bytes: Uint8Array): string {
  // A fresh decoder per call: Chromium's TextDecoder keeps ISO-2022-JP state (mode and "escape just seen")
  // from one non-streaming decode() to the next, which put a stray U+FFFD or wrong kanji into later text.
  const input = encoding === 'iso-2022-jp' ? dropRedundantEscapes(bytes) : bytes;
  const text = new TextDecoder(encoding).decode(input);
  return encoding === 'windows-1252' ? fixCp1252(text) : text;
}

const ESC = 0x1b;

/** Length of the ISO-2022-JP escape sequence at `i` (ESC ( B|J|I, ESC $ @|B), or 0. */
function escapeAt(bytes: Uint8Array, i: number): number {
  if (bytes[i] !== ESC || i + 2 >= bytes.length) return 0;
  const a = bytes[i + 1];
  const b = bytes[i + 2];
  if (a === 0x28 && (b === 0x42 || b === 0x4a || b === 0x49)) return 3;
  if (a === 0x24 && (b === 0x40 || b === 0x42)) return 3;
  return 0;
}

/**
 * Drop an escape sequence that is directly followed by another one. Mailers (Python's email, many Japanese
 * ones) end every encoded-word and often every line with ESC ( B, so joined words read "ESC ( B ESC $ B";
 * the WHATWG decoder reports that as an error (U+FFFD) although the first escape only switches modes twice.
 */
export function dropRedundantEscapes(bytes: Uint8Array): Uint8Array {
  if (bytes.indexOf(ESC) < 0) return bytes;
  const out = new Uint8Array(bytes.length);
  let o = 0;
  for (let i = 0; i < bytes.length; ) {
    const len = escapeAt(bytes, i);
    if (len > 0 && escapeAt(bytes, i + len) > 0) {
      i += len;
      continue;
    }
    out[o++] = bytes[i++];
  }
  return o === bytes.length ? bytes : out.slice(0, o);
}

// Label → WHATWG encoding name (null: unknown or refused). Only the name is cached, never a decoder.
const encodings = new Map<string, string | null>();
const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

function encodingFor(label: string): string | undefined {
  const cached = encodings.get(label);
  if (cached !== undefined) return cached ?? undefined;
  let encoding: string | null;
  try {
    encoding = new TextDecoder(label).encoding;
    if (REFUSED.has(encoding)) encoding = null;
  } catch {
    encoding = null;
  }
  if (encodings.size < 256) encodings.set(label, encoding);
  return encoding ?? undefined;
}

/** The WHATWG encoding name for a MIME charset label, or undefined if unknown or refused. */
export function resolveCharset(charset: string | undefined): string | undefined {
  const label = normalizeLabel(charset);
  if (label === '' || REFUSED.has(label)) return undefined;
  return encodingFor(ALIASES[label] ?? label);
}

function normalizeLabel(charset: string | undefined): string {
  let label = (charset ?? '').trim().toLowerCase();
  // Quoted or with an RFC 2231 language suffix ("utf-8*en").
  label = label.replace(/^"(.*)"$/, '$1');
  const star = label.indexOf('*');
  if (star >= 0) label = label.slice(0, star);
  return label;
}

/**
 * Decode bytes declared as `charset`. A missing or US-ASCII charset decodes as UTF-8 when the
 * bytes are valid UTF-8, else as windows-1252 (an ASCII superset). Unknown charsets fall back to UTF-8 with U+FFFD replacement and set
 * `fallback`. Never throws for any input.
 */
export function decodeText(bytes: Uint8Array, charset: string | undefined): DecodedText {
  const label = normalizeLabel(charset);
  if (label === '' || label === 'us-ascii' || label === 'ascii') {
    // Undeclared or ASCII-declared 8-bit text is in practice UTF-8 far more often than anything else.
    try {
      return { text: fatalUtf8.decode(bytes), encoding: 'utf-8', fallback: false };
    } catch {
      return { text: run('windows-1252', bytes), encoding: 'windows-1252', fallback: false };
    }
  }
  const known = REFUSED.has(label) ? undefined : encodingFor(ALIASES[label] ?? label);
  const encoding = known ?? 'utf-8';
  return { text: run(encoding, bytes), encoding, fallback: known === undefined };
}

/**
 * The text of a leaf entity: transfer encoding undone, then its charset parameter applied.
 * Throws EngineError only for malformed base64 or an unknown transfer encoding.
 */
export function entityText(entity: Pick<MimeEntity, 'body' | 'transferEncoding' | 'contentType'>): string {
  return decodeText(decodeBody(entity), entity.contentType.params.charset).text;
}
