// Which identity signs for an address: the user's choice if they made one (and it still exists and is valid),
// otherwise the currently valid identity for that address that lasts longest (shared/identity-preference.ts).
import { isValidAt, longerLastingFirst } from '../../shared/identity-preference';
import { getIdentity, identitiesForAddress } from './identities';
import { normalizeAddress, nowIso, type Keystore } from './keystore';
import { KeystoreError } from './keystore-error';
import type { IdentityRecord } from './schema';

export { isValidAt };

export interface DefaultChoice {
  identityId: string;
  /** 'newest-valid': chosen automatically, the valid identity that lasts longest. */
  reason: 'user-choice' | 'newest-valid';
}

/** The valid identity that lasts longest (then the later renewal, then the later import). */
function newestValid(records: IdentityRecord[], now: number): IdentityRecord | null {
  const valid = records.filter((r) => isValidAt(r, now));
  valid.sort((a, b) => longerLastingFirst(a, b) || b.addedAt.localeCompare(a.addedAt));
  return valid[0] ?? null;
}

export async function effectiveDefault(ks: Keystore, address: string): Promise<DefaultChoice | null> {
  const addr = normalizeAddress(address);
  const candidates = await identitiesForAddress(ks, addr);
  const chosen = await ks.db.get('defaults', addr);
  const now = ks.clock.now();
  // A chosen identity that has expired (or is not valid yet) cannot sign: fall back to the automatic choice.
  if (chosen && candidates.some((c) => c.id === chosen.identityId && isValidAt(c, now))) return { identityId: chosen.identityId, reason: 'user-choice' };
  const newest = newestValid(candidates, now);
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
