// A flat, serialisable description of a certificate (CertificateSummary) for the UI, the CLI's --json
// output and the address book; nothing here makes trust decisions.
import type { Certificate } from 'pkijs';
import { toHex } from '../bytes';
import type { CertificateSummary } from '../types';
import { certificateEmails } from './certificate-emails';
import { namesEqual } from './compare-names';
import { describePublicKey } from './describe-public-key';
import { formatName } from './format-name';
import { nameValues, OID_COMMON_NAME } from './name-attributes';
import { certificateDer, parseCertificate } from './parse-certificate';
import { readExtensions } from './read-extensions';

/** Serial number as lowercase hex without leading zero bytes (at least one digit). */
export function serialHex(cert: Certificate): string {
  const bytes = cert.serialNumber.valueBlock.valueHexView;
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return toHex(bytes.subarray(i));
}

async function digestHex(name: 'SHA-256' | 'SHA-1', der: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await globalThis.crypto.subtle.digest(name, der.slice())));
}

// Each verification summarises the signer and every chain certificate; parseCertificate shares the
// Certificate by DER, so the summary (two digests and the name formatting) is kept with it too.
const summaries = new WeakMap<Certificate, Promise<CertificateSummary>>();

/** Summarize DER/PEM bytes (or an already-parsed certificate with its DER). */
export async function summarizeCertificate(input: Uint8Array | string, parsed?: Certificate): Promise<CertificateSummary> {
  const der = certificateDer(input);
  if (parsed) return summarize(der, parsed);
  const cert = parseCertificate(der);
  let s = summaries.get(cert);
  if (!s) {
    s = summarize(der, cert);
    summaries.set(cert, s);
    s.catch(() => summaries.delete(cert));
  }
  const summary = await s;
  return { ...summary, emails: [...summary.emails] }; // a fresh object: callers may change theirs
}

async function summarize(der: Uint8Array, cert: Certificate): Promise<CertificateSummary> {
  const ext = readExtensions(cert);
  const cn = nameValues(cert.subject, OID_COMMON_NAME);
  const summary: CertificateSummary = {
    subject: formatName(cert.subject),
    emails: certificateEmails(cert, ext),
    issuer: formatName(cert.issuer),
    serial: serialHex(cert),
    notBefore: cert.notBefore.value.toISOString(),
    notAfter: cert.notAfter.value.toISOString(),
    sha256: await digestHex('SHA-256', der),
    sha1: await digestHex('SHA-1', der),
    keyType: describePublicKey(cert.subjectPublicKeyInfo).label,
    isCA: ext.basicConstraints?.cA === true,
    // Self-issued by name; callers that need "self-signed" in the cryptographic sense verify the signature.
    selfSigned: namesEqual(cert.subject, cert.issuer),
  };
  if (cn.length > 0) summary.commonName = cn[cn.length - 1];
  return summary;
}
