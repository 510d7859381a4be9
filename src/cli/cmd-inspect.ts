// `smime inspect FILE [--password-file F]`: says what a certificate, PKCS#12 file or message is.
import { canonicalizeCrlf } from '../crypto/mime/canonicalize-crlf';
import { parseMime, type MimeEntity } from '../crypto/mime/parse-mime';
import { decodeBody } from '../crypto/mime/decode-transfer-encoding';
import { pemBlocks } from '../crypto/base64';
import { summarizeCertificate } from '../crypto/x509/summarize-certificate';
import { readPkcs12All } from '../crypto/pkcs12/read-pkcs12';
import { isZip, extractPkcs12FromZip } from '../crypto/pkcs12/open-pkcs12-zip';
import { parseEnvelope } from '../crypto/envelope/parse-envelope';
import { smimeKind } from '../crypto/smime/classify-entity';
import { sniffCmsContentType, CMS_SIGNED_DATA, CMS_ENVELOPED_DATA, CMS_AUTH_ENVELOPED_DATA } from '../crypto/smime/sniff-cms';
import { verifyMessage } from '../crypto/smime/verify-message';
import { EngineError } from '../crypto/errors';
import { oidName } from '../crypto/asn1/oids';
import type { CertificateSummary } from '../crypto/types';
import { readInput, readPassword } from './cli-io';
import { verdictSummary } from './format-verdict';
import { one, parseArgs, UsageError } from './parse-args';

function describeCert(s: CertificateSummary, indent = ''): string {
  return [
    `${indent}Certificate: ${s.subject}`,
    `${indent}  e-mail:   ${s.emails.join(', ') || '(none)'}`,
    `${indent}  issuer:   ${s.issuer}`,
    `${indent}  serial:   ${s.serial}`,
    `${indent}  valid:    ${s.notBefore} to ${s.notAfter}`,
    `${indent}  key:      ${s.keyType}${s.isCA ? ' (CA)' : ''}${s.selfSigned ? ' (self-signed)' : ''}`,
    `${indent}  SHA-256:  ${s.sha256}`,
  ].join('\n');
}

function describeTree(e: MimeEntity, indent = ''): string[] {
  const kind = smimeKind(e);
  const line = `${indent}${e.contentType.mediaType}${kind !== 'none' ? `  [S/MIME: ${kind}]` : ''}${e.truncated ? '  [truncated]' : ''}`;
  return [line, ...e.children.flatMap((c) => describeTree(c, indent + '  '))];
}

async function describeEnvelope(der: Uint8Array): Promise<string> {
  const env = parseEnvelope(der);
  return [`  ${env.kind === 'auth-enveloped' ? 'AuthEnvelopedData' : 'EnvelopedData'}, content cipher ${oidName(env.contentEncryptionAlgorithm.oid)}`, ...env.recipients.map((r) => `  recipient: ${r.description.id} (${r.description.type}, ${r.description.algorithm})`)].join('\n');
}

export async function cmdInspect(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['--password-file'], []);
  if (args.positional.length !== 1) throw new UsageError('inspect takes one file');
  const bytes = readInput(args.positional[0]);
  const out: string[] = [];

  // PEM certificates
  const pem = bytes[0] !== 0x30 ? pemBlocks(bytes).filter((b) => b.label === 'CERTIFICATE') : [];
  if (pem.length > 0) {
    for (const b of pem) out.push(describeCert(await summarizeCertificate(b.der)));
    process.stdout.write(out.join('\n\n') + '\n');
    return 0;
  }
  const cmsType = bytes[0] === 0x30 ? sniffCmsContentType(bytes) : undefined;
  if (bytes[0] === 0x30 && !cmsType) {
    // DER certificate or PKCS#12
    try {
      out.push(describeCert(await summarizeCertificate(bytes)));
    } catch {
      out.push(await describePkcs12(bytes, readPassword(one(args, '--password-file'))));
    }
  } else if (isZip(bytes)) {
    const password = readPassword(one(args, '--password-file'));
    for (const f of await extractPkcs12FromZip(bytes, { password })) out.push(`ZIP entry ${f.name}:`, await describePkcs12(f.data, password));
  } else if (cmsType === CMS_ENVELOPED_DATA || cmsType === CMS_AUTH_ENVELOPED_DATA) {
    out.push('CMS encrypted message', await describeEnvelope(bytes));
  } else if (cmsType === CMS_SIGNED_DATA) {
    out.push('CMS signed data', verdictSummary(await verifyMessage(bytes)));
  } else {
    const root = parseMime(canonicalizeCrlf(bytes));
    out.push('MIME message structure:', ...describeTree(root, '  '));
    const verdict = await verifyMessage(bytes);
    if (verdict.signature !== 'none' || verdict.warnings.length) out.push('', verdictSummary(verdict));
    const enc = findEnveloped(root);
    if (enc) out.push('', 'Encrypted part:', await describeEnvelope(decodeBody(enc)));
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

function findEnveloped(e: MimeEntity): MimeEntity | undefined {
  const k = smimeKind(e);
  if (k === 'enveloped' || k === 'auth-enveloped') return e;
  for (const c of e.children) {
    const f = findEnveloped(c);
    if (f) return f;
  }
  return undefined;
}

async function describePkcs12(bytes: Uint8Array, password: string): Promise<string> {
  try {
    const p12 = await readPkcs12All(bytes, password);
    const lines = [`PKCS#12 file: ${p12.identities.length} private key(s) with certificate, ${p12.certificates.length} certificate(s)`];
    for (const id of p12.identities) lines.push(`  Key (${id.keyAlgorithm}) for:`, describeCert(await summarizeCertificate(id.certificate), '  '));
    for (const k of p12.unmatchedKeys) lines.push(`  Key (${k.keyAlgorithm}) without its certificate`);
    return lines.join('\n');
  } catch (e) {
    if (e instanceof EngineError && e.code === 'wrong-password') return 'PKCS#12 file (the password is needed to look inside: --password-file F)';
    throw e;
  }
}
