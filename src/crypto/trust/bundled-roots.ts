// The Mozilla e-mail roots shipped with the extension (generated file), indexed once per process.
import { base64Decode } from '../base64';
import type { CertNode } from './certificate-node';
import type { MozillaEmailRoot } from './mozilla-email-roots.generated';
import { MOZILLA_EMAIL_ROOTS } from './mozilla-email-roots.generated';
import { indexRoots, rootsForSubjects, type RootEntry, type RootIndex } from './root-index';

export function bundledEntries(list: readonly MozillaEmailRoot[]): RootEntry[] {
  return list.map((r) => ({
    der: base64Decode(r.der),
    source: 'bundled' as const,
    emailDistrustAfter: r.emailDistrustAfter ? new Date(r.emailDistrustAfter) : undefined,
  }));
}

let cache: RootIndex | undefined;

/** Index of the committed Mozilla list (the list is immutable at runtime). */
export function bundledRootIndex(): RootIndex {
  cache ??= indexRoots(bundledEntries(MOZILLA_EMAIL_ROOTS));
  return cache;
}

/** Every bundled root, parsed (for listings and tests; validation parses only the roots it needs). */
export async function bundledRootNodes(): Promise<CertNode[]> {
  const index = bundledRootIndex();
  return rootsForSubjects(index, index.bySubject.keys());
}
