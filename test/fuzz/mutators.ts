// Mutators for the fuzz targets: raw bytes, DER-aware (edits a parsed element's tag, length or children, so
// mutants stay structured enough to reach deep code) and MIME-aware (headers, folding, boundaries, encodings,
// line ends, runs of hostile characters). Deterministic for a given random source.
import { parseBer, type Asn1Node } from '../../src/crypto/asn1/ber-reader';
import { concatByteList } from '../../src/crypto/bytes';
import { decodeBody } from '../../src/crypto/mime/decode-transfer-encoding';
import { parseMime, type MimeEntity } from '../../src/crypto/mime/parse-mime';

/** xorshift32: seeded, fast, reproducible. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  int(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)];
  }
  chance(p: number): boolean {
    return this.next() / 0x100000000 < p;
  }
}

export type Mutator = (input: Uint8Array, rng: Rng, pool: readonly Uint8Array[]) => Uint8Array;

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff, 0x30, 0xa0, 0x24, 0x04, 0x0d, 0x0a, 0x2d, 0x3d, 0x22, 0x28];
const cat = (...parts: Uint8Array[]): Uint8Array => concatByteList(parts);
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

// ---------- raw bytes ----------

export const byteMutators: Mutator[] = [
  (b, r) => {
    const m = b.slice();
    for (let k = 1 + r.int(4); k > 0 && m.length; k--) m[r.int(m.length)] ^= 1 << r.int(8);
    return m;
  },
  (b, r) => {
    const m = b.slice();
    if (m.length) m[r.int(m.length)] = r.pick(INTERESTING);
    return m;
  },
  (b, r) => {
    const at = r.int(b.length + 1);
    return cat(b.subarray(0, at), Uint8Array.of(r.pick(INTERESTING)), b.subarray(at));
  },
  (b, r) => {
    const at = r.int(b.length);
    return cat(b.subarray(0, at), b.subarray(at + 1 + r.int(16)));
  },
  (b, r) => b.subarray(0, r.int(b.length + 1)).slice(), // truncate
  (b, r) => {
    // duplicate a range many times (floods)
    const at = r.int(b.length);
    const len = 1 + r.int(Math.min(64, b.length - at));
    const piece = b.subarray(at, at + len);
    const times = 2 + r.int(r.chance(0.1) ? 5000 : 50);
    const rep = new Uint8Array(piece.length * times);
    for (let i = 0; i < times; i++) rep.set(piece, i * piece.length);
    return cat(b.subarray(0, at), rep, b.subarray(at));
  },
  (b, r, pool) => {
    // splice with another seed
    const o = r.pick(pool);
    const a = r.int(b.length + 1);
    const s = r.int(o.length + 1);
    return cat(b.subarray(0, a), o.subarray(s, s + r.int(o.length - s + 1)), b.subarray(a + r.int(32)));
  },
];

// ---------- DER ----------

function nodes(root: Asn1Node, out: Asn1Node[] = [], limit = 4000): Asn1Node[] {
  const stack = [root];
  while (stack.length && out.length < limit) {
    const n = stack.pop()!;
    out.push(n);
    for (const c of n.children) stack.push(c);
  }
  return out;
}

function lengthBytes(len: number): Uint8Array {
  if (len < 0x80) return Uint8Array.of(len);
  const bytes: number[] = [];
  for (let v = len; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** Re-encodes `n` (inside `input`) with new contents, fixing the lengths of every ancestor. */
function replaceNode(input: Uint8Array, path: Asn1Node[], replacement: Uint8Array): Uint8Array {
  let bytes = replacement;
  for (let i = path.length - 2; i >= 0; i--) {
    const parent = path[i];
    const child = path[i + 1];
    const before = input.subarray(parent.contentStart, child.start);
    const after = input.subarray(child.end, parent.contentEnd);
    const content = cat(before, bytes, after);
    const id = input.subarray(parent.start, parent.contentStart - (parent.indefinite ? 1 : headerLengthOctets(input, parent)));
    bytes = parent.indefinite ? cat(id, Uint8Array.of(0x80), content, Uint8Array.of(0, 0)) : cat(id, lengthBytes(content.length), content);
  }
  return cat(input.subarray(0, path[0].start), bytes, input.subarray(path[0].end));
}

function headerLengthOctets(input: Uint8Array, n: Asn1Node): number {
  // identifier octets end where the length field starts: scan the identifier.
  let p = n.start + 1;
  if ((input[n.start] & 0x1f) === 0x1f) while (p < n.contentStart && input[p++] & 0x80);
  return n.contentStart - p;
}

function randomPath(root: Asn1Node, r: Rng): Asn1Node[] {
  const path = [root];
  let n = root;
  while (n.children.length > 0 && r.chance(0.8)) {
    n = r.pick(n.children);
    path.push(n);
  }
  return path;
}

const derEdits: ((input: Uint8Array, path: Asn1Node[], r: Rng, pool: readonly Uint8Array[]) => Uint8Array)[] = [
  // change the tag
  (b, p, r) => {
    const n = p[p.length - 1];
    const m = b.slice();
    m[n.start] = r.pick([0x02, 0x03, 0x04, 0x05, 0x06, 0x0c, 0x13, 0x17, 0x18, 0x30, 0x31, 0xa0, 0xa1, 0xa3, 0x80, 0x24, 0x1e]);
    return m;
  },
  // lie about the length
  (b, p, r) => {
    const n = p[p.length - 1];
    const lenAt = n.contentStart - headerLengthOctets(b, n);
    const m = b.slice();
    m[lenAt] = r.pick([0x00, 0x7f, 0x80, 0x81, 0x84, 0xff, (m[lenAt] + 1) & 0xff, (m[lenAt] - 1) & 0xff]);
    return m;
  },
  // remove the element
  (b, p) => (p.length > 1 ? replaceNode(b, p, new Uint8Array(0)) : b),
  // duplicate the element (many times now and then)
  (b, p, r) => {
    const n = p[p.length - 1];
    const raw = b.subarray(n.start, n.end);
    const times = 2 + r.int(r.chance(0.15) ? 3000 : 4);
    const rep = new Uint8Array(raw.length * times);
    for (let i = 0; i < times; i++) rep.set(raw, i * raw.length);
    return p.length > 1 ? replaceNode(b, p, rep) : b;
  },
  // replace the contents with an element from another seed
  (b, p, r, pool) => {
    const other = r.pick(pool);
    try {
      const on = r.pick(nodes(parseBer(other)));
      return p.length > 1 ? replaceNode(b, p, other.subarray(on.start, on.end)) : b;
    } catch {
      return b;
    }
  },
  // wrap in an indefinite-length constructed string / sequence, or split a primitive string into segments
  (b, p, r) => {
    const n = p[p.length - 1];
    if (p.length < 2) return b;
    if (!n.constructed && r.chance(0.5)) {
      const content = b.subarray(n.contentStart, n.contentEnd);
      const parts: Uint8Array[] = [Uint8Array.of(b[n.start] | 0x20, 0x80)];
      const step = 1 + r.int(8);
      for (let i = 0; i < content.length; i += step) parts.push(cat(Uint8Array.of(0x04), lengthBytes(Math.min(step, content.length - i)), content.subarray(i, i + step)));
      parts.push(Uint8Array.of(0, 0));
      return replaceNode(b, p, cat(...parts));
    }
    return replaceNode(b, p, cat(Uint8Array.of(0x30, 0x80), b.subarray(n.start, n.end), Uint8Array.of(0, 0)));
  },
  // odd integers and times in place of the contents
  (b, p, r) => {
    const n = p[p.length - 1];
    if (p.length < 2 || n.constructed) return b;
    const v = r.pick([
      Uint8Array.of(0x02, 0x00),
      Uint8Array.of(0x02, 0x01, 0x80),
      Uint8Array.of(0x02, 0x09, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
      cat(Uint8Array.of(0x17, 0x0d), ascii('991301000000Z')),
      cat(Uint8Array.of(0x18, 0x0f), ascii('20250230000000Z')),
      cat(Uint8Array.of(0x18, 0x0f), ascii('99991231235960Z')),
      Uint8Array.of(0x06, 0x00),
      Uint8Array.of(0x06, 0x02, 0x80, 0x80),
      Uint8Array.of(0x03, 0x01, 0x08),
      Uint8Array.of(0x05, 0x00),
      Uint8Array.of(0x01, 0x01, 0x01),
    ]);
    return replaceNode(b, p, v);
  },
];

export const derMutator: Mutator = (b, r, pool) => {
  let root: Asn1Node;
  try {
    root = parseBer(b);
  } catch {
    return r.pick(byteMutators)(b, r, pool);
  }
  try {
    return r.pick(derEdits)(b, randomPath(root, r), r, pool);
  } catch {
    return r.pick(byteMutators)(b, r, pool);
  }
};

// ---------- MIME ----------

const latin1 = (b: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < b.length; i += 0x4000) s += String.fromCharCode.apply(null, Array.from(b.subarray(i, i + 0x4000)));
  return s;
};

const MIME_SNIPPETS = [
  'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="b1"\r\n',
  'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\r\n',
  'Content-Type: application/pkcs7-mime; smime-type=signed-data\r\n',
  'Content-Type: multipart/mixed; boundary=x y\r\n',
  'Content-Type: multipart/mixed; boundary=(c)x; boundary*0=a; boundary*1=b\r\n',
  'Content-Transfer-Encoding: base64\r\n',
  'Content-Transfer-Encoding: quoted-printable\r\n',
  `Content-Transfer-Encoding: ${'('.repeat(3000)}base64\r\n`,
  'From: "a@evil.example" <>, =?utf-8?B?w6k=?= <b@example.jp>\r\n',
  'From: ceo@example.jp:;, carol@example.org\r\n',
  'Sender: x@[1.2.3.4]\r\n',
  `Subject: ${'=?utf-8?B?QUFB?= '.repeat(2000)}\r\n`,
  `Subject: =?utf-8?B?${'='.repeat(5000)}QQ==?=\r\n`,
  `X-Pad: a${' \t'.repeat(4000)}b\r\n`,
  ' folded continuation\r\n',
  '\r\n',
  '--b1\r\n',
  '--b1--\r\n',
  '--b1-x\r\n',
  'MIME-Version: 1.0\r\n',
];

/** DER-mutates the CMS inside an S/MIME part (base64 decoded, mutated, re-encoded), so mutants reach the CMS layer. */
function mutateEmbeddedCms(b: Uint8Array, r: Rng, pool: readonly Uint8Array[]): Uint8Array | undefined {
  let root: MimeEntity;
  try {
    root = parseMime(b);
  } catch {
    return undefined;
  }
  const parts: MimeEntity[] = [];
  const stack = [root];
  while (stack.length && parts.length < 20) {
    const e = stack.pop()!;
    if (/pkcs7/.test(e.contentType.mediaType) && e.transferEncoding === 'base64') parts.push(e);
    stack.push(...e.children);
  }
  if (parts.length === 0) return undefined;
  const e = r.pick(parts);
  let inner: Uint8Array;
  try {
    inner = decodeBody(e);
  } catch {
    return undefined; // the base64 is already damaged
  }
  const der = derMutator(inner, r, pool);
  const b64 = Buffer.from(der).toString('base64').replace(/.{76}/g, '$&\r\n');
  return cat(b.subarray(0, e.bodyStart), ascii(`${b64}\r\n`), b.subarray(e.end));
}

export const mimeMutator: Mutator = (b, r, pool) => {
  if (r.chance(0.3)) {
    const m = mutateEmbeddedCms(b, r, pool);
    if (m) return m;
  }
  const s = latin1(b);
  const lines = s.split(/(?<=\n)/);
  const op = r.int(10);
  if (lines.length === 0) return ascii(r.pick(MIME_SNIPPETS));
  const at = r.int(lines.length);
  switch (op) {
    case 0:
      lines.splice(at, 0, r.pick(MIME_SNIPPETS));
      break;
    case 1:
      lines.splice(at, 1);
      break;
    case 2: {
      const n = 2 + r.int(r.chance(0.1) ? 3000 : 5);
      lines.splice(at, 0, ...Array.from({ length: n }, () => lines[at]));
      break;
    }
    case 3:
      return ascii(s.replace(/\r\n/g, r.chance(0.5) ? '\n' : '\r'));
    case 4: {
      // fold the line at a random space or colon
      const l = lines[at];
      const k = r.int(l.length);
      lines[at] = `${l.slice(0, k)}\r\n ${l.slice(k)}`;
      break;
    }
    case 5: {
      // change a boundary parameter or a delimiter line
      const i = lines.findIndex((l) => /boundary=/i.test(l));
      if (i >= 0) lines[i] = lines[i].replace(/boundary=("?)([^";\r\n]*)/i, (_m, q: string, v: string) => `boundary=${q}${r.pick([v + 'x', v.slice(1), `${v} ${v}`, `(${v})${v}`, ''])}`);
      else lines.splice(at, 0, '--' + r.pick(['b1', 'b1--', 'b1 ', 'b']) + '\r\n');
      break;
    }
    case 6: {
      // splice another seed's lines in
      const other = latin1(r.pick(pool)).split(/(?<=\n)/);
      const k = r.int(other.length);
      lines.splice(at, 0, ...other.slice(k, k + 1 + r.int(20)));
      break;
    }
    case 7: {
      // base64 body damage: a character outside the alphabet, or padding in the middle
      const l = lines[at];
      const k = r.int(l.length + 1);
      lines[at] = l.slice(0, k) + r.pick(['=', '*', '==', '-', '\x00', '\xff', '  ']) + l.slice(k);
      break;
    }
    case 8: {
      // duplicate a header line near the top
      const head = lines.findIndex((l) => l === '\r\n' || l === '\n');
      const h = r.int(head > 0 ? head : lines.length);
      lines.splice(h, 0, lines[h]);
      break;
    }
    default:
      return r.pick(byteMutators)(b, r, pool);
  }
  return ascii(lines.join(''));
};

/** One mutant: one to four stacked mutations, with the kind-aware mutator preferred. */
export function mutate(input: Uint8Array, r: Rng, pool: readonly Uint8Array[], kind: 'der' | 'mime' | 'bytes'): Uint8Array {
  let m = input;
  for (let k = 1 + r.int(4); k > 0; k--) {
    const aware = kind === 'der' ? derMutator : kind === 'mime' ? mimeMutator : undefined;
    m = aware && r.chance(0.7) ? aware(m, r, pool) : r.pick(byteMutators)(m, r, pool);
    if (m.length > 1 << 20) m = m.subarray(0, 1 << 20); // the promise is for inputs up to 1 MB
  }
  return m;
}
