// A certificate parsed once, with the facts path building and validation look up repeatedly
// (name keys, extensions, fingerprint), so each check does not re-decode DER.
import type { Certificate } from 'pkijs';
import { toHex } from '../bytes';
import { EngineError } from '../errors';
import { nameKey } from '../x509/compare-names';
import { parseCertificate } from '../x509/parse-certificate';
import { readExtensions, type CertificateExtensions } from '../x509/read-extensions';

export type CertSource = 'leaf' | 'candidate' | 'bundled' | 'user';

export interface CertNode {
  der: Uint8Array;
  cert: Certificate;
  /** undefined when the extensions are malformed (see extError); such a node can only fail validation. */
  ext?: CertificateExtensions;
  extError?: string;
  sha256: string;
  subjectKey: string;
  issuerKey: string;
  /** Public key bytes (SPKI DER, hex) to recognise the same key across re-issued certificates. */
  spkiHex: string;
  source: CertSource;
  emailDistrustAfter?: Date;
}

type NodeFacts = Omit<CertNode, 'der' | 'source' | 'emailDistrustAfter'>;

// The same certificates (signer, its CA, user roots) come back on every verification; parseCertificate
// shares the Certificate by DER, and the facts derived from it are kept alongside (read-only).
const facts = new WeakMap<Certificate, Promise<NodeFacts>>();

async function deriveFacts(cert: Certificate, der: Uint8Array): Promise<NodeFacts> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', der.slice()));
  let ext: CertificateExtensions | undefined;
  let extError: string | undefined;
  try {
    ext = readExtensions(cert);
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    extError = e.message;
  }
  return {
    cert,
    ext,
    extError,
    sha256: toHex(digest),
    subjectKey: nameKey(cert.subject),
    issuerKey: nameKey(cert.issuer),
    spkiHex: toHex(new Uint8Array(cert.subjectPublicKeyInfo.toSchema().toBER(false))),
  };
}

export async function toCertNode(der: Uint8Array, source: CertSource, emailDistrustAfter?: Date): Promise<CertNode> {
  const cert = parseCertificate(der);
  let f = facts.get(cert);
  if (!f) {
    f = deriveFacts(cert, der);
    facts.set(cert, f);
    f.catch(() => facts.delete(cert));
  }
  return { der, ...(await f), source, emailDistrustAfter };
}

/** Parse many certificates, dropping the ones that do not parse (attacker-supplied extras must not break validation). */
export async function toCertNodes(ders: readonly Uint8Array[], source: CertSource, limit: number): Promise<CertNode[]> {
  const out: CertNode[] = [];
  const seen = new Set<string>();
  for (const der of ders.slice(0, limit)) {
    try {
      const node = await toCertNode(der, source);
      if (seen.has(node.sha256)) continue;
      seen.add(node.sha256);
      out.push(node);
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
    }
  }
  return out;
}
