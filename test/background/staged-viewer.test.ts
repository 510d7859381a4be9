// The viewer frames over Gmail get one-time tokens, never messages: a webmail page that creates its own
// viewer frame can neither feed it ciphertexts (a decryption / padding oracle) nor show a forged verdict in it.
import { describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../../src/crypto/bytes';
import { classifySender } from '../../src/background/router';
import { startBackground } from '../../src/background/service-worker';
import { MAX_DECRYPT_FAILURES } from '../../src/background/staged-messages';
import { createRpcClient, type RpcClient } from '../../src/shared/rpc';
import type { SenderLike } from '../../src/background/router';
import { cert, fakeEncryptedMessage, fakeEngine, fakeP12, fakeSignedMessage, FakeClock, freshDbName, TEST_ITERATIONS } from '../keystore/harness';
import { EXTENSION_BASE, EXTENSION_ID, fakeChrome, SENDERS } from './fake-chrome';

/** Our decrypted viewer page, embedded in the Gmail tab (tab 3) as a sub-frame. */
const frameIn = (tabId: number): SenderLike => ({
  id: EXTENSION_ID,
  url: `${EXTENSION_BASE}src/viewer/decrypted.html`,
  origin: `chrome-extension://${EXTENSION_ID}`,
  tab: { id: tabId },
  frameId: 5,
});

async function setup() {
  const chrome = fakeChrome();
  const clock = new FakeClock(Date.parse('2026-06-01T00:00:00Z'));
  const deps = await startBackground(chrome, { engine: fakeEngine(), keystore: { dbName: freshDbName(), clock, pbkdf2Iterations: TEST_ITERATIONS } });
  const client = (sender: SenderLike): RpcClient => createRpcClient(() => chrome.runtime.connectAs(sender));
  const page = client(SENDERS.popup);
  const alice = await cert('Alice', ['alice@example.com'], '2026-01-01', '2027-01-01');
  await page.callOrThrow('import-identity', { file: fakeP12(alice, 'p'), fileName: 'a.p12', password: 'p' });
  return { deps, clock, page, content: client(SENDERS.gmailContentScript), frame: client(frameIn(3)), otherTabFrame: client(frameIn(9)), alice };
}

describe('viewer frames over the webmail page', () => {
  it('are classified as extension frames, not extension pages', () => {
    const self = { id: EXTENSION_ID, baseUrl: EXTENSION_BASE };
    expect(classifySender(frameIn(3), self)?.kind).toBe('extension-frame');
    expect(classifySender(SENDERS.optionsInTab, self)?.kind).toBe('extension-page');
  });

  it('cannot decrypt, verify-for-display or touch keys directly', async () => {
    const { frame, alice } = await setup();
    for (const [op, req] of [
      ['decrypt-message', { message: fakeEncryptedMessage(alice, 'secret') }],
      ['list-identities', {}],
      ['export-backup', { identityId: 'x'.repeat(64), password: 'p' }],
      ['sign-message', { mime: utf8('hi'), from: 'alice@example.com' }],
    ] as const) {
      expect(await frame.call(op as 'list-identities', req as never)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('open a staged message once, only in the tab whose content script staged it', async () => {
    const { content, frame, otherTabFrame, alice } = await setup();
    const { token } = await content.callOrThrow('stage-message', { message: fakeEncryptedMessage(alice, 'Hello Alice'), purpose: 'decrypt' });
    expect(await otherTabFrame.call('open-staged', { token })).toMatchObject({ ok: false, error: { code: 'expired' } });
    const view = await frame.callOrThrow('open-staged', { token });
    expect(view.purpose).toBe('decrypt');
    if (view.purpose !== 'decrypt') throw new Error('unreachable');
    expect(new TextDecoder().decode(view.decrypted.content)).toBe('Hello Alice');
    expect(view.identity).toBe('alice@example.com');
    expect(await frame.call('open-staged', { token }), 'a token works once').toMatchObject({ ok: false, error: { code: 'expired' } });
    expect(await frame.call('open-staged', { token: crypto.randomUUID() })).toMatchObject({ ok: false, error: { code: 'expired' } });
  });

  it('a web page cannot stage messages, and a staged token expires', async () => {
    const { clock, content, frame, page, alice } = await setup();
    expect(await page.call('stage-message', { message: fakeEncryptedMessage(alice, 'x'), purpose: 'decrypt' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const { token } = await content.callOrThrow('stage-message', { message: fakeEncryptedMessage(alice, 'x'), purpose: 'decrypt' });
    clock.advance(11 * 60_000);
    expect(await frame.call('open-staged', { token })).toMatchObject({ ok: false, error: { code: 'expired' } });
  });

  it('details are re-verified by the background from the staged message', async () => {
    const { content, frame } = await setup();
    const bob = await cert('Bob', ['bob@example.com'], '2026-01-01', '2027-01-01');
    const { token } = await content.callOrThrow('stage-message', { message: fakeSignedMessage('invalid', [{ cert: bob }]), purpose: 'details' });
    const view = await frame.callOrThrow('open-staged', { token });
    expect(view.purpose === 'details' && view.verify.signature).toBe('invalid');
  });

  it(`pauses decryption in a tab after ${MAX_DECRYPT_FAILURES} failures (padding-oracle guard)`, async () => {
    const { content, frame, alice } = await setup();
    const other = await cert('Other', ['other@example.com'], '2026-01-01', '2027-01-01');
    // Right recipient, wrong key material: the fake engine answers auth-failed, as a padding error would.
    const tampered = utf8(JSON.stringify({ kind: 'enveloped', cert: toHex(alice.der), key: toHex(other.pkcs8), content: 'x' }));
    for (let i = 0; i < MAX_DECRYPT_FAILURES; i++) {
      const { token } = await content.callOrThrow('stage-message', { message: tampered, purpose: 'decrypt' });
      expect(await frame.call('open-staged', { token })).toMatchObject({ ok: false, error: { code: 'auth-failed' } });
    }
    const { token } = await content.callOrThrow('stage-message', { message: fakeEncryptedMessage(alice, 'fine'), purpose: 'decrypt' });
    expect(await frame.call('open-staged', { token })).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
  });
});
