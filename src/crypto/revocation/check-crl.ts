// RFC 5280 §6.3 CRL processing for one certificate: which CRLs are in scope (issuer, cRLIssuer and indirect CRLs,
// issuingDistributionPoint names and onlyContains flags, onlySomeReasons), whether each is authentic (signature by
// the issuer or an indirect CRL issuer the same CA certified, keyUsage cRLSign) and current (thisUpdate/nextUpdate
// at the validation time), delta CRLs over their base, removeFromCRL, and whether the reasons covered add up to
// all reasons. Pure over parsed CRLs; PKI.js is used for parsing only.
import { EngineError } from '../errors';
import type { CertNode } from '../trust/certificate-node';
import { verifyCertificateSignature, verifySignedFields } from '../trust/verify-certificate-signature';
import { ALL_REASONS, readRevocationLocations, type DistributionPoint } from './distribution-points';
import { serialHex, type CrlEntry, type ParsedCrl, type RevocationReason } from './parse-crl';

export type RevocationSource = 'message' | 'cache' | 'network';

export interface CrlCandidate {
  crl: ParsedCrl;
  source: RevocationSource;
}

export interface CrlCheckInput {
  cert: CertNode;
  issuer: CertNode;
  crls: readonly CrlCandidate[];
  /** Certificates that may have signed an indirect CRL (message certificates, known intermediates). */
  crlSigners?: readonly CertNode[];
  at: Date;
}

export interface CrlFacts {
  source: RevocationSource;
  thisUpdate: Date;
  nextUpdate?: Date;
  delta: boolean;
}

export type CrlCheckResult =
  | { status: 'revoked'; revokedAt: Date; reason?: RevocationReason; invalidityDate?: Date; crl: CrlFacts }
  | { status: 'good'; crl: CrlFacts }
  | { status: 'unknown'; why: string[] };

/** CRLs issued slightly "in the future" by a CA whose clock runs ahead are still usable. */
const CLOCK_SKEW_MS = 5 * 60_000;

interface Usable {
  candidate: CrlCandidate;
  signerKey: CertNode;
  interim: number;
  expired: boolean;
}

function bitCount(mask: number): number {
  let n = 0;
  for (let m = mask; m; m >>= 1) n += m & 1;
  return n;
}

function isCa(n: CertNode): boolean {
  return n.ext?.basicConstraints?.cA === true;
}

function idpKey(c: ParsedCrl): string {
  return JSON.stringify(c.idp ?? null);
}

function describe(c: CrlCandidate): string {
  return `the CRL from the ${c.source === 'message' ? 'message' : c.source} issued ${c.crl.thisUpdate.toISOString()}`;
}

function entryFor(crl: ParsedCrl, serial: string, issuerKey: string): CrlEntry | undefined {
  return crl.entries.get(serial)?.find((e) => e.issuerKey === issuerKey);
}

/** §6.3.3 (b): is this CRL about this certificate, via this distribution point? Returns why not, or the interim mask. */
function scope(cert: CertNode, dp: DistributionPoint | undefined, crl: ParsedCrl): string | number {
  const certIssuer = cert.issuerKey;
  const crlIssuerDn = `dn:${crl.issuerKey}`;
  if (dp?.crlIssuer) {
    if (!dp.crlIssuer.includes(crlIssuerDn)) return 'it is not from the CRL issuer the certificate names';
    if (crl.issuerKey !== certIssuer && !crl.idp?.indirectCRL) return 'it is from another issuer but is not an indirect CRL';
  } else if (crl.issuerKey !== certIssuer) {
    return "it is not from the certificate's issuer";
  }
  const idp = crl.idp;
  if (idp?.distributionPoint) {
    const names = dp?.name ? dp.name.fullName : dp?.crlIssuer ?? [];
    if (!dp) return 'it covers only one distribution point, and the certificate names none';
    if (!idp.distributionPoint.fullName.some((n) => names.includes(n))) return "its distribution point is not the certificate's";
  }
  if (idp?.onlyContainsUserCerts && isCa(cert)) return 'it lists only end-entity certificates';
  if (idp?.onlyContainsCACerts && !isCa(cert)) return 'it lists only CA certificates';
  if (idp?.onlyContainsAttributeCerts) return 'it lists only attribute certificates';
  const interim = (idp?.onlySomeReasons ?? ALL_REASONS) & (dp?.reasons ?? ALL_REASONS);
  return interim;
}

// Signatures that verified, per shared ParsedCrl (parse-crl.ts caches parses by DER): only successes are kept.
const verifiedBy = new WeakMap<ParsedCrl, Set<string>>();

/** §6.3.3 (f)/(g): who signed the CRL, and does the signature hold. */
async function authenticate(input: CrlCheckInput, crl: ParsedCrl): Promise<CertNode | string> {
  const { issuer, cert } = input;
  const candidates: CertNode[] = [];
  if (crl.issuerKey === cert.issuerKey) candidates.push(issuer);
  else {
    // An indirect CRL issuer must be certified by the same CA that issued the certificate (same trust anchor).
    for (const s of input.crlSigners ?? []) {
      if (s.subjectKey !== crl.issuerKey || s.issuerKey !== issuer.subjectKey) continue;
      const link = await verifyCertificateSignature(s.cert, issuer.cert.subjectPublicKeyInfo);
      if (!link.ok) continue;
      if (input.at < s.cert.notBefore.value || input.at > s.cert.notAfter.value) continue;
      if (!s.ext?.keyUsage) continue; // RFC 5280 §4.2.1.3: a CRL issuer other than the CA must assert cRLSign
      candidates.push(s);
    }
    if (candidates.length === 0) return 'the certificate of its indirect CRL issuer is not available or not issued by the same CA';
  }
  let lastWhy = 'its signature does not verify';
  for (const signer of candidates) {
    if (signer.ext?.keyUsage && !signer.ext.keyUsage.has('cRLSign')) {
      lastWhy = "its signer's key usage does not allow signing CRLs";
      continue;
    }
    if (crl.authorityKeyId && signer.ext?.subjectKeyId && crl.authorityKeyId !== signer.ext.subjectKeyId) {
      lastWhy = "it was signed with another key than the issuer's";
      continue;
    }
    if (verifiedBy.get(crl)?.has(signer.sha256)) return signer;
    const sig = await verifySignedFields(crl.signed, signer.cert.subjectPublicKeyInfo);
    if (sig.ok) {
      let set = verifiedBy.get(crl);
      if (!set) verifiedBy.set(crl, (set = new Set()));
      set.add(signer.sha256);
      return signer;
    }
    lastWhy = `its signature does not verify with the issuer's key (${sig.reason})`;
  }
  return lastWhy;
}

function currency(crl: ParsedCrl, at: Date): 'current' | 'future' | 'expired' {
  if (crl.thisUpdate.getTime() > at.getTime() + CLOCK_SKEW_MS) return 'future';
  if (crl.nextUpdate && crl.nextUpdate.getTime() < at.getTime()) return 'expired';
  return 'current';
}

/** Is CRL `a` a later issue than `b` of the same scope: higher cRLNumber, or on a tie the later thisUpdate. */
function newerThan(a: ParsedCrl, b: ParsedCrl): boolean {
  const an = a.crlNumber ?? -1n;
  const bn = b.crlNumber ?? -1n;
  if (an !== bn) return an > bn;
  return a.thisUpdate.getTime() > b.thisUpdate.getTime();
}

function facts(c: CrlCandidate, delta = false): CrlFacts {
  return { source: c.source, thisUpdate: c.crl.thisUpdate, nextUpdate: c.crl.nextUpdate, delta };
}

/** The revocation status of `input.cert` from the CRLs given, per RFC 5280 §6.3. Never throws on bad CRLs. */
export async function checkCertificateWithCrls(input: CrlCheckInput): Promise<CrlCheckResult> {
  const { cert, at } = input;
  const why: string[] = [];
  let points: DistributionPoint[];
  try {
    points = readRevocationLocations(cert.cert).distributionPoints;
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    return { status: 'unknown', why: [`the certificate's CRL distribution points cannot be read: ${e.message}`] };
  }
  const dps: Array<DistributionPoint | undefined> = points.length > 0 ? points : [undefined];
  const serial = serialHex(cert.cert.serialNumber.valueBlock.valueHexView);
  const completes = input.crls.filter((c) => c.crl.baseCrlNumber === undefined);
  const deltas = input.crls.filter((c) => c.crl.baseCrlNumber !== undefined);
  if (input.crls.length === 0) return { status: 'unknown', why: ['no CRL was available'] };

  let mask = 0;
  let newest: CrlFacts | undefined;
  const authCache = new Map<ParsedCrl, CertNode | string>();
  const auth = async (crl: ParsedCrl): Promise<CertNode | string> => {
    let a = authCache.get(crl);
    if (a === undefined) authCache.set(crl, (a = await authenticate(input, crl)));
    return a;
  };

  for (const dp of dps) {
    for (const cand of completes) {
      const crl = cand.crl;
      const s = scope(cert, dp, crl);
      if (typeof s === 'string') {
        why.push(`${describe(cand)} does not apply: ${s}`);
        continue;
      }
      if (crl.unknownCritical.length > 0 || crl.entryUnknownCritical) {
        why.push(`${describe(cand)} has a critical extension we cannot process (${crl.unknownCritical[0] ?? crl.entryUnknownCritical})`);
        continue;
      }
      const when = currency(crl, at);
      if (when === 'future') {
        why.push(`${describe(cand)} is dated in the future`);
        continue;
      }
      // (d): nothing new to learn from this CRL, unless it could show a revocation.
      const signer = await auth(crl);
      if (typeof signer === 'string') {
        why.push(`${describe(cand)} cannot be trusted: ${signer}`);
        continue;
      }
      const usable: Usable = { candidate: cand, signerKey: signer, interim: s, expired: when === 'expired' };
      const verdict = await applyCrl(input, usable, serial, deltas, auth);
      if (verdict.status === 'revoked') return verdict;
      if (usable.expired) {
        why.push(`${describe(cand)} expired on ${crl.nextUpdate?.toISOString()}, so it cannot show that the certificate is still good`);
        continue;
      }
      mask |= s;
      const f = verdict.facts;
      if (!newest || f.thisUpdate > newest.thisUpdate) newest = f;
    }
  }
  if ((mask & ALL_REASONS) === ALL_REASONS && newest) return { status: 'good', crl: newest };
  if (mask !== 0) why.push(`the CRLs found cover only ${bitCount(mask)} of the ${bitCount(ALL_REASONS)} revocation reasons`);
  if (why.length === 0) why.push('no CRL for this certificate was available');
  return { status: 'unknown', why };
}

async function applyCrl(
  input: CrlCheckInput,
  u: Usable,
  serial: string,
  deltas: readonly CrlCandidate[],
  auth: (crl: ParsedCrl) => Promise<CertNode | string>,
): Promise<{ status: 'revoked'; revokedAt: Date; reason?: RevocationReason; invalidityDate?: Date; crl: CrlFacts } | { status: 'unrevoked'; facts: CrlFacts }> {
  const base = u.candidate.crl;
  const issuerKey = input.cert.issuerKey;
  // (h): a current delta CRL for the same scope and signer, newer than and based at or below this complete CRL.
  // Deltas are cumulative from their base, so only the newest applicable one speaks: taking whichever came first
  // would let an older delta (sent along with a newer one) hide a revocation the newer one lists.
  if (!u.expired && base.crlNumber !== undefined) {
    let d: CrlCandidate | undefined;
    for (const cand of deltas) {
      const dc = cand.crl;
      if (dc.issuerKey !== base.issuerKey || idpKey(dc) !== idpKey(base)) continue;
      if (dc.baseCrlNumber === undefined || dc.baseCrlNumber > base.crlNumber || dc.crlNumber === undefined || dc.crlNumber <= base.crlNumber) continue;
      if (currency(dc, input.at) !== 'current' || dc.unknownCritical.length > 0 || dc.entryUnknownCritical) continue;
      if (d && !newerThan(dc, d.crl)) continue;
      const signer = await auth(dc);
      if (typeof signer === 'string' || signer.sha256 !== u.signerKey.sha256) continue;
      d = cand;
    }
    if (d) {
      const dc = d.crl;
      const e = entryFor(dc, serial, issuerKey);
      if (e && e.reason === 'removeFromCRL') return { status: 'unrevoked', facts: facts(d, true) };
      if (e) return { status: 'revoked', revokedAt: e.revocationDate, reason: e.reason, invalidityDate: e.invalidityDate, crl: facts(d, true) };
      // Not in the delta: the complete CRL decides, but the delta is the fresher statement.
      const fromBase = entryFor(base, serial, issuerKey);
      if (fromBase && fromBase.reason !== 'removeFromCRL') {
        return { status: 'revoked', revokedAt: fromBase.revocationDate, reason: fromBase.reason, invalidityDate: fromBase.invalidityDate, crl: facts(u.candidate) };
      }
      return { status: 'unrevoked', facts: facts(d, true) };
    }
  }
  // (i): the complete CRL. removeFromCRL belongs in delta CRLs; in a complete CRL it means "not revoked".
  const e = entryFor(base, serial, issuerKey);
  if (e && e.reason !== 'removeFromCRL') {
    // A hold listed in an expired CRL may have been released since: not proof of revocation.
    if (!(u.expired && e.reason === 'certificateHold')) {
      return { status: 'revoked', revokedAt: e.revocationDate, reason: e.reason, invalidityDate: e.invalidityDate, crl: facts(u.candidate) };
    }
  }
  return { status: 'unrevoked', facts: facts(u.candidate) };
}

