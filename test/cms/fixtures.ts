// Test identities generated with OpenSSL at test time (never checked in): self-signed certificates for
// RSA, RSA-PSS, EC P-256/384/521 and Ed25519, plus helpers to sign with `openssl cms` and to locate bytes.
import { readFileSync } from 'node:fs';
import { openssl, scratch } from '../helpers/openssl';

export type KeyKind = 'rsa' | 'rsapss' | 'p256' | 'p384' | 'p521' | 'ed25519';

export interface TestIdentity {
  kind: KeyKind;
  keyPath: string;
  certPath: string;
  certDer: Uint8Array;
  pkcs8: Uint8Array;
}

const GENPKEY: Record<KeyKind, string[]> = {
  rsa: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  rsapss: ['-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:2048'],
  p256: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  p384: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
  p521: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'],
  ed25519: ['-algorithm', 'ED25519'],
};

export function must(r: { status: number; stderr: string; stdout: Uint8Array }, what: string): Uint8Array {
  if (r.status !== 0) throw new Error(`${what} failed: ${r.stderr}`);
  return r.stdout;
}

export type Scratch = ReturnType<typeof scratch>;

export function makeIdentity(s: Scratch, kind: KeyKind, name = kind): TestIdentity {
  const keyPath = s.file(`${name}.key`);
  const certPath = s.file(`${name}.crt`);
  must(openssl(['genpkey', ...GENPKEY[kind], '-out', keyPath]), `genpkey ${kind}`);
  const reqArgs = ['req', '-x509', '-new', '-key', keyPath, '-subj', `/CN=${name} test/emailAddress=${name}@example.org`, '-days', '2', '-out', certPath];
  if (kind === 'rsa' || kind === 'p256' || kind === 'p384' || kind === 'p521') reqArgs.push('-sha256');
  must(openssl(reqArgs), `req ${kind}`);
  const certDer = must(openssl(['x509', '-in', certPath, '-outform', 'DER']), 'x509 der');
  const pkcs8 = must(openssl(['pkcs8', '-topk8', '-nocrypt', '-in', keyPath, '-outform', 'DER']), 'pkcs8 der');
  return { kind, keyPath, certPath, certDer, pkcs8 };
}

/** `openssl cms -sign -binary` with DER output; extra args e.g. ['-nodetach'], ['-md','sha1'], ['-stream']. */
export function opensslSign(s: Scratch, content: Uint8Array, signers: TestIdentity[], extra: string[] = []): Uint8Array {
  const inPath = s.write(`content-${Math.random().toString(36).slice(2)}.bin`, content);
  const args = ['cms', '-sign', '-binary', '-in', inPath, '-outform', 'DER'];
  for (const id of signers) args.push('-signer', id.certPath, '-inkey', id.keyPath);
  args.push(...extra);
  return must(openssl(args), `cms -sign ${extra.join(' ')}`);
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Offset of `needle` inside `hay` (first occurrence), or -1. */
export function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

export function flipByteAt(b: Uint8Array, offset: number): Uint8Array {
  const out = b.slice();
  out[offset] ^= 0x01;
  return out;
}

export function flipInside(hay: Uint8Array, needle: Uint8Array, delta = Math.floor(needle.length / 2)): Uint8Array {
  const at = indexOfBytes(hay, needle);
  if (at < 0) throw new Error('needle not found');
  return flipByteAt(hay, at + delta);
}
