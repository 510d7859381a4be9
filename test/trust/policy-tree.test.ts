// RFC 5280 §6.1 policy processing, one rule per case, over decoded extensions (no certificates needed).
import { describe, expect, it } from 'vitest';
import { processPolicies, type PolicyCertificate } from '../../src/crypto/trust/policy-tree';
import { ANY_POLICY, type PolicyExtensions } from '../../src/crypto/x509/read-policy-extensions';

const P1 = '1.3.6.1.4.1.99999.1';
const P2 = '1.3.6.1.4.1.99999.2';
const P3 = '1.3.6.1.4.1.99999.3';

function c(policy: Omit<PolicyExtensions, 'policies'> & { policies?: string[] }, selfIssued = false): PolicyCertificate {
  const { policies, ...rest } = policy;
  return { selfIssued, policy: { ...rest, policies: policies?.map((oid) => ({ oid })) } };
}

function policies(r: ReturnType<typeof processPolicies>): string[] {
  if (!r.ok) throw new Error(`expected success, got: ${r.reason}`);
  return [...r.policies].sort();
}

describe('policy tree: defaults (RFC 5280 §6.1.1)', () => {
  it('a path without any policy extension passes with an empty (NULL) tree', () => {
    expect(policies(processPolicies([c({}), c({})]))).toEqual([]);
  });
  it('an empty path (the leaf is the anchor) passes', () => {
    expect(processPolicies([]).ok).toBe(true);
  });
  it('initial-explicit-policy rejects a path that has no common policy', () => {
    expect(processPolicies([c({}), c({})], { initialExplicitPolicy: true }).ok).toBe(false);
    expect(processPolicies([c({ policies: [P1] }), c({ policies: [P1] })], { initialExplicitPolicy: true }).ok).toBe(true);
  });
});

describe('policy tree: certificatePolicies (§6.1.3 d/e)', () => {
  it('(d)(1)(i) a leaf policy attaches under the same policy of its issuer', () => {
    expect(policies(processPolicies([c({ policies: [P1, P2] }), c({ policies: [P2] })]))).toEqual([P2]);
  });
  it('(d)(1)(ii) a leaf policy attaches under anyPolicy of its issuer', () => {
    expect(policies(processPolicies([c({ policies: [ANY_POLICY] }), c({ policies: [P3] })]))).toEqual([P3]);
  });
  it('(d)(2) anyPolicy in the leaf carries every expected policy of the issuer', () => {
    expect(policies(processPolicies([c({ policies: [P1, P2] }), c({ policies: [ANY_POLICY] })]))).toEqual([P1, P2]);
  });
  it('(d)(3) disjoint policies prune the tree to NULL', () => {
    expect(policies(processPolicies([c({ policies: [P1] }), c({ policies: [P2] })]))).toEqual([]);
    expect(processPolicies([c({ policies: [P1] }), c({ policies: [P2] })], { initialExplicitPolicy: true }).ok).toBe(false);
  });
  it('(e) a certificate without certificatePolicies empties the tree, even if later ones have policies', () => {
    expect(processPolicies([c({ policies: [P1] }), c({}), c({ policies: [P1] })], { initialExplicitPolicy: true }).ok).toBe(false);
  });
});

describe('policy tree: policyConstraints requireExplicitPolicy (§6.1.4 i, §6.1.5 b)', () => {
  it('requireExplicitPolicy 0 in a CA requires every later certificate to carry an acceptable policy', () => {
    expect(processPolicies([c({ policies: [P1], requireExplicitPolicy: 0 }), c({})]).ok).toBe(false);
    expect(processPolicies([c({ policies: [P1], requireExplicitPolicy: 0 }), c({ policies: [P2] })]).ok).toBe(false);
    expect(policies(processPolicies([c({ policies: [P1], requireExplicitPolicy: 0 }), c({ policies: [P1] })]))).toEqual([P1]);
  });
  it('requireExplicitPolicy counts certificates: 1 still requires it at the leaf, 2 does not for a 2-certificate path', () => {
    expect(processPolicies([c({ policies: [P1], requireExplicitPolicy: 1 }), c({})]).ok).toBe(false);
    expect(processPolicies([c({ policies: [P1], requireExplicitPolicy: 2 }), c({})]).ok).toBe(true);
  });
  it('requireExplicitPolicy 0 in the leaf itself applies at wrap-up', () => {
    expect(processPolicies([c({}), c({ requireExplicitPolicy: 0 })]).ok).toBe(false);
    expect(processPolicies([c({ policies: [P1] }), c({ policies: [P1], requireExplicitPolicy: 0 })]).ok).toBe(true);
  });
  it('a constraint only tightens: a larger later value does not relax an earlier one', () => {
    expect(processPolicies([c({ policies: [ANY_POLICY], requireExplicitPolicy: 0 }), c({ policies: [ANY_POLICY], requireExplicitPolicy: 5 }), c({})]).ok).toBe(false);
  });
  it('self-issued intermediates do not count down explicit_policy (§6.1.4 h)', () => {
    const path = (selfIssued: boolean): PolicyCertificate[] => [
      c({ policies: [ANY_POLICY], requireExplicitPolicy: 2 }),
      c({ policies: [ANY_POLICY] }, selfIssued),
      c({}),
    ];
    expect(processPolicies(path(false)).ok).toBe(false);
    expect(processPolicies(path(true)).ok).toBe(true);
  });
});

describe('policy tree: inhibitAnyPolicy (§6.1.3 d2, §6.1.4 j)', () => {
  it('inhibitAnyPolicy 0 makes a later anyPolicy assertion count for nothing', () => {
    const path = (inhibit?: number): PolicyCertificate[] => [c({ policies: [ANY_POLICY], inhibitAnyPolicy: inhibit }), c({ policies: [ANY_POLICY] }), c({ policies: [P1] })];
    expect(policies(processPolicies(path()))).toEqual([P1]);
    expect(processPolicies(path(0), { initialExplicitPolicy: true }).ok).toBe(false);
    expect(processPolicies(path(1), { initialExplicitPolicy: true }).ok).toBe(true);
  });
  it('initial-any-policy-inhibit applies from the first certificate', () => {
    expect(processPolicies([c({ policies: [ANY_POLICY] }), c({ policies: [P1] })], { initialAnyPolicyInhibit: true, initialExplicitPolicy: true }).ok).toBe(false);
  });
  it('a self-issued intermediate may still use anyPolicy when inhibited, the leaf may not', () => {
    const path = [c({ policies: [P1], inhibitAnyPolicy: 0 }), c({ policies: [ANY_POLICY] }, true), c({ policies: [P1] })];
    expect(policies(processPolicies(path, { initialExplicitPolicy: true }))).toEqual([P1]);
    const leafAny = [c({ policies: [P1], inhibitAnyPolicy: 0 }), c({ policies: [ANY_POLICY] }, true)];
    expect(processPolicies(leafAny, { initialExplicitPolicy: true }).ok).toBe(false);
  });
  it('a self-issued certificate does not count down inhibit_anyPolicy', () => {
    const path = (selfIssued: boolean): PolicyCertificate[] => [
      c({ policies: [ANY_POLICY], inhibitAnyPolicy: 1 }),
      c({ policies: [ANY_POLICY] }, selfIssued),
      c({ policies: [ANY_POLICY] }),
      c({ policies: [P1] }),
    ];
    // Not self-issued: the counter reaches 0 before certificate 3, whose anyPolicy is ignored.
    expect(processPolicies(path(false), { initialExplicitPolicy: true }).ok).toBe(false);
    expect(policies(processPolicies(path(true), { initialExplicitPolicy: true }))).toEqual([P1]);
  });
});

describe('policy tree: policyMappings (§6.1.4 a/b)', () => {
  it('maps an issuer-domain policy to the subject-domain policy the leaf asserts', () => {
    expect(policies(processPolicies([c({ policies: [P1], mappings: [{ issuerDomainPolicy: P1, subjectDomainPolicy: P2 }] }), c({ policies: [P2] })]))).toEqual([P2]);
    // After mapping, the original policy is no longer expected below.
    expect(processPolicies([c({ policies: [P1], mappings: [{ issuerDomainPolicy: P1, subjectDomainPolicy: P2 }] }), c({ policies: [P1] })], { initialExplicitPolicy: true }).ok).toBe(false);
  });
  it('maps through an anyPolicy node when the issuer-domain policy is not in the tree', () => {
    const path = [c({ policies: [ANY_POLICY] }), c({ policies: [ANY_POLICY], mappings: [{ issuerDomainPolicy: P1, subjectDomainPolicy: P2 }] }), c({ policies: [P2] })];
    expect(policies(processPolicies(path, { initialExplicitPolicy: true }))).toEqual([P2]);
    expect(policies(processPolicies(path, { initialExplicitPolicy: true, initialPolicySet: [P1] }))).toEqual([P2]);
  });
  it('one issuer-domain policy may map to several subject-domain policies', () => {
    const m = [{ issuerDomainPolicy: P1, subjectDomainPolicy: P2 }, { issuerDomainPolicy: P1, subjectDomainPolicy: P3 }];
    expect(policies(processPolicies([c({ policies: [P1], mappings: m }), c({ policies: [P3] })]))).toEqual([P3]);
  });
  it('a mapping from or to anyPolicy fails the path', () => {
    const from = processPolicies([c({ policies: [P1], mappings: [{ issuerDomainPolicy: ANY_POLICY, subjectDomainPolicy: P2 }] }), c({ policies: [P2] })]);
    const to = processPolicies([c({ policies: [P1], mappings: [{ issuerDomainPolicy: P1, subjectDomainPolicy: ANY_POLICY }] }), c({ policies: [P2] })]);
    expect(from.ok).toBe(false);
    expect(to.ok).toBe(false);
    if (!from.ok) expect(from.reason).toMatch(/anyPolicy/);
  });
  it('mappings in the leaf are not processed (only preparation for a next certificate applies them)', () => {
    expect(processPolicies([c({ policies: [P1] }), c({ policies: [P1], mappings: [{ issuerDomainPolicy: ANY_POLICY, subjectDomainPolicy: P2 }] })]).ok).toBe(true);
  });
  it('inhibitPolicyMapping 0 deletes mapped policies instead of mapping them', () => {
    const path = (inhibit?: number): PolicyCertificate[] => [
      c({ policies: [P1], inhibitPolicyMapping: inhibit }),
      c({ policies: [P1], mappings: [{ issuerDomainPolicy: P1, subjectDomainPolicy: P2 }] }),
      c({ policies: [P2] }),
    ];
    expect(policies(processPolicies(path(), { initialExplicitPolicy: true }))).toEqual([P2]);
    expect(processPolicies(path(0), { initialExplicitPolicy: true }).ok).toBe(false);
    expect(policies(processPolicies(path(1), { initialExplicitPolicy: true }))).toEqual([P2]);
  });
  it('initial-policy-mapping-inhibit deletes mapped policies from the start', () => {
    const path = [c({ policies: [P1], mappings: [{ issuerDomainPolicy: P1, subjectDomainPolicy: P2 }] }), c({ policies: [P2] })];
    expect(processPolicies(path, { initialPolicyMappingInhibit: true, initialExplicitPolicy: true }).ok).toBe(false);
  });
  it('a self-issued certificate does not count down policy_mapping', () => {
    const path = (selfIssued: boolean): PolicyCertificate[] => [
      c({ policies: [P1], inhibitPolicyMapping: 1 }),
      c({ policies: [P1] }, selfIssued),
      c({ policies: [P1], mappings: [{ issuerDomainPolicy: P1, subjectDomainPolicy: P2 }] }),
      c({ policies: [P2] }),
    ];
    expect(processPolicies(path(false), { initialExplicitPolicy: true }).ok).toBe(false);
    expect(policies(processPolicies(path(true), { initialExplicitPolicy: true }))).toEqual([P2]);
  });
});

describe('policy tree: user-initial-policy-set (§6.1.5 g)', () => {
  it('intersects the final policies with the initial set', () => {
    const path = [c({ policies: [P1, P2] }), c({ policies: [P1, P2] })];
    expect(policies(processPolicies(path, { initialPolicySet: [P2] }))).toEqual([P2]);
    expect(policies(processPolicies(path, { initialPolicySet: [P3] }))).toEqual([]);
    expect(processPolicies(path, { initialPolicySet: [P3], initialExplicitPolicy: true }).ok).toBe(false);
  });
  it('an anyPolicy leaf node stands for each wanted policy', () => {
    expect(policies(processPolicies([c({ policies: [ANY_POLICY] }), c({ policies: [ANY_POLICY] })], { initialPolicySet: [P3] }))).toEqual([P3]);
  });
});

describe('policy tree: bounds', () => {
  it('a path whose mappings fan out beyond the node limit fails instead of exhausting memory', () => {
    const X = '1.3.6.1.4.1.99999.9';
    const a = Array.from({ length: 64 }, (_, k) => `1.3.6.1.4.1.99999.10.${k}`);
    const t = Array.from({ length: 64 }, (_, k) => `1.3.6.1.4.1.99999.11.${k}`);
    // 64 nodes all expecting X, each X node then expecting 64 policies, then anyPolicy: 64 x 64 leaves.
    const path = [
      c({ policies: a, mappings: a.map((p) => ({ issuerDomainPolicy: p, subjectDomainPolicy: X })) }),
      c({ policies: [X], mappings: t.map((p) => ({ issuerDomainPolicy: X, subjectDomainPolicy: p })) }),
      c({ policies: [ANY_POLICY] }),
      c({ policies: [t[0]] }),
    ];
    const r = processPolicies(path);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/too many/);
    // The same shape with fewer policies stays within the bound and passes.
    expect(policies(processPolicies([c({ policies: a.slice(0, 4), mappings: a.slice(0, 4).map((p) => ({ issuerDomainPolicy: p, subjectDomainPolicy: X })) }), c({ policies: [X], mappings: t.slice(0, 4).map((p) => ({ issuerDomainPolicy: X, subjectDomainPolicy: p })) }), c({ policies: [ANY_POLICY] }), c({ policies: [t[0]] })]))).toEqual([t[0]]);
  });
});
