// Which identity signs for an address: the user's choice if they made one (and it still exists),
// otherwise the newest currently valid identity for that address.
import { getIdentity, identitiesForAddress } from './identities';
import { normalizeAddress, nowIso, type Keystore } from './keystore';
import { KeystoreError } from './keystore-error';
import type { IdentityRecord } from './schema';

export interface DefaultChoice {
  identityId: string;
  reason: 'user-choice' | 'newest-valid';
}

export function isValidAt(record: { summary: { notBefore: string; notAfter: string } }, now: number): boolean {
  return Date.parse(record.summary.notBefore) <= now && now <= Date.parse(record.summary.notAfter);
}

/** Newest = latest notBefore (a renewal starts later), then latest notAfter, then latest import. */
function newestValid(records: IdentityRecord[], now: number): IdentityRecord | null {
  const valid = records.filter((r) => isValidAt(r, now));
  valid.sort(
    (a, b) =>
      Date.parse(b.summary.notBefore) - Date.parse(a.summary.notBefore) ||
      Date.parse(b.summary.notAfter) - Date.parse(a.summary.notAfter) ||
      b.addedAt.localeCompare(a.addedAt),
  );
  return valid[0] ?? null;
}

export async function effectiveDefault(ks: Keystore, address: string): Promise<DefaultChoice | null> {
  const addr = normalizeAddress(address);
  const candidates = await identitiesForAddress(ks, addr);
  const chosen = await ks.db.get('defaults', addr);
  if (chosen && candidates.some((c) => c.id === chosen.identityId)) return { identityId: chosen.identityId, reason: 'user-choice' };
  const newest = newestValid(candidates, ks.clock.now());
  return newest ? { identityId: newest.id, reason: 'newest-valid' } : null;
}

/** `identityId` null clears the user's choice (back to automatic). */
export async function setDefault(ks: Keystore, address: string, identityId: string | null): Promise<void> {
  const addr = normalizeAddress(address);
  if (identityId === null) {
    await ks.db.delete('defaults', addr);
    return;
  }
  const record = await getIdentity(ks, identityId);
  if (!record.emails.includes(addr)) {
    throw new KeystoreError('invalid-argument', `This certificate is not issued for ${addr}.`);
  }
  await ks.db.put('defaults', { address: addr, identityId, setAt: nowIso(ks) });
}

/** address → effective default identity id, for every address any identity carries. */
export async function allEffectiveDefaults(ks: Keystore): Promise<Map<string, string>> {
  const identities = await ks.db.getAll('identities');
  const addresses = new Set(identities.flatMap((i) => i.emails));
  const out = new Map<string, string>();
  for (const a of addresses) {
    const d = await effectiveDefault(ks, a);
    if (d) out.set(a, d.identityId);
  }
  return out;
}
