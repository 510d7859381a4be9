// Roots and self-signed certificates the user chose to trust, on top of the built-in root list.
import { certificateId, nowIso, type Keystore } from './keystore';
import type { TrustAnchorRecord } from './schema';

export async function addTrustAnchor(ks: Keystore, der: Uint8Array): Promise<{ status: 'added' | 'already-present'; record: TrustAnchorRecord }> {
  const id = await certificateId(der);
  const existing = await ks.db.get('trustAnchors', id);
  if (existing) return { status: 'already-present', record: existing };
  const record: TrustAnchorRecord = { id, der: der.slice(), summary: await ks.summarizeCertificate(der), addedAt: nowIso(ks) };
  await ks.db.put('trustAnchors', record);
  return { status: 'added', record };
}

export async function removeTrustAnchor(ks: Keystore, id: string): Promise<boolean> {
  const tx = ks.db.transaction('trustAnchors', 'readwrite');
  const present = (await tx.store.get(id)) !== undefined;
  if (present) await tx.store.delete(id);
  await tx.done;
  return present;
}

export function listTrustAnchors(ks: Keystore): Promise<TrustAnchorRecord[]> {
  return ks.db.getAll('trustAnchors');
}
