// Differential test: generated spellings of one genuinely signed multipart/signed message are parsed by the engine,
// by Python's email package (compat32 and default policies) and by `openssl cms -verify`. Whenever our verdict is
// 'valid', the others must find exactly two parts and the same signed part, byte for byte (after CRLF
// canonicalisation, which every verifier applies). Ambiguous spellings must therefore come out 'malformed'.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { canonicalizeCrlf } from '../../src/crypto/mime/canonicalize-crlf';
import { base64Decode, base64Encode } from '../../src/crypto/base64';
import { verifyMessage } from '../../src/crypto/smime/verify-message';
import { getPki, releasePki, type TestPki } from '../helpers/pki-fixtures';
import { hasTool, openssl, run, scratch } from '../helpers/openssl';
import { latin1Bytes, signedParts, type SignedParts } from '../helpers/signed-parts';

const SPLIT_PY = fileURLToPath(new URL('../helpers/python-mime-split.py', import.meta.url));
const missing = ['python3', 'openssl'].filter((t) => !hasTool(t));
if (missing.length > 0) console.log(`parser-differential: skipped, ${missing.join(' and ')} not installed`);

let pki: TestPki;
let parts: SignedParts;
beforeAll(async () => {
  pki = await getPki();
  parts = await signedParts(pki, 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\nShipment 4410 leaves on Friday.\r\n');
}, 60_000);
afterAll(releasePki);

interface Variant {
  name: string;
  text: string;
}

// One message from a choice in each dimension; "B" is what the delimiter lines use.
interface Choice {
  boundary: [param: string, delimiter: string];
  protocol: string;
  padding: string;
  preamble: string;
  epilogue: string;
  eol: 'crlf' | 'lf' | 'mixed';
}

const B = 'kq-5512';
const DIMENSIONS: { [K in keyof Choice]: Array<[string, Choice[K]]> } = {
  boundary: [
    ['quoted', [`boundary="${B}"`, B]],
    ['token', [`boundary=${B}`, B]],
    ['quoted with space', [`boundary="kq 5512"`, 'kq 5512']],
    ['unquoted with space, whole', [`boundary=kq 5512`, 'kq 5512']],
    ['unquoted with space, first word', [`boundary=kq 5512`, 'kq']],
    ['comment before', [`boundary=(c)${B}`, B]],
    ['comment after', [`boundary=${B} (c)`, B]],
    ['comment inside quotes', [`boundary="(c)${B}"`, `(c)${B}`]],
    ['2231 continuation', [`boundary*0="kq-"; boundary*1="5512"`, B]],
    ['2231 extended', [`boundary*=''${B}`, B]],
    ['duplicate, second used', [`boundary="zz-1"; boundary="${B}"`, B]],
    ['duplicate, first used', [`boundary="${B}"; boundary="zz-1"`, B]],
    ['folded inside quotes', [`boundary="kq-\r\n 5512"`, 'kq- 5512']],
    ['folded before value', [`boundary=\r\n ${B}`, B]],
    ['uppercase name', [`BOUNDARY="${B}"`, B]],
    ['space around =', [`boundary = "${B}"`, B]],
    ['junk after quote', [`boundary="${B}"x`, B]],
    ['semicolon inside quotes', [`boundary="kq;5512"`, 'kq;5512']],
  ],
  protocol: [
    ['quoted', 'protocol="application/pkcs7-signature"'],
    ['unquoted', 'protocol=application/pkcs7-signature'],
    ['x-pkcs7', 'protocol="application/x-pkcs7-signature"'],
    ['2231', `protocol*0="application/"; protocol*1="pkcs7-signature"`],
    ['duplicate pgp', 'protocol="application/pkcs7-signature"; protocol="application/pgp-signature"'],
    ['absent', ''],
  ],
  padding: [
    ['none', ''],
    ['spaces', '  '],
    ['tab', '\t'],
    ['text', ' x'],
  ],
  preamble: [
    ['none', ''],
    ['text', 'This is a signed message.\r\n'],
    ['dash text', '-- not a boundary\r\n'],
    ['prefix line', `--${B}x\r\nContent-Type: text/plain\r\n\r\nWire 900 to 55-12.\r\n`],
  ],
  epilogue: [
    ['none', ''],
    ['text', 'end\r\n'],
    ['prefix line', `--${B} x\r\nContent-Type: text/plain\r\n\r\nextra\r\n`],
    ['second close', `--${B}--\r\n`],
  ],
  eol: [
    ['crlf', 'crlf'],
    ['lf', 'lf'],
    ['mixed', 'mixed'],
  ],
};

const DEFAULT: Choice = { boundary: DIMENSIONS.boundary[0][1], protocol: DIMENSIONS.protocol[0][1], padding: '', preamble: '', epilogue: '', eol: 'crlf' };

function build(c: Choice): string {
  const [param, d] = c.boundary;
  const proto = c.protocol ? `${c.protocol}; ` : '';
  let text =
    `From: ${pki.leaves.rsa.email}\r\nSubject: Shipment\r\nMIME-Version: 1.0\r\nContent-Type: multipart/signed; ${proto}micalg=sha-256;\r\n ${param}\r\n\r\n` +
    c.preamble +
    `--${d}${c.padding}\r\n${parts.content}\r\n--${d}${c.padding}\r\n${parts.signature}\r\n--${d}--${c.padding}\r\n` +
    c.epilogue;
  if (c.eol === 'lf') text = text.replace(/\r\n/g, '\n');
  if (c.eol === 'mixed') {
    let k = 0;
    text = text.replace(/\r\n/g, () => (k++ % 3 === 1 ? '\n' : '\r\n'));
  }
  return text;
}

// Every single-dimension change from the default, then seeded random combinations.
function variants(): Variant[] {
  const out: Variant[] = [];
  for (const key of Object.keys(DIMENSIONS) as Array<keyof Choice>) {
    for (const [label, value] of DIMENSIONS[key]) out.push({ name: `${key}: ${label}`, text: build({ ...DEFAULT, [key]: value }) });
  }
  let seed = 0x5eed1;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed >>> 16) % n;
  };
  for (let i = 0; i < 24; i++) {
    const c = { ...DEFAULT };
    const labels: string[] = [];
    for (const key of Object.keys(DIMENSIONS) as Array<keyof Choice>) {
      const [label, value] = DIMENSIONS[key][rand(DIMENSIONS[key].length)];
      (c as Record<string, unknown>)[key] = value;
      labels.push(`${key}=${label}`);
    }
    out.push({ name: labels.join(', '), text: build(c) });
  }
  return out;
}

interface PySplit {
  count?: number;
  part0?: string;
  error?: string;
}

const text = (b: Uint8Array) => new TextDecoder('latin1').decode(b);
const stripEnd = (s: string) => s.replace(/(\r\n)+$/, '');

describe.skipIf(missing.length > 0)('parser differential (engine vs Python email vs OpenSSL)', () => {
  it('whenever the verdict is valid, every parser splits out the same two parts', async () => {
    const list = variants();
    const bytes = list.map((v) => latin1Bytes(v.text));
    const py = run('python3', [SPLIT_PY], new TextEncoder().encode(JSON.stringify(bytes.map((b) => base64Encode(b)))));
    expect(py.status, py.stderr).toBe(0);
    const splits = JSON.parse(new TextDecoder().decode(py.stdout)) as Array<Record<'compat32' | 'default', PySplit>>;
    const s = scratch('differential-');
    const disagreements: string[] = [];
    let valid = 0;
    let malformed = 0;
    try {
      for (let i = 0; i < list.length; i++) {
        const r = await verifyMessage(bytes[i], { userRoots: [pki.root.der] });
        if (r.signature === 'malformed') malformed++;
        if (r.signature !== 'valid') continue;
        valid++;
        const ours = stripEnd(text(canonicalizeCrlf(r.signedContent!)));
        for (const policy of ['compat32', 'default'] as const) {
          const p = splits[i][policy];
          const theirs = p.part0 === undefined ? undefined : stripEnd(text(canonicalizeCrlf(base64Decode(p.part0))));
          if (p.count !== 2 || theirs !== ours) disagreements.push(`${list[i].name}: Python ${policy} sees ${p.count ?? p.error} parts${theirs !== undefined && theirs !== ours ? ' and another signed part' : ''}`);
        }
        s.write('m.eml', bytes[i]);
        const o = openssl(['cms', '-verify', '-noverify', '-in', s.file('m.eml'), '-out', s.file('out.bin')]);
        if (o.status !== 0) disagreements.push(`${list[i].name}: openssl cms -verify fails (${o.stderr.split('\n')[0]})`);
        else if (stripEnd(text(canonicalizeCrlf(s.read('out.bin')))) !== stripEnd(text(canonicalizeCrlf(latin1Bytes(parts.content))))) {
          disagreements.push(`${list[i].name}: openssl verifies other content`);
        }
      }
    } finally {
      s.cleanup();
    }
    console.log(`parser-differential: ${list.length} variants, ${valid} valid, ${malformed} malformed`);
    expect(disagreements).toEqual([]);
    // The generator must exercise both sides of the rule.
    expect(valid).toBeGreaterThan(5);
    expect(malformed).toBeGreaterThan(5);
  }, 60_000);
});
