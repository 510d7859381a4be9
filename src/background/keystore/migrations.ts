// Versioned schema: one upgrade step per version, run in order inside IndexedDB's versionchange
// transaction. Never edit a shipped step; add a new one. Steps must not await anything but IDB requests.
import { openDB, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { KEYSTORE_SCHEMA_VERSION, type KeystoreSchema } from './schema';

// Loosely typed on purpose: migration steps see older record shapes than the current schema.
type UpgradeDb = IDBPDatabase<unknown>;
type UpgradeTx = IDBPTransaction<unknown, string[], 'versionchange'>;

/** v1 shape of a contact's certificate (capabilities optional, no seen-time). Kept for the v2 step and tests. */
export interface ContactCertificateV1 {
  id: string;
  der: Uint8Array;
  summary: unknown;
  trust: string;
  smimeCapabilities?: unknown[];
  firstSeen: string;
  lastSeen: string;
}

export const MIGRATIONS: ReadonlyArray<(db: UpgradeDb, tx: UpgradeTx) => void> = [
  // v1: the initial stores.
  (db) => {
    const identities = db.createObjectStore('identities', { keyPath: 'id' });
    identities.createIndex('by-email', 'emails', { multiEntry: true });
    const contacts = db.createObjectStore('contacts', { keyPath: 'address' });
    contacts.createIndex('by-certificate', 'certIds', { multiEntry: true });
    db.createObjectStore('trustAnchors', { keyPath: 'id' });
    db.createObjectStore('defaults', { keyPath: 'address' });
    db.createObjectStore('meta', { keyPath: 'key' });
  },
  // v2: contacts' SMIMECapabilities normalised to an always-present `capabilities` array with its seen-time;
  // indexes for expiry (identities by notAfter) and address-book ordering (contacts by lastSeen).
  (_db, tx) => {
    tx.objectStore('identities').createIndex('by-notAfter', 'summary.notAfter');
    const contacts = tx.objectStore('contacts');
    contacts.createIndex('by-lastSeen', 'lastSeen');
    void contacts.openCursor().then(function step(cursor): Promise<void> | void {
      if (!cursor) return;
      const record = cursor.value as { certificates?: Array<ContactCertificateV1 & Record<string, unknown>> };
      const certificates = (record.certificates ?? []).map((c) => {
        const { smimeCapabilities, ...rest } = c;
        return {
          ...rest,
          capabilities: Array.isArray(smimeCapabilities) ? smimeCapabilities : [],
          capabilitiesSeenAt: Array.isArray(smimeCapabilities) ? c.lastSeen : null,
        };
      });
      void cursor.update({ ...record, certificates });
      return cursor.continue().then(step);
    });
  },
  // v3: composer drafts, encrypted at rest (see src/background/send/draft-store.ts).
  (db) => {
    const drafts = db.createObjectStore('drafts', { keyPath: 'id' });
    drafts.createIndex('by-updatedAt', 'updatedAt');
  },
];

if (MIGRATIONS.length !== KEYSTORE_SCHEMA_VERSION) throw new Error('keystore: MIGRATIONS and KEYSTORE_SCHEMA_VERSION disagree');

/**
 * Open (creating or upgrading) the keystore database. `version` below the current one exists for tests
 * that build an old database.
 */
export async function openKeystoreDb(name: string, version: number = KEYSTORE_SCHEMA_VERSION): Promise<IDBPDatabase<KeystoreSchema>> {
  const db = await openDB<unknown>(name, version, {
    upgrade(database, oldVersion, newVersion, tx) {
      const target = newVersion ?? version;
      for (let v = oldVersion; v < target; v++) MIGRATIONS[v](database, tx as unknown as UpgradeTx);
    },
    blocking() {
      // A newer version wants the database (e.g. after an extension update): let it upgrade.
      db.close();
    },
  });
  return db as unknown as IDBPDatabase<KeystoreSchema>;
}
