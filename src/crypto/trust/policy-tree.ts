// RFC 5280 §6.1 certificate-policy processing: the valid_policy_tree with the explicit_policy, policy_mapping
// and inhibit_anyPolicy counters, policyMappings (mappings to or from anyPolicy are an error), policyConstraints
// and inhibitAnyPolicy, including the rules for self-issued certificates. Pure over decoded extensions, so each
// rule can be tested alone. Separate from any use of policy OIDs for display (e.g. CA/B Forum validation types).
import { ANY_POLICY, type PolicyExtensions } from '../x509/read-policy-extensions';

export interface PolicyCertificate {
  /** Subject equals issuer (RFC 5280 "self-issued"): counters are not decremented for it. */
  selfIssued: boolean;
  policy: PolicyExtensions;
}

export interface PolicyInputs {
  /** user-initial-policy-set; default [anyPolicy]. */
  initialPolicySet?: readonly string[];
  initialPolicyMappingInhibit?: boolean;
  initialExplicitPolicy?: boolean;
  initialAnyPolicyInhibit?: boolean;
}

export type PolicyResult =
  | { ok: true; /** valid policies of the final tree (user-constrained policy set); empty when the tree is NULL. */ policies: string[]; explicitPolicy: number }
  | { ok: false; reason: string };

interface PolicyNode {
  validPolicy: string;
  qualifiers?: Uint8Array;
  expected: Set<string>;
  depth: number;
  parent?: PolicyNode;
  children: PolicyNode[];
}

/** Hostile certificates could multiply nodes (each mapping fans out); real trees have a handful. */
const MAX_NODES = 4096;

class Tree {
  root: PolicyNode | null = { validPolicy: ANY_POLICY, expected: new Set([ANY_POLICY]), depth: 0, children: [] };
  private count = 1;

  atDepth(d: number): PolicyNode[] {
    const out: PolicyNode[] = [];
    const walk = (n: PolicyNode): void => {
      if (n.depth === d) out.push(n);
      else for (const c of n.children) walk(c);
    };
    if (this.root) walk(this.root);
    return out;
  }

  add(parent: PolicyNode, validPolicy: string, qualifiers: Uint8Array | undefined, expected: Set<string>): void {
    if (++this.count > MAX_NODES) throw new PolicyTreeTooLarge();
    parent.children.push({ validPolicy, qualifiers, expected, depth: parent.depth + 1, parent, children: [] });
  }

  remove(n: PolicyNode): void {
    if (!n.parent) {
      this.root = null;
      return;
    }
    n.parent.children = n.parent.children.filter((c) => c !== n);
  }

  /** Deletes childless nodes above `leafDepth`, repeatedly; a root left without children makes the tree NULL. */
  prune(leafDepth: number): void {
    for (let d = leafDepth - 1; d >= 0; d--) {
      for (const n of this.atDepth(d)) if (n.children.length === 0) this.remove(n);
      if (!this.root) return;
    }
  }
}

class PolicyTreeTooLarge extends Error {}

/**
 * Runs §6.1.2-§6.1.5's policy steps over `path`, ordered from the certificate issued by the trust anchor (index 0)
 * to the end entity (last). The anchor itself is not part of `path`.
 */
export function processPolicies(path: readonly PolicyCertificate[], inputs: PolicyInputs = {}): PolicyResult {
  try {
    return run(path, inputs);
  } catch (e) {
    if (e instanceof PolicyTreeTooLarge) return { ok: false, reason: 'the certificate policies expand into too many combinations' };
    throw e;
  }
}

function run(path: readonly PolicyCertificate[], inputs: PolicyInputs): PolicyResult {
  const n = path.length;
  const tree = new Tree();
  let explicitPolicy = inputs.initialExplicitPolicy ? 0 : n + 1;
  let inhibitAnyPolicy = inputs.initialAnyPolicyInhibit ? 0 : n + 1;
  let policyMapping = inputs.initialPolicyMappingInhibit ? 0 : n + 1;

  for (let i = 1; i <= n; i++) {
    const cert = path[i - 1];
    const p = cert.policy;
    // §6.1.3 (d): process the certificate policies.
    if (p.policies && tree.root) {
      const parents = tree.atDepth(i - 1);
      for (const pol of p.policies) {
        if (pol.oid === ANY_POLICY) continue;
        // (d)(1)(i): attach to each parent that expects this policy.
        let matched = false;
        for (const parent of parents) {
          if (parent.expected.has(pol.oid)) {
            tree.add(parent, pol.oid, pol.qualifiers, new Set([pol.oid]));
            matched = true;
          }
        }
        // (d)(1)(ii): otherwise, under an anyPolicy parent.
        if (!matched) {
          for (const parent of parents) {
            if (parent.validPolicy === ANY_POLICY) tree.add(parent, pol.oid, pol.qualifiers, new Set([pol.oid]));
          }
        }
      }
      // (d)(2): anyPolicy in the certificate, unless inhibited (a self-issued intermediate is never inhibited).
      const any = p.policies.find((x) => x.oid === ANY_POLICY);
      if (any && (inhibitAnyPolicy > 0 || (i < n && cert.selfIssued))) {
        for (const parent of parents) {
          const have = new Set(parent.children.map((c) => c.validPolicy));
          for (const e of parent.expected) {
            if (!have.has(e)) tree.add(parent, e, any.qualifiers, new Set([e]));
          }
        }
      }
      // (d)(3): prune.
      tree.prune(i);
    }
    // (e): no certificatePolicies: the tree becomes NULL.
    if (!p.policies) tree.root = null;
    // (f): explicit policy required and nothing valid left.
    if (explicitPolicy <= 0 && !tree.root) return { ok: false, reason: `certificate ${i} of the path leaves no acceptable certificate policy, and an explicit policy is required` };

    if (i === n) break;

    // §6.1.4 (a): mappings must not involve anyPolicy.
    for (const m of p.mappings ?? []) {
      if (m.issuerDomainPolicy === ANY_POLICY || m.subjectDomainPolicy === ANY_POLICY) {
        return { ok: false, reason: `certificate ${i} of the path maps ${m.issuerDomainPolicy === ANY_POLICY ? 'from' : 'to'} anyPolicy, which RFC 5280 forbids` };
      }
    }
    // §6.1.4 (b): apply or (when inhibited) delete mapped policies.
    if (p.mappings && tree.root) {
      const byIssuer = new Map<string, Set<string>>();
      for (const m of p.mappings) {
        const set = byIssuer.get(m.issuerDomainPolicy) ?? new Set<string>();
        set.add(m.subjectDomainPolicy);
        byIssuer.set(m.issuerDomainPolicy, set);
      }
      for (const [idp, subjects] of byIssuer) {
        const atI = tree.atDepth(i);
        const matching = atI.filter((x) => x.validPolicy === idp);
        if (policyMapping > 0) {
          if (matching.length > 0) {
            for (const x of matching) x.expected = new Set(subjects);
          } else {
            const anyNode = atI.find((x) => x.validPolicy === ANY_POLICY);
            if (anyNode?.parent) {
              const anyQual = p.policies?.find((x) => x.oid === ANY_POLICY)?.qualifiers;
              tree.add(anyNode.parent, idp, anyQual, new Set(subjects));
            }
          }
        } else {
          for (const x of matching) tree.remove(x);
          if (tree.root) tree.prune(i);
        }
      }
    }
    // (h): counters count down for every certificate that is not self-issued.
    if (!cert.selfIssued) {
      if (explicitPolicy > 0) explicitPolicy--;
      if (policyMapping > 0) policyMapping--;
      if (inhibitAnyPolicy > 0) inhibitAnyPolicy--;
    }
    // (i), (j): constraints can only tighten.
    if (p.requireExplicitPolicy !== undefined && p.requireExplicitPolicy < explicitPolicy) explicitPolicy = p.requireExplicitPolicy;
    if (p.inhibitPolicyMapping !== undefined && p.inhibitPolicyMapping < policyMapping) policyMapping = p.inhibitPolicyMapping;
    if (p.inhibitAnyPolicy !== undefined && p.inhibitAnyPolicy < inhibitAnyPolicy) inhibitAnyPolicy = p.inhibitAnyPolicy;
  }

  // §6.1.5 wrap-up.
  const last = n > 0 ? path[n - 1].policy : {};
  if (explicitPolicy > 0) explicitPolicy--;
  if (last.requireExplicitPolicy === 0) explicitPolicy = 0;
  intersectWithInitial(tree, n, inputs.initialPolicySet);
  if (explicitPolicy <= 0 && !tree.root) return { ok: false, reason: 'no certificate policy is acceptable for the whole path, and an explicit policy is required' };
  return { ok: true, policies: tree.root ? [...new Set(tree.atDepth(n).map((x) => x.validPolicy))] : [], explicitPolicy };
}

/** §6.1.5 (g): intersect the tree with the user-initial-policy-set. */
function intersectWithInitial(tree: Tree, n: number, initial: readonly string[] | undefined): void {
  if (!tree.root || !initial || initial.includes(ANY_POLICY)) return;
  const wanted = new Set(initial);
  // (g)(iii)(1)-(2): the valid_policy_node_set is every node whose parent is anyPolicy; drop unwanted ones.
  const nodeSet: PolicyNode[] = [];
  const walk = (x: PolicyNode): void => {
    for (const c of x.children) {
      if (x.validPolicy === ANY_POLICY) nodeSet.push(c);
      walk(c);
    }
  };
  walk(tree.root);
  for (const x of nodeSet) {
    if (x.validPolicy !== ANY_POLICY && !wanted.has(x.validPolicy)) tree.remove(x);
  }
  // (g)(iii)(3): an anyPolicy leaf stands for every wanted policy not yet present.
  const present = new Set(nodeSet.filter((x) => x.validPolicy !== ANY_POLICY && wanted.has(x.validPolicy)).map((x) => x.validPolicy));
  for (const leaf of tree.atDepth(n).filter((x) => x.validPolicy === ANY_POLICY)) {
    if (leaf.parent) {
      for (const w of wanted) if (!present.has(w)) tree.add(leaf.parent, w, leaf.qualifiers, new Set([w]));
    }
    tree.remove(leaf);
  }
  // (g)(iii)(4): prune.
  if (tree.root) tree.prune(n);
  if (tree.root && n > 0 && tree.atDepth(n).length === 0) tree.root = null;
}
