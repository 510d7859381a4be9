// Our PKCS#12 backups (writePkcs12: PBES2/AES-256/PBKDF2-SHA256, HMAC-SHA256 MAC) import into an NSS database with
// pk12util, the code path of Thunderbird's "Import" button; and NSS's own exports (pk12util -o) read back with us.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPki, releasePki, type LeafKind, type TestPki } from '../helpers/pki-fixtures';
import { cmsSign, createNssDb, hasNss, nssError, nssVersion, output, type NssDb } from '../helpers/nss';
import { toHex } from '../../src/crypto/bytes';
import { writePkcs12 } from '../../src/crypto/pkcs12/write-pkcs12';
import { readPkcs12 } from '../../src/crypto/pkcs12/read-pkcs12';
import { detectKeyAlgorithm, keyMatchesCertificate } from '../../src/crypto/pkcs12/key-matches-certificate';
import { verifySignedData } from '../../src/crypto/cms/verify-signed-data';

const ITERATIONS = { iterations: 100_000 };
const JAPANESE = 'パスワード秘密';

describe.skipIf(!hasNss)('NSS pk12util imports our PKCS#12 backups', () => {
  let pki: TestPki;
  const dbs: NssDb[] = [];
  const freshDb = (): NssDb => {
    const db = createNssDb('nss-p12-');
    dbs.push(db);
    return db;
  };

  beforeAll(async () => {
    pki = await getPki();
    console.info(`[nss] NSS ${nssVersion()}`);
  });
  afterAll(() => {
    for (const db of dbs) db.cleanup();
    releasePki();
  });

  // Each backup costs ~0.5 s of KDF work (100,000 iterations), so each kind/password pair is written once.
  const backups = new Map<string, Promise<Uint8Array>>();
  function backup(kind: LeafKind, password: string): Promise<Uint8Array> {
    const key = `${kind}\u0000${password}`;
    let p = backups.get(key);
    if (!p) backups.set(key, (p = writeBackup(kind, password)));
    return p;
  }
  async function writeBackup(kind: LeafKind, password: string): Promise<Uint8Array> {
    const l = pki.leaves[kind];
    return writePkcs12(
      { certificate: l.der, chain: [pki.intermediate.der, pki.root.der], privateKeyPkcs8: l.pkcs8, keyAlgorithm: detectKeyAlgorithm(l.pkcs8), friendlyName: l.commonName },
      password,
      ITERATIONS,
    );
  }

  /** Import, then check the certificates are listed and the key is in the key DB with the right type. */
  async function expectImports(kind: LeafKind, password: string): Promise<NssDb> {
    const db = freshDb();
    const r = db.importPkcs12(db.write('backup.p12', await backup(kind, password)), password);
    expect(output(r)).toMatch(/PKCS12 IMPORT SUCCESSFUL/);
    expect(r.status).toBe(0);
    const l = pki.leaves[kind];
    expect(db.nicknames()).toEqual(
      expect.arrayContaining([l.commonName, 'Interop Test Intermediate CA - S-MIME Interop Tests', 'Interop Test Root CA - S-MIME Interop Tests']),
    );
    const keys = output(db.tool('certutil', ['-K']));
    expect(keys).toMatch(new RegExp(`<\\s*0>\\s+${kind === 'rsa' ? 'rsa ' : kind === 'rsa-pss' ? 'rsaPss' : 'ec '}\\s*[0-9a-f]{40}\\s+${l.commonName}`));
    // The exact certificate came through (certutil -L -r prints its DER).
    expect(toHex(db.tool('certutil', ['-L', '-n', l.commonName, '-r']).stdout)).toBe(toHex(l.der));
    return db;
  }

  for (const kind of ['rsa', 'rsa-pss', 'p256', 'p384', 'p521'] as const) {
    it(`${kind}: imports, lists the certificate and chain, holds the key`, async () => {
      await expectImports(kind, 'correct horse');
    });
  }

  for (const kind of ['rsa', 'p256'] as const) {
    it(`${kind}: the imported key is the certificate's key (NSS signs with it, we verify)`, async () => {
      const db = await expectImports(kind, 'correct horse');
      db.setTrust('Interop Test Root CA - S-MIME Interop Tests', 'C,C,C'); // NSS checks its own signer's chain
      const content = new TextEncoder().encode('Signed by NSS with a key from our backup\r\n');
      const der = cmsSign(db, pki.leaves[kind].commonName, db.write('msg.txt', content), { detached: true });
      const v = await verifySignedData(der, { detachedContent: content });
      expect(v.status).toBe('valid');
      expect(toHex(v.signers[0].certificate!)).toBe(toHex(pki.leaves[kind].der));
    });
  }

  it('a Japanese password (UTF-8 on pk12util’s command line) imports; near misses are refused', async () => {
    await expectImports('rsa', JAPANESE);
    const p12 = await backup('rsa', JAPANESE);
    for (const wrong of ['パスワード秘', 'correct horse', '']) {
      const db = freshDb();
      const r = db.importPkcs12(db.write('backup.p12', p12), wrong);
      expect(r.status).not.toBe(0);
      expect(nssError(output(r))).toBe('SEC_ERROR_BAD_PASSWORD');
      expect(db.nicknames()).toEqual([]);
    }
  });

  it('a password outside the BMP (emoji) and Latin-1 accents import too', async () => {
    await expectImports('p256', '🔑 Grüße €');
  });

  it('Ed25519: NSS treats our backup exactly as it treats OpenSSL’s (NSS 3.87 cannot import Ed25519 keys)', async () => {
    const ours = freshDb();
    const a = ours.importPkcs12(ours.write('ours.p12', await backup('ed25519', 'test')), 'test');
    const theirs = freshDb();
    const b = theirs.importPkcs12(pki.leaves.ed25519.p12, 'test');
    expect(a.status).toBe(b.status);
    expect(nssError(output(a))).toBe(nssError(output(b)));
    console.info(`[nss] Ed25519 PKCS#12 import: ${a.status === 0 ? 'accepted' : nssError(output(a))} (OpenSSL's file: ${b.status === 0 ? 'accepted' : nssError(output(b))})`);
  });
});

describe.skipIf(!hasNss)('NSS pk12util exports (a Thunderbird backup) read with readPkcs12', () => {
  let pki: TestPki;
  let db: NssDb;
  beforeAll(async () => {
    pki = await getPki();
    db = createNssDb('nss-p12x-');
    expect(db.importPkcs12(pki.leaves.rsa.p12, 'test').status).toBe(0);
  });
  afterAll(() => {
    db?.cleanup();
    releasePki();
  });

  it('default NSS export (PBES2 AES, 600,000 iterations, HMAC-SHA256) with a Japanese password', async () => {
    const r = db.tool('pk12util', ['-o', db.file('export.p12'), '-n', pki.leaves.rsa.commonName, '-W', JAPANESE, '-K', '']);
    expect(r.status).toBe(0);
    const id = await readPkcs12(db.read('export.p12'), JAPANESE);
    expect(toHex(id.certificate)).toBe(toHex(pki.leaves.rsa.der));
    expect(id.keyAlgorithm).toBe('RSA');
    expect(await keyMatchesCertificate(id.privateKeyPkcs8, id.certificate)).toBe(true);
    expect(id.chain.map(toHex)).toContain(toHex(pki.intermediate.der));
  }, 20_000);
});
