// A one-CA OpenSSL PKI whose leaves carry CA/B Forum S/MIME BR policy OIDs and chosen subjects, for the
// validation-type and sender-signal tests. Leaves sign with `openssl cms -sign`, like a bank's mail system.
import { openssl, scratch } from './openssl';
import { pemFileToDer } from './pki-fixtures';

export interface BrLeaf {
  der: Uint8Array;
  sign(mime: string): Uint8Array;
}

export interface BrPki {
  rootDer: Uint8Array;
  /** Issue a leaf for `email` with subject `subj` (OpenSSL /A=B form) and optional certificatePolicies. */
  leaf(name: string, email: string, subj: string, policy?: string): BrLeaf;
  /**
   * An intermediate CA under the root whose certificatePolicies are `policies` (comma-separated OIDs), and a leaf
   * issued by it; the signature carries the intermediate.
   */
  leafUnder(caName: string, policies: string, name: string, email: string, subj: string, policy?: string): BrLeaf;
  cleanup(): void;
}

function must(r: ReturnType<typeof openssl>, what: string): Uint8Array {
  if (r.status !== 0) throw new Error(`openssl ${what} failed: ${r.stderr}`);
  return r.stdout;
}

export function makeBrPki(): BrPki {
  const s = scratch('smime-br-');
  must(openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', s.file('ca.key')]), 'genpkey ca');
  must(
    openssl([
      'req', '-x509', '-new', '-key', s.file('ca.key'), '-sha256', '-days', '3650', '-subj', '/CN=BR Test CA/O=BR Tests',
      '-out', s.file('ca.pem'), '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ]),
    'req ca',
  );
  let serial = 0x5000;
  const issue = (issuer: string, name: string, email: string, subj: string, policy: string | undefined, chainPem?: string): BrLeaf => {
    must(openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', s.file(`${name}.key`)]), `genpkey ${name}`);
    must(openssl(['req', '-new', '-key', s.file(`${name}.key`), '-subj', subj, '-utf8', '-out', s.file(`${name}.csr`)]), `req ${name}`);
    const ext = [
      '[ ext ]',
      'basicConstraints = CA:FALSE',
      'keyUsage = critical,digitalSignature,keyAgreement',
      'extendedKeyUsage = emailProtection',
      `subjectAltName = email:${email}`,
      ...(policy ? [`certificatePolicies = ${policy}`] : []),
      '',
    ].join('\n');
    s.write(`${name}.ext`, ext);
    must(
      openssl([
        'x509', '-req', '-in', s.file(`${name}.csr`), '-CA', s.file(`${issuer}.pem`), '-CAkey', s.file(`${issuer}.key`), '-sha256', '-days', '3000',
        '-set_serial', String(serial++), '-extfile', s.file(`${name}.ext`), '-extensions', 'ext', '-out', s.file(`${name}.pem`),
      ]),
      `x509 ${name}`,
    );
    return {
      der: pemFileToDer(s.file(`${name}.pem`)),
      sign(mime: string) {
        s.write(`${name}.msg`, mime.replace(/\r?\n/g, '\r\n'));
        const extra = chainPem ? ['-certfile', chainPem] : [];
        return must(
          openssl(['cms', '-sign', '-in', s.file(`${name}.msg`), '-signer', s.file(`${name}.pem`), '-inkey', s.file(`${name}.key`), ...extra, '-binary', '-md', 'sha256']),
          `cms -sign ${name}`,
        );
      },
    };
  };
  return {
    rootDer: pemFileToDer(s.file('ca.pem')),
    leaf: (name, email, subj, policy) => issue('ca', name, email, subj, policy),
    leafUnder(caName, policies, name, email, subj, policy) {
      must(openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', s.file(`${caName}.key`)]), `genpkey ${caName}`);
      must(openssl(['req', '-new', '-key', s.file(`${caName}.key`), '-subj', `/CN=${caName}/O=BR Tests`, '-out', s.file(`${caName}.csr`)]), `req ${caName}`);
      s.write(`${caName}.ext`, ['[ ext ]', 'basicConstraints = critical,CA:TRUE,pathlen:0', 'keyUsage = critical,keyCertSign,cRLSign', `certificatePolicies = ${policies}`, ''].join('\n'));
      must(
        openssl([
          'x509', '-req', '-in', s.file(`${caName}.csr`), '-CA', s.file('ca.pem'), '-CAkey', s.file('ca.key'), '-sha256', '-days', '3000',
          '-set_serial', String(serial++), '-extfile', s.file(`${caName}.ext`), '-extensions', 'ext', '-out', s.file(`${caName}.pem`),
        ]),
        `x509 ${caName}`,
      );
      return issue(caName, name, email, subj, policy, s.file(`${caName}.pem`));
    },
    cleanup: s.cleanup,
  };
}
