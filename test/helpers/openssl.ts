// Runs the real OpenSSL (and gpgsm) as interop peers. Tests write inputs into a temp dir
// and read outputs back as bytes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

export interface RunResult {
  status: number;
  stdout: Uint8Array;
  stderr: string;
}

export function run(cmd: string, args: string[], input?: Uint8Array, cwd?: string): RunResult {
  const r = spawnSync(cmd, args, { input, cwd, maxBuffer: 512 * 1024 * 1024 });
  return {
    status: r.status ?? -1,
    stdout: new Uint8Array(r.stdout ?? []),
    stderr: (r.stderr ?? Buffer.alloc(0)).toString('utf8'),
  };
}

export function openssl(args: string[], input?: Uint8Array, cwd?: string): RunResult {
  return run('openssl', args, input, cwd);
}

/** A scratch directory, removed by the returned cleanup function. */
export function scratch(prefix = 'smime-test-'): { dir: string; file: (name: string) => string; write: (name: string, data: Uint8Array | string) => string; read: (name: string) => Uint8Array; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file: (name) => join(dir, name),
    write: (name, data) => {
      const p = join(dir, name);
      writeFileSync(p, data);
      return p;
    },
    read: (name) => new Uint8Array(readFileSync(join(dir, name))),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function opensslVersion(): string {
  return execFileSync('openssl', ['version']).toString().trim();
}
