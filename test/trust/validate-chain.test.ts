// Trust decisions on PKIs built by OpenSSL at test time: each case would change status if its check broke.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_CANDIDATES, validateChain, type ValidateChainInput } from '../../src/crypto/trust/validate-chain';
import { base64Encode as encodeBase64 } from '../../src/crypto/base64';
import { parseCertificate } from '../../src/crypto/x509/parse-certificate';
import { CA_EXT, leafExt, Pki, ROOT_EXT, type Issued } from './pki-fixture';

const NOW = new Date('2026-06-01T00:00:00Z');
const ROOT_DN = '/CN=Test Root/O=SMIME Test';
const INTER_DN = '/CN=Test Intermediate/O=SMIME Test';

let pki: Pki;
const c: Record<string, Issued> = {};

function input(leaf: Issued, candidates: Issued[], roots: Issued[], extra: Partial<ValidateChainInput> = {}): ValidateChainInput {
  return {
    leaf: leaf.der,
    candidates: candidates.map((x) => x.der),
    userRoots: roots.map((x) => x.der),
    useBundledRoots: false,
    now: NOW,
    purpose: 'smime-sign',
    ...extra,
  };
}

beforeAll(() => {
  pki = new Pki();
  const root = (c.root = pki.issue({ name: 'root', subject: ROOT_DN, ext: ROOT_EXT }));
  const inter = (c.inter = pki.issue({
    name: 'inter',
    subject: INTER_DN,
    issuer: root,
    ext: ['basicConstraints = critical,CA:TRUE,pathlen:0', 'keyUsage = critical,keyCertSign,cRLSign', 'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid', 'extendedKeyUsage = emailProtection,clientAuth'],
  }));
  const leaf = (name: string, email: string, opts: { eku?: string | null; ku?: string; extra?: string[]; start?: string; end?: string; issuer?: Issued; md?: string } = {}): Issued =>
    (c[name] = pki.issue({
      name,
      subject: `/CN=${name}/emailAddress=${email}`,
      issuer: opts.issuer ?? inter,
      ext: [...leafExt(email, { eku: opts.eku, ku: opts.ku }), ...(opts.extra ?? [])],
      start: opts.start,
      end: opts.end,
      md: opts.md,
    }));
  leaf('good', 'alice@example.com');
  leaf('noEku', 'alice@example.com', { eku: null });
  leaf('anyEku', 'alice@example.com', { eku: 'anyExtendedKeyUsage' });
  leaf('serverEku', 'alice@example.com', { eku: 'serverAuth' });
  leaf('kuEncOnly', 'alice@example.com', { ku: 'keyEncipherment' });
  leaf('kuSignOnly', 'alice@example.com', { ku: 'digitalSignature' });
  leaf('kuAgreement', 'alice@example.com', { ku: 'keyAgreement' });
  leaf('expired', 'alice@example.com', { start: '20200101000000Z', end: '20210101000000Z' });
  leaf('future', 'alice@example.com', { start: '20300101000000Z', end: '20310101000000Z' });
  leaf('unknownCrit', 'alice@example.com', { extra: ['1.3.6.1.4.1.55555.1 = critical,DER:05:00'] });
  leaf('unknownNonCrit', 'alice@example.com', { extra: ['1.3.6.1.4.1.55555.1 = DER:05:00'] });
  leaf('sha1Signed', 'alice@example.com', { md: 'sha1' });

  // pathlen:0 on the intermediate forbids another CA below it.
  c.sub = pki.issue({ name: 'sub', subject: '/CN=Sub CA', issuer: inter, ext: CA_EXT });
  leaf('underSub', 'alice@example.com', { issuer: c.sub });

  // Name-constrained CA.
  c.nc = pki.issue({
    name: 'nc',
    subject: '/CN=Constrained CA',
    issuer: root,
    ext: [...CA_EXT, 'nameConstraints = critical,permitted;email:example.com,permitted;email:.example.com,excluded;dirName:evil_dn', '[ evil_dn ]', 'O = Evil Org'],
  });
  leaf('ncOk', 'bob@example.com', { issuer: c.nc });
  leaf('ncSub', 'bob@mail.example.com', { issuer: c.nc });
  leaf('ncBadEmail', 'mallory@evil.test', { issuer: c.nc });
  c.ncBadDn = pki.issue({ name: 'ncBadDn', subject: '/O=Evil Org/CN=Bob/emailAddress=bob@example.com', issuer: c.nc, ext: leafExt('bob@example.com') });
  // The SAN is fine but the subject emailAddress escapes the constraint.
  c.ncBadSubjectEmail = pki.issue({ name: 'ncBadSubjectEmail', subject: '/CN=Sneaky/emailAddress=boss@evil.test', issuer: c.nc, ext: leafExt('bob@example.com') });

  // Bad issuers.
  c.notCa = pki.issue({ name: 'notCa', subject: '/CN=Not A CA', issuer: root, ext: ['basicConstraints = critical,CA:FALSE', 'keyUsage = critical,keyCertSign,digitalSignature'] });
  leaf('underNotCa', 'alice@example.com', { issuer: c.notCa });
  c.noCertSign = pki.issue({ name: 'noCertSign', subject: '/CN=No CertSign CA', issuer: root, ext: ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,digitalSignature,cRLSign'] });
  leaf('underNoCertSign', 'alice@example.com', { issuer: c.noCertSign });
  c.tlsOnlyCa = pki.issue({ name: 'tlsOnlyCa', subject: '/CN=TLS Only CA', issuer: root, ext: [...CA_EXT, 'extendedKeyUsage = serverAuth'] });
  leaf('underTlsOnly', 'alice@example.com', { issuer: c.tlsOnlyCa });
  c.caAsLeaf = pki.issue({ name: 'caAsLeaf', subject: '/CN=CA Signer/emailAddress=ca@example.com', issuer: root, ext: ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,digitalSignature,keyCertSign'] });

  // Same subject as the intermediate, different key: a look-alike the builder must step past.
  c.impostor = pki.issue({ name: 'impostor', subject: INTER_DN, issuer: root, ext: CA_EXT });
  c.noAki = pki.issue({
    name: 'noAki',
    subject: '/CN=noAki/emailAddress=alice@example.com',
    issuer: inter,
    ext: ['basicConstraints = CA:FALSE', 'keyUsage = critical,digitalSignature', 'extendedKeyUsage = emailProtection', 'subjectAltName = email:alice@example.com'],
  });
  // Cross-signature: another root certifies the intermediate's key and name.
  c.root2 = pki.issue({ name: 'root2', subject: '/CN=Other Root', ext: ROOT_EXT });
  c.interCrossExpired = pki.issue({ name: 'interCrossExpired', subject: INTER_DN, issuer: c.root2, reuseKey: inter, start: '20200101000000Z', end: '20210101000000Z', ext: ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign', 'subjectKeyIdentifier = hash'] });
  c.interCross = pki.issue({ name: 'interCross', subject: INTER_DN, issuer: c.root2, reuseKey: inter, ext: ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign', 'subjectKeyIdentifier = hash'] });

  // Self-signed end-entity certificate.
  c.selfLeaf = pki.issue({ name: 'selfLeaf', subject: '/CN=Self/emailAddress=self@example.com', ext: ['keyUsage = critical,digitalSignature', 'subjectAltName = email:self@example.com'] });

  // Algorithms: RSA-PSS, RSA PKCS#1 SHA-512, Ed25519, ECDSA P-384 / P-521.
  c.rsaRoot = pki.issue({ name: 'rsaRoot', subject: '/CN=RSA Root', key: 'rsa2048', ext: ROOT_EXT });
  c.pssLeaf = pki.issue({ name: 'pssLeaf', subject: '/CN=pss', issuer: c.rsaRoot, ext: leafExt('pss@example.com'), sigopt: ['rsa_padding_mode:pss', 'rsa_pss_saltlen:32'] });
  c.pssLeaf384 = pki.issue({ name: 'pssLeaf384', subject: '/CN=pss384', issuer: c.rsaRoot, ext: leafExt('pss@example.com'), md: 'sha384', sigopt: ['rsa_padding_mode:pss', 'rsa_pss_saltlen:-1'] });
  c.pssKeyRoot = pki.issue({ name: 'pssKeyRoot', subject: '/CN=PSS Key Root', key: 'rsapss2048', ext: ROOT_EXT });
  c.pssKeyLeaf = pki.issue({ name: 'pssKeyLeaf', subject: '/CN=psskey', issuer: c.pssKeyRoot, ext: leafExt('pss@example.com') });
  c.rsa512Leaf = pki.issue({ name: 'rsa512Leaf', subject: '/CN=rsa512', issuer: c.rsaRoot, key: 'rsa1024', ext: leafExt('rsa@example.com'), md: 'sha512' });
  c.edRoot = pki.issue({ name: 'edRoot', subject: '/CN=Ed Root', key: 'ed25519', ext: ROOT_EXT, md: 'default' });
  c.edInter = pki.issue({ name: 'edInter', subject: '/CN=Ed Inter', key: 'ed25519', issuer: c.edRoot, ext: CA_EXT, md: 'default' });
  c.edLeaf = pki.issue({ name: 'edLeaf', subject: '/CN=ed', key: 'ed25519', issuer: c.edInter, ext: leafExt('ed@example.com'), md: 'default' });
  c.p384Root = pki.issue({ name: 'p384Root', subject: '/CN=P384 Root', key: 'ec384', ext: ROOT_EXT, md: 'sha384' });
  c.p384Leaf = pki.issue({ name: 'p384Leaf', subject: '/CN=p384', key: 'ec384', issuer: c.p384Root, ext: leafExt('p384@example.com'), md: 'sha384' });
  c.p521Root = pki.issue({ name: 'p521Root', subject: '/CN=P521 Root', key: 'ec521', ext: ROOT_EXT, md: 'sha512' });
  c.p521Leaf = pki.issue({ name: 'p521Leaf', subject: '/CN=p521', issuer: c.p521Root, ext: leafExt('p521@example.com'), md: 'sha512' });
});

afterAll(() => pki?.cleanup());

describe('validateChain: good paths', () => {
  it('trusts leaf -> intermediate -> user root, reporting the chain leaf first', async () => {
    const r = await validateChain(input(c.good, [c.inter], [c.root]));
    expect(r.status).toBe('trusted');
    expect(r.anchor).toBe('user');
    expect(r.reasons).toEqual([]);
    expect(r.revocation).toBe('unknown');
    expect(r.chain).toEqual([c.good.der, c.inter.der, c.root.der]);
  });

  it('accepts a leaf without EKU or with anyExtendedKeyUsage', async () => {
    expect((await validateChain(input(c.noEku, [c.inter], [c.root]))).status).toBe('trusted');
    expect((await validateChain(input(c.anyEku, [c.inter], [c.root]))).status).toBe('trusted');
  });

  it('ignores unparsable and unrelated candidates', async () => {
    const r = await validateChain({ ...input(c.good, [c.rsaRoot, c.inter], [c.root]), candidates: [new Uint8Array([1, 2, 3]), c.rsaRoot.der, c.inter.der, c.good.der] });
    expect(r.status).toBe('trusted');
  });

  it.each([
    ['RSA-PSS SHA-256', 'pssLeaf', 'rsaRoot', [], '1.2.840.113549.1.1.10'],
    ['RSA-PSS SHA-384 (salt = digest length)', 'pssLeaf384', 'rsaRoot', [], '1.2.840.113549.1.1.10'],
    ['RSA-PSS from an id-RSASSA-PSS issuer key', 'pssKeyLeaf', 'pssKeyRoot', [], '1.2.840.113549.1.1.10'],
    ['Ed25519 with intermediate', 'edLeaf', 'edRoot', ['edInter'], '1.3.101.112'],
    ['ECDSA P-384', 'p384Leaf', 'p384Root', [], '1.2.840.10045.4.3.3'],
    ['ECDSA P-521', 'p521Leaf', 'p521Root', [], '1.2.840.10045.4.3.4'],
  ])('verifies %s chains', async (_label, leafName, rootName, inters, sigOid) => {
    expect(parseCertificate(c[leafName as string].der).signatureAlgorithm.algorithmId).toBe(sigOid);
    const r = await validateChain(input(c[leafName as string], (inters as string[]).map((n) => c[n]), [c[rootName as string]]));
    expect(r.reasons).toEqual([]);
    expect(r.status).toBe('trusted');
  });

  it('trusts RSA PKCS#1 SHA-512 but warns about the 1024-bit key', async () => {
    const r = await validateChain(input(c.rsa512Leaf, [], [c.rsaRoot]));
    expect(r.status).toBe('trusted');
    expect(r.warnings.map((w) => w.code)).toContain('weak-key');
  });

  it('warns about SHA-1 certificate signatures', async () => {
    const r = await validateChain(input(c.sha1Signed, [c.inter], [c.root]));
    expect(r.status).toBe('trusted');
    expect(r.warnings.map((w) => w.code)).toContain('weak-digest');
  });
});

describe('validateChain: usage', () => {
  it('rejects a leaf whose EKU lacks emailProtection', async () => {
    const r = await validateChain(input(c.serverEku, [c.inter], [c.root]));
    expect(r.status).toBe('wrong-usage');
    expect(r.reasons.join()).toMatch(/emailProtection/);
  });

  it('checks keyUsage against the purpose', async () => {
    expect((await validateChain(input(c.kuEncOnly, [c.inter], [c.root]))).status).toBe('wrong-usage');
    expect((await validateChain(input(c.kuEncOnly, [c.inter], [c.root], { purpose: 'smime-encrypt' }))).status).toBe('trusted');
    expect((await validateChain(input(c.kuSignOnly, [c.inter], [c.root], { purpose: 'smime-encrypt' }))).status).toBe('wrong-usage');
    expect((await validateChain(input(c.kuSignOnly, [c.inter], [c.root]))).status).toBe('trusted');
    expect((await validateChain(input(c.kuAgreement, [c.inter], [c.root], { purpose: 'smime-encrypt' }))).status).toBe('trusted');
  });

  it('rejects a CA certificate used as the signer', async () => {
    const r = await validateChain(input(c.caAsLeaf, [], [c.root]));
    expect(r.status).toBe('wrong-usage');
    expect(r.reasons.join()).toMatch(/is a CA certificate/);
  });

  it('rejects a leaf under an intermediate restricted to TLS by EKU', async () => {
    expect((await validateChain(input(c.underTlsOnly, [c.tlsOnlyCa], [c.root]))).status).toBe('wrong-usage');
  });
});

describe('validateChain: time', () => {
  it('expired now, no signing time -> expired', async () => {
    const r = await validateChain(input(c.expired, [c.inter], [c.root]));
    expect(r.status).toBe('expired');
  });

  it('valid at a plausible signing time -> trusted with certificate-expired-now', async () => {
    // The CA chain is valid from 2025, so the whole path must be valid at signing time: use a leaf inside it.
    const r = await validateChain(input(c.good, [c.inter], [c.root], { now: new Date('2036-01-01T00:00:00Z'), signingTime: new Date('2026-01-01T00:00:00Z') }));
    expect(r.status).toBe('trusted');
    expect(r.warnings.map((w) => w.code)).toContain('certificate-expired-now');
    const noSt = await validateChain(input(c.good, [c.inter], [c.root], { now: new Date('2036-01-01T00:00:00Z') }));
    expect(noSt.status).toBe('expired');
  });

  it('ignores a signing time outside the leaf validity or in the future', async () => {
    // The expired leaf was valid in 2020, but its CAs were not: the signing time cannot rescue it.
    const r = await validateChain(input(c.expired, [c.inter], [c.root], { signingTime: new Date('2020-06-01T00:00:00Z') }));
    expect(r.status).toBe('expired');
    const fut = await validateChain(input(c.good, [c.inter], [c.root], { now: new Date('2036-01-01T00:00:00Z'), signingTime: new Date('2037-01-01T00:00:00Z') }));
    expect(fut.status).toBe('expired');
  });

  it('not yet valid -> not-yet-valid', async () => {
    expect((await validateChain(input(c.future, [c.inter], [c.root]))).status).toBe('not-yet-valid');
  });

  it('a CA that is not valid now fails the path', async () => {
    const r = await validateChain(input(c.good, [c.inter], [c.root], { now: new Date('2024-06-01T00:00:00Z') }));
    expect(r.status).toBe('not-yet-valid');
  });
});

describe('validateChain: CA constraints', () => {
  it('honours pathLenConstraint', async () => {
    const r = await validateChain(input(c.underSub, [c.sub, c.inter], [c.root]));
    expect(r.status).toBe('untrusted');
    expect(r.reasons.join()).toMatch(/allows 0 intermediate/);
  });

  it('requires cA=true and keyCertSign on issuers', async () => {
    expect((await validateChain(input(c.underNotCa, [c.notCa], [c.root]))).status).toBe('untrusted');
    expect((await validateChain(input(c.underNoCertSign, [c.noCertSign], [c.root]))).status).toBe('untrusted');
  });

  it('applies rfc822Name and directoryName constraints', async () => {
    expect((await validateChain(input(c.ncOk, [c.nc], [c.root]))).status).toBe('trusted');
    expect((await validateChain(input(c.ncSub, [c.nc], [c.root]))).status).toBe('trusted');
    const bad = await validateChain(input(c.ncBadEmail, [c.nc], [c.root]));
    expect(bad.status).toBe('untrusted');
    expect(bad.reasons.join()).toMatch(/mallory@evil.test is outside the permitted/);
    const dn = await validateChain(input(c.ncBadDn, [c.nc], [c.root]));
    expect(dn.status).toBe('untrusted');
    expect(dn.reasons.join()).toMatch(/excluded subtree/);
    expect((await validateChain(input(c.ncBadSubjectEmail, [c.nc], [c.root]))).status).toBe('untrusted');
  });

  it('rejects an unknown critical extension, tolerates a non-critical one', async () => {
    const r = await validateChain(input(c.unknownCrit, [c.inter], [c.root]));
    expect(r.status).toBe('untrusted');
    expect(r.warnings.map((w) => w.code)).toContain('unknown-critical-extension');
    expect((await validateChain(input(c.unknownNonCrit, [c.inter], [c.root]))).status).toBe('trusted');
  });
});

describe('validateChain: anchors and path building', () => {
  it('is untrusted without the intermediate or without a root', async () => {
    const a = await validateChain(input(c.good, [], [c.root]));
    expect(a.status).toBe('untrusted');
    expect(a.chain).toEqual([c.good.der]);
    const b = await validateChain(input(c.good, [c.inter, c.root], []));
    expect(b.status).toBe('untrusted');
    expect(b.anchor).toBeUndefined();
  });

  it('self-signed leaf: untrusted unless the user added it', async () => {
    const a = await validateChain(input(c.selfLeaf, [c.selfLeaf], []));
    expect(a.status).toBe('untrusted');
    expect(a.reasons[0]).toMatch(/self-signed/);
    const b = await validateChain(input(c.selfLeaf, [], [c.selfLeaf]));
    expect(b.status).toBe('trusted');
    expect(b.anchor).toBe('user');
  });

  it('steps past a look-alike intermediate with the same name and another key', async () => {
    const r = await validateChain(input(c.noAki, [c.impostor, c.inter], [c.root]));
    expect(r.status).toBe('trusted');
    expect(r.chain[1]).toEqual(c.inter.der);
    expect((await validateChain(input(c.noAki, [c.impostor], [c.root]))).status).toBe('untrusted');
  });

  it('finds the cross-signed path when only the other root is trusted', async () => {
    const r = await validateChain(input(c.good, [c.inter, c.interCross], [c.root2]));
    expect(r.status).toBe('trusted');
    expect(r.chain).toEqual([c.good.der, c.interCross.der, c.root2.der]);
  });

  it('prefers a trusted path over an earlier failing one', async () => {
    // interCrossExpired (same name and key as inter, expired) is tried first and fails; the builder goes on.
    const r = await validateChain(input(c.good, [c.interCrossExpired, c.inter], [c.root2, c.root]));
    expect(r.status).toBe('trusted');
    expect(r.chain).toEqual([c.good.der, c.inter.der, c.root.der]);
    // Alone, the expired cross-certificate reports its own failure rather than a generic 'untrusted'.
    expect((await validateChain(input(c.good, [c.interCrossExpired], [c.root2]))).status).toBe('expired');
  });

  // A DoS guard: path building over look-alikes must end (the per-test timeout bounds a blow-up).
  it('stays bounded with many look-alike candidates', async () => {
    const many = Array.from({ length: 60 }, () => c.impostor.der);
    const r = await validateChain({ ...input(c.noAki, [], [c.root]), candidates: [...many, c.sub.der, c.nc.der] });
    expect(r.status).toBe('untrusted');
  }, 30_000);

  it('looks at no more than MAX_CANDIDATES candidates', async () => {
    const junk = Array.from({ length: MAX_CANDIDATES }, (_, i) => new Uint8Array([0x30, 0x01, i & 0xff]));
    expect((await validateChain({ ...input(c.good, [], [c.root]), candidates: [...junk, c.inter.der] })).status).toBe('untrusted');
    expect((await validateChain({ ...input(c.good, [], [c.root]), candidates: [...junk.slice(1), c.inter.der] })).status).toBe('trusted');
  });

  it('ignores unusable user roots and parses only the ones it needs', async () => {
    const r = await validateChain(input(c.good, [c.inter], [], { userRoots: [new Uint8Array([0x30, 0x01, 0x00]), c.rsaRoot.der, c.root.der] }));
    expect(r.status).toBe('trusted');
    expect(r.chain[2]).toEqual(c.root.der);
  });

  it('applies Mozilla email distrust-after to bundled roots only', async () => {
    const bundled = (after?: string) => [{ label: 'Test Root', der: encodeBase64(c.root.der), emailDistrustAfter: after }];
    const base = { ...input(c.good, [c.inter], []), useBundledRoots: true };
    const ok = await validateChain({ ...base, bundledRoots: bundled('2026-01-01T00:00:00.000Z') });
    expect(ok.status).toBe('trusted');
    expect(ok.anchor).toBe('bundled');
    const distrusted = await validateChain({ ...base, bundledRoots: bundled('2024-12-31T00:00:00.000Z') });
    expect(distrusted.status).toBe('untrusted');
    expect(distrusted.reasons.join()).toMatch(/distrusted by Mozilla/);
    // useBundledRoots: false really excludes them.
    expect((await validateChain({ ...base, useBundledRoots: false, bundledRoots: bundled() })).status).toBe('untrusted');
  });

  it('a revocation checker that says revoked makes the result revoked', async () => {
    const r = await validateChain(input(c.good, [c.inter], [c.root], { revocationChecker: { check: async (q) => ({ status: 'revoked', certificates: q.chain.slice(0, -1).map(() => ({ sha256: '', status: 'revoked', checked: true, source: 'message' })) }) } }));
    expect(r.status).toBe('revoked');
  });
});

describe('validateChain: signature integrity (property)', () => {
  it('flipping any byte of the intermediate signature breaks trust', async () => {
    const inter = c.inter.der;
    const sigLen = parseCertificate(inter).signatureValue.valueBlock.valueHexView.length;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: sigLen - 1 }), fc.integer({ min: 1, max: 255 }), async (i, x) => {
        const bad = inter.slice();
        bad[bad.length - sigLen + i] ^= x;
        const r = await validateChain(input(c.good, [], [c.root], { candidates: [bad] }));
        return r.status === 'untrusted';
      }),
      { numRuns: 120 },
    );
  });

  it('flipping a byte inside the leaf tbsCertificate breaks trust', async () => {
    const bad = c.good.der.slice();
    const cert = parseCertificate(bad);
    // Change the last byte of the serial number (inside the signed tbsCertificate).
    const serial = cert.serialNumber.valueBlock.valueHexView;
    const idx = indexOf(bad, serial);
    bad[idx + serial.length - 1] ^= 1;
    const r = await validateChain(input(c.good, [c.inter], [c.root], { leaf: bad }));
    expect(r.status).toBe('untrusted');
  });
});

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  throw new Error('not found');
}
