// RFC 5280 section 4.2.1.10 name constraints for the name forms S/MIME depends on: rfc822Name (the
// certificate's e-mail addresses, SAN and subject emailAddress) and directoryName (the subject DN),
// plus dNSName. Forms we do not evaluate (URI, IP, other) fail closed when both sides use them.
import type { RelativeDistinguishedNames } from 'pkijs';
import { nameWithinSubtree } from '../x509/compare-names';
import { trimTrailing } from '../linear-text';
import { subjectEmails } from '../x509/certificate-emails';
import type { NameConstraintsInfo, SimpleGeneralName } from '../x509/read-extensions';
import type { CertNode } from './certificate-node';

export function emailMatchesConstraint(email: string, constraint: string): boolean {
  const at = email.lastIndexOf('@');
  if (at <= 0) return false;
  const local = email.slice(0, at);
  // "bank.example." and "bank.example" are the same domain: a trailing dot must not slip past an exclusion.
  const domain = trimTrailing(email.slice(at + 1).toLowerCase(), '.');
  const cAt = constraint.lastIndexOf('@');
  if (cAt >= 0) return local === constraint.slice(0, cAt) && domain === trimTrailing(constraint.slice(cAt + 1).toLowerCase(), '.');
  const c = trimTrailing(constraint.toLowerCase(), '.');
  if (c.startsWith('.')) return domain.endsWith(c); // any host in the domain, not the domain itself
  return domain === c;
}

export function dnsMatchesConstraint(host: string, constraint: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const c = constraint.toLowerCase().replace(/^\./, '').replace(/\.$/, '');
  if (c === '') return true;
  return h === c || h.endsWith('.' + c);
}

interface Names {
  emails: string[];
  dns: string[];
  dirs: RelativeDistinguishedNames[];
  otherKinds: Set<string>;
}

function namesOf(node: CertNode): Names {
  const names: Names = { emails: subjectEmails(node.cert), dns: [], dirs: [], otherKinds: new Set() };
  if (node.cert.subject.typesAndValues.length > 0) names.dirs.push(node.cert.subject);
  for (const n of node.ext?.subjectAltNames ?? []) {
    if (n.kind === 'rfc822Name') names.emails.push(n.value);
    else if (n.kind === 'dNSName') names.dns.push(n.value);
    else if (n.kind === 'directoryName') names.dirs.push(n.value);
    else names.otherKinds.add(n.kind === 'other' ? `tag${n.tag}` : n.kind);
  }
  return names;
}

function kindOf(n: SimpleGeneralName): string {
  return n.kind === 'other' ? `tag${n.tag}` : n.kind;
}

/** A reason string when `node`'s names violate `nc`, else undefined. */
export function nameConstraintViolation(nc: NameConstraintsInfo, node: CertNode): string | undefined {
  const names = namesOf(node);
  const checks: Array<{ kind: string; values: Array<string | RelativeDistinguishedNames>; match: (v: string | RelativeDistinguishedNames, c: SimpleGeneralName) => boolean }> = [
    {
      kind: 'rfc822Name',
      values: names.emails,
      match: (v, c) => c.kind === 'rfc822Name' && typeof v === 'string' && emailMatchesConstraint(v, c.value),
    },
    {
      kind: 'dNSName',
      values: names.dns,
      match: (v, c) => c.kind === 'dNSName' && typeof v === 'string' && dnsMatchesConstraint(v, c.value),
    },
    {
      kind: 'directoryName',
      values: names.dirs,
      match: (v, c) => c.kind === 'directoryName' && typeof v !== 'string' && nameWithinSubtree(v, c.value),
    },
  ];
  const show = (v: string | RelativeDistinguishedNames): string => (typeof v === 'string' ? v : 'subject name');
  for (const { kind, values, match } of checks) {
    const excluded = nc.excluded.filter((c) => c.kind === kind);
    for (const v of values) if (excluded.some((c) => match(v, c))) return `${kind} ${show(v)} is in an excluded subtree`;
    const permitted = nc.permitted.filter((c) => c.kind === kind);
    if (permitted.length === 0) continue;
    for (const v of values) if (!permitted.some((c) => match(v, c))) return `${kind} ${show(v)} is outside the permitted subtrees`;
  }
  for (const kind of names.otherKinds) {
    if ([...nc.permitted, ...nc.excluded].some((c) => kindOf(c) === kind)) {
      return `name constraints on ${kind} names are not supported`;
    }
  }
  return undefined;
}
