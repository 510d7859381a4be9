// Does the From address belong to the certificate? RFC 8550/5321 rules: the local part is compared exactly
// (it is case-sensitive in principle), the domain case-insensitively. IDN domains are compared after
// lowercasing only: a U-label in one and its punycode A-label in the other do not match (no IDNA mapping).
import type { SenderStatus } from '../types';

function split(addr: string): { local: string; domain: string } | undefined {
  const a = addr.trim();
  const at = a.lastIndexOf('@');
  if (at <= 0 || at === a.length - 1) return undefined;
  let local = a.slice(0, at);
  // A quoted local part is equivalent to its unquoted form when that is a dot-atom ("alice"@x = alice@x).
  const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(local);
  if (quoted) local = quoted[1].replace(/\\(.)/g, '$1');
  return { local, domain: a.slice(at + 1).replace(/\.$/, '').toLowerCase() };
}

export function matchSender(fromAddrSpec: string, certEmails: string[]): SenderStatus {
  if (!fromAddrSpec || fromAddrSpec.trim() === '' || certEmails.length === 0) return 'unknown';
  const from = split(fromAddrSpec);
  if (!from) return 'mismatch';
  for (const e of certEmails) {
    const c = split(e);
    if (c && c.local === from.local && c.domain === from.domain) return 'match';
  }
  return 'mismatch';
}
