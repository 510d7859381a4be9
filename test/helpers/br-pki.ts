// A one-CA OpenSSL PKI whose leaves carry CA/B Forum S/MIME BR policy OIDs and chosen subjects, for the
// validation-type and sender-signal tests. Leaves sign with `openssl cms -sign`, like a bank's mail system.
import { openssl, scratch } from './openssl';
import { pemFileToDer } from './pki-fixtures';

export interface BrPki {
  rootDer: Uint8Array;
  /** Issue a leaf for `email` with subject `subj` (OpenSSL /A=B form) and optional certificatePolicies. */
  leaf(name: string, email: string, subj: string, policy?: string): { der: Uint8Array; sign(mime: string): Uint8Array };
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
  return {
    rootDer: pemFileToDer(s.file('ca.pem')),
    leaf(name, email, subj, policy) {
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
          'x509', '-req', '-in', s.file(`${name}.csr`), '-CA', s.file('ca.pem'), '-CAkey', s.file('ca.key'), '-sha256', '-days', '3000',
          '-set_serial', String(serial++), '-extfile', s.file(`${name}.ext`), '-extensions', 'ext', '-out', s.file(`${name}.pem`),
        ]),
        `x509 ${name}`,
      );
      return {
        der: pemFileToDer(s.file(`${name}.pem`)),
        sign(mime: string) {
          s.write(`${name}.msg`, mime.replace(/\r?\n/g, '\r\n'));
          return must(
            openssl(['cms', '-sign', '-in', s.file(`${name}.msg`), '-signer', s.file(`${name}.pem`), '-inkey', s.file(`${name}.key`), '-binary', '-md', 'sha256']),
            `cms -sign ${name}`,
          );
        },
      };
    },
    cleanup: s.cleanup,
  };
}
