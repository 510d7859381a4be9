// Certificate-policy processing inside chain validation, on certificates made by OpenSSL, with OpenSSL's own
// `verify -policy_check` as the reference for each path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateChain } from '../../src/crypto/trust/validate-chain';
import { openssl } from '../helpers/openssl';
import { leafExt, Pki, ROOT_EXT, type Issued } from './pki-fixture';

const NOW = new Date('2026-06-01T00:00:00Z');
const P1 = '1.3.6.1.4.1.99999.1';
const P2 = '1.3.6.1.4.1.99999.2';
const CA = ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign', 'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid'];

let pki: Pki;
let root: Issued;
const c: Record<string, Issued> = {};

function ca(name: string, extra: string[], issuer = root): Issued {
  return (c[name] = pki.issue({ name, subject: `/CN=${name}`, issuer, ext: [...CA, ...extra] }));
}
function leaf(name: string, issuer: Issued, extra: string[] = []): Issued {
  return (c[name] = pki.issue({ name, subject: `/CN=${name}/emailAddress=a@example.com`, issuer, ext: [...leafExt('a@example.com'), ...extra] }));
}

async function ours(l: Issued, inters: Issued[]): Promise<string> {
  const r = await validateChain({ leaf: l.der, candidates: inters.map((x) => x.der), userRoots: [root.der], useBundledRoots: false, now: NOW, purpose: 'smime-sign' });
  return r.status;
}

function opensslSays(l: Issued, inters: Issued[]): boolean {
  // `-policy anyPolicy` is RFC 5280's default initial set; without it OpenSSL treats the user set as empty.
  const args = ['verify', '-policy_check', '-policy', '2.5.29.32.0', '-attime', String(Math.floor(NOW.getTime() / 1000)), '-CAfile', root.certFile];
  for (const i of inters) args.push('-untrusted', i.certFile);
  args.push(l.certFile);
  const r = openssl(args);
  return r.status === 0;
}

beforeAll(() => {
  pki = new Pki();
  root = pki.issue({ name: 'root', subject: '/CN=Policy Root', ext: ROOT_EXT });
  ca('requireP1', [`certificatePolicies = ${P1}`, 'policyConstraints = critical,requireExplicitPolicy:0']);
  leaf('reqNoPolicy', c.requireP1);
  leaf('reqP1', c.requireP1, [`certificatePolicies = ${P1}`]);
  leaf('reqP2', c.requireP1, [`certificatePolicies = ${P2}`]);
  ca('mapAny', ['certificatePolicies = 2.5.29.32.0', `policyMappings = critical,2.5.29.32.0:${P1}`]);
  leaf('underMapAny', c.mapAny, [`certificatePolicies = ${P1}`]);
  ca('inhibitMapRoot', [`certificatePolicies = ${P1}`, 'policyConstraints = critical,requireExplicitPolicy:0,inhibitPolicyMapping:0']);
  ca('mapping', [`certificatePolicies = ${P1}`, `policyMappings = ${P1}:${P2}`], c.inhibitMapRoot);
  leaf('mapped', c.mapping, [`certificatePolicies = ${P2}`]);
  ca('inhibitAny', ['certificatePolicies = 2.5.29.32.0', 'inhibitAnyPolicy = critical,0', 'policyConstraints = critical,requireExplicitPolicy:0']);
  leaf('anyLeaf', c.inhibitAny, ['certificatePolicies = 2.5.29.32.0']);
  leaf('p1Leaf', c.inhibitAny, [`certificatePolicies = ${P1}`]);
  ca('plain', [`certificatePolicies = ${P1}`]);
  leaf('plainP2', c.plain, [`certificatePolicies = ${P2}`]);
  ca('emptyConstraints', ['2.5.29.36 = critical,DER:30:00']);
  leaf('underEmptyConstraints', c.emptyConstraints);
  // certificatePolicies naming P1 twice (RFC 5280 forbids it).
  leaf('dupPolicy', c.plain, ['2.5.29.32 = DER:30:1A:30:0B:06:09:2B:06:01:04:01:86:8D:1F:01:30:0B:06:09:2B:06:01:04:01:86:8D:1F:01']);
});

afterAll(() => pki?.cleanup());

describe('certificate policies in validateChain (OpenSSL as reference)', () => {
  const cases: Array<[string, string, string]> = [
    ['reqP1', 'requireP1', 'trusted'],
    ['reqNoPolicy', 'requireP1', 'untrusted'],
    ['reqP2', 'requireP1', 'untrusted'],
    ['underMapAny', 'mapAny', 'untrusted'],
    ['anyLeaf', 'inhibitAny', 'untrusted'],
    ['p1Leaf', 'inhibitAny', 'trusted'],
    ['plainP2', 'plain', 'trusted'], // no explicit policy required: a NULL tree is acceptable
  ];
  it.each(cases)('%s under %s is %s', async (l, i, want) => {
    expect(await ours(c[l], [c[i]])).toBe(want);
    expect(opensslSays(c[l], [c[i]])).toBe(want === 'trusted');
  });
  it('inhibitPolicyMapping 0 above a mapping CA rejects the mapped leaf', async () => {
    expect(await ours(c.mapped, [c.mapping, c.inhibitMapRoot])).toBe('untrusted');
    expect(opensslSays(c.mapped, [c.mapping, c.inhibitMapRoot])).toBe(false);
  });
  it('a malformed policy extension (empty policyConstraints, a policy listed twice) is untrusted, not ignored', async () => {
    expect(await ours(c.underEmptyConstraints, [c.emptyConstraints])).toBe('untrusted');
    expect(await ours(c.dupPolicy, [c.plain])).toBe('untrusted');
  });
  it('names the policy failure in the reasons', async () => {
    const r = await validateChain({ leaf: c.reqNoPolicy.der, candidates: [c.requireP1.der], userRoots: [root.der], useBundledRoots: false, now: NOW, purpose: 'smime-sign' });
    expect(r.reasons.join(' ')).toMatch(/certificate polic/);
  });
});
