// What expires soon, for the list, the toolbar badge and notifications. An identity is reported while it is the
// default for one of its addresses (what signs): a second certificate alone does not silence the warning, only
// the default moving to a certificate that lasts longer does.
import type { ExpiringEntry } from '../../shared/messages';
import { effectiveDefault, isValidAt } from './defaults';
import type { Keystore } from './keystore';

const DAY = 86_400_000;

export async function listExpiring(ks: Keystore, withinDays = 30): Promise<ExpiringEntry[]> {
  const now = ks.clock.now();
  const horizon = now + withinDays * DAY;
  const soon = (notAfter: string) => {
    const t = Date.parse(notAfter);
    return t >= now && t <= horizon;
  };
  const entries: ExpiringEntry[] = [];
  const identities = await ks.db.getAll('identities');
  for (const r of identities) {
    if (!isValidAt(r, now) || !soon(r.summary.notAfter)) continue;
    let inUse = r.emails.length === 0;
    for (const a of r.emails) if (!inUse) inUse = (await effectiveDefault(ks, a))?.identityId === r.id;
    if (!inUse) continue;
    entries.push(entry('identity', r.id, r.emails, r.summary, now));
  }
  for (const c of await ks.db.getAll('contacts')) {
    const cert = c.certificates.find((x) => x.id === c.current);
    if (cert && isValidAt(cert, now) && soon(cert.summary.notAfter)) entries.push(entry('contact', cert.id, [c.address], cert.summary, now));
  }
  return entries.sort((a, b) => a.notAfter.localeCompare(b.notAfter));
}

function entry(kind: ExpiringEntry['kind'], id: string, addresses: string[], summary: ExpiringEntry['summary'], now: number): ExpiringEntry {
  return { kind, id, addresses, notAfter: summary.notAfter, daysLeft: Math.floor((Date.parse(summary.notAfter) - now) / DAY), summary };
}
