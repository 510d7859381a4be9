// Builds throw-away PKIs with the real OpenSSL (`openssl ca`, so every certificate gets explicit dates and
// extensions) for the trust tests. One Pki per test file, created in beforeAll.
import { openssl, scratch } from '../helpers/openssl';
import { decodePemBlocks } from '../../src/crypto/x509/pem';

export type KeyKind = 'ec256' | 'ec384' | 'ec521' | 'rsa2048' | 'rsa1024' | 'rsapss2048' | 'ed25519';

export interface Issued {
  name: string;
  der: Uint8Array;
  certFile: string;
  keyFile: string;
}

export interface IssueOptions {
  name: string; // file stem, unique per Pki
  subject: string; // openssl -subj form, e.g. "/CN=Alice/emailAddress=alice@example.com"
  key?: KeyKind; // default ec256
  reuseKey?: Issued; // same key pair as another certificate (cross-signing, re-issue)
  issuer?: Issued; // undefined: self-signed
  ext: string[]; // extension config lines
  start?: string; // YYYYMMDDHHMMSSZ, default 20250101000000Z
  end?: string; // default 20350101000000Z
  md?: string; // default sha256 ('default' for Ed25519)
  sigopt?: string[]; // e.g. ['rsa_padding_mode:pss', 'rsa_pss_saltlen:32']
}

export interface RevokedSpec {
  cert: Issued;
  date: string; // YYYYMMDDHHMMSSZ
  reason?: string; // openssl reason name: keyCompromise, CACompromise, superseded, certificateHold, removeFromCRL...
}

export interface CrlOptions {
  name: string;
  issuer: Issued; // signs the CRL
  revoked: RevokedSpec[];
  lastUpdate: string; // YYYYMMDDHHMMSSZ
  nextUpdate: string;
  crlNumber?: number;
  /** Extra CRL extension lines (e.g. issuingDistributionPoint, a deltaCRLIndicator as DER). */
  ext?: string[];
}

export const CA_EXT = [
  'basicConstraints = critical,CA:TRUE',
  'keyUsage = critical,keyCertSign,cRLSign',
  'subjectKeyIdentifier = hash',
  'authorityKeyIdentifier = keyid',
];
export const ROOT_EXT = ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign', 'subjectKeyIdentifier = hash'];

export function leafExt(email: string, extra: { eku?: string | null; ku?: string } = {}): string[] {
  const lines = [
    'basicConstraints = CA:FALSE',
    `keyUsage = critical,${extra.ku ?? 'digitalSignature,keyEncipherment'}`,
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid',
    `subjectAltName = email:${email}`,
  ];
  if (extra.eku !== null) lines.push(`extendedKeyUsage = ${extra.eku ?? 'emailProtection'}`);
  return lines;
}

function must(r: ReturnType<typeof openssl>, what: string): ReturnType<typeof openssl> {
  if (r.status !== 0) throw new Error(`openssl ${what} failed: ${r.stderr}`);
  return r;
}

export class Pki {
  private readonly s = scratch('smime-trust-');
  private readonly config: string;

  constructor() {
    const { dir } = this.s;
    this.s.write('index.txt', '');
    this.s.write('serial', '1000\n');
    this.config = this.s.write(
      'ca.cnf',
      [
        '[ ca ]',
        'default_ca = CA_default',
        '[ CA_default ]',
        `dir = ${dir}`,
        'database = $dir/index.txt',
        'new_certs_dir = $dir',
        'serial = $dir/serial',
        'default_md = sha256',
        'policy = policy_any',
        'unique_subject = no',
        'copy_extensions = none',
        'email_in_dn = yes',
        '[ policy_any ]',
        'commonName = optional',
        '[ req ]',
        'distinguished_name = dn',
        '[ dn ]',
        '',
      ].join('\n'),
    );
  }

  private genKey(name: string, kind: KeyKind): string {
    const out = this.s.file(`${name}.key`);
    const args: Record<KeyKind, string[]> = {
      ec256: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
      ec384: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
      ec521: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'],
      rsa2048: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
      rsa1024: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024'],
      rsapss2048: ['-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:2048'],
      ed25519: ['-algorithm', 'ed25519'],
    };
    must(openssl(['genpkey', ...args[kind], '-out', out]), `genpkey ${kind}`);
    return out;
  }

  issue(o: IssueOptions): Issued {
    const keyFile = o.reuseKey ? o.reuseKey.keyFile : this.genKey(o.name, o.key ?? 'ec256');
    const csr = this.s.file(`${o.name}.csr`);
    must(openssl(['req', '-new', '-key', keyFile, '-subj', o.subject, '-config', this.config, '-out', csr]), `req ${o.name}`);
    const extFile = this.s.write(`${o.name}.ext`, ['[ ext ]', ...o.ext, ''].join('\n'));
    const certFile = this.s.file(`${o.name}.pem`);
    const args = [
      'ca', '-batch', '-config', this.config, '-in', csr, '-out', certFile, '-notext', '-preserveDN',
      '-startdate', o.start ?? '20250101000000Z', '-enddate', o.end ?? '20350101000000Z',
      '-extfile', extFile, '-extensions', 'ext', '-md', o.md ?? 'sha256',
    ];
    if (o.issuer) args.push('-cert', o.issuer.certFile, '-keyfile', o.issuer.keyFile);
    else args.push('-selfsign', '-keyfile', keyFile);
    for (const so of o.sigopt ?? []) args.push('-sigopt', so);
    must(openssl(args), `ca ${o.name}`);
    const pem = new TextDecoder().decode(this.s.read(`${o.name}.pem`));
    const [der] = decodePemBlocks(pem);
    return { name: o.name, der, certFile, keyFile };
  }

  /** A CRL made by `openssl ca -gencrl` from its own index of revoked certificates. DER. */
  crl(o: CrlOptions): Uint8Array {
    const serialOf = (c: Issued): string => {
      const out = new TextDecoder().decode(must(openssl(['x509', '-in', c.certFile, '-noout', '-serial']), 'serial').stdout);
      return out.trim().replace(/^serial=/, '');
    };
    const short = (t: string): string => t.slice(2); // index.txt wants UTCTime-style YYMMDDHHMMSSZ
    const lines = o.revoked.map((r) => {
      const reason = r.reason ? `,${r.reason}` : '';
      return ['R', '350101000000Z', `${short(r.date)}${reason}`, serialOf(r.cert), 'unknown', `/CN=${r.cert.name}`].join('\t');
    });
    const index = this.s.write(`${o.name}.index`, lines.length ? `${lines.join('\n')}\n` : '');
    const crlnumber = o.crlNumber !== undefined ? this.s.write(`${o.name}.crlnumber`, `${o.crlNumber.toString(16).padStart(2, '0').toUpperCase()}\n`) : undefined;
    const conf = this.s.write(
      `${o.name}.cnf`,
      [
        '[ ca ]',
        'default_ca = CA_default',
        '[ CA_default ]',
        `database = ${index}`,
        ...(crlnumber ? [`crlnumber = ${crlnumber}`] : []),
        'default_md = sha256',
        'crl_extensions = crl_ext',
        '[ crl_ext ]',
        'authorityKeyIdentifier = keyid',
        ...(o.ext ?? []),
        '',
      ].join('\n'),
    );
    const out = this.s.file(`${o.name}.crl.pem`);
    must(
      openssl(['ca', '-gencrl', '-config', conf, '-cert', o.issuer.certFile, '-keyfile', o.issuer.keyFile, '-crl_lastupdate', o.lastUpdate, '-crl_nextupdate', o.nextUpdate, '-out', out]),
      `ca -gencrl ${o.name}`,
    );
    const der = this.s.file(`${o.name}.crl.der`);
    must(openssl(['crl', '-in', out, '-outform', 'DER', '-out', der]), 'crl to DER');
    return this.s.read(`${o.name}.crl.der`);
  }

  /** Path of a file in this PKI's scratch directory. */
  path(name: string): string {
    return this.s.file(name);
  }

  cleanup(): void {
    this.s.cleanup();
  }
}
