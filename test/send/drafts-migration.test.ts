// Schema v3: a v2 database with data opens at v3 with everything kept and an empty, usable drafts store.
import { describe, expect, it } from 'vitest';
import 'fake-indexeddb/auto';
import { summarizeCertificate } from '../../src/crypto/x509/summarize-certificate';
import { openKeystore } from '../../src/background/keystore/keystore';
import { openKeystoreDb } from '../../src/background/keystore/migrations';
import { KEYSTORE_SCHEMA_VERSION } from '../../src/background/keystore/schema';
import { listDrafts, loadDraft, saveDraft } from '../../src/background/send/draft-store';
import { FakeClock, freshDbName, TEST_ITERATIONS } from '../keystore/harness';

describe('v2 → v3 migration (drafts)', () => {
  it('keeps v2 data and adds the drafts store', async () => {
    const name = freshDbName();
    const v2 = await openKeystoreDb(name, 2);
    expect([...v2.objectStoreNames]).not.toContain('drafts');
    const raw = v2 as unknown as { put(store: string, value: unknown): Promise<unknown> };
    await raw.put('meta', { key: 'settings', settings: { autoLockMinutes: 7, harvestCertificates: true, expiryWarningDays: 30 } });
    await raw.put('defaults', { address: 'a@example.com', identityId: 'f'.repeat(64), setAt: '2026-01-01T00:00:00.000Z' });
    v2.close();
    const ks = await openKeystore({ dbName: name, clock: new FakeClock(), pbkdf2Iterations: TEST_ITERATIONS, summarizeCertificate });
    // Later versions (v4 contacts' signing, v5 revocation cache) run after v3 in the same upgrade.
    expect(KEYSTORE_SCHEMA_VERSION).toBeGreaterThanOrEqual(3);
    expect(ks.db.version).toBe(KEYSTORE_SCHEMA_VERSION);
    expect([...ks.db.transaction('drafts').store.indexNames]).toEqual(['by-updatedAt']);
    expect((await ks.db.get('defaults', 'a@example.com'))?.identityId).toBe('f'.repeat(64));
    expect(ks.lock.autoLockMinutes).toBe(7);
    const d = { id: 'a'.repeat(32), mode: 'new', account: null, from: 'a@example.com', identityId: null, to: [], cc: [], bcc: [], subject: 's', body: 'b', attachments: [], sign: false, encrypt: false, hideSubject: false, inReplyTo: null, references: [], threadId: null } as const;
    await saveDraft(ks, { ...d, to: [], cc: [], bcc: [], attachments: [], references: [] });
    expect((await loadDraft(ks, d.id)).body).toBe('b');
    expect((await listDrafts(ks)).map((x) => x.id)).toEqual([d.id]);
  });
});
