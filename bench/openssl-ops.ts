// The same four operations done by `openssl cms` as whole processes on the same files, each run checked:
// verify must succeed and give back the signed content, decrypt must give back the plaintext, and
// sign/encrypt outputs must verify/decrypt (checked once, outside the timed runs).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpName } from './engine-ops';
import type { BenchIdentity } from './setup-identity';
import { nowMs } from './stats';

export interface OpensslFiles {
  message: string; // the plaintext message (CRLF)
  engineSigned: string; // our multipart/signed output: what openssl verifies
  engineEncrypted: string; // our enveloped output: what openssl decrypts
  expectedContent: string; // the entity we sign/encrypt: what verify/decrypt must give back
  workDir: string;
}

function argsFor(op: OpName, id: BenchIdentity, f: OpensslFiles, out: string): string[] {
  switch (op) {
    // -binary: the message is already canonical CRLF, as ours is, so neither side re-canonicalises text.
    case 'sign':
      return ['cms', '-sign', '-binary', '-md', 'sha256', '-in', f.message, '-signer', id.certPem, '-inkey', id.keyPem, '-certfile', id.caPem, '-out', out];
    // No -binary on verify: with it, OpenSSL 3.0 splits multipart/signed parts with bare LF line ends, so the
    // digest of any CRLF-signed message fails. Without it the part is read back as CRLF, i.e. as signed.
    case 'verify':
      return ['cms', '-verify', '-in', f.engineSigned, '-CAfile', id.caPem, '-purpose', 'smimesign', '-out', out];
    case 'encrypt':
      return ['cms', '-encrypt', '-binary', '-aes256', '-in', f.message, '-out', out, id.certPem];
    case 'decrypt':
      return ['cms', '-decrypt', '-binary', '-in', f.engineEncrypted, '-recip', id.certPem, '-inkey', id.keyPem, '-out', out];
  }
}

function openssl(args: string[]): { status: number; stderr: string } {
  const r = spawnSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  return { status: r.status ?? -1, stderr: r.stderr?.toString('utf8') ?? '' };
}

function sameFile(a: string, b: string): boolean {
  return readFileSync(a).equals(readFileSync(b));
}

/** One timed run of `openssl cms` for op; throws if the process fails or (verify/decrypt) gives wrong bytes. */
export function runOpensslOp(op: OpName, id: BenchIdentity, f: OpensslFiles): { ms: number; out: string } {
  const out = join(f.workDir, `openssl-${op}.out`);
  const args = argsFor(op, id, f, out);
  const t0 = nowMs();
  const r = openssl(args);
  const ms = nowMs() - t0;
  if (r.status !== 0) throw new Error(`openssl ${op} failed (${r.status}): ${r.stderr.trim()}`);
  if (op === 'verify' && !/Verification successful/.test(r.stderr)) throw new Error(`openssl verify did not report success: ${r.stderr.trim()}`);
  if ((op === 'verify' || op === 'decrypt') && !sameFile(out, f.expectedContent)) throw new Error(`openssl ${op}: output differs from the original content`);
  return { ms, out };
}

/** Check what openssl sign/encrypt produced really verifies/decrypts (once per size, not timed). */
export function checkOpensslOutput(op: OpName, id: BenchIdentity, f: OpensslFiles, out: string): void {
  const back = join(f.workDir, `openssl-${op}.check`);
  if (op === 'sign') {
    const r = openssl(['cms', '-verify', '-in', out, '-CAfile', id.caPem, '-purpose', 'smimesign', '-out', back]);
    if (r.status !== 0 || !sameFile(back, f.message)) throw new Error(`openssl's own signature does not verify: ${r.stderr.trim()}`);
  } else if (op === 'encrypt') {
    const r = openssl(['cms', '-decrypt', '-binary', '-in', out, '-recip', id.certPem, '-inkey', id.keyPem, '-out', back]);
    if (r.status !== 0 || !sameFile(back, f.message)) throw new Error(`openssl's own encryption does not decrypt: ${r.stderr.trim()}`);
  }
}

/** Peak RSS (bytes) of one openssl run, via /usr/bin/time -f %M; undefined when GNU time is missing. */
export function opensslPeakRss(op: OpName, id: BenchIdentity, f: OpensslFiles): number | undefined {
  const out = join(f.workDir, `openssl-${op}.mem`);
  const r = spawnSync('/usr/bin/time', ['-f', '%M', 'openssl', ...argsFor(op, id, f, out)], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0 || r.error) return undefined;
  const lines = (r.stderr?.toString('utf8') ?? '').trim().split('\n');
  const kb = Number(lines[lines.length - 1]);
  return Number.isFinite(kb) ? kb * 1024 : undefined;
}
