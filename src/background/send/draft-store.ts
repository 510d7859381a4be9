// Composer drafts at rest: each draft is AES-256-GCM-encrypted (AAD = draft id) under a dedicated, non-extractable
// drafts key kept in the keystore database. The key is device-bound, not the passphrase KEK, so a draft can be
// saved while the keystore is locked and survives passphrase changes; nothing in a record is readable without it.
// A record also keeps the draft's send attempt (Message-ID, Date, copies already accepted), so a retry resends
// the same message and never a copy Gmail already took.
import { base64Decode, base64Encode } from '../../crypto/base64';
import { toArrayBuffer, utf8 } from '../../crypto/bytes';
import type { ComposeDraft, DraftSummary } from '../../shared/messages';
import { nowIso, type Keystore } from '../keystore/keystore';
import { KeystoreError } from '../keystore/keystore-error';
import type { DraftRecord } from '../keystore/schema';

export const MAX_DRAFTS = 200;
const subtle = () => globalThis.crypto.subtle;

async function draftsKey(ks: Keystore): Promise<CryptoKey> {
  const row = await ks.db.get('meta', 'drafts-key');
  if (row && row.key === 'drafts-key') return row.key256;
  const key256 = await subtle().generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  try {
    await ks.db.add('meta', { key: 'drafts-key', key256 });
    return key256;
  } catch {
    // Another call created it meanwhile: use that one.
    const again = await ks.db.get('meta', 'drafts-key');
    if (again && again.key === 'drafts-key') return again.key256;
    throw new KeystoreError('internal', 'Could not create the drafts key.');
  }
}

/** Fixed for a draft from its first send on: a retry sends the same Message-ID and Date. */
export interface SendAttempt {
  messageId: string;
  date: string; // ISO 8601
  /** Keys of the copies Gmail accepted (see build-outgoing's deliveryPlan). */
  sent: string[];
}

type WireDraft = Omit<ComposeDraft, 'attachments'> & { attachments: { name: string; type: string; data: string }[]; sendAttempt?: SendAttempt };

function serialize(d: ComposeDraft, attempt: SendAttempt | null): Uint8Array {
  const wire: WireDraft = { ...d, attachments: d.attachments.map((a) => ({ name: a.name, type: a.type, data: base64Encode(a.data) })) };
  if (attempt) wire.sendAttempt = attempt;
  return utf8(JSON.stringify(wire));
}

function isAttempt(x: unknown): x is SendAttempt {
  const o = x as Partial<SendAttempt> | null | undefined;
  return !!o && typeof o.messageId === 'string' && typeof o.date === 'string' && Array.isArray(o.sent) && o.sent.every((k) => typeof k === 'string');
}

function deserialize(bytes: Uint8Array): { draft: ComposeDraft; attempt: SendAttempt | null } {
  const { sendAttempt, ...wire } = JSON.parse(new TextDecoder().decode(bytes)) as WireDraft;
  return {
    draft: { ...wire, attachments: wire.attachments.map((a) => ({ name: a.name, type: a.type, data: base64Decode(a.data) })) },
    attempt: isAttempt(sendAttempt) ? sendAttempt : null,
  };
}

/** Saves the draft; the record's send attempt is kept unless `attempt` replaces it (null clears it). */
export async function saveDraft(ks: Keystore, draft: ComposeDraft, attempt?: SendAttempt | null): Promise<{ id: string; updatedAt: string }> {
  const existing = await ks.db.getKey('drafts', draft.id);
  if (existing === undefined && (await ks.db.count('drafts')) >= MAX_DRAFTS) {
    throw new KeystoreError('too-large', `At most ${MAX_DRAFTS} drafts are kept. Send or delete some first.`);
  }
  const keep = attempt !== undefined ? attempt : existing === undefined ? null : await loadSendAttempt(ks, draft.id).catch(() => null);
  const updatedAt = nowIso(ks);
  const key = await draftsKey(ks);
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const plain = serialize({ ...draft, updatedAt }, keep);
  try {
    const ct = await subtle().encrypt({ name: 'AES-GCM', iv: toArrayBuffer(iv), additionalData: toArrayBuffer(utf8(draft.id)) }, key, toArrayBuffer(plain));
    const record: DraftRecord = { id: draft.id, updatedAt, iv, ciphertext: new Uint8Array(ct) };
    await ks.db.put('drafts', record);
  } finally {
    plain.fill(0);
  }
  return { id: draft.id, updatedAt };
}

async function loadRecord(ks: Keystore, id: string): Promise<{ draft: ComposeDraft; attempt: SendAttempt | null }> {
  const record = await ks.db.get('drafts', id);
  if (!record) throw new KeystoreError('not-found', 'No such draft.');
  const key = await draftsKey(ks);
  let plain: ArrayBuffer;
  try {
    plain = await subtle().decrypt({ name: 'AES-GCM', iv: toArrayBuffer(record.iv), additionalData: toArrayBuffer(utf8(id)) }, key, toArrayBuffer(record.ciphertext));
  } catch {
    throw new KeystoreError('auth-failed', 'This draft does not decrypt (damaged record).');
  }
  return deserialize(new Uint8Array(plain));
}

export async function loadDraft(ks: Keystore, id: string): Promise<ComposeDraft> {
  return (await loadRecord(ks, id)).draft;
}

/** The draft's send attempt, or null before its first send (or when there is no such draft). */
export async function loadSendAttempt(ks: Keystore, id: string): Promise<SendAttempt | null> {
  if ((await ks.db.getKey('drafts', id)) === undefined) return null;
  return (await loadRecord(ks, id)).attempt;
}

/** Most recent first. Drafts that no longer decrypt are skipped rather than failing the whole list. */
export async function listDrafts(ks: Keystore): Promise<DraftSummary[]> {
  const ids = (await ks.db.getAllFromIndex('drafts', 'by-updatedAt')).reverse().map((r) => r.id);
  const out: DraftSummary[] = [];
  for (const id of ids) {
    try {
      const d = await loadDraft(ks, id);
      out.push({ id, account: d.account, subject: d.subject, to: d.to, updatedAt: d.updatedAt ?? '', lastError: d.lastError ?? null });
    } catch {
      // unreadable record: leave it for delete-draft
    }
  }
  return out;
}

export async function deleteDraft(ks: Keystore, id: string): Promise<boolean> {
  const had = (await ks.db.getKey('drafts', id)) !== undefined;
  await ks.db.delete('drafts', id);
  return had;
}
