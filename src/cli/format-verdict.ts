// Turns a VerifyResult into the CLI's JSON (bytes omitted) or a short human summary.
import type { CertificateRevocation, SignerReport, VerifyResult } from '../crypto/types';

/** The signer as the CLI's JSON shows it: who, validity and algorithms at the top level of each signer. */
function signerJson(s: SignerReport): Record<string, unknown> {
  const c = s.certificate;
  return {
    status: s.status,
    reason: s.reason,
    subject: c?.subject,
    commonName: c?.commonName,
    emails: c?.emails ?? [],
    issuer: c?.issuer,
    serial: c?.serial,
    validity: c ? { notBefore: c.notBefore, notAfter: c.notAfter } : undefined,
    sha256: c?.sha256,
    keyType: c?.keyType,
    signingTime: s.signingTime,
    algorithms: { digest: s.digestAlgorithm, signature: s.signatureAlgorithm },
    trust: s.trust,
    trustReasons: s.trustReasons,
    revocation: s.revocation,
    revocationChecks: (s.revocationChecks ?? []).map((r, i) => ({
      subject: s.chain[i]?.subject,
      status: r.status,
      checked: r.checked,
      method: r.method,
      source: r.source,
      revokedAt: r.revokedAt,
      reason: r.reason,
      thisUpdate: r.thisUpdate,
      nextUpdate: r.nextUpdate,
      why: r.why,
    })),
    validation: s.validation ?? { type: 'unknown' },
    chain: s.chain.map((x) => ({ subject: x.subject, issuer: x.issuer, serial: x.serial, notBefore: x.notBefore, notAfter: x.notAfter, sha256: x.sha256 })),
    smimeCapabilities: s.smimeCapabilities?.map((x) => x.name ?? x.oid),
  };
}

/** What the CA vouched for, in one line: a name only when the BR policy says the CA checked it. */
function validationLine(s: SignerReport): string {
  const v = s.validation;
  const names = [v?.organization, v?.person].filter((x): x is string => Boolean(x));
  if (names.length) return `${names.join(', ')} (${v!.type}-validated)`;
  return v?.userRoot ? 'the address only (trusted only through a root you added yourself)' : 'the address only';
}

function revocationLine(r: CertificateRevocation): string {
  const from = r.source === 'none' ? '' : ` (${r.method === 'ocsp' ? 'OCSP' : 'CRL'} from the ${r.source})`;
  if (r.status === 'revoked') return `REVOKED on ${r.revokedAt ?? '?'}${r.reason ? `, reason ${r.reason}` : ''}${from}`;
  if (r.status === 'good') return `not revoked${from}${r.nextUpdate ? `, next update ${r.nextUpdate}` : ''}`;
  return `${r.checked ? 'could not be checked' : 'not checked'}: ${r.why ?? 'no revocation data'}`;
}

export function verdictJson(r: VerifyResult): string {
  const { signedContent: _c, signers, ...rest } = r;
  return JSON.stringify({ ...rest, signers: signers.map(signerJson) }, null, 2);
}

export function isFullyGood(r: VerifyResult): boolean {
  return r.signature === 'valid' && r.trust === 'trusted' && r.sender === 'match' && r.coverage === 'full';
}

export function verdictSummary(r: VerifyResult): string {
  const lines: string[] = [];
  const first = r.signers[0];
  const signer = first?.certificate;
  // A name only when the CA validated it (BR policy, trusted chain); otherwise the address alone.
  const validated = [first?.validation?.organization, first?.validation?.person].filter(Boolean).join(', ');
  const who = signer ? (validated ? `${validated} <${signer.emails.join(', ')}>` : signer.emails.join(', ') || 'an unknown signer') : 'an unknown signer';
  const head: Record<VerifyResult['signature'], string> = {
    valid: `Signed by ${who}`,
    invalid: 'NOT VALID: the signature does not match the message',
    malformed: 'NOT VALID: the signature cannot be read',
    'signer-unknown': 'NOT VERIFIED: the signer certificate is missing',
    none: 'Not signed',
  };
  lines.push(isFullyGood(r) ? `OK: ${head.valid}` : head[r.signature]);
  if (r.reason && r.signature !== 'valid') lines.push(`  reason:   ${r.reason}`);
  lines.push(`  trust:    ${r.trust}`, `  sender:   ${r.sender}${r.from.length ? ` (From: ${r.from.join(', ')})` : ''}`, `  coverage: ${r.coverage}`);
  for (const [i, s] of r.signers.entries()) {
    lines.push(`  signer ${i + 1}: ${s.status}, ${s.signatureAlgorithm} with ${s.digestAlgorithm}${s.signingTime ? `, signed ${s.signingTime}` : ''}`);
    if (s.certificate) lines.push(`    ${s.certificate.subject}`, `    issuer ${s.certificate.issuer}, valid ${s.certificate.notBefore} to ${s.certificate.notAfter}`);
    for (const reason of s.trustReasons) lines.push(`    trust: ${reason}`);
    lines.push(`    validated by the CA: ${validationLine(s)}`);
    for (const [k, rc] of (s.revocationChecks ?? []).entries()) lines.push(`    revocation of ${k === 0 ? 'the certificate' : s.chain[k]?.subject ?? `chain certificate ${k + 1}`}: ${revocationLine(rc)}`);
  }
  for (const w of r.warnings) lines.push(`  warning: ${w.message}`);
  return lines.join('\n');
}
