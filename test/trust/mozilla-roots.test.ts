// The committed Mozilla e-mail root list: same certificates as the reference PEM, reproducible from certdata.txt,
// and the generator's handling of trust bits and distrust-after.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emailTrustedRoots, parseCertdata, parseDistrustDate } from '../../scripts/gen-roots';
import { MOZILLA_EMAIL_ROOTS, MOZILLA_EMAIL_ROOTS_SOURCE } from '../../src/crypto/trust/mozilla-email-roots.generated';
import { bundledRootNodes } from '../../src/crypto/trust/bundled-roots';
import { base64Decode as decodeBase64 } from '../../src/crypto/base64';
import { certificateSubjectDer } from '../../src/crypto/x509/certificate-subject-der';
import { parseCertificate } from '../../src/crypto/x509/parse-certificate';
import { decodePemBlocks } from '../../src/crypto/x509/pem';
import { corpusPath, hasCorpus } from '../helpers/corpus';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('committed Mozilla e-mail roots', () => {
  it('has 90 parseable CA roots, no duplicates', async () => {
    expect(MOZILLA_EMAIL_ROOTS.length).toBe(90);
    const nodes = await bundledRootNodes();
    expect(new Set(nodes.map((n) => n.sha256)).size).toBe(90);
    for (const n of nodes) {
      expect(n.source).toBe('bundled');
      expect(n.ext?.basicConstraints?.cA ?? n.cert.version < 2).toBe(true);
    }
    expect(MOZILLA_EMAIL_ROOTS.map((r) => r.label)).toContain('GlobalSign Root CA - R3');
  });

  it('the fast subject locator agrees with PKI.js on every root', () => {
    for (const r of MOZILLA_EMAIL_ROOTS) {
      const der = decodeBase64(r.der);
      expect(certificateSubjectDer(der)).toEqual(new Uint8Array(parseCertificate(der).subject.valueBeforeDecode));
    }
    expect(() => certificateSubjectDer(new Uint8Array([0x30, 0x03, 0x30, 0x01, 0x02]))).toThrow();
  });
});

describe.skipIf(!hasCorpus)('Mozilla e-mail roots vs the corpus', () => {
  it('is the same set of certificates as mozilla-email-trust-roots.pem', () => {
    const pem = readFileSync(corpusPath('roots', 'mozilla-email-trust-roots.pem'), 'utf8');
    const reference = new Set(decodePemBlocks(pem).map(sha256));
    const ours = new Set(MOZILLA_EMAIL_ROOTS.map((r) => sha256(decodeBase64(r.der))));
    expect(reference.size).toBe(90);
    expect([...ours].filter((x) => !reference.has(x))).toEqual([]);
    expect([...reference].filter((x) => !ours.has(x))).toEqual([]);
  });

  it('regenerating from certdata.txt gives the committed list', () => {
    const text = readFileSync(corpusPath('roots', 'certdata.txt'), 'utf8');
    const summary = emailTrustedRoots(parseCertdata(text));
    expect(summary.roots.map((r) => ({ label: r.label, der: Buffer.from(r.der).toString('base64'), emailDistrustAfter: r.emailDistrustAfter }))).toEqual(
      MOZILLA_EMAIL_ROOTS.map((r) => ({ label: r.label, der: r.der, emailDistrustAfter: r.emailDistrustAfter })),
    );
    expect(summary).toMatchObject({ certificates: 167, trustObjects: 167, emailTrusted: 90, emailMustVerify: 77, emailNotTrusted: 0, emailDistrustAfter: 0 });
    expect(MOZILLA_EMAIL_ROOTS_SOURCE.sha256).toBe(createHash('sha256').update(readFileSync(corpusPath('roots', 'certdata.txt'))).digest('hex'));
  });
});

// A tiny certdata.txt built from one real root, to exercise trust-bit and distrust-after handling.
function octal(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += '\\' + bytes[i].toString(8).padStart(3, '0') + ((i + 1) % 16 === 0 ? '\n' : '');
  return s.endsWith('\n') ? s : s + '\n';
}

function synthetic(opts: { email: string; certDistrust?: string; trustDistrust?: string; sha1?: Uint8Array; serial?: Uint8Array }): string {
  const root = MOZILLA_EMAIL_ROOTS[0];
  const der = decodeBase64(root.der);
  // Issuer and serial only need to agree between the two objects for the join.
  const issuer = new TextEncoder().encode('issuer-bytes');
  const serial = opts.serial ?? new Uint8Array([2, 1, 7]);
  const distrust = (d?: string): string =>
    d ? `CKA_NSS_EMAIL_DISTRUST_AFTER MULTILINE_OCTAL\n${octal(new TextEncoder().encode(d))}END\n` : 'CKA_NSS_EMAIL_DISTRUST_AFTER CK_BBOOL CK_FALSE\n';
  return [
    'BEGINDATA',
    'CKA_CLASS CK_OBJECT_CLASS CKO_CERTIFICATE',
    'CKA_LABEL UTF8 "Root One"',
    `CKA_ISSUER MULTILINE_OCTAL\n${octal(issuer)}END`,
    `CKA_SERIAL_NUMBER MULTILINE_OCTAL\n${octal(new Uint8Array([2, 1, 7]))}END`,
    `CKA_VALUE MULTILINE_OCTAL\n${octal(der)}END`,
    distrust(opts.certDistrust).trimEnd(),
    '',
    '# Trust for "Root One"',
    'CKA_CLASS CK_OBJECT_CLASS CKO_NSS_TRUST',
    'CKA_LABEL UTF8 "Root One"',
    `CKA_CERT_SHA1_HASH MULTILINE_OCTAL\n${octal(opts.sha1 ?? createHash('sha1').update(der).digest())}END`,
    `CKA_ISSUER MULTILINE_OCTAL\n${octal(issuer)}END`,
    `CKA_SERIAL_NUMBER MULTILINE_OCTAL\n${octal(serial)}END`,
    ...(opts.trustDistrust ? [distrust(opts.trustDistrust).trimEnd()] : []),
    'CKA_TRUST_SERVER_AUTH CK_TRUST CKT_NSS_TRUSTED_DELEGATOR',
    `CKA_TRUST_EMAIL_PROTECTION CK_TRUST ${opts.email}`,
    '',
  ].join('\n');
}

describe('gen-roots certdata handling', () => {
  it('keeps TRUSTED_DELEGATOR for e-mail only', () => {
    expect(emailTrustedRoots(parseCertdata(synthetic({ email: 'CKT_NSS_TRUSTED_DELEGATOR' }))).roots).toHaveLength(1);
    expect(emailTrustedRoots(parseCertdata(synthetic({ email: 'CKT_NSS_MUST_VERIFY_TRUST' }))).roots).toHaveLength(0);
    expect(emailTrustedRoots(parseCertdata(synthetic({ email: 'CKT_NSS_NOT_TRUSTED' }))).emailNotTrusted).toBe(1);
  });

  it('records CKA_NSS_EMAIL_DISTRUST_AFTER from the certificate or the trust object (earliest wins)', () => {
    const a = emailTrustedRoots(parseCertdata(synthetic({ email: 'CKT_NSS_TRUSTED_DELEGATOR', certDistrust: '250401000000Z' })));
    expect(a.roots[0].emailDistrustAfter).toBe('2025-04-01T00:00:00.000Z');
    const b = emailTrustedRoots(parseCertdata(synthetic({ email: 'CKT_NSS_TRUSTED_DELEGATOR', certDistrust: '20300101000000Z', trustDistrust: '291231235959Z' })));
    expect(b.roots[0].emailDistrustAfter).toBe('2029-12-31T23:59:59.000Z');
    expect(parseDistrustDate(new TextEncoder().encode('991231235959Z'))).toBe('1999-12-31T23:59:59.000Z');
  });

  it('refuses inconsistent data instead of guessing', () => {
    expect(() => emailTrustedRoots(parseCertdata(synthetic({ email: 'CKT_NSS_TRUSTED_DELEGATOR', sha1: new Uint8Array(20) })))).toThrow(/SHA1/);
    expect(() => emailTrustedRoots(parseCertdata(synthetic({ email: 'CKT_NSS_TRUSTED_DELEGATOR', serial: new Uint8Array([2, 1, 8]) })))).toThrow(/matches no certificate/);
    expect(() => parseCertdata('BEGINDATA\nCKA_CLASS CK_OBJECT_CLASS CKO_CERTIFICATE\nCKA_VALUE MULTILINE_OCTAL\n\\060\n')).toThrow(/without END/);
  });
});
