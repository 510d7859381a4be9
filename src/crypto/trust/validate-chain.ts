// Decides whether a signer's / recipient's certificate is trusted for S/MIME: builds candidate paths to a
// bundled (Mozilla e-mail) or user-added root and applies RFC 5280 / mozilla::pkix-style checks to each.
//
// Time policy (as NSS/Thunderbird verify a signer at the CMS signing time when present): a plausible signing
// time (not after `now`, inside the leaf's validity) that the whole chain was valid at makes the chain trusted
// even if it has expired since, with warning 'certificate-expired-now'. Otherwise the chain is checked at `now`:
// 'expired' or 'not-yet-valid'. When a path has several problems, the status reported is the first of
// untrusted > expired > not-yet-valid > wrong-usage; `reasons` lists them all.
// Other policy: SHA-1-signed certificates are accepted with 'weak-digest'; RSA < 2048 bits warns 'weak-key', < 1024
// is untrusted; a CA certificate cannot be the leaf; anchors' own validity, CA flag and name constraints are enforced
// (like mozilla::pkix); `anchor: 'user'` means only this user's choice vouches for the chain. Revocation is
// delegated to a RevocationChecker (default: 'unknown').
import type { CertificateRevocation, RevocationStatus, TrustStatus, Warning } from '../types';
import { EngineError } from '../errors';
import { describePublicKey } from '../x509/describe-public-key';
import { namesEqual } from '../x509/compare-names';
import { nameValues, OID_COMMON_NAME } from '../x509/name-attributes';
import { EKU_ANY, EKU_EMAIL_PROTECTION, type KeyUsageName } from '../x509/read-extensions';
import { buildChains, type ChainPath } from './build-chain';
import { bundledEntries, bundledRootIndex } from './bundled-roots';
import { indexRoots, rootsForSubjects } from './root-index';
import { toCertNode, toCertNodes, type CertNode } from './certificate-node';
import type { MozillaEmailRoot } from './mozilla-email-roots.generated';
import { nameConstraintViolation } from './name-constraints';
import { processPolicies, type PolicyCertificate, type PolicyInputs } from './policy-tree';
import { readPolicyExtensions } from '../x509/read-policy-extensions';
import { noRevocationCheck, type RevocationChecker } from './revocation-check';

export type TrustPurpose = 'smime-sign' | 'smime-encrypt';

export interface ValidateChainInput {
  leaf: Uint8Array;
  /** Certificates from the message and known intermediates; unparsable ones, and any beyond MAX_CANDIDATES, are ignored. */
  candidates: Uint8Array[];
  userRoots?: Uint8Array[];
  useBundledRoots?: boolean; // default true
  signingTime?: Date;
  now: Date;
  purpose: TrustPurpose;
  /** Replace the bundled Mozilla list (tests, managed deployments). */
  bundledRoots?: readonly MozillaEmailRoot[];
  revocationChecker?: RevocationChecker;
  /** RFC 5280 §6.1.1 policy inputs; default: any policy, nothing inhibited or required up front. */
  policy?: PolicyInputs;
}

export interface TrustResult {
  status: TrustStatus;
  reasons: string[];
  chain: Uint8Array[]; // leaf first, anchor last (or as far as we got)
  anchor?: 'bundled' | 'user';
  revocation: RevocationStatus;
  /** Per certificate of `chain` except the anchor; present when a complete path was checked for revocation. */
  revocationChecks?: CertificateRevocation[];
  warnings: Warning[];
  /** RFC 5280 valid policy set of the chosen path (leaf-level policies of the valid_policy_tree); [] when none. */
  validPolicies?: string[];
}

export const MAX_CANDIDATES = 100;
export const MAX_USER_ROOTS = 1000;

const PRIORITY: TrustStatus[] = ['revoked', 'untrusted', 'expired', 'not-yet-valid', 'wrong-usage'];

interface Verdict {
  status: TrustStatus;
  reasons: string[];
  warnings: Warning[];
  checkedAt: Date;
  validPolicies: string[];
}

function label(node: CertNode): string {
  const cn = nameValues(node.cert.subject, OID_COMMON_NAME);
  return cn.length > 0 ? `"${cn[cn.length - 1]}"` : `certificate ${node.sha256.slice(0, 16)}`;
}

function validity(nodes: CertNode[], t: Date): { status?: 'expired' | 'not-yet-valid'; reasons: string[] } {
  const reasons: string[] = [];
  let status: 'expired' | 'not-yet-valid' | undefined;
  for (const n of nodes) {
    if (t < n.cert.notBefore.value) {
      reasons.push(`${label(n)} is not valid before ${n.cert.notBefore.value.toISOString()}`);
      status ??= 'not-yet-valid';
    } else if (t > n.cert.notAfter.value) {
      reasons.push(`${label(n)} expired on ${n.cert.notAfter.value.toISOString()}`);
      status = 'expired';
    }
  }
  return { status, reasons };
}

function selfIssued(n: CertNode): boolean {
  return n.subjectKey === n.issuerKey;
}

const SIGN_USAGES: KeyUsageName[] = ['digitalSignature', 'nonRepudiation'];
const ENCRYPT_USAGES: KeyUsageName[] = ['keyEncipherment', 'keyAgreement'];

function checkPath(path: ChainPath, input: ValidateChainInput): Verdict {
  const nodes = path.nodes;
  const leaf = nodes[0];
  const anchor = nodes[nodes.length - 1];
  const fails: Array<{ status: TrustStatus; reason: string }> = [];
  const warnings: Warning[] = [];
  const fail = (status: TrustStatus, reason: string): void => {
    fails.push({ status, reason });
  };

  // Structure: extensions must decode; unknown critical extensions reject (RFC 5280 4.2).
  for (const n of nodes) {
    if (n.extError) fail('untrusted', `${label(n)} has a malformed extension: ${n.extError}`);
    for (const oid of n.ext?.unknownCritical ?? []) {
      fail('untrusted', `${label(n)} has an unknown critical extension ${oid}`);
      warnings.push({ code: 'unknown-critical-extension', message: `${label(n)} has unknown critical extension ${oid}` });
    }
  }

  // Time.
  let checkedAt = input.now;
  const nowCheck = validity(nodes, input.now);
  const st = input.signingTime;
  const plausible =
    st !== undefined && !Number.isNaN(st.getTime()) && st <= input.now && st >= leaf.cert.notBefore.value && st <= leaf.cert.notAfter.value;
  if (plausible && st) {
    const atSigning = validity(nodes, st);
    if (!atSigning.status) {
      checkedAt = st;
      if (nowCheck.status) {
        warnings.push({ code: 'certificate-expired-now', message: `Valid when signed (${st.toISOString()}), but ${nowCheck.reasons.join('; ')}.` });
      }
    } else if (nowCheck.status) {
      for (const r of nowCheck.reasons) fail(nowCheck.status, r);
    }
  } else if (nowCheck.status) {
    for (const r of nowCheck.reasons) fail(nowCheck.status, r);
  }

  // Leaf purpose: EKU emailProtection (or none, or anyExtendedKeyUsage) and the right keyUsage bit.
  const leafExt = leaf.ext;
  if (leafExt?.extKeyUsage && !leafExt.extKeyUsage.includes(EKU_EMAIL_PROTECTION) && !leafExt.extKeyUsage.includes(EKU_ANY)) {
    fail('wrong-usage', `${label(leaf)} is not for e-mail protection (extendedKeyUsage lacks emailProtection)`);
  }
  // mozilla::pkix refuses CA certificates as end entities (unless the user trusts that very certificate).
  if (nodes.length > 1 && leafExt?.basicConstraints?.cA) fail('wrong-usage', `${label(leaf)} is a CA certificate, not an e-mail certificate`);
  const wanted = input.purpose === 'smime-sign' ? SIGN_USAGES : ENCRYPT_USAGES;
  if (leafExt?.keyUsage && !wanted.some((u) => leafExt.keyUsage?.has(u))) {
    fail('wrong-usage', `${label(leaf)} keyUsage does not allow ${input.purpose === 'smime-sign' ? 'signing' : 'encryption'} (needs ${wanted.join(' or ')})`);
  }

  // Issuers: CA flag, keyCertSign, pathLen, EKU nesting, name constraints.
  for (let i = 1; i < nodes.length; i++) {
    const ca = nodes[i];
    const isAnchor = i === nodes.length - 1;
    const bc = ca.ext?.basicConstraints;
    // v1 trust anchors predate basicConstraints and are accepted as CAs, like mozilla::pkix.
    const v1Anchor = isAnchor && ca.cert.version < 2 && !bc;
    if (!bc?.cA && !v1Anchor) fail('untrusted', `${label(ca)} is not a CA certificate (basicConstraints cA is not set)`);
    if (ca.ext?.keyUsage && !ca.ext.keyUsage.has('keyCertSign')) fail('untrusted', `${label(ca)} keyUsage does not allow certificate signing`);
    if (bc?.pathLen !== undefined) {
      let below = 0;
      for (let j = 1; j < i; j++) if (!selfIssued(nodes[j])) below++;
      if (below > bc.pathLen) fail('untrusted', `${label(ca)} allows ${bc.pathLen} intermediate CA(s) below it, the path has ${below}`);
    }
    const eku = ca.ext?.extKeyUsage;
    if (!isAnchor && eku && !eku.includes(EKU_EMAIL_PROTECTION) && !eku.includes(EKU_ANY)) {
      fail('wrong-usage', `intermediate ${label(ca)} is not allowed to issue e-mail certificates (extendedKeyUsage)`);
    }
    const nc = ca.ext?.nameConstraints;
    if (nc) {
      for (let j = 0; j < i; j++) {
        if (j > 0 && selfIssued(nodes[j])) continue;
        const v = nameConstraintViolation(nc, nodes[j]);
        if (v) fail('untrusted', `${label(nodes[j])} violates the name constraints of ${label(ca)}: ${v}`);
      }
    }
  }

  // Certificate policies (RFC 5280 §6.1): the anchor is not part of the processed path.
  const policyPath: PolicyCertificate[] = [];
  let policyDecodeFailed = false;
  let validPolicies: string[] = [];
  for (const n of nodes.slice(0, -1).reverse()) {
    try {
      policyPath.push({ selfIssued: selfIssued(n), policy: readPolicyExtensions(n.cert) });
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      fail('untrusted', `${label(n)} has a malformed policy extension: ${e.message}`);
      policyDecodeFailed = true;
    }
  }
  if (!policyDecodeFailed && nodes.length > 1) {
    const pr = processPolicies(policyPath, input.policy);
    if (!pr.ok) fail('untrusted', `certificate policies: ${pr.reason}`);
    else validPolicies = pr.policies;
  }

  // Mozilla's e-mail distrust-after for a bundled root.
  if (anchor.source === 'bundled' && anchor.emailDistrustAfter && leaf.cert.notBefore.value > anchor.emailDistrustAfter) {
    fail('untrusted', `${label(anchor)} is distrusted by Mozilla for e-mail certificates issued after ${anchor.emailDistrustAfter.toISOString()}`);
  }

  // Key strength (anchors are vetted by their store).
  for (const n of nodes.slice(0, nodes.length > 1 ? -1 : undefined)) {
    const key = describePublicKey(n.cert.subjectPublicKeyInfo);
    if ((key.algorithm === 'RSA' || key.algorithm === 'RSA-PSS') && key.bits !== undefined) {
      if (key.bits < 1024) fail('untrusted', `${label(n)} has a ${key.bits}-bit RSA key, below the 1024-bit minimum`);
      else if (key.bits < 2048) warnings.push({ code: 'weak-key', message: `${label(n)} has a ${key.bits}-bit RSA key` });
    }
  }
  if (path.weakDigest) warnings.push({ code: 'weak-digest', message: 'A certificate in the chain is signed with SHA-1.' });

  let status: TrustStatus = 'trusted';
  for (const p of PRIORITY) {
    if (fails.some((f) => f.status === p)) {
      status = p;
      break;
    }
  }
  return { status, reasons: fails.map((f) => f.reason), warnings, checkedAt, validPolicies };
}

export async function validateChain(input: ValidateChainInput): Promise<TrustResult> {
  if (!(input.now instanceof Date) || Number.isNaN(input.now.getTime())) throw new EngineError('invalid-argument', 'validateChain needs a valid `now`.');
  const userRootDers = input.userRoots ?? [];
  if (userRootDers.length > MAX_USER_ROOTS) throw new EngineError('too-large', `More than ${MAX_USER_ROOTS} user roots.`);

  const leaf = await toCertNode(input.leaf, 'leaf');
  const intermediates = await toCertNodes(input.candidates, 'candidate', MAX_CANDIDATES);
  // Anchors end paths, so only those named as issuer by the leaf or a candidate (or the leaf itself, when the
  // user trusts it directly) can be used: parse just those.
  const wanted = [leaf.subjectKey, leaf.issuerKey, ...intermediates.map((n) => n.issuerKey)];
  const bundled =
    input.useBundledRoots === false
      ? []
      : await rootsForSubjects(input.bundledRoots ? indexRoots(bundledEntries(input.bundledRoots)) : bundledRootIndex(), wanted);
  const userRoots = await rootsForSubjects(indexRoots(userRootDers.map((der) => ({ der, source: 'user' as const }))), wanted);
  // Bundled first: if the user also added a Mozilla root, Mozilla's distrust-after still applies.
  const anchors = [...bundled, ...userRoots];

  const built = await buildChains({ leaf, intermediates, anchors });
  const revocationChecker = input.revocationChecker ?? noRevocationCheck;

  if (built.paths.length === 0) {
    const reasons: string[] = [];
    const selfSigned = namesEqual(leaf.cert.subject, leaf.cert.issuer);
    if (selfSigned && built.longestPartial.length === 1) reasons.push('the certificate is self-signed and not in the trust store');
    else reasons.push('no certificate path to a trusted root');
    reasons.push(...built.notes);
    return { status: 'untrusted', reasons, chain: built.longestPartial.map((n) => n.der), revocation: 'unknown', warnings: [] };
  }

  let first: { path: ChainPath; verdict: Verdict } | undefined;
  for (const path of built.paths) {
    const verdict = checkPath(path, input);
    first ??= { path, verdict };
    if (verdict.status !== 'trusted') continue;
    const chain = path.nodes.map((n) => n.der);
    // Revocation is judged now, not at the signing time: that time is the signer's own claim, and a key is
    // revoked precisely when someone else may hold it.
    const outcome = await revocationChecker.check({ chain, at: input.now, candidates: input.candidates });
    const anchorNode = path.nodes[path.nodes.length - 1];
    const anchor = anchorNode.source === 'bundled' ? 'bundled' : 'user';
    const revocationChecks = outcome.certificates.map((c, i) => ({ ...c, sha256: c.sha256 || path.nodes[i].sha256 }));
    if (outcome.status === 'revoked') {
      const reasons = revocationChecks
        .map((c, i) => (c.status === 'revoked' ? `${label(path.nodes[i])} was revoked${c.revokedAt ? ` on ${c.revokedAt}` : ''}${c.reason ? ` (${c.reason})` : ''}` : undefined))
        .filter((x): x is string => x !== undefined);
      return { status: 'revoked', reasons, chain, anchor, revocation: 'revoked', revocationChecks, warnings: verdict.warnings, validPolicies: verdict.validPolicies };
    }
    return { status: 'trusted', reasons: [], chain, anchor, revocation: outcome.status, revocationChecks, warnings: verdict.warnings, validPolicies: verdict.validPolicies };
  }
  const { path, verdict } = first as { path: ChainPath; verdict: Verdict };
  const anchorNode = path.nodes[path.nodes.length - 1];
  return {
    status: verdict.status,
    reasons: verdict.reasons,
    chain: path.nodes.map((n) => n.der),
    anchor: anchorNode.source === 'bundled' ? 'bundled' : 'user',
    revocation: 'unknown',
    warnings: verdict.warnings,
  };
}
