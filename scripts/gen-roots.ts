// Generates src/crypto/trust/mozilla-email-roots.generated.ts from Mozilla NSS certdata.txt: the roots Mozilla
// trusts for e-mail, so the extension ships its own S/MIME root store (OS stores carry no e-mail purpose bits).
// Usage: npx tsx scripts/gen-roots.ts [path/to/certdata.txt] [--commit=<nss commit>] [--date=YYYY-MM-DD]
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type AttrValue = { type: string; text?: string; bytes?: Uint8Array };
export type CertdataObject = Map<string, AttrValue>;

export interface EmailRoot {
  label: string;
  der: Uint8Array;
  sha256: string;
  emailDistrustAfter?: string; // ISO 8601
}

export interface CertdataSummary {
  roots: EmailRoot[];
  certificates: number;
  trustObjects: number;
  emailTrusted: number;
  emailMustVerify: number;
  emailNotTrusted: number;
  emailDistrustAfter: number;
  serverDistrustAfter: number;
}

function octal(lines: string[], where: string): Uint8Array {
  const out: number[] = [];
  for (const line of lines) {
    const re = /\\([0-7]{3})/g;
    const stripped = line.replace(re, '');
    if (stripped.trim() !== '') throw new Error(`${where}: unexpected text in MULTILINE_OCTAL: ${line}`);
    let m: RegExpExecArray | null;
    while ((m = re.exec(line)) !== null) out.push(parseInt(m[1], 8));
  }
  return Uint8Array.from(out);
}

/** Parse certdata.txt into objects (attribute name -> value). Objects start at each CKA_CLASS line. */
export function parseCertdata(text: string): CertdataObject[] {
  const lines = text.split(/\r?\n/);
  const begin = lines.findIndex((l) => l.trim() === 'BEGINDATA');
  if (begin < 0) throw new Error('certdata.txt: no BEGINDATA line');
  const objects: CertdataObject[] = [];
  let current: CertdataObject | undefined;
  for (let i = begin + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' || line.startsWith('#')) continue;
    const m = /^(CKA_[A-Z0-9_]+)\s+(\S+)(?:\s+(.*))?$/.exec(line);
    if (!m) throw new Error(`certdata.txt:${i + 1}: cannot parse line: ${line}`);
    const [, name, type, rest] = m;
    let value: AttrValue;
    if (type === 'MULTILINE_OCTAL') {
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length && lines[j].trim() !== 'END'; j++) body.push(lines[j]);
      if (j >= lines.length) throw new Error(`certdata.txt:${i + 1}: MULTILINE_OCTAL without END`);
      value = { type, bytes: octal(body, `certdata.txt:${i + 1}`) };
      i = j;
    } else if (type === 'UTF8') {
      const q = /^"(.*)"$/.exec((rest ?? '').trim());
      if (!q) throw new Error(`certdata.txt:${i + 1}: UTF8 value is not quoted`);
      value = { type, text: q[1].replace(/\\(.)/g, '$1') };
    } else {
      value = { type, text: (rest ?? '').trim() };
    }
    if (name === 'CKA_CLASS') {
      current = new Map();
      objects.push(current);
    }
    if (!current) throw new Error(`certdata.txt:${i + 1}: attribute before the first CKA_CLASS`);
    if (current.has(name)) throw new Error(`certdata.txt:${i + 1}: duplicate ${name} in one object`);
    current.set(name, value);
  }
  return objects;
}

/** certdata stores distrust-after as the ASCII of a UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime. */
export function parseDistrustDate(bytes: Uint8Array): string {
  const s = new TextDecoder('latin1').decode(bytes);
  let m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  let year: number;
  if (m) {
    const yy = parseInt(m[1], 10);
    year = yy >= 50 ? 1900 + yy : 2000 + yy; // RFC 5280 UTCTime rule
  } else {
    m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
    if (!m) throw new Error(`unrecognised distrust-after date "${s}"`);
    year = parseInt(m[1], 10);
  }
  const [mo, d, h, mi, se] = m.slice(2).map((x) => parseInt(x, 10));
  return new Date(Date.UTC(year, mo - 1, d, h, mi, se)).toISOString();
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const sha = (alg: string, b: Uint8Array): string => createHash(alg).update(b).digest('hex');

function attrBytes(o: CertdataObject, name: string): Uint8Array | undefined {
  return o.get(name)?.bytes;
}
function attrText(o: CertdataObject, name: string): string | undefined {
  return o.get(name)?.text;
}

/** Join trust objects to certificates by (issuer, serial) exactly as NSS does, keeping e-mail trust anchors. */
export function emailTrustedRoots(objects: CertdataObject[]): CertdataSummary {
  const certs = objects.filter((o) => attrText(o, 'CKA_CLASS') === 'CKO_CERTIFICATE');
  const trusts = objects.filter((o) => attrText(o, 'CKA_CLASS') === 'CKO_NSS_TRUST');
  const byIssuerSerial = new Map<string, CertdataObject>();
  for (const c of certs) {
    const issuer = attrBytes(c, 'CKA_ISSUER');
    const serial = attrBytes(c, 'CKA_SERIAL_NUMBER');
    if (!issuer || !serial || !attrBytes(c, 'CKA_VALUE')) throw new Error(`certificate "${attrText(c, 'CKA_LABEL')}" lacks issuer/serial/value`);
    byIssuerSerial.set(`${hex(issuer)}/${hex(serial)}`, c);
  }
  const summary: CertdataSummary = {
    roots: [],
    certificates: certs.length,
    trustObjects: trusts.length,
    emailTrusted: 0,
    emailMustVerify: 0,
    emailNotTrusted: 0,
    emailDistrustAfter: 0,
    // Counted on any object: certdata once put one on a trust object instead of the certificate.
    serverDistrustAfter: objects.filter((c) => c.get('CKA_NSS_SERVER_DISTRUST_AFTER')?.type === 'MULTILINE_OCTAL').length,
  };
  for (const t of trusts) {
    const email = attrText(t, 'CKA_TRUST_EMAIL_PROTECTION');
    if (email === 'CKT_NSS_MUST_VERIFY_TRUST') summary.emailMustVerify++;
    if (email === 'CKT_NSS_NOT_TRUSTED') summary.emailNotTrusted++;
    if (email !== 'CKT_NSS_TRUSTED_DELEGATOR') continue;
    summary.emailTrusted++;
    const issuer = attrBytes(t, 'CKA_ISSUER');
    const serial = attrBytes(t, 'CKA_SERIAL_NUMBER');
    const label = attrText(t, 'CKA_LABEL') ?? '(no label)';
    if (!issuer || !serial) throw new Error(`trust object "${label}" lacks issuer/serial`);
    const cert = byIssuerSerial.get(`${hex(issuer)}/${hex(serial)}`);
    if (!cert) throw new Error(`trust object "${label}" matches no certificate by issuer+serial`);
    const der = attrBytes(cert, 'CKA_VALUE') as Uint8Array;
    // The trust object also pins the certificate's SHA-1; a mismatch means a corrupt or hand-edited file.
    const pinned = attrBytes(t, 'CKA_CERT_SHA1_HASH');
    if (pinned && hex(pinned) !== sha('sha1', der)) throw new Error(`trust object "${label}": CKA_CERT_SHA1_HASH does not match the certificate`);
    const certLabel = attrText(cert, 'CKA_LABEL');
    if (certLabel !== undefined && certLabel !== label) throw new Error(`trust "${label}" joined to certificate labelled "${certLabel}"`);
    const root: EmailRoot = { label, der, sha256: sha('sha256', der) };
    // NSS keeps distrust-after on the certificate object, but certdata has placed a SERVER one on a trust
    // object (Izenpe.com in 2026), so read both and keep the earlier date.
    const dates: string[] = [];
    for (const [obj, where] of [[cert, 'certificate'], [t, 'trust']] as const) {
      const distrust = obj.get('CKA_NSS_EMAIL_DISTRUST_AFTER');
      if (distrust?.type === 'MULTILINE_OCTAL' && distrust.bytes) dates.push(parseDistrustDate(distrust.bytes));
      else if (distrust && !(distrust.type === 'CK_BBOOL' && distrust.text === 'CK_FALSE')) {
        throw new Error(`${where} "${label}": unexpected CKA_NSS_EMAIL_DISTRUST_AFTER ${distrust.type} ${distrust.text ?? ''}`);
      }
    }
    if (dates.length > 0) {
      root.emailDistrustAfter = dates.sort()[0];
      summary.emailDistrustAfter++;
    }
    summary.roots.push(root);
  }
  return summary;
}

export interface SourceInfo {
  path: string;
  sha256: string;
  commit?: string;
  date: string; // YYYY-MM-DD
}

export function renderGeneratedFile(roots: EmailRoot[], source: SourceInfo): string {
  const head = [
    '// GENERATED by scripts/gen-roots.ts - do not edit by hand; regenerate with `npx tsx scripts/gen-roots.ts`.',
    '// Roots Mozilla NSS trusts for e-mail (S/MIME): every CKO_NSS_TRUST object with',
    '// CKA_TRUST_EMAIL_PROTECTION = CKT_NSS_TRUSTED_DELEGATOR, joined to its certificate by (issuer, serial).',
    `// Source: nss lib/ckfw/builtins/certdata.txt${source.commit ? ` @ ${source.commit}` : ''} (sha256 ${source.sha256})`,
    `// Generated: ${source.date}. Data licence: MPL-2.0 (Mozilla). ${roots.length} roots.`,
    '',
    'export interface MozillaEmailRoot {',
    '  label: string;',
    '  der: string; // base64 DER',
    '  emailDistrustAfter?: string; // ISO 8601: leaves with notBefore after this are not trusted via this root',
    '}',
    '',
    `export const MOZILLA_EMAIL_ROOTS_SOURCE = ${JSON.stringify({ commit: source.commit ?? null, sha256: source.sha256, generated: source.date })} as const;`,
    '',
    'export const MOZILLA_EMAIL_ROOTS: readonly MozillaEmailRoot[] = [',
  ];
  const body = roots.map((r) => {
    const fields = [`label: ${JSON.stringify(r.label)}`, `der: ${JSON.stringify(Buffer.from(r.der).toString('base64'))}`];
    if (r.emailDistrustAfter) fields.push(`emailDistrustAfter: ${JSON.stringify(r.emailDistrustAfter)}`);
    return `  // sha256 ${r.sha256}\n  { ${fields.join(', ')} },`;
  });
  return [...head, ...body, '];', ''].join('\n');
}

function main(argv: string[]): void {
  const here = dirname(fileURLToPath(import.meta.url));
  const repo = resolve(here, '..');
  const positional = argv.filter((a) => !a.startsWith('--'));
  const opt = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const input = resolve(positional[0] ?? join(repo, '..', 'shared', 'corpus', 'roots', 'certdata.txt'));
  const text = readFileSync(input, 'utf8');
  let commit = opt('commit');
  const readme = join(dirname(input), 'README.txt');
  if (!commit && existsSync(readme)) commit = /certdata\.txt @ ([0-9a-f]{7,40})/.exec(readFileSync(readme, 'utf8'))?.[1];
  const summary = emailTrustedRoots(parseCertdata(text));
  const source: SourceInfo = {
    path: input,
    sha256: sha('sha256', new Uint8Array(readFileSync(input))),
    commit,
    date: opt('date') ?? new Date().toISOString().slice(0, 10),
  };
  const out = join(repo, 'src', 'crypto', 'trust', 'mozilla-email-roots.generated.ts');
  writeFileSync(out, renderGeneratedFile(summary.roots, source));
  const { roots, ...counts } = summary;
  console.log(`wrote ${out}: ${roots.length} e-mail roots`, counts);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main(process.argv.slice(2));
