// The parts of an e-mail address that look-alike detection compares: the local part, the registrable domain
// (from the Public Suffix List via tldts, never a hand-made list), its label and public suffix, each also as a
// "fold": the UTS #39 skeleton (Unicode's confusables.txt through unhomoglyph) in lower case, so Cyrillic а,
// "rn" for "m" and similar tricks compare equal to what they imitate.
import { parse } from 'tldts';
import unhomoglyph from 'unhomoglyph';
import { toASCII, toUnicode } from 'punycode/punycode.es6.js';

export interface AddressShape {
  address: string; // as given, lower-cased domain
  local: string;
  /** Registrable domain in Unicode (e.g. "demo-bank.co.jp"; private PSL entries count: a.github.io ≠ b.github.io). */
  domain: string;
  /** The registrable domain without its public suffix ("demo-bank"). */
  label: string;
  suffix: string; // "co.jp"
  foldLocal: string;
  foldLabel: string;
  foldSuffix: string;
  /** The whole host's labels, folded ("smbc", "co", "jp", "evil", "com"), for names hidden in subdomains. */
  foldHostLabels: string[];
  /** How many of those labels are the registrable domain (the rest, in front, are subdomains). */
  domainLabelCount: number;
}

/** UTS #39 skeleton (NFD, prototype mapping, NFD) made case-insensitive: fold(x) = fold(y) means "look the same". */
export function fold(s: string): string {
  return unhomoglyph(unhomoglyph(s.normalize('NFD').toLowerCase()).normalize('NFD').toLowerCase()).normalize('NFD');
}

function unicodeHost(host: string): string {
  try {
    return toUnicode(host.normalize('NFKC').toLowerCase()); // NFKC as IDNA maps: full-width ｄｅｍｏ is demo
  } catch {
    return host.toLowerCase();
  }
}

/** Split an addr-spec; null when it has no usable domain. */
export function addressShape(address: string): AddressShape | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return null;
  const local = address.slice(0, at);
  const host = unicodeHost(address.slice(at + 1).replace(/\.$/, ''));
  let ascii: string;
  try {
    ascii = toASCII(host);
  } catch {
    return null;
  }
  const p = parse(ascii, { allowPrivateDomains: true, extractHostname: false });
  const domainAscii = p.domain ?? ascii;
  const suffixAscii = p.publicSuffix ?? '';
  const labelAscii = p.domainWithoutSuffix ?? domainAscii;
  const domain = unicodeHost(domainAscii);
  const label = unicodeHost(labelAscii);
  const suffix = unicodeHost(suffixAscii);
  return {
    address: `${local}@${host}`,
    local,
    domain,
    label,
    suffix,
    foldLocal: fold(local),
    foldLabel: fold(label),
    foldSuffix: fold(suffix),
    foldHostLabels: host.split('.').map(fold),
    domainLabelCount: domain.split('.').length,
  };
}
