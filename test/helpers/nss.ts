// Runs Mozilla NSS's own tools (certutil, pk12util, cmsutil from Debian's libnss3-tools) as an interop peer:
// Thunderbird's S/MIME is NSS, so what these accept is what Thunderbird accepts. Each test gets a throwaway
// sql: database with an empty password. Suites use describe.skipIf(!hasNss), and say why when skipped.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hasTool, run, scratch, type RunResult } from './openssl';

export const NSS_TOOLS = ['certutil', 'pk12util', 'cmsutil'] as const;
export const hasNss = NSS_TOOLS.every((t) => hasTool(t));

if (!hasNss) {
  console.warn(`[nss] ${NSS_TOOLS.join('/')} not found (Debian: apt-get install libnss3-tools): NSS interop suites are skipped.`);
}

/** NSS library version, e.g. "3.87.1" (from the package database; the tools have no --version). */
export function nssVersion(): string {
  for (const [cmd, args] of [
    ['dpkg-query', ['-W', '-f=${Version}', 'libnss3']],
    ['pkg-config', ['--modversion', 'nss']],
  ] as const) {
    try {
      const v = execFileSync(cmd, [...args], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
      const m = /(\d+\.\d+(?:\.\d+)?)/.exec(v.replace(/^\d+:/, ''));
      if (m) return m[1];
    } catch {
      // try the next source
    }
  }
  return 'unknown';
}

export interface NssDb {
  dir: string;
  /** The -d argument: "sql:<dir>". */
  spec: string;
  /** Run an NSS tool with `-d sql:<dir>` appended. */
  tool(name: (typeof NSS_TOOLS)[number], args: string[], input?: Uint8Array): RunResult;
  /** pk12util -i; returns the run so callers can assert on failures too. */
  importPkcs12(path: string, password: string): RunResult;
  /** certutil -A with the given trust flags (e.g. "C,C,C" for a CA, ",," for none). */
  addCertificate(nickname: string, pemOrDerPath: string, trust: string): void;
  /** certutil -M: change the trust flags of a certificate already in the database. */
  setTrust(nickname: string, trust: string): void;
  /** certutil -L: the nicknames listed. */
  nicknames(): string[];
  /** Scratch files beside the database. */
  file(name: string): string;
  write(name: string, data: Uint8Array | string): string;
  read(name: string): Uint8Array;
  cleanup(): void;
}

function must(r: RunResult, what: string): RunResult {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${r.stderr}${new TextDecoder().decode(r.stdout)}`);
  return r;
}

/** A fresh NSS database (cert9.db/key4.db) with an empty password, in its own temp dir. */
export function createNssDb(prefix = 'nss-db-'): NssDb {
  const s = scratch(prefix);
  const spec = `sql:${s.dir}`;
  const tool: NssDb['tool'] = (name, args, input) => run(name, [...args, '-d', spec], input);
  must(tool('certutil', ['-N', '--empty-password']), 'certutil -N');
  return {
    dir: s.dir,
    spec,
    tool,
    importPkcs12: (path, password) => tool('pk12util', ['-i', path, '-W', password, '-K', '']),
    addCertificate: (nickname, path, trust) => {
      must(tool('certutil', ['-A', '-n', nickname, '-t', trust, '-i', path]), `certutil -A ${nickname}`);
    },
    setTrust: (nickname, trust) => {
      must(tool('certutil', ['-M', '-n', nickname, '-t', trust]), `certutil -M ${nickname}`);
    },
    nicknames: () => {
      const out = new TextDecoder().decode(must(tool('certutil', ['-L']), 'certutil -L').stdout);
      // Rows after the header: "<nickname>   <trust>"; the trust column is the last whitespace-separated token.
      return out
        .split('\n')
        .slice(4)
        .map((l) => l.replace(/\s+\S*,\S*,\S*\s*$/, '').trim())
        .filter((l) => l.length > 0);
    },
    file: s.file,
    write: s.write,
    read: s.read,
    cleanup: s.cleanup,
  };
}

/** stdout and stderr together, for asserting on NSS's messages. */
export function output(r: RunResult): string {
  return `${new TextDecoder().decode(r.stdout)}\n${r.stderr}`;
}

export interface CmsDecodeResult {
  /** Exit status of the plain decode: 0 only when it decrypted, or when every signer is GoodSignature. */
  status: number;
  /** The decoded content cmsutil wrote (the plaintext for an envelope, the eContent for signed data). */
  content: Uint8Array;
  /** signerN.status values from the -h report, e.g. ["GoodSignature"]; empty for envelopes. */
  signerStatuses: string[];
  /** The first SEC_ERROR_* / SEC_ERROR-like code NSS printed, if any. */
  error?: string;
  text: string;
}

/** The first NSS error code in a tool's output ("SEC_ERROR_BAD_DER", ...). */
export function nssError(text: string): string | undefined {
  return /\b((?:SEC|SSL|PR)_ERROR_[A-Z0-9_]+)/.exec(text)?.[1];
}

/**
 * cmsutil -D: decode (verify or decrypt) a DER CMS file. With `content`, the signature is detached over that file.
 * Two runs: one writes the content, one (-n -h 2) prints the per-signer report, since -h puts the report in front of
 * the content in the same output. Usage 4 = certUsageEmailSigner, what Thunderbird checks for a signer.
 */
export function cmsDecode(db: NssDb, input: string, opts: { content?: string; usage?: number } = {}): CmsDecodeResult {
  const common = ['-D', '-i', input, '-u', String(opts.usage ?? 4), '-p', '', ...(opts.content ? ['-c', opts.content] : [])];
  const outFile = db.file(`decoded-${Math.random().toString(36).slice(2)}.bin`);
  const r = db.tool('cmsutil', [...common, '-o', outFile]);
  let content = new Uint8Array(0);
  try {
    content = new Uint8Array(readFileSync(outFile));
  } catch {
    // nothing written
  }
  // Without -h a bad signer makes cmsutil exit 1, so the report run is what says which signer failed and how.
  const report = output(db.tool('cmsutil', [...common, '-n', '-h', '2']));
  const signerStatuses = [...report.matchAll(/signer\d+\.status=(\w+)/g)].map((m) => m[1]);
  const text = `${output(r)}\n${report}`;
  return { status: r.status, content, signerStatuses, error: nssError(text), text };
}

/** cmsutil -S: NSS signs `contentPath` with the key and certificate named `nickname` (signing time + capabilities). */
export function cmsSign(db: NssDb, nickname: string, contentPath: string, opts: { hash?: string; detached?: boolean } = {}): Uint8Array {
  const out = db.file(`signed-${Math.random().toString(36).slice(2)}.p7m`);
  must(
    db.tool('cmsutil', ['-S', '-N', nickname, '-H', opts.hash ?? 'SHA256', '-G', '-P', ...(opts.detached ? ['-T'] : []), '-i', contentPath, '-o', out, '-p', '']),
    `cmsutil -S ${nickname}`,
  );
  return new Uint8Array(readFileSync(out));
}

/** cmsutil -E: NSS encrypts `contentPath` to the certificates named in `recipients`; the run, and the DER on success. */
export function cmsEncrypt(db: NssDb, recipients: string[], contentPath: string): { run: RunResult; der?: Uint8Array } {
  const out = db.file(`enveloped-${Math.random().toString(36).slice(2)}.p7m`);
  const r = db.tool('cmsutil', ['-E', '-r', recipients.join(','), '-i', contentPath, '-o', out, '-p', '']);
  return { run: r, der: r.status === 0 ? new Uint8Array(readFileSync(out)) : undefined };
}
