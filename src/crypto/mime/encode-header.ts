// Header encoding for outgoing mail: RFC 2047 encoded-words for non-ASCII text, RFC 2231 for non-ASCII
// parameters, and folding to 78 columns, so headers survive 7-bit transports and strict parsers.
import { EngineError } from '../errors';

const MAX_LINE = 78;
const MAX_WORD = 75; // RFC 2047: an encoded-word is at most 75 characters
const WORD_OVERHEAD = '=?UTF-8?B??='.length;

const utf8 = new TextEncoder();
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A header field for the builder. `value` is Unicode text unless `encoded` says it is ready-made ASCII. */
export interface HeaderField {
  name: string;
  value: string;
  /** Value is already RFC 5322/2047-encoded ASCII: only fold it (at its spaces). */
  encoded?: boolean;
  /** Pre-encoded unbreakable pieces (e.g. from addressListAtoms); folding happens only between them. */
  atoms?: string[];
}

export function assertHeaderName(name: string): void {
  if (!/^[!-9;-~]+$/.test(name)) throw new EngineError('invalid-argument', `invalid header name "${name}"`);
}

/** Line breaks in caller-supplied text would inject headers; they become single spaces. */
export function flattenLineBreaks(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

function isPlainAscii(s: string): boolean {
  return /^[\x20-\x7e\t]*$/.test(s);
}

/**
 * RFC 2047 B-encoded UTF-8 words for `text`, each at most 75 characters; characters are never split
 * across words. The first word is sized to fit in `firstRoom` columns when that leaves useful space.
 */
export function encodeWords(text: string, firstRoom = MAX_WORD): string[] {
  const words: string[] = [];
  let room = Math.min(firstRoom, MAX_WORD);
  let chunk: number[] = [];
  const flush = (): void => {
    words.push(`=?UTF-8?B?${b64(chunk)}?=`);
    chunk = [];
    room = MAX_WORD;
  };
  for (const ch of text) {
    const bytes = utf8.encode(ch);
    const next = chunk.length + bytes.length;
    if (chunk.length > 0 && WORD_OVERHEAD + Math.ceil(next / 3) * 4 > room) flush();
    for (const b of bytes) chunk.push(b);
  }
  if (chunk.length > 0 || words.length === 0) flush();
  return words;
}

function b64(bytes: number[]): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    s += B64[n >> 18] + B64[(n >> 12) & 63];
    s += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    s += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return s;
}

/**
 * Fold "Name: atom atom ..." into lines of at most 78 characters, breaking only between atoms (the
 * separating space becomes the folding whitespace). Returns the field with a trailing CRLF.
 */
export function foldAtoms(name: string, atoms: string[]): string {
  assertHeaderName(name);
  const lines: string[] = [];
  let line = `${name}:`;
  let hasAtom = false;
  for (const atom of atoms) {
    // Break between atoms; before the first one only when a long field name leaves too little room.
    const canBreak = atom !== '' && (hasAtom || line.length >= 40);
    if (canBreak && line.length + 1 + atom.length > MAX_LINE) {
      lines.push(line);
      line = '';
    }
    line += ` ${atom}`;
    hasAtom = true;
  }
  lines.push(line);
  for (const l of lines) {
    if (l.length > 998) throw new EngineError('invalid-argument', `header "${name}" has a line longer than 998 characters`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * An unstructured header (Subject, Comments, X-*): plain ASCII is folded at its spaces; non-ASCII
 * text, or a word too long to fold, is sent as UTF-8 encoded-words.
 */
export function formatUnstructuredHeader(name: string, value: string): string {
  const text = flattenLineBreaks(value);
  const atoms = text.split(' ');
  const needsEncoding = !isPlainAscii(text) || atoms.some((a) => a.length > MAX_LINE - 2) || /=\?/.test(text);
  if (!needsEncoding) return foldAtoms(name, atoms);
  // Size the first word to fit after "Name: "; with a very long name it goes on the next line.
  const room = MAX_LINE - name.length - 2;
  return foldAtoms(name, encodeWords(text, room >= 20 ? room : MAX_WORD));
}

/** Render any header field from the builder's HeaderField. */
export function formatHeaderField(field: HeaderField): string {
  if (field.atoms) {
    if (!field.atoms.every((a) => isPlainAscii(a) && !/[\r\n]/.test(a))) {
      throw new EngineError('invalid-argument', `header "${field.name}" atoms must be printable ASCII`);
    }
    return foldAtoms(field.name, field.atoms);
  }
  if (field.encoded) {
    const v = flattenLineBreaks(field.value);
    if (!isPlainAscii(v)) throw new EngineError('invalid-argument', `header "${field.name}" is marked encoded but is not ASCII`);
    return foldAtoms(field.name, v.split(' '));
  }
  return formatUnstructuredHeader(field.name, field.value);
}

export interface AddressInput {
  name?: string;
  address: string;
}

const ATEXT_PHRASE = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/;
const ADDR_SPEC = /^(?:[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+|"(?:[^"\\\r\n]|\\.)*")@[A-Za-z0-9.\-]+$|^(?:[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+)@\[[^\]\s]+\]$/;

/** Atoms for one mailbox: display name (quoted or encoded as needed) and <addr-spec>. */
export function mailboxAtoms(a: AddressInput | string): string[] {
  const input = typeof a === 'string' ? { address: a } : a;
  const address = input.address.trim();
  if (!ADDR_SPEC.test(address)) throw new EngineError('invalid-argument', `invalid e-mail address "${address}"`);
  const name = input.name === undefined ? '' : flattenLineBreaks(input.name).trim();
  if (name === '') return [address];
  let nameAtoms: string[];
  if (!isPlainAscii(name) || /=\?/.test(name)) nameAtoms = encodeWords(name);
  else if (ATEXT_PHRASE.test(name) && !name.includes('  ')) nameAtoms = name.split(' ');
  else nameAtoms = [`"${name.replace(/(["\\])/g, '\\$1')}"`];
  return [...nameAtoms, `<${address}>`];
}

/** Atoms of an address list, commas attached to the end of each mailbox. */
export function addressListAtoms(list: (AddressInput | string)[]): string[] {
  const atoms: string[] = [];
  list.forEach((a, i) => {
    const m = mailboxAtoms(a);
    if (i < list.length - 1) m[m.length - 1] += ',';
    atoms.push(...m);
  });
  return atoms;
}

/** "Name: mailbox, mailbox" folded. */
export function formatAddressHeader(name: string, list: (AddressInput | string)[]): string {
  if (list.length === 0) throw new EngineError('invalid-argument', `header "${name}" needs at least one address`);
  return foldAtoms(name, addressListAtoms(list));
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Parameter atoms "; name=value" for Content-Type / Content-Disposition. ASCII values are tokens or
 * quoted strings; non-ASCII or very long values use RFC 2231 (UTF-8, percent-encoded, split into
 * numbered sections that never cut a character). One atom per parameter or section, without the
 * separating ";" (formatParameterizedHeader adds it).
 */
export function parameterAtoms(params: Record<string, string>): string[] {
  const atoms: string[] = [];
  for (const [rawName, rawValue] of Object.entries(params)) {
    const name = rawName.toLowerCase();
    if (!TOKEN.test(name)) throw new EngineError('invalid-argument', `invalid parameter name "${rawName}"`);
    const value = flattenLineBreaks(rawValue);
    if (isPlainAscii(value) && value.length <= 60) {
      atoms.push(TOKEN.test(value) ? `${name}=${value}` : `${name}="${value.replace(/(["\\])/g, '\\$1')}"`);
    } else {
      atoms.push(...rfc2231Sections(name, value));
    }
  }
  return atoms;
}

function rfc2231Sections(name: string, value: string): string[] {
  const encodedChars: string[] = []; // one entry per Unicode character, already percent-encoded
  for (const ch of value) {
    let e = '';
    for (const b of utf8.encode(ch)) {
      e += isAttrChar(b) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    encodedChars.push(e);
  }
  const prefix = "UTF-8''";
  const whole = prefix + encodedChars.join('');
  if (name.length + 2 + whole.length <= MAX_LINE - 2) return [`${name}*=${whole}`];
  const sections: string[] = [];
  let current = prefix;
  const budget = MAX_LINE - 2 - name.length - 8; // room for " name*NN*=" and ";"
  for (const e of encodedChars) {
    if (current.length + e.length > budget && current !== prefix && current !== '') {
      sections.push(current);
      current = '';
    }
    current += e;
  }
  if (current !== '') sections.push(current);
  return sections.map((s, i) => `${name}*${i}*=${s}`);
}

// RFC 2231 attribute-char: token chars except "*", "'", "%".
function isAttrChar(b: number): boolean {
  if (b <= 0x20 || b >= 0x7f) return false;
  return !'*\'%()<>@,;:\\"/[]?='.includes(String.fromCharCode(b));
}

/** "Content-Type: type/subtype; a=b; ..." folded, each parameter on its own line when it does not fit. */
export function formatParameterizedHeader(name: string, value: string, params: Record<string, string>): string {
  const atoms = [value, ...parameterAtoms(params)];
  for (let i = 0; i < atoms.length - 1; i++) atoms[i] += ';';
  return foldAtoms(name, atoms);
}
