// RFC 5280 §6.3 CRL processing on CRLs made by `openssl ca -gencrl`: one case (or more) per scope rule, and the
// chain-level result that matters most: a revoked end entity or intermediate is never trusted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateChain } from '../../src/crypto/trust/validate-chain';
import { createRevocationChecker, type RevocationCache, type RevocationFetcher } from '../../src/crypto/revocation/chain-revocation';
import { checkCertificateWithCrls, type CrlCandidate } from '../../src/crypto/revocation/check-crl';
import { parseCrl } from '../../src/crypto/revocation/parse-crl';
import { toCertNode } from '../../src/crypto/trust/certificate-node';
import type { Issued } from '../trust/pki-fixture';
import { buildCrlPki, INTER_CRL_URL, NOW, ROOT_CRL_URL, type CrlPki } from './crl-fixture';

let f: CrlPki;
const crls: Record<string, Uint8Array> = {};
const ALL_OTHER = 'affiliationChanged,superseded,cessationOfOperation,certificateHold,privilegeWithdrawn,AACompromise';

beforeAll(() => {
  f = buildCrlPki();
  const { pki, c } = f;
  const fresh = { lastUpdate: '20260530000000Z', nextUpdate: '20260606000000Z' };
  crls.inter = pki.crl({ name: 'inter', issuer: c.inter, revoked: [{ cert: c.revoked, date: '20260301000000Z', reason: 'keyCompromise' }, { cert: c.held, date: '20260401000000Z', reason: 'certificateHold' }], crlNumber: 1, ...fresh });
  crls.root = pki.crl({ name: 'root', issuer: c.root, revoked: [{ cert: c.inter2, date: '20260201000000Z', reason: 'CACompromise' }], crlNumber: 1, ...fresh });
  crls.expired = pki.crl({ name: 'expired', issuer: c.inter, revoked: [{ cert: c.revoked, date: '20260301000000Z', reason: 'keyCompromise' }], lastUpdate: '20260501000000Z', nextUpdate: '20260508000000Z' });
  crls.future = pki.crl({ name: 'future', issuer: c.inter, revoked: [], lastUpdate: '20260701000000Z', nextUpdate: '20260708000000Z' });
  crls.wrongKey = pki.crl({ name: 'wrongKey', issuer: c.impostor, revoked: [], ...fresh });
  crls.noCrlSign = pki.crl({ name: 'noCrlSign', issuer: c.noCrlSign, revoked: [], ...fresh });
  const idp = (name: string, lines: string[]): Uint8Array =>
    pki.crl({ name, issuer: name.startsWith('root') ? c.root : c.inter, revoked: [], ...fresh, ext: ['issuingDistributionPoint = critical,@idp', '[ idp ]', ...lines] });
  crls.interIdpMatch = idp('interIdpMatch', [`fullname = URI:${INTER_CRL_URL}`]);
  crls.interIdpOther = idp('interIdpOther', ['fullname = URI:http://crl.test/other.crl']);
  crls.interOnlyCa = idp('interOnlyCa', [`fullname = URI:${INTER_CRL_URL}`, 'onlyCA = TRUE']);
  crls.rootOnlyUser = idp('rootOnlyUser', [`fullname = URI:${ROOT_CRL_URL}`, 'onlyuser = TRUE']);
  crls.rootOnlyCa = idp('rootOnlyCa', [`fullname = URI:${ROOT_CRL_URL}`, 'onlyCA = TRUE']);
  crls.partKey = idp('partKey', [`fullname = URI:${INTER_CRL_URL}`, 'onlysomereasons = keyCompromise,CACompromise']);
  crls.partOther = idp('partOther', [`fullname = URI:${INTER_CRL_URL}`, `onlysomereasons = ${ALL_OTHER}`]);
  // Delta CRLs over the complete CRL number 1.
  crls.deltaUnhold = pki.crl({ name: 'deltaUnhold', issuer: c.inter, revoked: [{ cert: c.held, date: '20260501000000Z', reason: 'removeFromCRL' }], crlNumber: 2, ...fresh, ext: ['2.5.29.27 = critical,DER:02:01:01'] });
  crls.deltaRevoke = pki.crl({ name: 'deltaRevoke', issuer: c.inter, revoked: [{ cert: c.good, date: '20260531000000Z', reason: 'keyCompromise' }], crlNumber: 2, ...fresh, ext: ['2.5.29.27 = critical,DER:02:01:01'] });
  // Later issues after 'good' was revoked on 2026-05-31: a delta (#3, base #1) and a complete CRL (#4).
  crls.deltaEmpty = pki.crl({ name: 'deltaEmpty', issuer: c.inter, revoked: [], crlNumber: 2, ...fresh, ext: ['2.5.29.27 = critical,DER:02:01:01'] });
  crls.deltaLater = pki.crl({ name: 'deltaLater', issuer: c.inter, revoked: [{ cert: c.good, date: '20260531000000Z', reason: 'keyCompromise' }], crlNumber: 3, lastUpdate: '20260531120000Z', nextUpdate: '20260606000000Z', ext: ['2.5.29.27 = critical,DER:02:01:01'] });
  crls.interLater = pki.crl({ name: 'interLater', issuer: c.inter, revoked: [{ cert: c.good, date: '20260531000000Z', reason: 'keyCompromise' }], crlNumber: 4, lastUpdate: '20260531120000Z', nextUpdate: '20260607000000Z' });
  crls.deltaWrongBase = pki.crl({ name: 'deltaWrongBase', issuer: c.inter, revoked: [{ cert: c.good, date: '20260531000000Z', reason: 'keyCompromise' }], crlNumber: 9, ...fresh, ext: ['2.5.29.27 = critical,DER:02:01:05'] });
  // Indirect CRL signed by the CRL signer (OpenSSL writes no certificateIssuer, so entries are about its own certificates).
  crls.indirect = pki.crl({ name: 'indirectCrl', issuer: c.crlSigner, revoked: [], ...fresh, ext: ['issuingDistributionPoint = critical,@idp', '[ idp ]', 'fullname = URI:http://crl.test/indirect.crl', 'indirectCRL = TRUE'] });
  crls.indirectNotMarked = pki.crl({ name: 'indirectNotMarked', issuer: c.crlSigner, revoked: [], ...fresh });
}, 120_000);

afterAll(() => f?.pki.cleanup());

async function check(cert: Issued, issuer: Issued, names: string[], signers: Issued[] = []): ReturnType<typeof checkCertificateWithCrls> {
  const list: CrlCandidate[] = names.map((n) => ({ crl: parseCrl(crls[n]), source: 'message' }));
  return checkCertificateWithCrls({
    cert: await toCertNode(cert.der, 'leaf'),
    issuer: await toCertNode(issuer.der, 'candidate'),
    crls: list,
    crlSigners: await Promise.all(signers.map((s) => toCertNode(s.der, 'candidate'))),
    at: NOW,
  });
}

async function chain(leaf: Issued, inters: Issued[], messageCrls: string[]): ReturnType<typeof validateChain> {
  return validateChain({
    leaf: leaf.der,
    candidates: inters.map((x) => x.der),
    userRoots: [f.c.root.der],
    useBundledRoots: false,
    now: NOW,
    purpose: 'smime-sign',
    revocationChecker: createRevocationChecker({ messageCrls: messageCrls.map((n) => crls[n]) }),
  });
}

describe('a revoked certificate is never trusted (CRLs in the message only)', () => {
  it('revoked end entity: trust is revoked, with date and reason', async () => {
    const r = await chain(f.c.revoked, [f.c.inter], ['inter', 'root']);
    expect(r.status).toBe('revoked');
    expect(r.revocation).toBe('revoked');
    expect(r.revocationChecks?.[0]).toMatchObject({ status: 'revoked', reason: 'keyCompromise', revokedAt: '2026-03-01T00:00:00.000Z', source: 'message', method: 'crl' });
    expect(r.reasons.join()).toMatch(/revoked on 2026-03-01/);
  });
  it('revoked intermediate: trust is revoked even though the end entity is good', async () => {
    const r = await chain(f.c.underRevokedInter, [f.c.inter2], ['root']);
    expect(r.status).toBe('revoked');
    expect(r.revocationChecks?.[1]).toMatchObject({ status: 'revoked', reason: 'cACompromise' });
  });
  it('good end entity and intermediate: revocation good for the whole chain', async () => {
    const r = await chain(f.c.good, [f.c.inter], ['inter', 'root']);
    expect(r.status).toBe('trusted');
    expect(r.revocation).toBe('good');
    expect(r.revocationChecks?.map((x) => x.status)).toEqual(['good', 'good']);
  });
  it('without any CRL the status is unknown and says it was not checked', async () => {
    const r = await chain(f.c.good, [f.c.inter], []);
    expect(r.status).toBe('trusted');
    expect(r.revocation).toBe('unknown');
    expect(r.revocationChecks?.[0]).toMatchObject({ checked: false, unknownCause: 'offline' });
  });
  it('an unparsable CRL in the message does not make a good verdict and is reported', async () => {
    const r = await validateChain({ leaf: f.c.good.der, candidates: [f.c.inter.der], userRoots: [f.c.root.der], useBundledRoots: false, now: NOW, purpose: 'smime-sign', revocationChecker: createRevocationChecker({ messageCrls: [new Uint8Array([0x30, 0x03, 1, 2, 3])] }) });
    expect(r.revocation).toBe('unknown');
    expect(r.revocationChecks?.[0].why).toMatch(/cannot be read/);
  });
});

describe('CRL authenticity and dates (§6.3.3 a, f, g)', () => {
  it('an expired CRL cannot show a certificate is good', async () => {
    const r = await check(f.c.good, f.c.inter, ['expired']);
    expect(r.status).toBe('unknown');
    if (r.status === 'unknown') expect(r.why.join()).toMatch(/expired on 2026-05-08/);
  });
  it('an expired but authentic CRL that lists the certificate still proves revocation', async () => {
    expect((await check(f.c.revoked, f.c.inter, ['expired'])).status).toBe('revoked');
  });
  it('a CRL dated after the validation time is not used', async () => {
    expect((await check(f.c.good, f.c.inter, ['future'])).status).toBe('unknown');
  });
  it('a CRL signed by another key under the same name is refused', async () => {
    const r = await check(f.c.good, f.c.inter, ['wrongKey']);
    expect(r.status).toBe('unknown');
    if (r.status === 'unknown') expect(r.why.join()).toMatch(/cannot be trusted/);
  });
  it("a CRL signed by an issuer whose keyUsage lacks cRLSign is refused", async () => {
    const r = await check(f.c.underNoCrlSign, f.c.noCrlSign, ['noCrlSign']);
    expect(r.status).toBe('unknown');
    if (r.status === 'unknown') expect(r.why.join()).toMatch(/key usage does not allow signing CRLs/);
  });
  it('a CRL with a flipped signature byte is refused', async () => {
    const bad = crls.inter.slice();
    bad[bad.length - 5] ^= 1;
    const r = await checkCertificateWithCrls({ cert: await toCertNode(f.c.revoked.der, 'leaf'), issuer: await toCertNode(f.c.inter.der, 'candidate'), crls: [{ crl: parseCrl(bad), source: 'message' }], at: NOW });
    expect(r.status).toBe('unknown');
  });
  it("another issuer's CRL does not apply", async () => {
    expect((await check(f.c.good, f.c.inter, ['root'])).status).toBe('unknown');
  });
});

describe('issuingDistributionPoint scope (§6.3.3 b)', () => {
  it('a matching distribution-point name applies', async () => {
    expect((await check(f.c.good, f.c.inter, ['interIdpMatch'])).status).toBe('good');
  });
  it("a CRL for another distribution point does not apply", async () => {
    const r = await check(f.c.good, f.c.inter, ['interIdpOther']);
    expect(r.status).toBe('unknown');
    if (r.status === 'unknown') expect(r.why.join()).toMatch(/distribution point/);
  });
  it('a CRL scoped to one distribution point does not cover a certificate that names none', async () => {
    expect((await check(f.c.noDp, f.c.inter, ['interIdpMatch'])).status).toBe('unknown');
    expect((await check(f.c.noDp, f.c.inter, ['inter'])).status).toBe('good');
  });
  it('onlyContainsCACerts does not cover an end entity', async () => {
    expect((await check(f.c.good, f.c.inter, ['interOnlyCa'])).status).toBe('unknown');
  });
  it('onlyContainsUserCerts does not cover an intermediate; onlyContainsCACerts does', async () => {
    expect((await check(f.c.inter, f.c.root, ['rootOnlyUser'])).status).toBe('unknown');
    expect((await check(f.c.inter, f.c.root, ['rootOnlyCa'])).status).toBe('good');
  });
});

describe('reasons coverage (§6.3.3 c, d, j)', () => {
  it('a CRL partitioned by reason covers only some reasons: not good on its own', async () => {
    const r = await check(f.c.good, f.c.inter, ['partKey']);
    expect(r.status).toBe('unknown');
    if (r.status === 'unknown') expect(r.why.join()).toMatch(/cover only 2 of the 8/);
  });
  it('partitions that together cover every reason make it good', async () => {
    expect((await check(f.c.good, f.c.inter, ['partKey', 'partOther'])).status).toBe('good');
  });
});

describe('delta CRLs and removeFromCRL (§6.3.3 h, i)', () => {
  it('a certificate on hold in the complete CRL is revoked (certificateHold)', async () => {
    const r = await check(f.c.held, f.c.inter, ['inter']);
    expect(r).toMatchObject({ status: 'revoked', reason: 'certificateHold' });
  });
  it('a delta CRL with removeFromCRL releases the hold', async () => {
    const r = await check(f.c.held, f.c.inter, ['inter', 'deltaUnhold']);
    expect(r.status).toBe('good');
    if (r.status === 'good') expect(r.crl.delta).toBe(true);
  });
  it('a delta CRL revokes a certificate the complete CRL does not list', async () => {
    expect((await check(f.c.good, f.c.inter, ['inter', 'deltaRevoke']))).toMatchObject({ status: 'revoked', reason: 'keyCompromise' });
  });
  it('a delta CRL whose base is newer than the complete CRL is ignored', async () => {
    expect((await check(f.c.good, f.c.inter, ['inter', 'deltaWrongBase'])).status).toBe('good');
  });
  it('the newest delta CRL decides, in whatever order the deltas come', async () => {
    // An older delta that does not list the certificate must not hide a newer one that does.
    expect(await check(f.c.good, f.c.inter, ['inter', 'deltaEmpty', 'deltaLater'])).toMatchObject({ status: 'revoked', reason: 'keyCompromise' });
    expect(await check(f.c.good, f.c.inter, ['inter', 'deltaLater', 'deltaEmpty'])).toMatchObject({ status: 'revoked', reason: 'keyCompromise' });
  });
  it('a delta CRL alone (no base) decides nothing', async () => {
    expect((await check(f.c.good, f.c.inter, ['deltaRevoke'])).status).toBe('unknown');
  });
});

describe('indirect CRLs (§6.3.3 b1)', () => {
  it('an indirect CRL from the cRLIssuer the certificate names covers it', async () => {
    expect((await check(f.c.indirect, f.c.inter, ['indirect'], [f.c.crlSigner])).status).toBe('good');
  });
  it('a CRL from that signer without indirectCRL in its IDP is refused', async () => {
    expect((await check(f.c.indirect, f.c.inter, ['indirectNotMarked'], [f.c.crlSigner])).status).toBe('unknown');
  });
  it("an indirect CRL's signer must be at hand and certified by the same CA", async () => {
    expect((await check(f.c.indirect, f.c.inter, ['indirect'], [])).status).toBe('unknown');
  });
  it('a certificate that names no cRLIssuer is not covered by someone else\'s indirect CRL', async () => {
    expect((await check(f.c.good, f.c.inter, ['indirect'], [f.c.crlSigner])).status).toBe('unknown');
  });
});

describe('an older CRL attached to the message does not mask a newer one (cache or network)', () => {
  // The sender holds a revoked key and attaches the last CRL from before the revocation ('inter', #1, still current).
  const stapled = (): Uint8Array[] => [crls.inter, crls.root];
  async function run(setup: Parameters<typeof createRevocationChecker>[0]): ReturnType<typeof validateChain> {
    return validateChain({ leaf: f.c.good.der, candidates: [f.c.inter.der], userRoots: [f.c.root.der], useBundledRoots: false, now: NOW, purpose: 'smime-sign', revocationChecker: createRevocationChecker(setup) });
  }
  const cacheOf = (byUrl: Record<string, Uint8Array>): RevocationCache => ({ getCrl: async (u) => byUrl[u], putCrl: async () => undefined });
  function counting(byUrl: Record<string, Uint8Array>): { fetcher: RevocationFetcher; urls: string[] } {
    const urls: string[] = [];
    return {
      urls,
      fetcher: {
        get: async (u) => {
          urls.push(u);
          if (!byUrl[u]) throw new Error('404');
          return byUrl[u];
        },
      },
    };
  }

  it('a newer cached CRL listing the certificate wins over the stapled good, with or without online checks', async () => {
    const net = counting({ [INTER_CRL_URL]: crls.interLater, [ROOT_CRL_URL]: crls.root });
    for (const setup of [{ messageCrls: stapled(), cache: cacheOf({ [INTER_CRL_URL]: crls.interLater }) }, { messageCrls: stapled(), cache: cacheOf({ [INTER_CRL_URL]: crls.interLater }), fetcher: net.fetcher }]) {
      const r = await run(setup);
      expect(r.status).toBe('revoked');
      expect(r.revocationChecks?.[0]).toMatchObject({ status: 'revoked', source: 'cache', reason: 'keyCompromise' });
    }
    expect(net.urls).not.toContain(INTER_CRL_URL);
  });
  it('with online checks on and nothing cached, the CA is asked even though the message says good', async () => {
    const net = counting({ [INTER_CRL_URL]: crls.interLater, [ROOT_CRL_URL]: crls.root });
    const r = await run({ messageCrls: stapled(), fetcher: net.fetcher });
    expect(r.status).toBe('revoked');
    expect(r.revocationChecks?.[0]).toMatchObject({ status: 'revoked', source: 'network', reason: 'keyCompromise' });
    expect(net.urls).toContain(INTER_CRL_URL);
  });
  it('a fresh cached good answer needs no network wait, even next to a stapled CRL', async () => {
    const net = counting({});
    const r = await run({ messageCrls: stapled(), cache: cacheOf({ [INTER_CRL_URL]: crls.inter, [ROOT_CRL_URL]: crls.root }), fetcher: net.fetcher });
    expect(r.revocation).toBe('good');
    expect(net.urls).toEqual([]);
  });
  it('offline, or when the CA cannot be reached, the stapled CRL is still used', async () => {
    expect((await run({ messageCrls: stapled() })).revocation).toBe('good');
    const net = counting({});
    const r = await run({ messageCrls: stapled(), fetcher: net.fetcher });
    expect(r.revocation).toBe('good');
    expect(r.revocationChecks?.[0].source).toBe('message');
    expect(net.urls).toContain(INTER_CRL_URL);
  });
  it('a newer stapled CRL listing the certificate wins over an older cached good', async () => {
    const r = await run({ messageCrls: [crls.interLater, crls.root], cache: cacheOf({ [INTER_CRL_URL]: crls.inter }) });
    expect(r.revocationChecks?.[0]).toMatchObject({ status: 'revoked', source: 'message' });
  });
});
