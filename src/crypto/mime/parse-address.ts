// Address lists (From, To, Sender...) per RFC 5322: the addr-spec is what a signature's certificate
// must match; the display name is attacker-chosen decoration and is never used as an address.
import { decodeEncodedWords } from './decode-header-words';

export interface ParsedAddress {
  /** Display name (RFC 2047-decoded, unquoted), or a trailing comment in the old "a@b (Name)" form. */
  name?: string;
  /** The addr-spec "local@domain" exactly as written (quoted local parts keep their quotes). */
  address: string;
  /** Name of the group this mailbox was listed in, if any. */
  group?: string;
}

type Tok =
  | { t: 'word'; v: string; quoted: boolean; space: boolean }
  | { t: 'angle'; v: string }
  | { t: 'comment'; v: string }
  | { t: ',' | ':' | ';' | '@' };

// local-part (dot-atom-ish or quoted) "@" domain (atoms or a domain literal); exactly one unquoted "@".
const ADDR_SPEC = /^(?:"(?:[^"\\\r\n]|\\.)*"|[^@"\s<>(),;:\\[\]]+)@(?:[^@"\s<>(),;:\\[\]]+|\[[^[\]\\\s]*\])$/;
const MAX_INPUT = 64 * 1024; // longer address headers are truncated (bounded work on attacker input)
const MAX_ADDRESSES = 1000;

/**
 * Parse an address-list header value (unfolded, not yet 2047-decoded). Never throws; malformed input
 * yields whatever well-formed mailboxes can be recovered. Entries without "@" (a bare name such as
 * "From: The Manager") are not addresses and are omitted. A mailbox with more than one <angle-addr>
 * yields one entry per angle address, so callers see the ambiguity instead of a guess.
 */
export function parseAddressList(value: string): ParsedAddress[] {
  const toks = tokenize(value.length > MAX_INPUT ? value.slice(0, MAX_INPUT) : value);
  const out: ParsedAddress[] = [];
  let phrase: Tok[] = [];
  let angles: string[] = [];
  let comments: string[] = [];
  let group: string | undefined;

  const finish = (): void => {
    if (angles.length > 0) {
      const name = displayName(phrase) ?? commentName(comments);
      for (const a of angles) push(out, { name, address: a, group });
    } else if (phrase.length > 0) {
      push(out, { name: commentName(comments), address: addrSpec(phrase), group });
    }
    phrase = [];
    angles = [];
    comments = [];
  };

  for (const tok of toks) {
    if (out.length >= MAX_ADDRESSES) break;
    switch (tok.t) {
      case ',':
        finish();
        break;
      case ':':
        // "name:" opens a group unless we are already in one (then ':' is junk in this mailbox).
        if (group === undefined && angles.length === 0) {
          group = displayName(phrase) ?? '';
          phrase = [];
          comments = [];
        }
        break;
      case ';':
        finish();
        group = undefined;
        break;
      case 'angle':
        angles.push(tok.v);
        break;
      case 'comment':
        comments.push(tok.v);
        break;
      default:
        phrase.push(tok);
    }
  }
  finish();
  return out;
}

function push(out: ParsedAddress[], a: { name?: string; address: string; group?: string }): void {
  if (!ADDR_SPEC.test(a.address)) return; // not an addr-spec
  const entry: ParsedAddress = { address: a.address };
  if (a.name !== undefined && a.name !== '') entry.name = a.name;
  if (a.group !== undefined) entry.group = a.group;
  out.push(entry);
}

function displayName(phrase: Tok[]): string | undefined {
  if (phrase.length === 0) return undefined;
  let s = '';
  for (const t of phrase) {
    if (t.t === 'word') s += (s !== '' && t.space ? ' ' : '') + t.v;
    else if (t.t === '@') s += '@';
  }
  return decodeEncodedWords(s).trim();
}

function commentName(comments: string[]): string | undefined {
  const c = comments.join(' ').trim();
  return c === '' ? undefined : decodeEncodedWords(c);
}

// An addr-spec written without angle brackets: its words joined without the (obsolete) CFWS.
function addrSpec(phrase: Tok[]): string {
  let s = '';
  for (const t of phrase) {
    if (t.t === 'word') s += t.quoted ? quote(t.v) : t.v;
    else if (t.t === '@') s += '@';
  }
  return s;
}

function quote(v: string): string {
  return `"${v.replace(/(["\\])/g, '\\$1')}"`;
}

function tokenize(s: string): Tok[] {
  const toks: Tok[] = [];
  const n = s.length;
  let i = 0;
  let space = false;
  while (i < n) {
    const c = s[i];
    if (/\s/.test(c)) {
      space = true;
      i++;
      continue;
    }
    if (c === '"') {
      const q = readQuoted(s, i);
      toks.push({ t: 'word', v: q.text, quoted: true, space });
      i = q.end;
    } else if (c === '(') {
      const cm = readComment(s, i);
      toks.push({ t: 'comment', v: cm.text });
      i = cm.end;
    } else if (c === '<') {
      const a = readAngle(s, i);
      toks.push({ t: 'angle', v: a.text });
      i = a.end;
    } else if (c === ',' || c === ':' || c === ';' || c === '@') {
      toks.push({ t: c });
      i++;
    } else if (c === '>' || c === ')' || c === ']') {
      i++; // stray closer: ignore
    } else if (c === '[') {
      const close = s.indexOf(']', i);
      const end = close < 0 ? n : close + 1;
      toks.push({ t: 'word', v: s.slice(i, end), quoted: false, space });
      i = end;
    } else {
      // Always consume at least one character (a stray "]" or odd whitespace must not stall the loop).
      let j = i + 1;
      while (j < n && !/[\s"(),:;<>@[\]]/.test(s[j])) j++;
      toks.push({ t: 'word', v: s.slice(i, j), quoted: false, space });
      i = j;
    }
    space = false;
  }
  return toks;
}

function readQuoted(s: string, i: number): { text: string; end: number } {
  let text = '';
  let j = i + 1;
  while (j < s.length && s[j] !== '"') {
    if (s[j] === '\\' && j + 1 < s.length) j++;
    text += s[j] === '\r' || s[j] === '\n' ? '' : s[j];
    j++;
  }
  return { text, end: Math.min(j + 1, s.length) };
}

function readComment(s: string, i: number): { text: string; end: number } {
  let depth = 0;
  let text = '';
  let j = i;
  for (; j < s.length; j++) {
    const c = s[j];
    if (c === '\\' && j + 1 < s.length) {
      text += s[++j];
    } else if (c === '(') {
      if (depth > 0) text += c;
      depth++;
    } else if (c === ')') {
      depth--;
      if (depth === 0) return { text, end: j + 1 };
      text += c;
    } else {
      text += c;
    }
  }
  return { text, end: j };
}

// <[route:]addr-spec>: whitespace and comments dropped, quoted local parts kept, obsolete route removed.
function readAngle(s: string, i: number): { text: string; end: number } {
  let text = '';
  let j = i + 1;
  while (j < s.length && s[j] !== '>') {
    const c = s[j];
    if (c === '"') {
      const q = readQuoted(s, j);
      text += quote(q.text);
      j = q.end;
    } else if (c === '(') {
      j = readComment(s, j).end;
    } else {
      if (!/\s/.test(c)) text += c;
      j++;
    }
  }
  const route = /^@[^:"]*:/.exec(text);
  if (route) text = text.slice(route[0].length);
  return { text, end: Math.min(j + 1, s.length) };
}
