// The text a reader was shown, as plain text, for quoting in a reply or forward. It follows what the viewers show
// (the richest alternative, i.e. HTML when present; never attachments or the unshown alternative) and, for HTML,
// drops what the reader could not see: head, style, script, template, comments and hidden elements. Bounded.
import { entityText } from '../../crypto/mime/decode-charset';
import { getHeader, type MimeEntity } from '../../crypto/mime/parse-mime';

const MAX_TEXT = 200_000; // characters of quote kept
const MAX_DEPTH = 16;

function isAttachment(e: MimeEntity): boolean {
  return /^\s*attachment/i.test(getHeader(e, 'content-disposition') ?? '');
}

/** The leaf the reader saw for `e` (depth-first), or null. */
function shownLeaves(e: MimeEntity, depth: number, out: MimeEntity[]): void {
  if (depth > MAX_DEPTH || out.length >= 20) return;
  const mt = e.contentType.mediaType;
  if (e.contentType.type === 'multipart') {
    if (mt === 'multipart/alternative') {
      const richest = [...e.children].reverse().find((c) => c.contentType.mediaType === 'text/html' || c.contentType.type === 'multipart');
      const chosen = richest ?? e.children[e.children.length - 1];
      if (chosen) shownLeaves(chosen, depth + 1, out);
      return;
    }
    for (const c of e.children) shownLeaves(c, depth + 1, out);
    return;
  }
  if (!isAttachment(e) && (mt === 'text/plain' || mt === 'text/html')) out.push(e);
}

export function visibleText(entity: MimeEntity): string {
  const leaves: MimeEntity[] = [];
  shownLeaves(entity, 0, leaves);
  const parts: string[] = [];
  for (const leaf of leaves) {
    let text: string;
    try {
      text = entityText(leaf);
    } catch {
      continue;
    }
    parts.push(leaf.contentType.mediaType === 'text/html' ? htmlToText(text) : text.replace(/\r\n?/g, '\n'));
  }
  return parts.join('\n').slice(0, MAX_TEXT);
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const BLOCK = new Set(['p', 'div', 'br', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'table', 'ul', 'ol', 'section', 'article', 'header', 'footer', 'hr']);
const INVISIBLE_TAGS = new Set(['head', 'style', 'script', 'template', 'title', 'noscript', 'object', 'iframe', 'svg', 'select', 'option', 'textarea']);
const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d]*[1-9])|opacity\s*:\s*0(?![.\d]*[1-9])|max-height\s*:\s*0(?![.\d]*[1-9])|color\s*:\s*transparent/i;

interface Tag {
  index: number;
  end: number;
  name: string;
  closing: boolean;
  attrs: string;
}

/**
 * The next tag at or after `from`, as /<\/?([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g finds it, in
 * linear time. That expression rescans to the end from every "<" when the tags never close (an unmatched
 * quote), which is quadratic on a received message. `dead` marks positions outside quotes from which the
 * scan is known to fail, so each position is scanned a bounded number of times.
 */
function nextTag(src: string, from: number, dead: Uint8Array): Tag | undefined {
  for (let lt = src.indexOf('<', from); lt >= 0; lt = src.indexOf('<', lt + 1)) {
    let p = lt + 1;
    const closing = src[p] === '/';
    if (closing) p++;
    const nameStart = p;
    if (!/[a-zA-Z]/.test(src[p] ?? '')) continue;
    while (p < src.length && /[a-zA-Z0-9-]/.test(src[p])) p++;
    const attrStart = p;
    const visited: number[] = [];
    let end = -1;
    while (p < src.length && !dead[p]) {
      const c = src[p];
      if (c === '>') {
        end = p;
        break;
      }
      visited.push(p);
      if (c === '"' || c === "'") {
        const close = src.indexOf(c, p + 1);
        if (close < 0) break;
        p = close + 1;
      } else p++;
    }
    if (end < 0) {
      for (const v of visited) dead[v] = 1;
      continue;
    }
    return { index: lt, end: end + 1, name: src.slice(nameStart, attrStart), closing, attrs: src.slice(attrStart, end) };
  }
  return undefined;
}

function decodeEntities(s: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : '';
    }
    return named[e.toLowerCase()] ?? m;
  });
}

/**
 * HTML to the text a reader saw. A small tokenizer (no DOM in the service worker): a stack tracks hidden
 * subtrees, so text inside `display:none`, `hidden`, `<style>` etc. never reaches the quote.
 */
export function htmlToText(html: string): string {
  const src = html.replace(/<!--[\s\S]*?(?:-->|$)/g, '').slice(0, 2_000_000);
  const out: string[] = [];
  const stack: { tag: string; hidden: boolean }[] = [];
  const hiddenNow = () => stack.length > 0 && stack[stack.length - 1].hidden;
  const dead = new Uint8Array(src.length + 1);
  let last = 0;
  for (let m = nextTag(src, last, dead); m; m = nextTag(src, last, dead)) {
    if (!hiddenNow()) out.push(decodeEntities(src.slice(last, m.index).replace(/\s+/g, ' ')));
    last = m.end;
    const tag = m.name.toLowerCase();
    const closing = m.closing;
    const attrs = m.attrs;
    if (closing) {
      const at = stack.map((s) => s.tag).lastIndexOf(tag);
      if (at >= 0) stack.length = at;
      if (BLOCK.has(tag) && !hiddenNow()) out.push('\n');
      continue;
    }
    if (BLOCK.has(tag) && !hiddenNow()) out.push('\n');
    if (VOID.has(tag) || /\/\s*$/.test(attrs)) continue;
    const style = /\bstyle\s*=\s*("([^"]*)"|'([^']*)')/i.exec(attrs);
    const hidden =
      hiddenNow() ||
      INVISIBLE_TAGS.has(tag) ||
      /(^|\s)hidden(\s|=|$)/i.test(attrs) ||
      /aria-hidden\s*=\s*["']?true/i.test(attrs) ||
      (style !== null && HIDDEN_STYLE.test(style[2] ?? style[3] ?? ''));
    if (stack.length < 512) stack.push({ tag, hidden });
  }
  if (!hiddenNow()) out.push(decodeEntities(src.slice(last).replace(/\s+/g, ' ')));
  return out
    .join('')
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
