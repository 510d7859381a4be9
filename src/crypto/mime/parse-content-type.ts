// Content-Type and Content-Disposition values: "type/subtype; name=value; ...". Comments, quoted
// strings and RFC 2231 extended parameters are handled here so every caller sees one parameter model.
import { decodeRfc2231Params, type RawParam } from './decode-header-words';

export interface ContentType {
  type: string; // lowercased
  subtype: string; // lowercased
  /** Lowercased "type/subtype". */
  mediaType: string;
  /** Lowercased parameter names; RFC 2231 sections joined and decoded. Null-prototype object. */
  params: Record<string, string>;
}

export interface ParameterizedValue {
  /** The part before the first ';', comments removed, trimmed (not lowercased). */
  value: string;
  params: Record<string, string>;
}

const MAX_PARAMS = 256;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Parse "value; a=b; c="d"" (Content-Type, Content-Disposition). Never throws. */
export function parseParameterizedValue(header: string): ParameterizedValue {
  const s = stripComments(header);
  let i = 0;
  const n = s.length;
  while (i < n && s[i] !== ';') {
    if (s[i] === '"') i = skipQuoted(s, i).end;
    else i++;
  }
  const value = s.slice(0, i).trim();
  const raw: RawParam[] = [];
  while (i < n && raw.length < MAX_PARAMS) {
    // at ';' or whitespace
    while (i < n && (s[i] === ';' || isWsp(s[i]))) i++;
    if (i >= n) break;
    const nameStart = i;
    while (i < n && s[i] !== '=' && s[i] !== ';') i++;
    const name = s.slice(nameStart, i).trim().toLowerCase();
    if (i >= n || s[i] === ';') continue; // attribute without value: ignore
    i++; // '='
    while (i < n && isWsp(s[i])) i++;
    let val: string;
    if (s[i] === '"') {
      const q = skipQuoted(s, i);
      val = q.text;
      i = q.end;
      while (i < n && s[i] !== ';') i++; // junk after the closing quote is ignored
    } else {
      const start = i;
      while (i < n && s[i] !== ';') i++;
      val = s.slice(start, i).trim();
    }
    if (name !== '') raw.push({ name, value: val });
  }
  return { value, params: decodeRfc2231Params(raw) };
}

/**
 * Parse a Content-Type value. Missing or syntactically invalid values give the default
 * (text/plain; charset=us-ascii, or message/rfc822 inside multipart/digest) as RFC 2045/2046 require.
 */
export function parseContentType(header: string | undefined, defaultMediaType = 'text/plain'): ContentType {
  return (header === undefined ? undefined : parseContentTypeStrict(header)) ?? defaultContentType(defaultMediaType);
}

/** Parse a Content-Type value, or undefined when "type/subtype" is not two valid tokens. */
export function parseContentTypeStrict(header: string): ContentType | undefined {
  const pv = parseParameterizedValue(header);
  const slash = pv.value.indexOf('/');
  if (slash <= 0) return undefined;
  const type = pv.value.slice(0, slash).trim().toLowerCase();
  const subtype = pv.value.slice(slash + 1).trim().toLowerCase();
  if (!TOKEN.test(type) || !TOKEN.test(subtype)) return undefined;
  return { type, subtype, mediaType: `${type}/${subtype}`, params: pv.params };
}

export function defaultContentType(mediaType: string): ContentType {
  const [type, subtype] = mediaType.split('/');
  const params = Object.create(null) as Record<string, string>;
  if (type === 'text') params.charset = 'us-ascii';
  return { type, subtype, mediaType, params };
}

function isWsp(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

/** Quoted string starting at s[i] === '"': unescaped text and the index after the closing quote. */
export function skipQuoted(s: string, i: number): { text: string; end: number } {
  let text = '';
  let j = i + 1;
  while (j < s.length) {
    const c = s[j];
    if (c === '\\' && j + 1 < s.length) {
      text += s[j + 1];
      j += 2;
    } else if (c === '"') {
      return { text, end: j + 1 };
    } else {
      text += c;
      j++;
    }
  }
  return { text, end: j }; // unterminated: runs to the end
}

// Remove RFC 5322 comments outside quoted strings; nesting depth is bounded by the input length.
function stripComments(s: string): string {
  if (!s.includes('(')) return s;
  let out = '';
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (depth === 0 && c === '"') {
      const q = skipQuoted(s, i);
      out += s.slice(i, q.end);
      i = q.end - 1;
    } else if (c === '\\' && depth > 0) {
      i++;
    } else if (c === '(') {
      depth++;
    } else if (c === ')' && depth > 0) {
      depth--;
    } else if (depth === 0) {
      out += c;
    }
  }
  return out;
}

/** Parameters that decide a message's structure: how it splits into parts and which part is the signature. */
const STRUCTURAL_PARAMS = new Set(['boundary', 'protocol', 'smime-type']);

/**
 * Why another MIME parser could read this Content-Type's structure differently than we do, or undefined. `folded` is
 * the header value as written, line breaks kept. Mail programs disagree on comments (RFC 822 strips them, many
 * parsers do not), on unquoted values that are not RFC 2045 tokens ("abc def": the whole text, or only "abc"), on
 * RFC 2231 forms and repeats of a parameter, on a backslash in a quoted value (an escape, or kept as written) and on
 * line folds inside a value; any of these in a parameter that decides the structure means the structure is ambiguous.
 */
export function contentTypeAmbiguity(folded: string): string | undefined {
  const s = folded;
  const n = s.length;
  // Comments anywhere outside quoted strings (in the media type too: "(x)multipart/mixed").
  for (let i = 0; i < n; i++) {
    if (s[i] === '"') i = skipQuoted(s, i).end - 1;
    else if (s[i] === '(') return 'The Content-Type header contains a comment, which mail programs read differently.';
  }
  let i = 0;
  while (i < n && s[i] !== ';') i = s[i] === '"' ? skipQuoted(s, i).end : i + 1;
  const seen = new Set<string>();
  for (let count = 0; i < n && count < MAX_PARAMS; count++) {
    while (i < n && (s[i] === ';' || isWsp(s[i]))) i++;
    if (i >= n) break;
    const nameStart = i;
    while (i < n && s[i] !== '=' && s[i] !== ';') i++;
    const written = s.slice(nameStart, i).trim().toLowerCase();
    // Some programs unfold by deleting the line break and the whitespace: "boun\r\n dary" becomes "boundary".
    const fullName = written.replace(/\s+/g, '');
    const star = fullName.indexOf('*');
    const name = star < 0 ? fullName : fullName.slice(0, star);
    const structural = STRUCTURAL_PARAMS.has(name);
    if (structural && written !== fullName) return `The ${name} parameter's name is broken across whitespace; its value is ambiguous.`;
    if (i >= n || s[i] === ';') continue;
    i++; // '='
    while (i < n && (s[i] === ' ' || s[i] === '\t')) i++;
    let problem: string | undefined;
    if (s[i] === '"') {
      const q = skipQuoted(s, i);
      if (q.end > n || s[q.end - 1] !== '"' || q.end - 1 === i) problem = 'has an unterminated quoted value';
      else if (/[\r\n]/.test(s.slice(i, q.end))) problem = 'is folded across lines inside its value';
      // RFC 5322 unescapes "a\b" to "ab"; many parsers keep the backslash, and so look for another boundary.
      else if (s.slice(i + 1, q.end - 1).includes('\\')) problem = 'has a backslash inside its quoted value';
      i = q.end;
      const junkStart = i;
      while (i < n && s[i] !== ';') i++;
      if (problem === undefined && s.slice(junkStart, i).trim() !== '') problem = 'has text after its quoted value';
    } else {
      const start = i;
      while (i < n && s[i] !== ';') i++;
      let end = i; // trailing whitespace before ';' is not part of the value (a loop: no backtracking regex)
      while (end > start && isWsp(s[end - 1])) end--;
      if (!TOKEN.test(s.slice(start, end))) problem = 'has an unquoted value that is not a single token';
    }
    if (!structural) continue;
    if (star >= 0) return `The ${name} parameter is written in RFC 2231 form, which mail programs read differently.`;
    if (seen.has(name)) return `The Content-Type header gives the ${name} parameter twice; the message structure is ambiguous.`;
    seen.add(name);
    if (problem) return `The ${name} parameter ${problem}; mail programs read it differently.`;
  }
  return undefined;
}
