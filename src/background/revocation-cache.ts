// The engine's RevocationCache on the keystore's IndexedDB (store `revocation`, schema v5): CRLs by URL and OCSP
// answers by issuer-key hash + serial, each until its nextUpdate. It stores bytes only: the engine re-checks
// signature, scope and dates on every use, so a bad entry decides nothing. Bounded in entries and bytes.
import type { RevocationCache } from '../crypto/revocation/chain-revocation';
import { MAX_CRL_BYTES } from '../crypto/revocation/parse-crl';
import type { Keystore } from './keystore/keystore';

const MAX_ENTRIES = 200;
const DEFAULT_LIFETIME_MS = 24 * 3600_000;

export function revocationCache(ks: Keystore): RevocationCache {
  const get = async (key: string, at: Date): Promise<Uint8Array | undefined> => {
    const row = await ks.db.get('revocation', key);
    if (!row || Date.parse(row.expires) < at.getTime()) return undefined;
    return row.der;
  };
  const put = async (key: string, der: Uint8Array, nextUpdate: Date | undefined): Promise<void> => {
    if (der.length > MAX_CRL_BYTES) return;
    const now = ks.clock.now();
    const expires = new Date(nextUpdate ? nextUpdate.getTime() : now + DEFAULT_LIFETIME_MS);
    if (expires.getTime() < now) return;
    await ks.db.put('revocation', { key, der: der.slice(), expires: expires.toISOString(), storedAt: new Date(now).toISOString() });
    // Over the cap: drop what expires first.
    const count = await ks.db.count('revocation');
    if (count > MAX_ENTRIES) {
      const tx = ks.db.transaction('revocation', 'readwrite');
      let cursor = await tx.store.index('by-expires').openCursor();
      for (let extra = count - MAX_ENTRIES; cursor && extra > 0; extra--) {
        await cursor.delete();
        cursor = await cursor.continue();
      }
      await tx.done;
    }
  };
  return {
    getCrl: (url, at) => get(`crl:${url}`, at),
    putCrl: (url, der, next) => put(`crl:${url}`, der, next),
    getOcsp: (key, at) => get(`ocsp:${key}`, at),
    putOcsp: (key, der, next) => put(`ocsp:${key}`, der, next),
  };
}
