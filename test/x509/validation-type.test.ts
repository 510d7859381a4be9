// CA/B Forum S/MIME BR validation types: the policy OID decides which subject names count as checked by the CA,
// and a name is never reported as validated for a mailbox-validated, policy-less or untrusted certificate, for a
// chain that ends at a root the user added, or when the path's policy processing does not keep the claimed policy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyMessage } from '../../src/crypto/smime/verify-message';
import { validationTypeOf } from '../../src/crypto/x509/validation-type';
import { verdictJson, verdictSummary } from '../../src/cli/format-verdict';
import { makeBrPki, type BrLeaf, type BrPki } from '../helpers/br-pki';

describe('validationTypeOf', () => {
  it.each([
    [['2.23.140.1.5.1.1'], 'mailbox'],
    [['2.23.140.1.5.1.3'], 'mailbox'],
    [['2.23.140.1.5.2.2'], 'organization'],
    [['2.23.140.1.5.3.3'], 'sponsor'],
    [['2.23.140.1.5.4.1'], 'individual'],
    [['1.3.6.1.4.1.99999.1', '2.23.140.1.5.2.3'], 'organization'],
    [[], 'unknown'],
    [['2.23.140.1.5.5.1'], 'unknown'], // no such arc
    [['2.23.140.1.5.2'], 'unknown'], // the arc without a generation
    [['2.23.140.1.5.2.1.7'], 'unknown'],
    [['2.23.140.1.5.1.1', '2.23.140.1.5.2.1'], 'unknown'], // conflicting claims
    [['2.23.140.1.2.1'], 'unknown'], // a TLS (DV) policy, not S/MIME
  ])('%j → %s', (oids, type) => {
    expect(validationTypeOf(oids).type).toBe(type);
  });
});

describe('signer validation in a verified message', () => {
  let pki: BrPki;
  const now = new Date(Date.now() + 3600_000); // certificates are made now; verify an hour later
  const mime = (from: string) => `From: ${from}\nTo: you@example.jp\nSubject: notice\nContent-Type: text/plain\n\nhello\n`;

  beforeAll(() => {
    pki = makeBrPki();
  });
  afterAll(() => pki.cleanup());

  // The test root stands in for a bundled Mozilla e-mail root, or is added by the user, or is not trusted at all.
  type Anchor = 'bundled' | 'user' | 'none';
  const rootOpts = (anchor: Anchor) =>
    anchor === 'bundled'
      ? { bundledRoots: [{ label: 'BR Test CA', der: Buffer.from(pki.rootDer).toString('base64') }] }
      : { userRoots: anchor === 'user' ? [pki.rootDer] : [], useBundledRoots: false };
  const verifyLeaf = async (leaf: BrLeaf, email: string, anchor: Anchor) => {
    const r = await verifyMessage(leaf.sign(mime(email)), { ...rootOpts(anchor), now });
    expect(r.signature).toBe('valid');
    return r;
  };

  async function verifyAs(name: string, email: string, subj: string, policy?: string, anchor: Anchor = 'bundled') {
    return (await verifyLeaf(pki.leaf(name, email, subj, policy), email, anchor)).signers[0];
  }

  it('organization-validated: the organisation is reported, not the CN', async () => {
    const s = await verifyAs('ov', 'notice@bank.example.jp', '/CN=Notice Desk/O=株式会社デモ銀行', '2.23.140.1.5.2.3');
    expect(s.validation).toEqual({ type: 'organization', policy: '2.23.140.1.5.2.3', organization: '株式会社デモ銀行' });
  });

  it('the CLI reports it: a validation field per signer in --json, a line in the summary', async () => {
    const leaf = pki.leaf('ovcli', 'notice@bank.example.jp', '/CN=Notice Desk/O=株式会社デモ銀行', '2.23.140.1.5.2.1');
    const r = await verifyLeaf(leaf, 'notice@bank.example.jp', 'bundled');
    const json = JSON.parse(verdictJson(r)) as { signers: Array<{ validation: unknown }> };
    expect(json.signers[0].validation).toEqual({ type: 'organization', policy: '2.23.140.1.5.2.1', organization: '株式会社デモ銀行' });
    expect(verdictSummary(r)).toContain('validated by the CA: 株式会社デモ銀行 (organization-validated)');
    const mv = pki.leaf('mvcli', 'x@example.org', '/CN=Fake Bank/O=Fake', '2.23.140.1.5.1.1');
    const r2 = await verifyLeaf(mv, 'x@example.org', 'bundled');
    expect(verdictSummary(r2)).toContain('validated by the CA: the address only');
    expect(verdictSummary(r2)).not.toContain('Fake (');
  });

  it('mailbox-validated: no name, even when the subject carries O and CN', async () => {
    const s = await verifyAs('mv', 'notices@dem0-bank.example', '/CN=Demo Bank/O=株式会社デモ銀行', '2.23.140.1.5.1.2');
    expect(s.validation).toEqual({ type: 'mailbox', policy: '2.23.140.1.5.1.2' });
  });

  it('no BR policy: unknown, no name', async () => {
    const s = await verifyAs('none', 'a@example.org', '/CN=Someone/O=Big Corp');
    expect(s.validation).toEqual({ type: 'unknown' });
  });

  it('individual-validated: the person, from givenName and surname', async () => {
    const s = await verifyAs('iv', 'taro@example.jp', '/GN=Taro/SN=Yamada/CN=Taro Yamada/O=Ignored Org', '2.23.140.1.5.4.2');
    expect(s.validation).toEqual({ type: 'individual', policy: '2.23.140.1.5.4.2', person: 'Taro Yamada' });
  });

  it('sponsor-validated: person and organisation', async () => {
    const s = await verifyAs('sv', 'hanako@bank.example.jp', '/CN=Hanako Sato/O=Demo Bank Ltd', '2.23.140.1.5.3.1');
    expect(s.validation).toEqual({ type: 'sponsor', policy: '2.23.140.1.5.3.1', organization: 'Demo Bank Ltd', person: 'Hanako Sato' });
  });

  it('an untrusted chain claiming organization validation gets no validated name', async () => {
    const s = await verifyAs('ovx', 'notice@bank.example.jp', '/CN=Notice/O=株式会社デモ銀行', '2.23.140.1.5.2.3', 'none');
    expect(s.trust).not.toBe('trusted');
    expect(s.validation).toEqual({ type: 'organization', policy: '2.23.140.1.5.2.3' });
  });

  it('a root the user added: trusted, but no name is shown as CA-validated, and it says so (review M4)', async () => {
    const leaf = pki.leaf('ovuser', 'notice@bank.example.jp', '/CN=Notice Desk/O=株式会社デモ銀行', '2.23.140.1.5.2.3');
    const r = await verifyLeaf(leaf, 'notice@bank.example.jp', 'user');
    expect(r.signers[0].trust).toBe('trusted');
    expect(r.signers[0].validation).toEqual({ type: 'organization', policy: '2.23.140.1.5.2.3', userRoot: true });
    expect(verdictSummary(r)).toContain('validated by the CA: the address only (trusted only through a root you added yourself)');
    expect(verdictSummary(r)).not.toContain('株式会社デモ銀行 <');
  });

  it('an intermediate limited to mailbox validation cannot lend its leaf organization validation (review M4)', async () => {
    const leaf = pki.leafUnder('MV Only CA', '2.23.140.1.5.1.2', 'ovsub', 'notice@bank.example.jp', '/CN=Notice Desk/O=株式会社デモ銀行', '2.23.140.1.5.2.3');
    const r = await verifyLeaf(leaf, 'notice@bank.example.jp', 'bundled');
    expect(r.signers[0].trust).toBe('trusted'); // no explicit policy is required, so the chain itself is fine
    expect(r.signers[0].validation).toEqual({ type: 'unknown' });
    expect(verdictSummary(r)).not.toContain('株式会社デモ銀行 <');
  });

  it('an intermediate that allows organization validation (or anyPolicy) keeps it', async () => {
    for (const [ca, policies] of [['OV CA', '2.23.140.1.5.2.3'], ['Any CA', '2.5.29.32.0']]) {
      const leaf = pki.leafUnder(ca, policies, `ov-${ca.split(' ')[0]}`, 'notice@bank.example.jp', '/CN=Notice Desk/O=株式会社デモ銀行', '2.23.140.1.5.2.3');
      const r = await verifyLeaf(leaf, 'notice@bank.example.jp', 'bundled');
      expect(r.signers[0].validation).toEqual({ type: 'organization', policy: '2.23.140.1.5.2.3', organization: '株式会社デモ銀行' });
    }
  });
});
