// Schema upgrades: a database written by v1 of the code, holding data in every store, opens with the
// current code and everything is still there (contacts' capabilities normalised by the v2 step).
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/crypto/bytes';
import { summarizeCertificate } from '../../src/crypto/x509/summarize-certificate';
import { effectiveDefault } from '../../src/background/keystore/defaults';
import { listExpiring } from '../../src/background/keystore/expiry';
import { harvestSigner } from '../../src/background/keystore/contacts';
import { importIdentity, withPrivateKey } from '../../src/background/keystore/identities';
import { certificateId, getSettings, openKeystore } from '../../src/background/keystore/keystore';
import { openKeystoreDb, type ContactCertificateV1 } from '../../src/background/keystore/migrations';
import { KEYSTORE_SCHEMA_VERSION } from '../../src/background/keystore/schema';
import { cert, FakeClock, freshDbName, identityOf, TEST_ITERATIONS } from './harness';

describe('schema migrations', () => {
  it('upgrades a v1 database with data and finds it all', async () => {
    const name = freshDbName();
    const clock = new FakeClock(Date.parse('2026-06-01T00:00:00Z'));
    // 1. Build a v1 database with the v1 code path (identity with encrypted key, contacts, anchors, defaults, settings).
    const v1 = await openKeystoreDb(name, 1);
    expect(v1.version).toBe(1);
    expect([...v1.objectStoreNames].sort()).toEqual(['contacts', 'defaults', 'identities', 'meta', 'trustAnchors']);
    const db1 = v1;

    const alice = await cert('Alice', ['alice@example.com'], '2026-01-01', '2026-06-20');
    const bob = await cert('Bob', ['bob@example.com'], '2026-01-01', '2027-01-01');
    const carol = await cert('Carol', ['carol@example.com'], '2026-01-01', '2027-01-01');
    const root = await cert('Private Root', [], '2020-01-01', '2040-01-01');
    // The identity goes through the real import code on a v1-shaped db handle (same record shape in v1 and v2).
    const tmpKs = { db: db1, clock, lock: { current: () => null, touch: () => undefined }, pbkdf2Iterations: TEST_ITERATIONS, summarizeCertificate } as never;
    const { record } = await importIdentity(tmpKs, identityOf(alice));
    const bobId = await certificateId(bob.der);
    const carolId = await certificateId(carol.der);
    const v1Cert = async (c: typeof bob, id: string, caps?: unknown[]): Promise<ContactCertificateV1> => ({
      id,
      der: c.der,
      summary: await summarizeCertificate(c.der),
      trust: 'trusted',
      ...(caps ? { smimeCapabilities: caps } : {}),
      firstSeen: '2026-02-01T00:00:00.000Z',
      lastSeen: '2026-03-01T00:00:00.000Z',
    });
    const raw = db1 as unknown as { put(store: string, value: unknown): Promise<unknown> };
    await raw.put('contacts', {
      address: 'bob@example.com',
      current: bobId,
      certificates: [await v1Cert(bob, bobId, [{ oid: '2.16.840.1.101.3.4.1.42', name: 'AES-256-CBC' }])],
      certIds: [bobId],
      history: [{ at: '2026-02-01T00:00:00.000Z', from: null, to: bobId, promoted: true }],
      firstSeen: '2026-02-01T00:00:00.000Z',
      lastSeen: '2026-03-01T00:00:00.000Z',
    });
    await raw.put('contacts', {
      address: 'carol@example.com',
      current: carolId,
      certificates: [await v1Cert(carol, carolId)], // v1: capabilities never seen = field absent
      certIds: [carolId],
      history: [],
      firstSeen: '2026-02-01T00:00:00.000Z',
      lastSeen: '2026-02-02T00:00:00.000Z',
    });
    const rootId = await certificateId(root.der);
    await raw.put('trustAnchors', { id: rootId, der: root.der, summary: await summarizeCertificate(root.der), addedAt: '2026-01-05T00:00:00.000Z' });
    await raw.put('defaults', { address: 'alice@example.com', identityId: record.id, setAt: '2026-01-06T00:00:00.000Z' });
    await raw.put('meta', { key: 'settings', settings: { autoLockMinutes: 42, harvestCertificates: false, expiryWarningDays: 30 } });
    db1.close();

    // 2. Open with the current code.
    const ks = await openKeystore({ dbName: name, clock, pbkdf2Iterations: TEST_ITERATIONS, summarizeCertificate });
    expect(ks.db.version).toBe(KEYSTORE_SCHEMA_VERSION);
    expect(KEYSTORE_SCHEMA_VERSION).toBe(5);

    // Identity and its key (the device KEK from v1 still opens it).
    expect(await withPrivateKey(ks, record.id, async (i) => toHex(i.privateKeyPkcs8))).toBe(toHex(alice.pkcs8));
    expect(await effectiveDefault(ks, 'alice@example.com')).toEqual({ identityId: record.id, reason: 'user-choice' });
    // Contacts, normalised.
    const bobRec = await ks.db.get('contacts', 'bob@example.com');
    expect(bobRec!.certificates[0].capabilities).toEqual([{ oid: '2.16.840.1.101.3.4.1.42', name: 'AES-256-CBC' }]);
    expect(bobRec!.certificates[0].capabilitiesSeenAt).toBe('2026-03-01T00:00:00.000Z');
    expect('smimeCapabilities' in bobRec!.certificates[0]).toBe(false);
    expect(bobRec!.history).toHaveLength(1);
    // v4: nothing learnt yet about the signing habit, and the first signed message predates the record.
    expect(bobRec!.signing).toEqual({ signedMessages: 0, recentMessages: [], firstMessage: 'before-v4', unsignedDismissedAt: null });
    const carolRec = await ks.db.get('contacts', 'carol@example.com');
    expect(carolRec!.certificates[0].capabilities).toEqual([]);
    expect(carolRec!.certificates[0].capabilitiesSeenAt).toBeNull();
    // The v2 indexes exist and are populated.
    expect((await ks.db.getAllFromIndex('contacts', 'by-lastSeen')).map((c) => c.address)).toEqual(['carol@example.com', 'bob@example.com']);
    expect(await ks.db.countFromIndex('identities', 'by-notAfter')).toBe(1);
    expect((await ks.db.getFromIndex('contacts', 'by-certificate', bobId))!.address).toBe('bob@example.com');
    // Trust anchors, settings.
    expect((await ks.db.get('trustAnchors', rootId))!.summary.commonName).toBe('Private Root');
    expect(await getSettings(ks)).toEqual({ autoLockMinutes: 42, harvestCertificates: false, expiryWarningDays: 30, checkRevocationOnline: false, requireRevocation: false });
    expect(ks.lock.autoLockMinutes).toBe(42);
    // Expiry listing works on migrated data (Alice expires 2026-06-20).
    expect((await listExpiring(ks, 30)).map((e) => e.kind)).toEqual(['identity']);
  });

  it('v3 → v4: contacts gain a signing record; a migrated contact is not a first contact and learns from there', async () => {
    const name = freshDbName();
    const v3 = await openKeystoreDb(name, 3);
    const bob = await cert('Bob', ['bob@example.com'], '2026-01-01', '2027-01-01');
    const bobId = await certificateId(bob.der);
    const raw = v3 as unknown as { put(store: string, value: unknown): Promise<unknown> };
    await raw.put('contacts', {
      address: 'bob@example.com',
      current: bobId,
      certificates: [{ id: bobId, der: bob.der, summary: await summarizeCertificate(bob.der), trust: 'trusted', capabilities: [], capabilitiesSeenAt: null, firstSeen: '2026-02-01T00:00:00.000Z', lastSeen: '2026-02-01T00:00:00.000Z' }],
      certIds: [bobId],
      history: [{ at: '2026-02-01T00:00:00.000Z', from: null, to: bobId, promoted: true }],
      firstSeen: '2026-02-01T00:00:00.000Z',
      lastSeen: '2026-02-01T00:00:00.000Z',
    });
    v3.close();
    const ks = await openKeystore({ dbName: name, clock: new FakeClock(), pbkdf2Iterations: TEST_ITERATIONS, summarizeCertificate });
    expect(ks.db.version).toBe(KEYSTORE_SCHEMA_VERSION);
    const [r] = await harvestSigner(ks, {
      certificateDer: bob.der,
      summary: await summarizeCertificate(bob.der),
      trust: 'trusted',
      message: { digest: 'aa'.repeat(32), from: ['bob@example.com'] },
    });
    expect(r.firstSignedMessage).toBeUndefined();
    expect((await ks.db.get('contacts', 'bob@example.com'))!.signing).toMatchObject({ signedMessages: 1, firstMessage: 'before-v4' });
  });

  it('creates a fresh database directly at the current version', async () => {
    const db = await openKeystoreDb(freshDbName());
    expect(db.version).toBe(KEYSTORE_SCHEMA_VERSION);
    expect([...db.transaction('contacts').store.indexNames].sort()).toEqual(['by-certificate', 'by-lastSeen']);
    expect([...db.transaction('identities').store.indexNames].sort()).toEqual(['by-email', 'by-notAfter']);
  });
});
