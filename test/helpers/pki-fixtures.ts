// A small real PKI made with OpenSSL for the interop and CLI tests: an RSA root, an RSA intermediate, and one
// emailProtection leaf per signature algorithm (cert PEM, key PEM, PKCS#8 DER, PKCS#12 with password "test").
// Built once per process (each vitest file runs in its own fork) in a temp dir, removed by releasePki().
import { createHash } from 'node:crypto';
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

let cached: TestPki | undefined;
let cleanup: (() => void) | undefined;

/** The process-wide test PKI (built on first use, ~1-2 s: three RSA key generations dominate). */
export function getPki(): TestPki {
  if (cached) return cached;
  const s = scratch('smime-pki-');
  let serial = 0x2000;

  const genKey = (name: string, kind: LeafKind | 'ca'): string => {
    const out = s.file(`${name}.key`);
    must(openssl(['genpkey', ...KEYGEN[kind], '-out', out]), `genpkey ${name}`);
    return out;
  };
  const serials = new Map<string, number>();
  const finish = (name: string, certPem: string, keyPem: string): PkiCert => {
    const der = pemFileToDer(certPem);
    return { name, certPem, keyPem, der, serialHex: serials.get(name)!.toString(16), sha1Colons: sha1Colons(der) };
  };

  // Root: self-signed, 10 years.
  const rootKey = genKey('root', 'ca');
  const rootPem = s.file('root.pem');
  must(
    openssl([
      'req', '-x509', '-new', '-key', rootKey, '-sha256', '-days', '3650', '-subj', '/CN=Interop Test Root CA/O=S-MIME Interop Tests',
      '-set_serial', String(serial), '-out', rootPem,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-addext', 'subjectKeyIdentifier=hash',
    ]),
    'req root',
  );
  serials.set('root', serial++);
  const root = finish('root', rootPem, rootKey);

  const issue = (name: string, keyPem: string, subject: string, issuer: PkiCert, ext: string[]): string => {
    const csr = s.file(`${name}.csr`);
    must(openssl(['req', '-new', '-key', keyPem, '-subj', subject, '-out', csr]), `req ${name}`);
    const extFile = s.write(`${name}.ext`, ['[ ext ]', ...ext, ''].join('\n'));
    const certPem = s.file(`${name}.pem`);
    must(
      openssl([
        'x509', '-req', '-in', csr, '-CA', issuer.certPem, '-CAkey', issuer.keyPem, '-sha256', '-days', '3000',
        '-set_serial', String(serial), '-extfile', extFile, '-extensions', 'ext', '-out', certPem,
      ]),
      `x509 ${name}`,
    );
    serials.set(name, serial++);
    return certPem;
  };

  const intKey = genKey('intermediate', 'ca');
  const intPem = issue('intermediate', intKey, '/CN=Interop Test Intermediate CA/O=S-MIME Interop Tests', root, [
    'basicConstraints = critical,CA:TRUE,pathlen:0',
    'keyUsage = critical,keyCertSign,cRLSign',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid',
  ]);
  const intermediate = finish('intermediate', intPem, intKey);

  const leaves = {} as Record<LeafKind, PkiIdentity>;
  for (const kind of LEAF_KINDS) {
    const email = `${kind}@example.org`;
    const commonName = `Interop ${kind.toUpperCase()} Leaf`;
    const keyPem = genKey(kind, kind);
    const certPem = issue(kind, keyPem, `/CN=${commonName}/O=S-MIME Interop Tests/emailAddress=${email}`, intermediate, [
      'basicConstraints = CA:FALSE',
      `keyUsage = critical,${LEAF_KEY_USAGE[kind]}`,
      'extendedKeyUsage = emailProtection',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid',
      `subjectAltName = email:${email}`,
    ]);
    const p12 = s.file(`${kind}.p12`);
    must(
      openssl(['pkcs12', '-export', '-in', certPem, '-inkey', keyPem, '-certfile', intPem, '-name', commonName, '-passout', `pass:${P12_PASSWORD}`, '-out', p12]),
      `pkcs12 ${kind}`,
    );
    const pkcs8 = must(openssl(['pkcs8', '-topk8', '-nocrypt', '-in', keyPem, '-outform', 'DER']), `pkcs8 ${kind}`);
    leaves[kind] = { ...finish(kind, certPem, keyPem), kind, email, commonName, p12, pkcs8 };
  }

  cleanup = s.cleanup;
  cached = {
    dir: s.dir,
    root,
    intermediate,
    leaves,
    intermediatePem: intPem,
    file: s.file,
    write: s.write,
    read: s.read,
  };
  return cached;
}

/** Remove the temp dir (call from afterAll); the next getPki() builds a fresh PKI. */
export function releasePki(): void {
  cleanup?.();
  cleanup = undefined;
  cached = undefined;
}

process.once('exit', () => {
  if (cached) rmSync(cached.dir, { recursive: true, force: true });
});
