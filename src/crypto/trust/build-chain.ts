// Finds certification paths from a leaf to a trust anchor among the certificates we were given
// (message, known intermediates, bundled and user roots). Issuers are matched by name, ordered by
// AKI/SKI, and every link's signature is checked, so cross-signed and look-alike CAs are tried in turn.
import { verifyCertificateSignature } from './verify-certificate-signature';
import type { CertNode } from './certificate-node';

/** Certificates in a path, leaf included (RFC 5280 has no hard limit; real S/MIME paths are 2-4). */
export const MAX_PATH_LENGTH = 10;
const DEFAULT_MAX_PATHS = 8;
const DEFAULT_MAX_SIGNATURE_CHECKS = 64;

export interface BuildChainInput {
  leaf: CertNode;
  intermediates: readonly CertNode[];
  anchors: readonly CertNode[];
  maxPaths?: number;
  maxSignatureChecks?: number;
}

export interface ChainPath {
  /** Leaf first, anchor last. */
  nodes: CertNode[];
  /** Some link was signed with SHA-1. */
  weakDigest: boolean;
}

export interface BuildChainResult {
  /** Complete paths ending at an anchor, in the order found (best guess first). */
  paths: ChainPath[];
  /** The longest path found that did not reach an anchor, for reporting. */
  longestPartial: CertNode[];
  /** Why candidate links were rejected (bad signatures, limits hit), in English. */
  notes: string[];
}

function isAnchor(node: CertNode, anchorIds: Set<string>): boolean {
  return anchorIds.has(node.sha256);
}

/** Lower sorts first: keyid-matching anchors, other anchors, then intermediates likewise. */
function rank(child: CertNode, issuer: CertNode, anchorIds: Set<string>): number {
  const aki = child.ext?.authorityKeyId;
  const ski = issuer.ext?.subjectKeyId;
  const keyIdScore = aki && ski ? (aki === ski ? 0 : 2) : 1;
  return (isAnchor(issuer, anchorIds) ? 0 : 3) + keyIdScore;
}

export async function buildChains(input: BuildChainInput): Promise<BuildChainResult> {
  const maxPaths = input.maxPaths ?? DEFAULT_MAX_PATHS;
  let budget = input.maxSignatureChecks ?? DEFAULT_MAX_SIGNATURE_CHECKS;
  const anchorIds = new Set(input.anchors.map((a) => a.sha256));
  const bySubject = new Map<string, CertNode[]>();
  const all = [...input.anchors, ...input.intermediates];
  const seenIds = new Set<string>();
  for (const n of all) {
    if (seenIds.has(n.sha256)) continue; // an anchor repeated in the message stays an anchor
    seenIds.add(n.sha256);
    const list = bySubject.get(n.subjectKey) ?? [];
    list.push(n);
    bySubject.set(n.subjectKey, list);
  }
  const sigCache = new Map<string, { ok: boolean; weak: boolean }>();
  const result: BuildChainResult = { paths: [], longestPartial: [input.leaf], notes: [] };
  let budgetNoted = false;

  async function linkOk(child: CertNode, issuer: CertNode): Promise<{ ok: boolean; weak: boolean }> {
    const key = `${child.sha256}<${issuer.sha256}`;
    const cached = sigCache.get(key);
    if (cached !== undefined) return cached;
    if (budget <= 0) {
      if (!budgetNoted) result.notes.push('path building stopped: too many candidate signatures to check');
      budgetNoted = true;
      return { ok: false, weak: false };
    }
    budget--;
    const check = await verifyCertificateSignature(child.cert, issuer.cert.subjectPublicKeyInfo);
    const link = { ok: check.ok, weak: check.ok && check.weakDigest };
    sigCache.set(key, link);
    if (!check.ok) result.notes.push(`certificate ${child.sha256.slice(0, 16)} is not signed by candidate issuer ${issuer.sha256.slice(0, 16)}: ${check.reason}`);
    return link;
  }

  async function extend(path: CertNode[], weak: boolean): Promise<void> {
    if (result.paths.length >= maxPaths) return;
    const current = path[path.length - 1];
    if (isAnchor(current, anchorIds)) {
      result.paths.push({ nodes: path, weakDigest: weak });
      return;
    }
    if (path.length > result.longestPartial.length) result.longestPartial = path;
    if (path.length >= MAX_PATH_LENGTH) {
      result.notes.push(`path longer than ${MAX_PATH_LENGTH} certificates abandoned`);
      return;
    }
    const inPath = new Set(path.map((n) => n.sha256));
    const keysInPath = new Set(path.map((n) => `${n.subjectKey}|${n.spkiHex}`));
    const candidates = (bySubject.get(current.issuerKey) ?? [])
      // No certificate twice, and no (name, key) twice: re-issued or cross-signed copies would loop.
      .filter((c) => !inPath.has(c.sha256) && !keysInPath.has(`${c.subjectKey}|${c.spkiHex}`))
      .sort((a, b) => rank(current, a, anchorIds) - rank(current, b, anchorIds));
    for (const issuer of candidates) {
      if (result.paths.length >= maxPaths) return;
      const link = await linkOk(current, issuer);
      if (!link.ok) continue;
      await extend([...path, issuer], weak || link.weak);
    }
  }

  await extend([input.leaf], false);
  return result;
}
