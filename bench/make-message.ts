// Builds the benchmark's input: a canonical (CRLF) RFC 5322 message of a given total size, shaped like
// real mail: a short text part plus a base64 attachment (random bytes) that makes up the bulk.
import { randomBytes } from 'node:crypto';
import { SIGNER_EMAIL } from './setup-identity';

const BOUNDARY = '=_bench_boundary_7f3a';

function base64Lines(data: Buffer): string {
  const b64 = data.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join('\r\n') + '\r\n';
}

/** A message of exactly `size` bytes when size is large enough (a few hundred bytes of headers at minimum). */
export function makeMessage(size: number): Uint8Array {
  const head =
    `From: Alice Bench <${SIGNER_EMAIL}>\r\n` +
    'To: Bob <bob@example.org>\r\n' +
    'Subject: benchmark message\r\n' +
    'Date: Mon, 26 Jan 2026 14:38:03 +0000\r\n' +
    'Message-ID: <bench@example.com>\r\n' +
    'MIME-Version: 1.0\r\n' +
    `Content-Type: multipart/mixed; boundary="${BOUNDARY}"\r\n` +
    '\r\n' +
    `--${BOUNDARY}\r\n` +
    'Content-Type: text/plain; charset=us-ascii\r\n' +
    '\r\n' +
    'Hello Bob,\r\n\r\nthe file you asked for is attached.\r\n\r\nAlice\r\n' +
    `--${BOUNDARY}\r\n` +
    'Content-Type: application/octet-stream; name=data.bin\r\n' +
    'Content-Transfer-Encoding: base64\r\n' +
    'Content-Disposition: attachment; filename=data.bin\r\n' +
    '\r\n';
  const tail = `--${BOUNDARY}--\r\n`;
  // 57 raw bytes -> one 76-char line + CRLF = 78 bytes.
  const budget = Math.max(0, size - head.length - tail.length);
  let raw = Math.floor(budget / 78) * 57;
  let body = base64Lines(randomBytes(raw));
  // Pad the final bytes with a text-only filler so the total is exact (keeps sizes comparable across runs).
  while (head.length + body.length + tail.length > size && raw > 0) {
    raw -= 57;
    body = base64Lines(randomBytes(raw));
  }
  const msg = head + body + tail;
  const pad = size - msg.length;
  const padded = pad >= 2 ? head + body + tail.replace('--\r\n', '--\r\n' + 'x'.repeat(pad - 2) + '\r\n') : msg;
  return new Uint8Array(Buffer.from(padded, 'latin1'));
}
