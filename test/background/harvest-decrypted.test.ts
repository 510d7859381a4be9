// Harvest from sign-then-encrypt mail: decrypt-message itself stores the inner signer's certificate, but only when
// the background's own verification says the signature is valid and matches From, and harvesting is switched on.
import { describe, expect, it } from 'vitest';
import { realEngine } from '../../src/background/real-engine';
import { startBackground } from '../../src/background/service-worker';
import { createRpcClient } from '../../src/shared/rpc';
import { hasCorpus, readCorpus } from '../helpers/corpus';
import { FakeClock, freshDbName, TEST_ITERATIONS } from '../keystore/harness';
import { fakeChrome, SENDERS } from './fake-chrome';

const tb = (name: string) => readCorpus('thunderbird', 'tb-smime', name);

async function setup(opts: { harvest: boolean }) {
  const chrome = fakeChrome();
  await startBackground(chrome, {
    engine: realEngine,
    keystore: { dbName: freshDbName(), clock: new FakeClock(Date.parse('2026-06-01T00:00:00Z')), pbkdf2Iterations: TEST_ITERATIONS },
  });
  const page = createRpcClient(() => chrome.runtime.connectAs(SENDERS.popup));
  await page.callOrThrow('add-trust-anchor', { certificate: tb('TestCA.pem') });
  await page.callOrThrow('import-identity', { file: tb('Bob.p12'), fileName: 'Bob.p12', password: 'nss' });
  await page.callOrThrow('set-settings', { harvestCertificates: opts.harvest });
  return page;
}

/** The same bytes with the first From header replaced (the inner signature is checked against the outer From). */
function withFrom(message: Uint8Array, from: string): Uint8Array {
  const text = new TextDecoder('latin1').decode(message);
  const out = text.replace(/^From: .*$/m, `From: ${from}`);
  expect(out).not.toBe(text);
  return Uint8Array.from(out, (c) => c.charCodeAt(0));
}

describe.skipIf(!hasCorpus)('decrypt-message harvests the inner signer (Thunderbird corpus)', () => {
  it('stores Alice after decrypting her signed-then-encrypted mail', async () => {
    const page = await setup({ harvest: true });
    expect((await page.callOrThrow('list-contacts', {})).contacts).toEqual([]);
    const dec = await page.callOrThrow('decrypt-message', { message: tb('alice.dsig.SHA256.multipart.env.eml') });
    expect(dec.verify?.signature).toBe('valid');
    expect(dec.verify?.sender).toBe('match');
    const contacts = (await page.callOrThrow('list-contacts', {})).contacts;
    expect(contacts.map((c) => c.address)).toEqual(['alice@example.com']);
    expect(contacts[0].certificates[0].trust).toBe('trusted');
  });

  it('stores nothing when harvesting is switched off', async () => {
    const page = await setup({ harvest: false });
    const dec = await page.callOrThrow('decrypt-message', { message: tb('alice.dsig.SHA256.multipart.env.eml') });
    expect(dec.verify?.signature).toBe('valid');
    expect((await page.callOrThrow('list-contacts', {})).contacts).toEqual([]);
  });

  it('stores nothing when the signer does not match From (a forwarded or wrapped signature)', async () => {
    const page = await setup({ harvest: true });
    const dec = await page.callOrThrow('decrypt-message', { message: withFrom(tb('alice.dsig.SHA256.multipart.env.eml'), 'eve@attacker.example') });
    expect(dec.verify?.signature).toBe('valid');
    expect(dec.verify?.sender).toBe('mismatch');
    expect((await page.callOrThrow('list-contacts', {})).contacts).toEqual([]);
  });

  it('stores nothing for encrypted mail without a signature', async () => {
    const page = await setup({ harvest: true });
    const dec = await page.callOrThrow('decrypt-message', { message: tb('alice.env.eml') });
    expect(dec.verify).toBeUndefined();
    expect((await page.callOrThrow('list-contacts', {})).contacts).toEqual([]);
  });
});
