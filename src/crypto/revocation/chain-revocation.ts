// The engine's RevocationChecker: for each certificate of a validated chain (anchor excluded) it weighs the CRLs
// inside the message (or given on the command line) together with the cache, where any revocation wins; then, only
// when no cached answer says good and the caller passes a fetcher (the user allowed it), the network: the
// certificate's CRL distribution points first, OCSP after. A message's "good" never stops an online check.
// Every decision is made here over bytes; the caller supplies only storage and transport.
import type { CertificateRevocation, RevocationSource } from '../types';
import { EngineError } from '../errors';
import { toCertNode, toCertNodes, type CertNode } from '../trust/certificate-node';
import { combineRevocation, type RevocationChecker, type RevocationOutcome, type RevocationQuery } from '../trust/revocation-check';
import { checkCertificateWithCrls, type CrlCandidate, type CrlCheckResult } from './check-crl';
import { readRevocationLocations } from './distribution-points';
import { parseCrl, type ParsedCrl } from './parse-crl';
import type { OcspCheck } from './ocsp-types';

/** Storage for fetched revocation data (IndexedDB in the extension, none in the CLI). */
export interface RevocationCache {
  getCrl(url: string, at: Date): Promise<Uint8Array | undefined>;
  putCrl(url: string, der: Uint8Array, nextUpdate: Date | undefined): Promise<void>;
  getOcsp?(key: string, at: Date): Promise<Uint8Array | undefined>;
  putOcsp?(key: string, der: Uint8Array, nextUpdate: Date | undefined): Promise<void>;
}

/** Transport for online checks: plain HTTP GET/POST, bytes in, bytes out. Absent = offline. */
export interface RevocationFetcher {
  get(url: string, accept: string): Promise<Uint8Array>;
  post?(url: string, body: Uint8Array, contentType: string, accept: string): Promise<Uint8Array>;
}

export interface RevocationSetup {
  /** CRLs carried by the message (SignedData crls). */
  messageCrls?: readonly Uint8Array[];
  /** CRLs the user gave explicitly (CLI --crl). */
  fileCrls?: readonly Uint8Array[];
  cache?: RevocationCache;
  fetcher?: RevocationFetcher;
  /** OCSP client (ocsp-client.ts), used online when no CRL answers. */
  ocsp?: OcspCheck;
}

interface Parsed {
  crl: ParsedCrl;
  source: RevocationSource;
}

function parseAll(ders: readonly Uint8Array[] | undefined, source: RevocationSource, bad: string[]): Parsed[] {
  const out: Parsed[] = [];
  for (const der of (ders ?? []).slice(0, 64)) {
    try {
      out.push({ crl: parseCrl(der), source });
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      bad.push(`a CRL from the ${source} cannot be read: ${e.message}`);
    }
  }
  return out;
}

function toResult(sha256: string, r: CrlCheckResult, source: RevocationSource): CertificateRevocation | undefined {
  if (r.status === 'revoked') {
    return {
      sha256,
      status: 'revoked',
      checked: true,
      method: 'crl',
      source: r.crl.source as RevocationSource,
      revokedAt: r.revokedAt.toISOString(),
      reason: r.reason,
      thisUpdate: r.crl.thisUpdate.toISOString(),
      nextUpdate: r.crl.nextUpdate?.toISOString(),
    };
  }
  if (r.status === 'good') {
    return { sha256, status: 'good', checked: true, method: 'crl', source: r.crl.source as RevocationSource, thisUpdate: r.crl.thisUpdate.toISOString(), nextUpdate: r.crl.nextUpdate?.toISOString() };
  }
  void source;
  return undefined;
}

function unknownCause(why: string[]): CertificateRevocation['unknownCause'] {
  const text = why.join(' ');
  if (/expired on/.test(text)) return 'expired-data';
  if (/cover only/.test(text)) return 'partial';
  if (/cannot be trusted|cannot be read|critical extension/.test(text)) return 'bad-data';
  if (/could not be fetched|no answer/.test(text)) return 'unreachable';
  return 'no-source';
}

export function createRevocationChecker(setup: RevocationSetup): RevocationChecker {
  const bad: string[] = [];
  const local = [...parseAll(setup.messageCrls, 'message', bad), ...parseAll(setup.fileCrls, 'file', bad)];
  return {
    async check(query: RevocationQuery): Promise<RevocationOutcome> {
      const nodes = await Promise.all(query.chain.map((der) => toCertNode(der, 'candidate')));
      const signers = [...nodes, ...(await toCertNodes(query.candidates ?? [], 'candidate', 100))];
      const certificates: CertificateRevocation[] = [];
      for (let i = 0; i + 1 < nodes.length; i++) {
        certificates.push(await checkOne(nodes[i], nodes[i + 1], signers, query.at, local, setup, bad));
      }
      return { status: combineRevocation(certificates), certificates };
    },
  };
}

async function checkOne(
  cert: CertNode,
  issuer: CertNode,
  signers: CertNode[],
  at: Date,
  local: Parsed[],
  setup: RevocationSetup,
  bad: readonly string[],
): Promise<CertificateRevocation> {
  const why: string[] = [...bad];
  const run = async (crls: CrlCandidate[]): Promise<CertificateRevocation | undefined> => {
    if (crls.length === 0) return undefined;
    const r = await checkCertificateWithCrls({ cert, issuer, crls, crlSigners: signers, at });
    if (r.status === 'unknown') {
      why.push(...r.why);
      return undefined;
    }
    return toResult(cert.sha256, r, crls[0].source as RevocationSource);
  };
  const candidates: CrlCandidate[] = local.map((p) => ({ crl: p.crl, source: p.source as CrlCandidate['source'] }));

  let urls: string[] = [];
  let ocspUrls: string[] = [];
  try {
    const loc = readRevocationLocations(cert.cert);
    urls = loc.crlUrls.filter((u) => u.toLowerCase().startsWith('http://') || u.toLowerCase().startsWith('https://')).slice(0, 4);
    ocspUrls = loc.ocspUrls.slice(0, 2);
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    why.push(`the certificate's revocation locations cannot be read: ${e.message}`);
  }

  // 1. Without the network: the message's own CRLs (and files from the command line) together with the cache.
  // All are weighed at once, so a revocation from any of them wins: a sender holding a revoked key may attach
  // the last CRL from before the revocation, and that must not hide a newer cached CRL that lists it.
  const cached: CrlCandidate[] = [];
  if (setup.cache) {
    for (const url of urls) {
      const der = await setup.cache.getCrl(url, at).catch(() => undefined);
      if (!der) continue;
      try {
        cached.push({ crl: parseCrl(der), source: 'cache' });
      } catch {
        // A corrupt cache entry is simply not used.
      }
    }
  }
  const withoutNetwork = await run([...candidates, ...cached]);
  if (withoutNetwork?.status === 'revoked') return withoutNetwork;
  const cachedOcsp = setup.cache?.getOcsp && setup.ocsp && ocspUrls.length > 0 ? await setup.ocsp.fromCache(cert, issuer, signers, at, setup.cache) : undefined;
  if (cachedOcsp?.status === 'revoked') return cachedOcsp;
  // A fresh answer we fetched ourselves earlier (the cache) is enough: no network wait. A "good" carried only by
  // the message is the sender's choice of CRL, so with online checks on the CA is still asked.
  if (withoutNetwork && cached.length > 0 && (await checkCertificateWithCrls({ cert, issuer, crls: cached, crlSigners: signers, at })).status === 'good') return withoutNetwork;
  if (cachedOcsp) return cachedOcsp;

  // 2. The network, only when the caller passed a fetcher (the user switched online checks on).
  if (!setup.fetcher) {
    if (withoutNetwork) return withoutNetwork;
    const notChecked = why.length === 0;
    return {
      sha256: cert.sha256,
      status: 'unknown',
      checked: !notChecked,
      source: 'none',
      why: notChecked ? 'online checking is off and the message carries no revocation list' : why.join('; '),
      unknownCause: notChecked ? 'offline' : unknownCause(why),
    };
  }
  const fetched: CrlCandidate[] = [];
  for (const url of urls) {
    try {
      const der = await setup.fetcher.get(url, 'application/pkix-crl');
      const crl = parseCrl(der);
      fetched.push({ crl, source: 'network' });
      // Cached as fetched: every use re-checks signature, scope and dates, so a bad CRL in the cache decides nothing.
      if (setup.cache) await setup.cache.putCrl(url, der, crl.nextUpdate).catch(() => undefined);
    } catch (e) {
      why.push(`the CRL at ${url} could not be fetched: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const fromNetwork = fetched.length > 0 ? await run([...candidates, ...cached, ...fetched]) : undefined;
  if (fromNetwork) return fromNetwork;
  // 3. OCSP, for certificates whose CRL could not be had.
  if (setup.ocsp && ocspUrls.length > 0) {
    const r = await setup.ocsp.online(cert, issuer, signers, at, ocspUrls, setup.fetcher, setup.cache, why);
    if (r) return r;
  }
  // The CA could not be reached: the message's own answer is the best there is (as when offline).
  if (withoutNetwork) return withoutNetwork;
  if (urls.length === 0 && ocspUrls.length === 0) why.push('the certificate names no CRL or OCSP location');
  return { sha256: cert.sha256, status: 'unknown', checked: true, source: 'none', why: why.join('; '), unknownCause: unknownCause(why) };
}
