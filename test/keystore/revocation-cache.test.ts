// Schema v5: the revocation cache store. A v4 database full of data upgrades and keeps everything; cached CRLs and
// OCSP answers survive closing and reopening the database (what a service-worker restart does) and stop being
// served after their nextUpdate; the store stays bounded; settings default to offline, not required.
import { describe, expect, it } from 'vitest';
import { openKeystoreDb } from '../../src/background/keystore/migrations';
import { getSettings, putSettings } from '../../src/background/keystore/keystore';
import { KEYSTORE_SCHEMA_VERSION } from '../../src/background/keystore/schema';
import { revocationCache } from '../../src/background/revocation-cache';
import { FakeClock, freshDbName, openTestKeystore } from './harness';

const NEXT = new Date('2026-06-08T00:00:00Z');

describe('revocation cache (keystore schema v5)', () => {
  it('a v4 database with data upgrades to v5 with an empty revocation store, data intact', async () => {
    const name = freshDbName();
    const v4 = await openKeystoreDb(name, 4);
    expect([...v4.objectStoreNames]).not.toContain('revocation');
    const raw = v4 as unknown as { put(store: string, value: unknown): Promise<unknown> };
    await raw.put('trustAnchors', { id: 'a1', der: new Uint8Array([1, 2]), summary: {}, addedAt: '2026-01-01T00:00:00.000Z' });
    await raw.put('meta', { key: 'settings', settings: { autoLockMinutes: 7, harvestCertificates: false, expiryWarningDays: 30 } });
    v4.close();
    expect(KEYSTORE_SCHEMA_VERSION).toBe(5);
    const ks = await openTestKeystore(new FakeClock(), name);
    expect(ks.db.version).toBe(5);
    expect([...ks.db.objectStoreNames]).toContain('revocation');
    expect(await ks.db.count('revocation')).toBe(0);
    expect((await ks.db.get('trustAnchors', 'a1'))?.der).toEqual(new Uint8Array([1, 2]));
    // Old settings keep their values and gain the new ones, off.
    expect(await getSettings(ks)).toMatchObject({ autoLockMinutes: 7, harvestCertificates: false, checkRevocationOnline: false, requireRevocation: false });
    expect(await putSettings(ks, { checkRevocationOnline: true })).toMatchObject({ checkRevocationOnline: true, requireRevocation: false });
    ks.db.close();
  });

  it('cached answers survive a reopen (worker restart) and expire at nextUpdate', async () => {
    const name = freshDbName();
    const clock = new FakeClock();
    const ks = await openTestKeystore(clock, name);
    const crl = new Uint8Array([0x30, 0x01, 0x00]);
    await revocationCache(ks).putCrl('http://crl.example/ca.crl', crl, NEXT);
    await revocationCache(ks).putOcsp!('abcd:01', new Uint8Array([9]), NEXT);
    ks.db.close();
    const again = await openTestKeystore(clock, name);
    const cache = revocationCache(again);
    expect(await cache.getCrl('http://crl.example/ca.crl', new Date('2026-06-02T00:00:00Z'))).toEqual(crl);
    expect(await cache.getOcsp!('abcd:01', new Date('2026-06-02T00:00:00Z'))).toEqual(new Uint8Array([9]));
    expect(await cache.getCrl('http://crl.example/ca.crl', new Date('2026-06-09T00:00:00Z'))).toBeUndefined();
    expect(await cache.getCrl('http://crl.example/other.crl', new Date('2026-06-02T00:00:00Z'))).toBeUndefined();
    again.db.close();
  });

  it('is bounded: old entries go first, oversized CRLs are not stored', async () => {
    const ks = await openTestKeystore();
    const cache = revocationCache(ks);
    for (let i = 0; i < 205; i++) await cache.putCrl(`http://crl.example/${i}.crl`, new Uint8Array([i & 0xff]), new Date(NEXT.getTime() + i * 1000));
    expect(await ks.db.count('revocation')).toBe(200);
    expect(await cache.getCrl('http://crl.example/0.crl', new Date('2026-06-02T00:00:00Z'))).toBeUndefined();
    expect(await cache.getCrl('http://crl.example/204.crl', new Date('2026-06-02T00:00:00Z'))).toBeDefined();
    await cache.putCrl('http://crl.example/huge.crl', new Uint8Array(10 * 1024 * 1024 + 1), NEXT);
    expect(await cache.getCrl('http://crl.example/huge.crl', new Date('2026-06-02T00:00:00Z'))).toBeUndefined();
    ks.db.close();
  });
});
