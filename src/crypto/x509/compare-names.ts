// Name comparison for path building and directoryName constraints: RFC 5280 section 7.1 in its
// simple form (string values compared case-insensitively with whitespace folded; others by DER).
import type { RelativeDistinguishedNames } from 'pkijs';
import { nameAttributes, type NameAttribute } from './name-attributes';

function normalizeAttribute(a: NameAttribute): string {
  if (a.text === undefined) return `${a.oid}#${a.derHex}`;
  const folded = a.text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
  return `${a.oid}=${folded}`;
}

/** Normalized attribute list; equal lists mean equal names. */
export function normalizedName(name: RelativeDistinguishedNames): string[] {
  return nameAttributes(name).map(normalizeAttribute);
}

/** A string key for maps: equal keys <=> names compare equal. */
export function nameKey(name: RelativeDistinguishedNames): string {
  return JSON.stringify(normalizedName(name));
}

export function namesEqual(a: RelativeDistinguishedNames, b: RelativeDistinguishedNames): boolean {
  return nameKey(a) === nameKey(b);
}

/** True when `name` lies in the subtree rooted at `base` (base's RDNs are a prefix of name's). */
export function nameWithinSubtree(name: RelativeDistinguishedNames, base: RelativeDistinguishedNames): boolean {
  const n = normalizedName(name);
  const b = normalizedName(base);
  if (b.length > n.length) return false;
  for (let i = 0; i < b.length; i++) if (n[i] !== b[i]) return false;
  return true;
}
