// Test helper: makes keys, certificates and PKCS#12 files with the real OpenSSL.
import { openssl, scratch } from '../helpers/openssl';

export interface OpensslIdentity {
  keyPem: string;
  certPem: string;
  caPem: string;
  dir: ReturnType<typeof scratch>;
}

function ok(args: string[], input?: Uint8Array): Uint8Array {
  const r = openssl(args, input);
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** A CA and a leaf signed by it; keyAlg 'rsa' (2048) or 'ec' (P-256). */
export function makeIdentity(keyAlg: 'rsa' | 'ec' = 'rsa'): OpensslIdentity {
  const dir = scratch('smime-p12-');
  const newkey = keyAlg === 'rsa' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  ok(['req', '-x509', ...newkey, '-nodes', '-keyout', dir.file('ca.key'), '-out', dir.file('ca.pem'), '-subj', '/CN=Test CA', '-days', '2']);
  ok(['req', '-new', ...newkey, '-nodes', '-keyout', dir.file('leaf.key'), '-out', dir.file('leaf.csr'), '-subj', '/CN=Leaf/emailAddress=leaf@example.com']);
  ok(['x509', '-req', '-in', dir.file('leaf.csr'), '-CA', dir.file('ca.pem'), '-CAkey', dir.file('ca.key'), '-CAcreateserial', '-out', dir.file('leaf.pem'), '-days', '2']);
  return { keyPem: dir.file('leaf.key'), certPem: dir.file('leaf.pem'), caPem: dir.file('ca.pem'), dir };
}

/** `openssl pkcs12 -export` with extra options; returns the DER file. */
export function exportPfx(id: OpensslIdentity, password: string, extra: string[] = []): Uint8Array {
  const out = id.dir.file(`out-${Math.random().toString(36).slice(2)}.p12`);
  ok(['pkcs12', '-export', '-inkey', id.keyPem, '-in', id.certPem, '-certfile', id.caPem, '-passout', `pass:${password}`, '-out', out, ...extra]);
  return id.dir.read(out.slice(id.dir.dir.length + 1));
}

export function pemToDer(pemPath: string, kind: 'x509' | 'pkey'): Uint8Array {
  return kind === 'x509'
    ? ok(['x509', '-in', pemPath, '-outform', 'DER'])
    : ok(['pkcs8', '-topk8', '-nocrypt', '-in', pemPath, '-outform', 'DER']);
}
