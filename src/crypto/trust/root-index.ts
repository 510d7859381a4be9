// Trust anchors indexed by subject name without fully parsing them: a root is only parsed when a
// certificate under validation names it as issuer (hundreds of anchors stay cheap on a cold start).
import { RelativeDistinguishedNames } from 'pkijs';
import { BytesCache } from '../bounded-cache';
import { EngineError } from '../errors';
import { certificateSubjectDer } from '../x509/certificate-subject-der';
import { nameKey } from '../x509/compare-names';
import { decodeDer } from '../x509/decode-der';
import { toCertNode, type CertNode } from './certificate-node';

export interface RootEntry {
  der: Uint8Array;
  source: 'bundled' | 'user';
  emailDistrustAfter?: Date;
}

export interface RootIndex {
  bySubject: Map<string, RootEntry[]>;
  nodes: Map<RootEntry, Promise<CertNode | undefined>>;
}

// User roots are indexed again on every verification; their subject keys are kept by DER.
const subjectKeys = new BytesCache<string>(256);

function subjectKeyOf(der: Uint8Array): string | undefined {
  const hit = subjectKeys.get(der);
  if (hit !== undefined) return hit;
  try {
    const key = nameKey(new RelativeDistinguishedNames({ schema: decodeDer(certificateSubjectDer(der), 'Root subject') }));
    if (der.length <= 64 * 1024) subjectKeys.set(der, key);
    return key;
  } catch {
    return undefined;
  }
}

/** Index entries by normalized subject; entries whose subject cannot be read are left out. */
export function indexRoots(entries: readonly RootEntry[]): RootIndex {
  const bySubject = new Map<string, RootEntry[]>();
  for (const e of entries) {
    const key = subjectKeyOf(e.der);
    if (key === undefined) continue;
    const list = bySubject.get(key) ?? [];
    list.push(e);
    bySubject.set(key, list);
  }
  return { bySubject, nodes: new Map() };
}

async function parseEntry(e: RootEntry): Promise<CertNode | undefined> {
  try {
    return await toCertNode(e.der, e.source, e.emailDistrustAfter);
  } catch (err) {
    if (err instanceof EngineError) return undefined; // an unusable anchor anchors nothing
    throw err;
  }
}

/** Parsed anchors whose subject is one of `subjectKeys` (name keys from compare-names). */
export async function rootsForSubjects(index: RootIndex, subjectKeys: Iterable<string>): Promise<CertNode[]> {
  const out: CertNode[] = [];
  for (const key of new Set(subjectKeys)) {
    for (const e of index.bySubject.get(key) ?? []) {
      let node = index.nodes.get(e);
      if (!node) {
        node = parseEntry(e);
        index.nodes.set(e, node);
      }
      const parsed = await node;
      if (parsed) out.push(parsed);
    }
  }
  return out;
}
