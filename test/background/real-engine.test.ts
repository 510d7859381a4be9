// The background with the REAL engine (src/crypto) against the Thunderbird corpus: import a .p12 through
// the message API, verify + harvest a signed .eml, refuse to harvest a tampered one, decrypt, and export a
// backup that OpenSSL reads. Proves real-engine.ts binds the engine correctly.
import { describe, expect, it } from 'vitest';
import { realEngine } from '../../src/background/real-engine';
import { startBackground } from '../../src/background/service-worker';
import { createRpcClient } from '../../src/shared/rpc';
import { hasCorpus, readCorpus } from '../helpers/corpus';
import { hasTool, openssl, scratch } from '../helpers/openssl';
import { FakeClock, freshDbName, TEST_ITERATIONS } from '../keystore/harness';
import { fakeChrome, SENDERS } from './fake-chrome';

const tb = (name: string) => readCorpus('thunderbird', 'tb-smime', name);

async function setup() {
  const chrome = fakeChrome();
  await startBackground(chrome, {
    engine: realEngine,
    keystore: { dbName: freshDbName(), clock: new FakeClock(Date.parse('2026-06-01T00:00:00Z')), pbkdf2Iterations: TEST_ITERATIONS },
  });
  return {
    page: createRpcClient(() => chrome.runtime.connectAs(SENDERS.popup)),
    content: createRpcClient(() => chrome.runtime.connectAs(SENDERS.gmailContentScript)),
  };
}

describe.skipIf(!hasCorpus)('background with the real engine (Thunderbird corpus)', () => {
  it('imports Bob.p12 once, decrypts Alice→Bob mail, and backs up to a PKCS#12 OpenSSL reads', async () => {
    const { page } = await setup();
    const bad = await page.call('import-identity', { file: tb('Bob.p12'), fileName: 'Bob.p12', password: 'wrong' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'wrong-password' } });
    const first = await page.callOrThrow('import-identity', { file: tb('Bob.p12'), fileName: 'Bob.p12', password: 'nss' });
    expect(first.status).toBe('imported');
    expect(first.identity.emails).toEqual(['bob@example.com']);
    expect((await page.callOrThrow('import-identity', { file: tb('Bob.p12'), fileName: 'Bob.p12', password: 'nss' })).status).toBe('already-present');

    const dec = await page.callOrThrow('decrypt-message', { message: tb('alice.dsig.SHA256.multipart.env.eml') });
    expect(new TextDecoder().decode(dec.content)).toContain('This is a test message from Alice to Bob.');
    expect(dec.identityId).toBe(first.identity.id);

    const backup = await page.callOrThrow('export-backup', { identityId: first.identity.id, password: 'backup pw' });
    if (hasTool('openssl')) {
      const s = scratch();
      try {
        const path = s.write('bob.p12', backup.pkcs12);
        const r = openssl(['pkcs12', '-in', path, '-passin', 'pass:backup pw', '-nodes', '-info']);
        expect(r.status, r.stderr).toBe(0);
        expect(new TextDecoder().decode(r.stdout)).toContain('PRIVATE KEY');
      } finally {
        s.cleanup();
      }
    }
  });

  it('verifies and harvests a valid signature, refuses a tampered one', async () => {
    const { page, content } = await setup();
    const ca = readCorpus('thunderbird', 'tb-smime', 'TestCA.pem');
    expect((await page.callOrThrow('add-trust-anchor', { certificate: ca })).status).toBe('added');
    const good = tb('alice.dsig.SHA256.multipart.eml');
    const v = await content.callOrThrow('verify-message', { message: good });
    expect(v.signature).toBe('valid');
    const h = await content.callOrThrow('harvest-certificate', { message: good });
    expect(h.harvested).toBe(true);
    expect(h.addresses.map((a) => a.address)).toContain('alice@example.com');
    const tampered = await content.call('harvest-certificate', { message: tb('alice.dsig.SHA256.multipart.bad.eml') });
    expect(tampered).toMatchObject({ ok: false, error: { code: 'signature-not-valid' } });
    const contacts = (await page.callOrThrow('list-contacts', {})).contacts;
    expect(contacts.map((c) => c.address)).toEqual(['alice@example.com']);
    expect(contacts[0].certificates[0].trust).toBe('trusted');
  });
});
