// The Mozilla e-mail roots shipped with the extension (generated file). Only their subject names are
// indexed up front; a root is fully parsed when a certificate names it as issuer.
import { RelativeDistinguishedNames } from 'pkijs';
import { decodeBase64 } from '../x509/base64';
import { certificateSubjectDer } from '../x509/certificate-subject-der';
import { nameKey } from '../x509/compare-names';
import { decodeDer } from '../x509/decode-der';
import { toCertNode, type CertNode } from './certificate-node';
import { MOZILLA_EMAIL_ROOTS, type MozillaEmailRoot } from './mozilla-email-roots.generated';

export interface RootIndex {
  bySubject: Map<string, MozillaEmailRoot[]>;
  nodes: Map<MozillaEmailRoot, Promise<CertNode>>;
}

export function indexRoots(list: readonly MozillaEmailRoot[]): RootIndex {
  const bySubject = new Map<string, MozillaEmailRoot[]>();
  for (const r of list) {
    const subject = certificateSubjectDer(decodeBase64(r.der));
    const key = nameKey(new RelativeDistinguishedNames({ schema: decodeDer(subject, 'Root subject') }));
    const entries = bySubject.get(key) ?? [];
    entries.push(r);
    bySubject.set(key, entries);
  }
  return { bySubject, nodes: new Map() };
}

/** Parsed roots whose subject is one of `issuerKeys` (name keys from compare-names). */
export async function rootsForIssuers(index: RootIndex, issuerKeys: Iterable<string>): Promise<CertNode[]> {
  const out: CertNode[] = [];
  for (const key of new Set(issuerKeys)) {
    for (const r of index.bySubject.get(key) ?? []) {
      let node = index.nodes.get(r);
      if (!node) {
        node = toCertNode(decodeBase64(r.der), 'bundled', r.emailDistrustAfter ? new Date(r.emailDistrustAfter) : undefined);
        index.nodes.set(r, node);
      }
      out.push(await node);
    }
  }
  return out;
}

let cache: RootIndex | undefined;

/** Index of the committed Mozilla list (built once; the list is immutable at runtime). */
export function bundledRootIndex(): RootIndex {
  cache ??= indexRoots(MOZILLA_EMAIL_ROOTS);
  return cache;
}

/** Every bundled root, parsed (for listings and tests; validation uses rootsForIssuers). */
export async function bundledRootNodes(): Promise<CertNode[]> {
  const index = bundledRootIndex();
  return rootsForIssuers(index, index.bySubject.keys());
}
