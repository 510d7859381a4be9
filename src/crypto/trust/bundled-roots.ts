// The Mozilla e-mail roots shipped with the extension (generated file), parsed once on first use.
import { decodeBase64 } from '../x509/base64';
import { toCertNode, type CertNode } from './certificate-node';
import { MOZILLA_EMAIL_ROOTS, type MozillaEmailRoot } from './mozilla-email-roots.generated';

let cache: Promise<CertNode[]> | undefined;

export async function rootsToNodes(list: readonly MozillaEmailRoot[]): Promise<CertNode[]> {
  const out: CertNode[] = [];
  for (const r of list) {
    const distrust = r.emailDistrustAfter ? new Date(r.emailDistrustAfter) : undefined;
    out.push(await toCertNode(decodeBase64(r.der), 'bundled', distrust));
  }
  return out;
}

/** Parsed bundled roots (cached; the list is immutable at runtime). */
export function bundledRootNodes(): Promise<CertNode[]> {
  cache ??= rootsToNodes(MOZILLA_EMAIL_ROOTS);
  return cache;
}
