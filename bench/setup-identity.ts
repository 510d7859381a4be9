// Creates the benchmark's RSA-2048 identity with OpenSSL in a temp dir: a self-signed CA and a leaf
// certificate for alice@example.com (emailProtection), as PEM files for openssl and DER bytes for the engine.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SIGNER_EMAIL = 'alice@example.com';

export interface BenchIdentity {
  dir: string;
  caPem: string; // paths, for openssl
  certPem: string;
  keyPem: string;
  caDer: Uint8Array; // bytes, for the engine
  certDer: Uint8Array;
  keyPkcs8: Uint8Array;
  cleanup: () => void;
}

function ossl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function createIdentity(): BenchIdentity {
  const dir = mkdtempSync(join(tmpdir(), 'smime-bench-'));
  const p = (n: string): string => join(dir, n);
  writeFileSync(
    p('leaf.ext'),
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=emailProtection',
      `subjectAltName=email:${SIGNER_EMAIL}`,
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
      '',
    ].join('\n'),
  );
  ossl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'ca.key'], dir);
  ossl(
    ['req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=Bench Root CA', '-days', '30', '-sha256',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'ca.pem'],
    dir,
  );
  ossl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'leaf.key'], dir);
  ossl(['req', '-new', '-key', 'leaf.key', '-subj', `/CN=Alice Bench/emailAddress=${SIGNER_EMAIL}`, '-out', 'leaf.csr'], dir);
  ossl(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-sha256',
    '-extfile', 'leaf.ext', '-out', 'leaf.pem'], dir);
  ossl(['x509', '-in', 'ca.pem', '-outform', 'DER', '-out', 'ca.der'], dir);
  ossl(['x509', '-in', 'leaf.pem', '-outform', 'DER', '-out', 'leaf.der'], dir);
  ossl(['pkcs8', '-topk8', '-nocrypt', '-in', 'leaf.key', '-outform', 'DER', '-out', 'leaf.p8'], dir);
  const read = (n: string): Uint8Array => new Uint8Array(readFileSync(p(n)));
  return {
    dir,
    caPem: p('ca.pem'),
    certPem: p('leaf.pem'),
    keyPem: p('leaf.key'),
    caDer: read('ca.der'),
    certDer: read('leaf.der'),
    keyPkcs8: read('leaf.p8'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
