// Versioned schema: one upgrade step per version, run in order inside IndexedDB's versionchange
// transaction. Never edit a shipped step; add a new one. Steps must not await anything but IDB requests, and a step
// that walks a store returns its cursor's promise: the next step starts only after it, so two steps never
// read and rewrite the same record concurrently.
import { openDB, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { KEYSTORE_SCHEMA_VERSION, type KeystoreSchema } from './schema';
import { KeystoreError } from './keystore-error';

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

export const MIGRATIONS: ReadonlyArray<(db: UpgradeDb, tx: UpgradeTx) => void | Promise<void>> = [
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
    return contacts.openCursor().then(function step(cursor): Promise<void> | void {
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
  // v4: contacts learn their signing habit (src/background/senders/); existing ones start from nothing learnt, and
  // their first signed message predates the record ('before-v4' never equals a message digest).
  (_db, tx) =>
    tx.objectStore('contacts').openCursor().then(function step(cursor): Promise<void> | void {
      if (!cursor) return;
      const record = cursor.value as Record<string, unknown>;
      if (!record.signing) {
        void cursor.update({ ...record, signing: { signedMessages: 0, recentMessages: [], firstMessage: 'before-v4', unsignedDismissedAt: null } });
      }
      return cursor.continue().then(step);
    }),
  // v5: the revocation cache (src/background/revocation-cache.ts): CRLs and OCSP answers until their nextUpdate.
  (db) => {
    const store = db.createObjectStore('revocation', { keyPath: 'key' });
    store.createIndex('by-expires', 'expires');
  },
];

if (MIGRATIONS.length !== KEYSTORE_SCHEMA_VERSION) throw new Error('keystore: MIGRATIONS and KEYSTORE_SCHEMA_VERSION disagree');

/**
 * Open (creating or upgrading) the keystore database. `version` below the current one exists for tests
 * that build an old database.
 */
export async function openKeystoreDb(
  name: string,
  version: number = KEYSTORE_SCHEMA_VERSION,
  open: typeof openDB = openDB,
): Promise<IDBPDatabase<KeystoreSchema>> {
  const db = await open<unknown>(name, version, {
    async upgrade(database, oldVersion, newVersion, tx) {
      const target = newVersion ?? version;
      for (let v = oldVersion; v < target; v++) await MIGRATIONS[v](database, tx as unknown as UpgradeTx);
    },
    blocking() {
      // A newer version wants the database (e.g. after an extension update): let it upgrade.
      db.close();
    },
  }).catch((e: unknown) => {
    throw storageUnavailable(e) ?? e;
  });
  return db as unknown as IDBPDatabase<KeystoreSchema>;
}

/**
 * Firefox set to "Never remember history" (permanent private browsing) refuses to write IndexedDB for extensions:
 * opening fails with InvalidStateError ("A mutation operation was attempted on a database that did not allow
 * mutations"); a profile that blocks storage outright gives SecurityError. Either way the keystore cannot exist,
 * which the user must be told in plain words, not as an internal error.
 */
export function storageUnavailable(e: unknown): KeystoreError | null {
  const name = (e as { name?: unknown } | null)?.name;
  if (name !== 'InvalidStateError' && name !== 'SecurityError') return null;
  return new KeystoreError('storage-unavailable', `The browser does not let the extension store data (${String((e as Error).message ?? name)}).`);
}
