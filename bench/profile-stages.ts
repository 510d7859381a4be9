// Profiling helper (not part of `npm run bench`): times the building blocks the message-level operations
// are made of, on the 10 MB benchmark message, to show which stage limits each operation.
// Usage: npx tsx bench/profile-stages.ts [MiB]
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { base64Decode, base64EncodeToBytes } from '../src/crypto/base64';
import { concatBytes } from '../src/crypto/bytes';
import { canonicalizeCrlf } from '../src/crypto/mime/canonicalize-crlf';
import { parseMime } from '../src/crypto/mime/parse-mime';
import { chooseTransferEncoding } from '../src/crypto/mime/build-mime';
import { splitMessageForSmime } from '../src/crypto/smime/prepare-content-entity';
import { makeMessage } from './make-message';
import { fmtMs, median, nowMs } from './stats';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function time(label: string, f: () => unknown, runs = 7): Promise<void> {
  await f();
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    const t0 = nowMs();
    await f();
    ts.push(nowMs() - t0);
  }
  console.log(`${fmtMs(median(ts)).padStart(8)} ms  ${label}`);
}

/** The obvious single-pass alternative to canonicalize-crlf.ts:countMissingCr, for comparison. */
function countMissingCrLoop(bytes: Uint8Array): number {
  let extra = 0;
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0x0d) {
      if (i + 1 < n && bytes[i + 1] === 0x0a) i++;
      else extra++;
    } else if (b === 0x0a) extra++;
  }
  return extra;
}

async function main(): Promise<void> {
  const mib = Number(process.argv[2] ?? 10);
  const msg = makeMessage(mib * 1024 * 1024);
  const content = splitMessageForSmime(msg).content;
  const key = await crypto.subtle.importKey('raw', new Uint8Array(32), 'AES-CBC', false, ['encrypt', 'decrypt']);
  const iv = new Uint8Array(16);
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, key, content as BufferSource));
  const b64 = base64EncodeToBytes(ct, { lineLength: 76 });
  const big = new Uint8Array(b64.length);
  console.log(`message ${msg.length} bytes, ciphertext ${ct.length}, base64 ${b64.length}`);
  await time('canonicalizeCrlf (already CRLF: countMissingCr only), message', () => canonicalizeCrlf(msg));
  await time('  same scan as one plain byte loop (alternative)', () => countMissingCrLoop(msg));
  await time('canonicalizeCrlf, base64 envelope body', () => canonicalizeCrlf(b64));
  await time('parseMime, message (after canonicalize)', () => parseMime(msg));
  await time('splitMessageForSmime (parse + copy entity)', () => splitMessageForSmime(msg));
  await time('chooseTransferEncoding over the content (not on the sign path for base64 parts)', () => chooseTransferEncoding(content, 'application'));
  await time('SHA-256 digest, content (WebCrypto)', () => crypto.subtle.digest('SHA-256', content as BufferSource));
  await time('AES-256-CBC encrypt, content (WebCrypto)', () => crypto.subtle.encrypt({ name: 'AES-CBC', iv }, key, content as BufferSource));
  await time('AES-256-CBC decrypt, ciphertext (WebCrypto)', () => crypto.subtle.decrypt({ name: 'AES-CBC', iv }, key, ct as BufferSource));
  await time('base64EncodeToBytes 76-col, ciphertext', () => base64EncodeToBytes(ct, { lineLength: 76 }));
  await time('base64Decode, wrapped base64 (Uint8Array)', () => base64Decode(b64));
  await time('  Buffer.from(base64) native, for reference', () => Buffer.from(Buffer.from(b64.buffer, b64.byteOffset, b64.length).toString('latin1'), 'base64'));
  await time('concatBytes one copy of the base64 (fresh buffer)', () => concatBytes(b64, new Uint8Array(2)));
  await time('  TypedArray.set into a reused buffer (no allocation)', () => big.set(b64));
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
