// A small, bounded BER/DER reader for PKCS#12. PFX files from NSS and Windows use BER (indefinite lengths,
// constructed OCTET STRINGs), so strict DER is not enough; every length, depth and node count is bounded
// so hostile input fails fast with a ParseError instead of crashing or hanging.

export class BerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BerError';
  }
}

export interface BerNode {
  /** 0 universal, 1 application, 2 context-specific, 3 private. */
  cls: number;
  constructed: boolean;
  tag: number;
  /** Primitive content octets, or the concatenated content of a constructed string type. */
  content: Uint8Array;
  children: BerNode[];
  /** The complete encoding (header + content + end-of-contents when indefinite). */
  raw: Uint8Array;
}

const MAX_DEPTH = 40;
const MAX_NODES = 200_000;

interface Budget {
  nodes: number;
}

/** Parses exactly one element covering all of `bytes` (trailing bytes are an error unless allowTrailing). */
export function parseBer(bytes: Uint8Array, allowTrailing = false): BerNode {
  const budget: Budget = { nodes: 0 };
  const { node, end } = readNode(bytes, 0, 0, budget);
  if (!allowTrailing && end !== bytes.length) throw new BerError(`${bytes.length - end} trailing bytes after the element`);
  return node;
}

function readNode(buf: Uint8Array, pos: number, depth: number, budget: Budget): { node: BerNode; end: number } {
  if (depth > MAX_DEPTH) throw new BerError('nesting too deep');
  if (++budget.nodes > MAX_NODES) throw new BerError('too many elements');
  const start = pos;
  if (pos >= buf.length) throw new BerError('truncated: missing tag');
  const first = buf[pos++];
  const cls = first >> 6;
  const constructed = (first & 0x20) !== 0;
  let tag = first & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    for (let i = 0; ; i++) {
      if (i >= 4) throw new BerError('tag number too large');
      if (pos >= buf.length) throw new BerError('truncated tag');
      const b = buf[pos++];
      tag = tag * 128 + (b & 0x7f);
      if (!(b & 0x80)) break;
    }
  }
  if (pos >= buf.length) throw new BerError('truncated: missing length');
  const lb = buf[pos++];
  let length = -1; // -1 = indefinite
  if (lb < 0x80) length = lb;
  else if (lb === 0x80) {
    if (!constructed) throw new BerError('indefinite length on a primitive element');
  } else {
    const n = lb & 0x7f;
    if (n > 4) throw new BerError('length too large');
    length = 0;
    for (let i = 0; i < n; i++) {
      if (pos >= buf.length) throw new BerError('truncated length');
      length = length * 256 + buf[pos++];
    }
  }

  const children: BerNode[] = [];
  let contentStart = pos;
  let end: number;
  if (length >= 0) {
    end = pos + length;
    if (end > buf.length) throw new BerError('truncated: content runs past the end of the input');
    if (constructed) {
      let p = pos;
      while (p < end) {
        const r = readNode(buf.subarray(0, end), p, depth + 1, budget);
        children.push(r.node);
        p = r.end;
      }
    }
  } else {
    let p = pos;
    for (;;) {
      if (p + 2 > buf.length) throw new BerError('truncated: missing end-of-contents');
      if (buf[p] === 0 && buf[p + 1] === 0) {
        end = p + 2;
        break;
      }
      const r = readNode(buf, p, depth + 1, budget);
      children.push(r.node);
      p = r.end;
    }
    contentStart = pos;
  }

  let content: Uint8Array;
  if (!constructed) content = buf.subarray(contentStart, end);
  else if (cls === 0 && (tag === 3 || tag === 4 || (tag >= 12 && tag <= 30 && tag !== 16 && tag !== 17))) {
    content = concatStringParts(children, tag);
  }
  else content = length >= 0 ? buf.subarray(contentStart, end) : buf.subarray(contentStart, end - 2);
  return { node: { cls, constructed, tag, content, children, raw: buf.subarray(start, end) }, end };
}

/** BER constructed string: the value is the concatenation of its (same-type) segments. */
function concatStringParts(children: BerNode[], tag: number): Uint8Array {
  let total = 0;
  for (const c of children) {
    if (c.cls !== 0 || c.tag !== tag) throw new BerError('constructed string with a segment of another type');
    total += c.content.length;
  }
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of children) {
    out.set(c.content, off);
    off += c.content.length;
  }
  return out;
}

// ---- typed accessors: each throws BerError with a description of what was expected ----

export const TAG = {
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  UTF8String: 12,
  SEQUENCE: 16,
  SET: 17,
  BMPString: 30,
} as const;

export function expectUniversal(node: BerNode | undefined, tag: number, what: string): BerNode {
  if (!node || node.cls !== 0 || node.tag !== tag) throw new BerError(`expected ${what}`);
  if ((tag === TAG.SEQUENCE || tag === TAG.SET) && !node.constructed) throw new BerError(`expected ${what}`);
  return node;
}

export function expectSequence(node: BerNode | undefined, what: string): BerNode {
  return expectUniversal(node, TAG.SEQUENCE, what);
}

export function expectContext(node: BerNode | undefined, tag: number, what: string): BerNode {
  if (!node || node.cls !== 2 || node.tag !== tag) throw new BerError(`expected [${tag}] ${what}`);
  return node;
}

export function readOid(node: BerNode | undefined, what: string): string {
  const n = expectUniversal(node, TAG.OID, what);
  const c = n.content;
  if (c.length === 0 || c.length > 64) throw new BerError(`bad OID in ${what}`);
  const parts: number[] = [];
  let v = 0;
  for (let i = 0; i < c.length; i++) {
    v = v * 128 + (c[i] & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER / 128) throw new BerError(`OID arc too large in ${what}`);
    if (!(c[i] & 0x80)) {
      if (parts.length === 0) {
        const a = v < 40 ? 0 : v < 80 ? 1 : 2;
        parts.push(a, v - a * 40);
      } else parts.push(v);
      v = 0;
    } else if (i === c.length - 1) throw new BerError(`truncated OID in ${what}`);
  }
  return parts.join('.');
}

/** A non-negative INTEGER that fits in a JS safe integer. */
export function readSmallInt(node: BerNode | undefined, what: string): number {
  const n = expectUniversal(node, TAG.INTEGER, what);
  const c = n.content;
  if (c.length === 0) throw new BerError(`empty INTEGER in ${what}`);
  if (c[0] & 0x80) throw new BerError(`negative INTEGER in ${what}`);
  let v = 0;
  for (let i = 0; i < c.length; i++) {
    v = v * 256 + c[i];
    if (v > Number.MAX_SAFE_INTEGER) throw new BerError(`INTEGER too large in ${what}`);
  }
  return v;
}

/** INTEGER content as an unsigned magnitude (leading zero bytes stripped). */
export function readUnsignedBytes(node: BerNode | undefined, what: string): Uint8Array {
  const c = expectUniversal(node, TAG.INTEGER, what).content;
  let i = 0;
  while (i < c.length - 1 && c[i] === 0) i++;
  return c.subarray(i);
}

export function readOctets(node: BerNode | undefined, what: string): Uint8Array {
  return expectUniversal(node, TAG.OCTET_STRING, what).content;
}

/** BMPString (UTF-16BE) to a JS string. */
export function decodeBmp(content: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < content.length; i += 2) s += String.fromCharCode((content[i] << 8) | content[i + 1]);
  return s;
}
