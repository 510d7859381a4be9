// Building-block timings that used to be speed assertions in tests (a test asserts behaviour, a benchmark
// measures speed): line-break scan, MIME parse, base64, 3DES, a 10 MB envelope, PKCS#12, and how fast the
// DoS guards refuse hostile input. `npm run bench` prints this table after the main one; alone:
//   npx tsx bench/primitives.ts
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { base64Decode, base64Encode, pemToDer } from '../src/crypto/base64';
import { canonicalizeCrlf } from '../src/crypto/mime/canonicalize-crlf';
import { parseMime } from '../src/crypto/mime/parse-mime';
import { tripleDesCbcDecrypt } from '../src/crypto/primitives/des3';
import { encryptEnvelope } from '../src/crypto/envelope/encrypt-envelope';
import { decryptEnvelope } from '../src/crypto/envelope/decrypt-envelope';
import { parseSignedData } from '../src/crypto/cms/parse-signed-data';
import { readPkcs12 } from '../src/crypto/pkcs12/read-pkcs12';
import { writePkcs12 } from '../src/crypto/pkcs12/write-pkcs12';
import { bytesEqual } from '../src/crypto/bytes';
import type { BenchIdentity } from './setup-identity';
import { fmtMs, median, nowMs } from './stats';

interface Result {
  name: string;
  ms: number;
  /** Megabytes processed per run, for an MB/s column. */
  mb?: number;
}

const MiB = 1024 * 1024;

async function time(name: string, runs: number, f: () => unknown, mb?: number): Promise<Result> {
  await f(); // warm-up (JIT, lazy tables)
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = nowMs();
    await f();
    ts.push(nowMs() - t0);
  }
  return { name, ms: median(ts), mb };
}

function expectThrows(f: () => unknown, what: string): void {
  try {
    f();
  } catch {
    return;
  }
  throw new Error(`${what} was accepted`);
}

function tenMbLines(lineEnd: string): Uint8Array {
  const line = 'A'.repeat(76) + lineEnd;
  return new TextEncoder().encode(line.repeat(Math.floor((10 * MiB) / line.length)));
}

function nestedMultiparts(depth: number): Uint8Array {
  let s = 'Content-Type: text/plain\r\n\r\nleaf\r\n';
  for (let i = 0; i < depth; i++) s = `Content-Type: multipart/mixed; boundary=b${i}\r\n\r\n--b${i}\r\n${s}--b${i}--\r\n`;
  return new TextEncoder().encode(s);
}

function corpusFile(...parts: string[]): Uint8Array | undefined {
  const dir = process.env.SMIME_CORPUS ?? resolve(import.meta.dirname, '..', '..', 'shared', 'corpus');
  const p = join(dir, ...parts);
  return existsSync(p) ? new Uint8Array(readFileSync(p)) : undefined;
}

/** Runs every building-block measurement; `id` gives the RSA-2048 recipient for the envelope rows. */
export async function runPrimitives(id?: BenchIdentity, runs = 5): Promise<Result[]> {
  const out: Result[] = [];

  const lf = tenMbLines('\n');
  const crlf = tenMbLines('\r\n');
  out.push(await time('canonicalizeCrlf, bare LF -> CRLF', runs, () => canonicalizeCrlf(lf), lf.length / MiB));
  out.push(await time('canonicalizeCrlf, already CRLF (scan only)', runs, () => canonicalizeCrlf(crlf), crlf.length / MiB));

  const head = new TextEncoder().encode('Content-Type: text/plain\r\n\r\n');
  const single = new Uint8Array(head.length + crlf.length);
  single.set(head);
  single.set(crlf, head.length);
  out.push(await time('parseMime, 10 MB single part', runs, () => parseMime(single), single.length / MiB));
  const b64line = 'QUFB'.repeat(19) + '\r\n';
  const multipart = new TextEncoder().encode(
    'Content-Type: multipart/mixed; boundary=XYZ\r\n\r\n--XYZ\r\nContent-Type: text/plain\r\n\r\nhi\r\n--XYZ\r\n' +
      `Content-Transfer-Encoding: base64\r\n\r\n${b64line.repeat(Math.floor((10 * MiB) / b64line.length))}--XYZ--\r\n`,
  );
  out.push(await time('parseMime, 10 MB multipart (base64 part)', runs, () => parseMime(multipart), multipart.length / MiB));

  const data = new Uint8Array(10 * MiB);
  for (let i = 0; i < data.length; i += 65536) globalThis.crypto.getRandomValues(data.subarray(i, i + 65536));
  let text = '';
  out.push(await time('base64 encode, 10 MB, 76-char lines', runs, () => (text = base64Encode(data, { lineLength: 76 })), 10));
  let back: Uint8Array = new Uint8Array(0);
  out.push(await time('base64 decode, 10 MB, 76-char lines', runs, () => (back = base64Decode(text)), 10));
  if (!bytesEqual(back, data)) throw new Error('base64 round trip failed');

  const des = new Uint8Array(4 * MiB);
  const key = globalThis.crypto.getRandomValues(new Uint8Array(24));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(8));
  out.push(await time('3DES-CBC decrypt, 4 MB', Math.min(runs, 3), () => tripleDesCbcDecrypt(key, iv, des), 4));

  if (id) {
    let der: Uint8Array = new Uint8Array(0);
    out.push(
      await time('AES-256-CBC EnvelopedData encrypt, 10 MB', runs, async () => {
        der = (await encryptEnvelope({ content: data, recipients: [{ certificate: id.certDer }] })).der;
      }, 10),
    );
    const keys = [{ certificate: id.certDer, privateKeyPkcs8: id.keyPkcs8 }];
    out.push(
      await time('AES-256-CBC EnvelopedData decrypt, 10 MB', runs, async () => {
        const r = await decryptEnvelope(der, keys);
        if (r.content.length !== data.length) throw new Error('envelope round trip failed');
      }, 10),
    );
  }

  const alice = corpusFile('thunderbird', 'tb-smime', 'Alice.p12');
  if (alice) {
    const identity = await readPkcs12(alice, 'nss');
    out.push(await time('PKCS#12 import (PBES2/AES, 10,000 iterations)', 3, () => readPkcs12(alice, 'nss')));
    out.push(await time('PKCS#12 export (PBES2, 200,000 iterations)', 1, () => writePkcs12(identity, 'pw')));
  }

  // DoS guards: how long the refusal takes (the tests check that they refuse, with which error).
  const deep = nestedMultiparts(10_000);
  out.push(await time('refuse 10,000 nested multiparts', runs, () => expectThrows(() => parseMime(deep), 'deep MIME')));
  const hostilePem = '-----BEGIN X-----\n'.repeat(100_000);
  out.push(await time('refuse 100,000 unterminated PEM BEGIN lines', runs, () => expectThrows(() => pemToDer(hostilePem), 'hostile PEM')));
  const flood = new Uint8Array(2_000_004);
  flood.set([0x30, 0x80]);
  for (let i = 2; i < flood.length - 2; i += 2) flood[i] = 0x05;
  out.push(await time('refuse a 1,000,000-element BER flood', runs, () => expectThrows(() => parseSignedData(flood), 'element flood')));
  return out;
}

export function formatPrimitives(results: Result[]): string[] {
  const lines = ['Building blocks (engine only, median ms; moved here from speed assertions in tests):', ''];
  lines.push(`${'primitive'.padEnd(50)}${'ms'.padStart(10)}${'MB/s'.padStart(10)}`);
  for (const r of results) {
    const rate = r.mb ? ((r.mb / r.ms) * 1000).toFixed(0) : '';
    lines.push(`${r.name.padEnd(50)}${fmtMs(r.ms).padStart(10)}${rate.padStart(10)}`);
  }
  return lines;
}

if (process.argv[1] && import.meta.filename === resolve(process.argv[1])) {
  const { createIdentity } = await import('./setup-identity');
  const id = createIdentity();
  try {
    process.stdout.write(formatPrimitives(await runPrimitives(id)).join('\n') + '\n');
  } finally {
    id.cleanup();
  }
}
