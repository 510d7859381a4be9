// The message API end to end through fake Ports: who may connect (this extension's pages and content
// scripts only), which operations a content script may call, request validation, the two-step delete,
// harvest re-verification, and the service-worker wiring (auto-lock alarm, tab badge).
import { describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../../src/crypto/bytes';
import { classifySender } from '../../src/background/router';
import { messageDigest } from '../../src/shared/message-digest';
import { startBackground } from '../../src/background/service-worker';
import { OPERATION_CALLERS, OPERATION_NAMES, type OperationName } from '../../src/shared/messages';
import { createRpcClient, type RpcClient } from '../../src/shared/rpc';
import type { SenderLike } from '../../src/background/router';
import { cert, FakeClock, fakeEncryptedMessage, fakeEngine, fakeP12, fakeSignedMessage, freshDbName, TEST_ITERATIONS } from '../keystore/harness';
import { EXTENSION_BASE, EXTENSION_ID, fakeChrome, SENDERS } from './fake-chrome';

async function setup() {
  const chrome = fakeChrome();
  const clock = new FakeClock(Date.parse('2026-06-01T00:00:00Z'));
  const engine = fakeEngine();
  const deps = await startBackground(chrome, { engine, keystore: { dbName: freshDbName(), clock, pbkdf2Iterations: TEST_ITERATIONS } });
  const client = (sender: SenderLike, name?: string): RpcClient => createRpcClient(() => chrome.runtime.connectAs(sender, name));
  return { chrome, clock, engine, deps, client, page: client(SENDERS.popup), content: client(SENDERS.gmailContentScript) };
}

const SENSITIVE: OperationName[] = [
  'import-identity',
  'export-backup',
  'export-certificate',
  'prepare-delete-identity',
  'delete-identity',
  'add-trust-anchor',
  'remove-trust-anchor',
  'set-passphrase',
  'change-passphrase',
  'remove-passphrase',
  'unlock',
  'lock-now',
  'set-auto-lock',
  'set-settings',
  'set-default-identity',
];

describe('sender classification', () => {
  const self = { id: EXTENSION_ID, baseUrl: EXTENSION_BASE };
  it.each([
    ['popup', SENDERS.popup, 'extension-page'],
    ['options page in a tab', SENDERS.optionsInTab, 'extension-page'],
    ['Gmail content script', SENDERS.gmailContentScript, 'content-script'],
    ['web page (no extension id)', SENDERS.webPage, null],
    ['another extension', SENDERS.otherExtension, null],
    ['another extension claiming our URL', SENDERS.otherExtensionClaimingOurUrl, null],
    ['our id, extension URL, but a web origin', SENDERS.ourIdButWebOriginPage, null],
    ['our id, web URL, no tab', SENDERS.noTabNoExtensionUrl, null],
    ['no sender', undefined, null],
  ])('%s → %s', (_name, sender, kind) => {
    expect(classifySender(sender, self)?.kind ?? null).toBe(kind);
  });

  it('content scripts may never call key export, backup, import, delete, trust or lock operations', () => {
    for (const op of SENSITIVE) expect(OPERATION_CALLERS[op]).not.toContain('content-script');
    for (const op of OPERATION_NAMES) expect(OPERATION_CALLERS[op].length).toBeGreaterThan(0);
  });
});

describe('router over ports', () => {
  it('answers an extension page and a content script', async () => {
    const { page, content } = await setup();
    expect(await page.call('ping', {})).toEqual({ ok: true, value: { pong: true, version: '0.1.0' } });
    expect(await content.call('keystore-status', {})).toMatchObject({ ok: true, value: { mode: 'device', locked: false } });
  });

  it('disconnects a web page and another extension before any work', async () => {
    const { client } = await setup();
    for (const s of [SENDERS.webPage, SENDERS.otherExtension, SENDERS.otherExtensionClaimingOurUrl]) {
      const r = await client(s).call('list-identities', {});
      expect(r).toMatchObject({ ok: false, error: { code: 'disconnected' } });
    }
    // A wrong port name is not served either.
    const r = await client(SENDERS.popup, 'other-name').call('ping', {});
    expect(r.ok).toBe(false);
  });

  it('refuses key export, backup, import and delete from a content script, and they have no effect', async () => {
    const { page, content } = await setup();
    const alice = await cert('Alice', ['alice@example.com'], '2026-01-01', '2027-01-01');
    const imported = await page.callOrThrow('import-identity', { file: fakeP12(alice, 'pw'), fileName: 'alice.p12', password: 'pw' });
    const id = imported.identity.id;
    const attempts: Array<[OperationName, unknown]> = [
      ['export-backup', { identityId: id, password: 'x' }],
      ['export-certificate', { certificateId: id, format: 'der' }],
      ['import-identity', { file: fakeP12(alice, 'pw'), fileName: 'a.p12', password: 'pw' }],
      ['prepare-delete-identity', { identityId: id }],
      ['delete-identity', { identityId: id, confirmToken: 'x' }],
      ['set-passphrase', { passphrase: 'correct horse battery' }],
      ['add-trust-anchor', { certificate: alice.der }],
      ['set-settings', { harvestCertificates: false }],
      ['list-identities', {}],
    ];
    for (const [op, req] of attempts) {
      const r = await content.call(op, req as never);
      expect(r, op).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const list = await page.callOrThrow('list-identities', {});
    expect(list.identities).toHaveLength(1);
    expect((await page.callOrThrow('keystore-status', {})).hasPassphrase).toBe(false);
  });

  it('validates requests: malformed input is an error, not a crash, and the port keeps working', async () => {
    const { page } = await setup();
    const bad: Array<[string, unknown]> = [
      ['import-identity', { file: 'not bytes', fileName: 'x', password: 'p' }],
      ['import-identity', null],
      ['import-identity', [1, 2]],
      ['export-backup', { identityId: '../../etc', password: 'x' }],
      ['set-auto-lock', { minutes: -1 }],
      ['set-auto-lock', { minutes: 1.5 }],
      ['set-auto-lock', { minutes: '5' }],
      ['recipient-status', { addresses: ['not an address'] }],
      ['recipient-status', { addresses: [] }],
      ['export-certificate', { certificateId: 'a'.repeat(64), format: 'exe' }],
      ['unlock', { passphrase: 'x'.repeat(5000) }],
    ];
    for (const [op, req] of bad) {
      const r = await page.call(op as OperationName, req as never);
      expect(r, `${op} ${JSON.stringify(req)}`).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    }
    expect(await page.call('no-such-op' as OperationName, {} as never)).toMatchObject({ ok: false, error: { code: 'unknown-operation' } });
    // Unknown fields are dropped, not passed on.
    expect(await page.call('set-settings', { harvestCertificates: false, evil: 1 } as never)).toEqual({
      ok: true,
      value: { autoLockMinutes: 15, harvestCertificates: false, expiryWarningDays: 30, checkRevocationOnline: false, requireRevocation: false },
    });
    expect(await page.call('ping', {})).toMatchObject({ ok: true });
  });

  it('imports twice without duplicates, maps engine errors, exports certificate and backup', async () => {
    const { page, engine } = await setup();
    const alice = await cert('Alice', ['alice@example.com'], '2026-01-01', '2027-01-01');
    const file = fakeP12(alice, 'paper password');
    expect(await page.call('import-identity', { file, fileName: 'a.p12', password: 'wrong' })).toMatchObject({
      ok: false,
      error: { code: 'wrong-password' },
    });
    const first = await page.callOrThrow('import-identity', { file, fileName: 'a.p12', password: 'paper password' });
    expect(first.status).toBe('imported');
    expect(first.identity).toMatchObject({ emails: ['alice@example.com'], defaultFor: ['alice@example.com'] });
    expect(JSON.stringify(first)).not.toContain(toHex(alice.pkcs8).slice(0, 32));
    const second = await page.callOrThrow('import-identity', { file, fileName: 'a.p12', password: 'paper password' });
    expect(second.status).toBe('already-present');
    expect((await page.callOrThrow('list-identities', {})).identities).toHaveLength(1);

    const der = await page.callOrThrow('export-certificate', { certificateId: first.identity.id, format: 'der' });
    expect(toHex(der.bytes)).toBe(toHex(alice.der));
    expect(der.fileName).toBe('Alice.cer');
    const pem = await page.callOrThrow('export-certificate', { certificateId: first.identity.id, format: 'pem' });
    expect(new TextDecoder().decode(pem.bytes)).toContain('BEGIN CERTIFICATE');

    const backup = await page.callOrThrow('export-backup', { identityId: first.identity.id, password: 'new backup pw' });
    expect(backup.fileName).toBe('Alice.p12');
    // The backup re-imports with its new password (fake engine: same identity).
    const fake = JSON.parse(new TextDecoder().decode(backup.pkcs12)) as { password: string; key: string };
    expect(fake.password).toBe('new backup pw');
    expect(fake.key).toBe(toHex(alice.pkcs8));
    // The key buffer handed to the engine was zeroed afterwards.
    expect(engine.log.keysSeen.at(-1)!.every((b) => b === 0)).toBe(true);
  });

  it('deletes only with a fresh token from prepare-delete, bound to that identity, usable once', async () => {
    const { page, clock } = await setup();
    const a = await cert('Alice', ['alice@example.com'], '2026-01-01', '2027-01-01');
    const b = await cert('Bob', ['bob@example.com'], '2026-01-01', '2027-01-01');
    const ida = (await page.callOrThrow('import-identity', { file: fakeP12(a, 'p'), fileName: 'a', password: 'p' })).identity.id;
    const idb = (await page.callOrThrow('import-identity', { file: fakeP12(b, 'p'), fileName: 'b', password: 'p' })).identity.id;

    expect(await page.call('delete-identity', { identityId: ida, confirmToken: 'guess' })).toMatchObject({ ok: false, error: { code: 'invalid-confirm-token' } });
    const prep = await page.callOrThrow('prepare-delete-identity', { identityId: ida });
    expect(prep).toMatchObject({ offerBackup: true, identity: { id: ida } });
    // Token for Alice does not delete Bob (and is spent by the attempt).
    expect(await page.call('delete-identity', { identityId: idb, confirmToken: prep.confirmToken })).toMatchObject({ ok: false });
    expect(await page.call('delete-identity', { identityId: ida, confirmToken: prep.confirmToken })).toMatchObject({ ok: false });
    // Expired token.
    const late = await page.callOrThrow('prepare-delete-identity', { identityId: ida });
    clock.advance(6 * 60_000);
    expect(await page.call('delete-identity', { identityId: ida, confirmToken: late.confirmToken })).toMatchObject({ ok: false });
    // The proper flow.
    const ok = await page.callOrThrow('prepare-delete-identity', { identityId: ida });
    expect(await page.call('delete-identity', { identityId: ida, confirmToken: ok.confirmToken })).toEqual({ ok: true, value: { deleted: true } });
    expect((await page.callOrThrow('list-identities', {})).identities.map((i) => i.id)).toEqual([idb]);
  });

  it('harvest re-verifies: an invalid signature stores nothing; a valid one stores and reports a change', async () => {
    const { page, content } = await setup();
    const bob = await cert('Bob', ['bob@example.com'], '2026-01-01', '2027-01-01');
    const bob2 = await cert('Bob 2', ['bob@example.com'], '2026-05-01', '2027-05-01');
    const mallory = await cert('Mallory', ['bob@example.com'], '2026-01-01', '2027-01-01');

    // A content script cannot inject a certificate with a message whose signature does not verify.
    const forged = fakeSignedMessage('invalid', [{ cert: mallory }]);
    expect(await content.call('harvest-certificate', { message: forged })).toMatchObject({ ok: false, error: { code: 'signature-not-valid' } });
    expect((await page.callOrThrow('list-contacts', {})).contacts).toHaveLength(0);
    // Nor with bytes that are not a message at all.
    expect((await content.call('harvest-certificate', { message: utf8('{"cert":"00"}') })).ok).toBe(false);
    expect((await page.callOrThrow('list-contacts', {})).contacts).toHaveLength(0);

    // Multi-signer: only the valid signer is stored.
    const caps = [{ oid: '2.16.840.1.101.3.4.1.42', name: 'AES-256-CBC' }];
    const mixed = fakeSignedMessage('valid', [{ cert: bob, capabilities: caps }, { cert: mallory, status: 'invalid' }]);
    const first = await content.callOrThrow('harvest-certificate', { message: mixed });
    expect(first).toMatchObject({ harvested: true, changed: false, addresses: [{ address: 'bob@example.com', status: 'added' }] });
    const contacts = (await page.callOrThrow('list-contacts', {})).contacts;
    expect(contacts).toHaveLength(1);
    expect(contacts[0].certificates.map((c) => c.summary.commonName)).toEqual(['Bob']);
    expect(contacts[0].certificates[0].capabilities).toEqual(caps);

    const changed = await content.callOrThrow('harvest-certificate', { message: fakeSignedMessage('valid', [{ cert: bob2 }]) });
    expect(changed.changed).toBe(true);
    expect(changed.previous!.commonName).toBe('Bob');

    // recipient-status keeps the certificate Bob had (a flagged change is never made current on its own); the
    // webmail page's content script cannot query the address book.
    expect(await content.call('recipient-status', { addresses: ['bob@example.com'] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const rs = await page.callOrThrow('recipient-status', { addresses: ['Bob@Example.com', 'nobody@example.com'] });
    expect(rs.recipients.map((r) => [r.address, r.status, r.summary?.commonName])).toEqual([
      ['bob@example.com', 'ok', 'Bob'],
      ['nobody@example.com', 'missing', undefined],
    ]);

    // Harvest can be switched off by the user.
    await page.callOrThrow('set-settings', { harvestCertificates: false });
    const off = await content.callOrThrow('harvest-certificate', { message: fakeSignedMessage('valid', [{ cert: mallory }]) });
    expect(off).toEqual({ harvested: false, changed: false, addresses: [] });
  });

  it('decrypts with the right identity (key bytes never returned), and reports locked in passphrase mode', async () => {
    const { page, content, engine } = await setup();
    const a = await cert('Alice', ['alice@example.com'], '2026-01-01', '2027-01-01');
    const a2 = await cert('Alice 2', ['alice@example.com'], '2026-03-01', '2027-03-01');
    const other = await cert('Other', ['other@example.com'], '2026-01-01', '2027-01-01');
    const ida = (await page.callOrThrow('import-identity', { file: fakeP12(a, 'p'), fileName: 'a', password: 'p' })).identity.id;
    await page.callOrThrow('import-identity', { file: fakeP12(a2, 'p'), fileName: 'a2', password: 'p' });

    // Content scripts never receive plaintext: decryption is for the extension's own viewer page.
    expect(await content.call('decrypt-message', { message: fakeEncryptedMessage(a, 'Hello Alice') })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const out = await page.callOrThrow('decrypt-message', { message: fakeEncryptedMessage(a, 'Hello Alice') });
    expect(new TextDecoder().decode(out.content)).toBe('Hello Alice');
    expect(out.identityId).toBe(ida);
    expect(engine.log.keysSeen.every((k) => k.every((b) => b === 0))).toBe(true);
    expect(await page.call('decrypt-message', { message: fakeEncryptedMessage(other, 'x') })).toMatchObject({
      ok: false,
      error: { code: 'not-for-this-identity' },
    });

    await page.callOrThrow('set-passphrase', { passphrase: 'correct horse battery' });
    await page.callOrThrow('lock-now', {});
    expect(await page.call('decrypt-message', { message: fakeEncryptedMessage(a, 'x') })).toMatchObject({ ok: false, error: { code: 'locked' } });
    // Content scripts cannot unlock (the passphrase must never be typed into a web page).
    expect(await content.call('unlock', { passphrase: 'correct horse battery' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await page.callOrThrow('unlock', { passphrase: 'correct horse battery' });
    expect((await page.call('decrypt-message', { message: fakeEncryptedMessage(a, 'again') })).ok).toBe(true);
  });

  it('signs and encrypts for sending with the default identity, including the sender as recipient', async () => {
    const { page, content, engine } = await setup();
    const a = await cert('Alice', ['alice@example.com'], '2026-01-01', '2027-01-01');
    const bob = await cert('Bob', ['bob@example.com'], '2026-01-01', '2027-01-01');
    await page.callOrThrow('import-identity', { file: fakeP12(a, 'p'), fileName: 'a', password: 'p' });
    // A content script must not be a signing or encryption oracle for the page it runs in.
    expect(await content.call('sign-message', { mime: utf8('hi'), from: 'alice@example.com' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await content.call('encrypt-message', { mime: utf8('hi'), from: 'alice@example.com', recipients: ['bob@example.com'], sign: true })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await page.call('encrypt-message', { mime: utf8('hi'), from: 'alice@example.com', recipients: ['bob@example.com'], sign: true })).toMatchObject({
      ok: false,
      error: { code: 'no-recipient-certificate' },
    });
    await content.callOrThrow('harvest-certificate', { message: fakeSignedMessage('valid', [{ cert: bob }]) });
    const enc = await page.callOrThrow('encrypt-message', { mime: utf8('hi'), from: 'alice@example.com', recipients: ['bob@example.com'], sign: true });
    const parsed = JSON.parse(new TextDecoder().decode(enc.message)) as { recipients: string[]; signedBy: string; mime: string };
    expect(parsed.recipients).toEqual([toHex(bob.der), toHex(a.der)]);
    expect(parsed.signedBy).toBe(toHex(a.der));
    expect(parsed.mime).toBe('hi');
    expect(engine.log.keysSeen.at(-1)!.every((b) => b === 0)).toBe(true);
    const signed = await page.callOrThrow('sign-message', { mime: utf8('hi'), from: 'alice@example.com' });
    expect(JSON.parse(new TextDecoder().decode(signed.message))).toMatchObject({ kind: 'signed-by', cert: toHex(a.der) });
    expect(await page.call('sign-message', { mime: utf8('hi'), from: 'nobody@example.com' })).toMatchObject({ ok: false, error: { code: 'no-identity' } });
  });

  it('auto-lock alarm is armed while unlocked and locks when idle; badge shows a tab verdict', async () => {
    const { page, content, chrome, clock } = await setup();
    await page.callOrThrow('set-auto-lock', { minutes: 5 });
    await page.callOrThrow('set-passphrase', { passphrase: 'correct horse battery' });
    expect(chrome.alarms.active.has('smime-auto-lock')).toBe(true);
    clock.advance(5 * 60_000);
    chrome.alarms.fire('smime-auto-lock');
    await new Promise((r) => setTimeout(r, 5));
    expect((await page.callOrThrow('keystore-status', {})).locked).toBe(true);
    expect(chrome.alarms.active.has('smime-auto-lock')).toBe(false);

    // A report of "valid" the background did not verify itself is no better than nothing (see the badge test below).
    expect(await content.callOrThrow('set-tab-verdict', { verdict: 'valid' })).toEqual({ tabId: 3 });
    expect(chrome.action.badges.get(3)).toBe('');
    expect(await page.call('set-tab-verdict', { verdict: 'valid' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // "Gmail changed": the badge says so, and the popup can ask for that tab's state (content scripts cannot).
    await content.callOrThrow('set-tab-verdict', { verdict: 'unavailable' });
    expect(chrome.action.badges.get(3)).toBe('…');
    expect(await page.callOrThrow('tab-verdict', { tabId: 3 })).toEqual({ verdict: 'unavailable' });
    expect(await page.callOrThrow('tab-verdict', { tabId: 4 })).toEqual({ verdict: 'none' });
    expect(await content.call('tab-verdict', { tabId: 3 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await page.call('tab-verdict', { tabId: -1 })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('badge and popup use the background\'s own verdict for the open message, never a better report', async () => {
    const { page, content, chrome } = await setup();
    const alice = await cert('Alice', ['alice@example.com'], '2020-01-01T00:00:00Z', '2030-01-01T00:00:00Z');
    const tampered = fakeSignedMessage('invalid', [{ cert: alice }]);
    await content.callOrThrow('verify-message', { message: tampered });
    const digest = await messageDigest(tampered);
    // A compromised page reports "valid" for the message the background found tampered: the badge says "!".
    await content.callOrThrow('set-tab-verdict', { verdict: 'valid', messages: [digest] });
    expect(chrome.action.badges.get(3)).toBe('!');
    const popup = await page.callOrThrow('tab-verdict', { tabId: 3 });
    expect(popup.verdict).toBe('invalid');
    expect(popup.view).toMatchObject({ kind: 'tampered', messageName: 'statusTampered', count: 1 });
    expect(popup.result?.signature).toBe('invalid');
    // An unknown digest gives no words (only the report), and a malformed digest list is refused.
    await content.callOrThrow('set-tab-verdict', { verdict: 'valid', messages: ['0'.repeat(64)] });
    expect((await page.callOrThrow('tab-verdict', { tabId: 3 })).view).toBeUndefined();
    expect(await content.call('set-tab-verdict', { verdict: 'valid', messages: ['nope'] })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await content.call('set-tab-verdict', { verdict: 'fine' as 'valid' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    // Expired and not-for-you have badges of their own, distinct from untrusted.
    const badges = new Set<string>();
    for (const verdict of ['untrusted', 'expired', 'not-for-you', 'invalid', 'valid', 'unavailable'] as const) {
      await content.callOrThrow('set-tab-verdict', { verdict });
      badges.add(`${chrome.action.badges.get(3)}`);
    }
    expect(badges.size).toBe(6);
  });

  it('a page cannot turn the badge green: "valid" or "encrypted" counts only for an open message the background found good', async () => {
    const { content, chrome } = await setup();
    for (const verdict of ['valid', 'encrypted'] as const) {
      await content.callOrThrow('set-tab-verdict', { verdict });
      expect(chrome.action.badges.get(3)).toBe(''); // no messages named
      await content.callOrThrow('set-tab-verdict', { verdict, messages: ['0'.repeat(64)] });
      expect(chrome.action.badges.get(3)).toBe(''); // messages we never saw
    }
    const alice = await cert('Alice', ['alice@example.com'], '2020-01-01T00:00:00Z', '2030-01-01T00:00:00Z');
    const good = fakeSignedMessage('valid', [{ cert: alice }]);
    const v = await content.callOrThrow('verify-message', { message: good });
    expect(v.signature).toBe('valid');
    await content.callOrThrow('set-tab-verdict', { verdict: 'valid', messages: [await messageDigest(good)] });
    expect(chrome.action.badges.get(3)).toBe('✓');
  });

  it('reports a call cut off by a worker stop as disconnected, then reconnects on the next call', async () => {
    const { chrome } = await setup();
    let connects = 0;
    const page = createRpcClient(() => {
      connects++;
      return chrome.runtime.connectAs(SENDERS.popup);
    });
    expect((await page.call('ping', {})).ok).toBe(true);
    const pending = page.call('keystore-status', {});
    chrome.runtime.serverPorts.at(-1)!.disconnect(); // the service worker goes away mid-call
    expect(await pending).toMatchObject({ ok: false, error: { code: 'disconnected' } });
    expect((await page.call('ping', {})).ok).toBe(true);
    expect(connects).toBe(2);
  });

  it('carries a 25 MB message to the background and back', async () => {
    const { content } = await setup();
    const bob = await cert('Bob', ['bob@example.com'], '2026-01-01', '2027-01-01');
    const signed = fakeSignedMessage('valid', [{ cert: bob }]);
    // Pad the (JSON) fake message to 25 MB with trailing spaces, which JSON.parse ignores.
    const big = new Uint8Array(25 * 1024 * 1024).fill(0x20);
    big.set(signed, 0);
    const t0 = performance.now();
    const r = await content.callOrThrow('verify-message', { message: big });
    console.log(`[router] 25 MiB verify-message request round trip: ${(performance.now() - t0).toFixed(0)} ms`);
    expect(r.signature).toBe('valid');
    expect(toHex(r.signers[0].certificateDer!)).toBe(toHex(bob.der));
  });
});
