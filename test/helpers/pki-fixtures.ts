// A small real PKI made with OpenSSL for the interop and CLI tests: an RSA root, an RSA intermediate, and one
// emailProtection leaf per signature algorithm (cert PEM, key PEM, PKCS#8 DER, PKCS#12 with password "test").
// Built once per process (each vitest file runs in its own fork) in a temp dir, removed by releasePki().
// Usage: `beforeAll(async () => { pki = await getPki(); })`, `afterAll(releasePki)`.
import { spawn } from 'node:child_process';
import { createHash, createPrivateKey } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { openssl, scratch } from './openssl';

export type LeafKind = 'rsa' | 'rsa-pss' | 'p256' | 'p384' | 'p521' | 'ed25519';
export const LEAF_KINDS: readonly LeafKind[] = ['rsa', 'rsa-pss', 'p256', 'p384', 'p521', 'ed25519'];

export const P12_PASSWORD = 'test';

export interface PkiCert {
  name: string;
  certPem: string; // path
  keyPem: string; // path
  der: Uint8Array;
  /** Serial number, lowercase hex without leading zeros. */
  serialHex: string;
  /** SHA-1 fingerprint, upper-case hex with colons (gpgsm trustlist.txt form). */
  sha1Colons: string;
}

export interface PkiIdentity extends PkiCert {
  kind: LeafKind;
  email: string;
  commonName: string;
  p12: string; // path: leaf key + leaf cert + intermediate, password P12_PASSWORD
  pkcs8: Uint8Array; // unencrypted PKCS#8 DER
}

export interface TestPki {
  dir: string;
  root: PkiCert;
  intermediate: PkiCert;
  leaves: Record<LeafKind, PkiIdentity>;
  /** A file holding the intermediate certificate (for `-certfile`). */
  intermediatePem: string;
  /** Path of a file inside the PKI's temp dir. */
  file(name: string): string;
  write(name: string, data: Uint8Array | string): string;
  read(name: string): Uint8Array;
}

const KEYGEN: Record<LeafKind | 'ca', string[]> = {
  ca: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  rsa: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  'rsa-pss': ['-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:2048'],
  p256: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  p384: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
  p521: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'],
  ed25519: ['-algorithm', 'ed25519'],
};

const LEAF_KEY_USAGE: Record<LeafKind, string> = {
  rsa: 'digitalSignature,nonRepudiation,keyEncipherment',
  'rsa-pss': 'digitalSignature,nonRepudiation',
  p256: 'digitalSignature,nonRepudiation,keyAgreement',
  p384: 'digitalSignature,nonRepudiation,keyAgreement',
  p521: 'digitalSignature,nonRepudiation,keyAgreement',
  ed25519: 'digitalSignature,nonRepudiation',
};

function must(r: ReturnType<typeof openssl>, what: string): Uint8Array {
  if (r.status !== 0) throw new Error(`openssl ${what} failed: ${r.stderr}`);
  return r.stdout;
}

export function pemFileToDer(path: string): Uint8Array {
  const text = readFileSync(path, 'latin1');
  const m = /-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END/.exec(text);
  if (!m) throw new Error(`${path}: no PEM block`);
  return new Uint8Array(Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
}

function sha1Colons(der: Uint8Array): string {
  const hex = createHash('sha1').update(der).digest('hex').toUpperCase();
  return hex.match(/../g)!.join(':');
}

/** OpenSSL without blocking the event loop, so independent steps (RSA key generation above all) overlap. */
function opensslAsync(args: string[], what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const err: Buffer[] = [];
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`openssl ${what} failed: ${Buffer.concat(err).toString()}`))));
  });
}

let building: Promise<TestPki> | undefined;
let cleanup: (() => void) | undefined;
let builtDir: string | undefined;

/** The process-wide test PKI, built on first use (~1-3 s; the four RSA key generations dominate and overlap). */
export function getPki(): Promise<TestPki> {
  building ??= buildPki();
  return building;
}

async function buildPki(): Promise<TestPki> {
  const s = scratch('smime-pki-');
  cleanup = s.cleanup;
  builtDir = s.dir;
  const keyFile = (name: string): string => s.file(`${name}.key`);
  const serialOf = new Map<string, number>([['root', 0x2000], ['intermediate', 0x2001]]);
  LEAF_KINDS.forEach((k, i) => serialOf.set(k, 0x2010 + i));

  await Promise.all(
    (['root', 'intermediate', ...LEAF_KINDS] as const).map((name) =>
      opensslAsync(['genpkey', ...KEYGEN[name === 'root' || name === 'intermediate' ? 'ca' : name], '-out', keyFile(name)], `genpkey ${name}`),
    ),
  );

  const finish = (name: string): PkiCert => {
    const certPem = s.file(`${name}.pem`);
    const der = pemFileToDer(certPem);
    return { name, certPem, keyPem: keyFile(name), der, serialHex: serialOf.get(name)!.toString(16), sha1Colons: sha1Colons(der) };
  };

  // Root: self-signed.
  must(
    openssl([
      'req', '-x509', '-new', '-key', keyFile('root'), '-sha256', '-days', '3650', '-subj', '/CN=Interop Test Root CA/O=S-MIME Interop Tests',
      '-set_serial', String(serialOf.get('root')), '-out', s.file('root.pem'),
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-addext', 'subjectKeyIdentifier=hash',
    ]),
    'req root',
  );
  const root = finish('root');

  const issue = async (name: string, subject: string, issuer: PkiCert, ext: string[]): Promise<void> => {
    const csr = s.file(`${name}.csr`);
    await opensslAsync(['req', '-new', '-key', keyFile(name), '-subj', subject, '-out', csr], `req ${name}`);
    const extFile = s.write(`${name}.ext`, ['[ ext ]', ...ext, ''].join('\n'));
    await opensslAsync(
      [
        'x509', '-req', '-in', csr, '-CA', issuer.certPem, '-CAkey', issuer.keyPem, '-sha256', '-days', '3000',
        '-set_serial', String(serialOf.get(name)), '-extfile', extFile, '-extensions', 'ext', '-out', s.file(`${name}.pem`),
      ],
      `x509 ${name}`,
    );
  };

  await issue('intermediate', '/CN=Interop Test Intermediate CA/O=S-MIME Interop Tests', root, [
    'basicConstraints = critical,CA:TRUE,pathlen:0',
    'keyUsage = critical,keyCertSign,cRLSign',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid',
  ]);
  const intermediate = finish('intermediate');

  const leafList = await Promise.all(
    LEAF_KINDS.map(async (kind): Promise<PkiIdentity> => {
      const email = `${kind}@example.org`;
      const commonName = `Interop ${kind.toUpperCase()} Leaf`;
      await issue(kind, `/CN=${commonName}/O=S-MIME Interop Tests/emailAddress=${email}`, intermediate, [
        'basicConstraints = CA:FALSE',
        `keyUsage = critical,${LEAF_KEY_USAGE[kind]}`,
        'extendedKeyUsage = emailProtection',
        'subjectKeyIdentifier = hash',
        'authorityKeyIdentifier = keyid',
        `subjectAltName = email:${email}`,
      ]);
      const p12 = s.file(`${kind}.p12`);
      await opensslAsync(
        ['pkcs12', '-export', '-in', s.file(`${kind}.pem`), '-inkey', keyFile(kind), '-certfile', intermediate.certPem, '-name', commonName, '-passout', `pass:${P12_PASSWORD}`, '-out', p12],
        `pkcs12 ${kind}`,
      );
      const pkcs8 = new Uint8Array(createPrivateKey(readFileSync(keyFile(kind))).export({ type: 'pkcs8', format: 'der' }));
      return { ...finish(kind), kind, email, commonName, p12, pkcs8 };
    }),
  );
  const leaves = Object.fromEntries(leafList.map((l) => [l.kind, l])) as Record<LeafKind, PkiIdentity>;

  return {
    dir: s.dir,
    root,
    intermediate,
    leaves,
    intermediatePem: intermediate.certPem,
    file: s.file,
    write: s.write,
    read: s.read,
  };
}

/** Remove the temp dir (call from afterAll); the next getPki() builds a fresh PKI. */
export function releasePki(): void {
  cleanup?.();
  cleanup = undefined;
  builtDir = undefined;
  building = undefined;
}

process.once('exit', () => {
  if (builtDir) rmSync(builtDir, { recursive: true, force: true });
});
