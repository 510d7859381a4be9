// Test identities made with the real OpenSSL (RSA, P-256, P-384) and corpus-key extraction helpers.
import { readFileSync } from 'node:fs';
import { openssl, scratch } from '../helpers/openssl';

export interface TestIdentity {
  name: string;
  certPem: string; // path
  keyPem: string; // path
  certificate: Uint8Array;
  privateKeyPkcs8: Uint8Array;
}

function must(r: ReturnType<typeof openssl>, what: string): Uint8Array {
  if (r.status !== 0) throw new Error(`${what} failed: ${r.stderr}`);
  return r.stdout;
}

export function makeIdentity(dir: ReturnType<typeof scratch>, name: string, keyArgs: string[]): TestIdentity {
  const keyPem = dir.file(`${name}.key`);
  const certPem = dir.file(`${name}.crt`);
  must(openssl(['genpkey', ...keyArgs, '-out', keyPem]), 'genpkey');
  must(
    openssl(['req', '-x509', '-new', '-key', keyPem, '-subj', `/CN=${name}/emailAddress=${name}@example.org`, '-days', '30', '-out', certPem, '-addext', 'keyUsage=keyEncipherment,keyAgreement']),
    'req',
  );
  const certificate = must(openssl(['x509', '-in', certPem, '-outform', 'DER']), 'x509');
  const privateKeyPkcs8 = must(openssl(['pkcs8', '-topk8', '-nocrypt', '-in', keyPem, '-outform', 'DER']), 'pkcs8');
  return { name, certPem, keyPem, certificate, privateKeyPkcs8 };
}

export const RSA_ARGS = ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'];
export const P256_ARGS = ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'];
export const P384_ARGS = ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'];

/** Certificate + PKCS#8 key from a PKCS#12 file (legacy PBEs included) via OpenSSL. */
export function fromP12(path: string, password: string): { certificate: Uint8Array; privateKeyPkcs8: Uint8Array } {
  const keyPem = must(openssl(['pkcs12', '-in', path, '-passin', `pass:${password}`, '-nocerts', '-nodes', '-legacy']), 'pkcs12 key');
  const privateKeyPkcs8 = must(openssl(['pkcs8', '-topk8', '-nocrypt', '-outform', 'DER'], keyPem), 'pkcs8');
  const certPem = must(openssl(['pkcs12', '-in', path, '-passin', `pass:${password}`, '-clcerts', '-nokeys', '-legacy']), 'pkcs12 cert');
  const certificate = must(openssl(['x509', '-outform', 'DER'], certPem), 'x509');
  return { certificate, privateKeyPkcs8 };
}

export function pemToDer(path: string): Uint8Array {
  const s = readFileSync(path, 'latin1');
  const b64 = s.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

/** The base64 body of a single-part application/pkcs7-mime message (headers split at the first blank line). */
export function smimeBody(path: string): Uint8Array {
  const s = readFileSync(path, 'latin1');
  const i = s.search(/\r?\n\r?\n/);
  return new Uint8Array(Buffer.from(s.slice(i).replace(/\s+/g, ''), 'base64'));
}
