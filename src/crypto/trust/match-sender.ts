// Does the From address belong to the certificate? The whole address is compared without regard to ASCII case,
// as Thunderbird and NSS do (a local part is case-sensitive only in principle; flagging "Alice@" against a
// certificate for "alice@" teaches users to ignore real warnings). IDN domains are compared after lowercasing
// only: a U-label in one and its punycode A-label in the other do not match (no IDNA mapping).
import type { SenderStatus } from '../types';
import { addressKey } from '../mime/address-key';

function split(addr: string): { local: string; domain: string } | undefined {
  const a = addr.trim();
  const at = a.lastIndexOf('@');
  if (at <= 0 || at === a.length - 1) return undefined;
  const key = addressKey(a);
  const k = key.lastIndexOf('@');
  return { local: key.slice(0, k), domain: key.slice(k + 1) };
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
