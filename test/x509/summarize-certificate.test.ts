// CertificateSummary fields against what OpenSSL says about the same certificates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeCertificate } from '../../src/crypto/x509/summarize-certificate';
import { certificateEmails } from '../../src/crypto/x509/certificate-emails';
import { parseCertificate } from '../../src/crypto/x509/parse-certificate';
import { formatName } from '../../src/crypto/x509/format-name';
import { namesEqual, nameWithinSubtree } from '../../src/crypto/x509/compare-names';
import { ecdsaDerToP1363Strict, ecdsaP1363ToDer } from '../../src/crypto/cms/ecdsa-signature';
import { hasCorpus, readCorpus } from '../helpers/corpus';
import { openssl } from '../helpers/openssl';
import { p12Certs } from './corpus-certs';
import { leafExt, Pki, ROOT_EXT, type Issued } from '../trust/pki-fixture';

function opensslField(der: Uint8Array, flag: string[]): string {
  const r = openssl(['x509', '-inform', 'DER', '-noout', ...flag], der);
  return new TextDecoder().decode(r.stdout).trim();
}

describe.skipIf(!hasCorpus)('summarizeCertificate on Thunderbird test certificates', () => {
  it('Alice: email from the subject DN, RSA 2048, fingerprints as OpenSSL computes them', async () => {
    const [alice, ca] = p12Certs('thunderbird/tb-smime/Alice.p12', 'nss');
    const s = await summarizeCertificate(alice);
    expect(s.emails).toEqual(['Alice@example.com']);
    expect(s.commonName).toBe('Alice');
    expect(s.keyType).toBe('RSA 2048');
    expect(s.isCA).toBe(false);
    expect(s.selfSigned).toBe(false);
    expect(s.subject).toBe('CN=Alice,emailAddress=Alice@example.com,O=BOGUS NSS,L=Mountain View,ST=California,C=US');
    expect(s.issuer).toBe('CN=NSS Test CA (RSA),O=BOGUS NSS,L=Mountain View,ST=California,C=US');
    expect(s.serial).toBe(opensslField(alice, ['-serial']).replace('serial=', '').toLowerCase().replace(/^0+(?=.)/, ''));
    expect(s.sha256).toBe(opensslField(alice, ['-fingerprint', '-sha256']).split('=')[1].replace(/:/g, '').toLowerCase());
    expect(s.sha1).toBe(opensslField(alice, ['-fingerprint', '-sha1']).split('=')[1].replace(/:/g, '').toLowerCase());
    expect(s.notBefore).toBe('2026-01-26T14:38:35.000Z');
    expect(s.notAfter).toBe('2031-01-26T14:38:35.000Z');
    const caSummary = await summarizeCertificate(ca);
    expect(caSummary.isCA).toBe(true);
    expect(caSummary.selfSigned).toBe(true);
  });

  it('Eve: rfc822Name SANs win over the subject emailAddress', async () => {
    const [eve] = p12Certs('thunderbird/tb-smime/Eve.p12', 'nss');
    const s = await summarizeCertificate(eve);
    expect(s.emails).toEqual(['eve@example.net', 'eve@example.org', 'beve@example.com']);
    expect(certificateEmails(parseCertificate(eve))).toEqual(s.emails);
  });

  it('Alice-ec: EC P-384', async () => {
    const [aliceEc] = p12Certs('thunderbird/tb-smime/Alice-ec.p12', 'nss');
    expect((await summarizeCertificate(aliceEc)).keyType).toBe('EC P-384');
  });

  it('Johnny-fired manager certificate', async () => {
    const s = await summarizeCertificate(readCorpus('johnny-fired', 'assets', 'certificates', 'manager@bigcorporation.crt'));
    expect(s.emails).toEqual(['manager@bigcorporation.de']);
    expect(s.issuer).toBe('CN=GlobalSign PersonalSign 1 CA - SHA256 - G3,O=GlobalSign nv-sa,C=BE');
  });
});

describe('summarizeCertificate on generated keys', () => {
  let pki: Pki;
  const c: Record<string, Issued> = {};
  beforeAll(() => {
    pki = new Pki();
    c.ed = pki.issue({ name: 'ed', subject: '/O=x/CN=Ed, "Quoted" <x>;', key: 'ed25519', ext: ROOT_EXT, md: 'default' });
    c.p256 = pki.issue({ name: 'p256', subject: '/CN=P256', issuer: c.ed, ext: leafExt('Mixed.Case@Example.COM'), md: 'default' });
    c.p521 = pki.issue({ name: 'p521', subject: '/CN=P521', key: 'ec521', ext: ROOT_EXT, md: 'sha512' });
  });
  afterAll(() => pki?.cleanup());

  it('names key types', async () => {
    expect((await summarizeCertificate(c.ed.der)).keyType).toBe('Ed25519');
    expect((await summarizeCertificate(c.p256.der)).keyType).toBe('EC P-256');
    expect((await summarizeCertificate(c.p521.der)).keyType).toBe('EC P-521');
  });

  it('keeps e-mail addresses as written and escapes DN specials', async () => {
    const s = await summarizeCertificate(c.p256.der);
    expect(s.emails).toEqual(['Mixed.Case@Example.COM']);
    expect(formatName(parseCertificate(c.ed.der).subject)).toBe('CN=Ed\\, \\"Quoted\\" \\<x\\>\\;,O=x');
  });

  it('ECDSA signature conversion is strict and round-trips', () => {
    const sig = parseCertificate(c.p256.der).signatureValue.valueBlock.valueHexView;
    // p256 is signed by the Ed25519 root; use the P-521 self-signature instead.
    const ec = parseCertificate(c.p521.der).signatureValue.valueBlock.valueHexView;
    const raw = ecdsaDerToP1363Strict(ec, 66);
    expect(raw.length).toBe(132);
    expect(ecdsaP1363ToDer(raw)).toEqual(ec);
    expect(sig.length).toBe(64);
    const longer = ec.slice();
    longer[1] ^= 1; // wrong SEQUENCE length must not be tolerated
    expect(() => ecdsaDerToP1363Strict(longer, 66)).toThrow();
  });
});

describe('name comparison', () => {
  it('folds case and whitespace, and prefixes define subtrees', () => {
    const pki = new Pki();
    try {
      const a = pki.issue({ name: 'a', subject: '/O=Example  Org/CN=Alice', ext: ROOT_EXT });
      const b = pki.issue({ name: 'b', subject: '/O=example org/CN=ALICE', ext: ROOT_EXT });
      const o = pki.issue({ name: 'o', subject: '/O=Example Org', ext: ROOT_EXT });
      const ca = parseCertificate(a.der);
      expect(namesEqual(ca.subject, parseCertificate(b.der).subject)).toBe(true);
      expect(nameWithinSubtree(ca.subject, parseCertificate(o.der).subject)).toBe(true);
      expect(nameWithinSubtree(parseCertificate(o.der).subject, ca.subject)).toBe(false);
    } finally {
      pki.cleanup();
    }
  });
});
