// The read view's sender look-up as a webmail page sees it: a page may learn that a sender resembles someone in
// the address book, never whom (the book is shared by every site), and new tabs do not buy a fresh budget; when
// the budget is used up the answer says "not checked" so the bar and the popup say so instead of nothing.
import { describe, expect, it } from 'vitest';
import { startBackground } from '../../src/background/service-worker';
import { harvestSigner } from '../../src/background/keystore/contacts';
import { summarizeCertificate } from '../../src/crypto/x509/summarize-certificate';
import { unsignedVerdict } from '../../src/content/verdict';
import { LOOKUPS_PER_WINDOW } from '../../src/background/senders/lookup-budget';
import { createRpcClient, type RpcClient } from '../../src/shared/rpc';
import type { SenderLike } from '../../src/background/router';
import { cert, fakeEngine, FakeClock, freshDbName, TEST_ITERATIONS } from '../keystore/harness';
import { fakeChrome, SENDERS } from './fake-chrome';

const BANK = 'notice@smbc.co.jp';
const outlookTab = (tabId: number): SenderLike => ({ ...SENDERS.gmailContentScript, url: 'https://outlook.office.com/mail/', origin: 'https://outlook.office.com', tab: { id: tabId } });

async function setup() {
  const chrome = fakeChrome();
  const clock = new FakeClock(Date.parse('2026-06-01T00:00:00Z'));
  const deps = await startBackground(chrome, { engine: fakeEngine(), keystore: { dbName: freshDbName(), clock, pbkdf2Iterations: TEST_ITERATIONS } });
  const c = await cert('Bank', [BANK], '2026-01-01', '2027-01-01');
  for (let i = 0; i < 3; i++) {
    await harvestSigner(deps.keystore, { certificateDer: c.der, summary: await summarizeCertificate(c.der), trust: 'trusted', message: { digest: i.toString(16).padStart(64, '0'), from: [BANK] } });
  }
  const client = (sender: SenderLike): RpcClient => createRpcClient(() => chrome.runtime.connectAs(sender));
  return { deps, popup: client(SENDERS.popup), gmail: client(SENDERS.gmailContentScript), client };
}

describe('sender-signals from a webmail page', () => {
  it('a content script learns the reason for a look-alike, never the known address; the popup may', async () => {
    const { popup, gmail } = await setup();
    const page = await gmail.callOrThrow('sender-signals', { address: 'x@smbc-jp.com', signed: false });
    expect(page.lookalike?.reason).toBeDefined();
    expect(page.lookalike?.known).toBeUndefined();
    expect(JSON.stringify(page)).not.toContain('smbc.co.jp');
    const v = unsignedVerdict('x@smbc-jp.com', page)!;
    expect(v.kind).toBe('lookalike');
    expect(v.messageName).toBe('statusLookalikeUnnamed');
    expect(v.substitutions).toEqual(['x@smbc-jp.com']);
    const own = await popup.callOrThrow('sender-signals', { address: 'x@smbc-jp.com', signed: false });
    expect(own.lookalike?.known).toBe(BANK);
  });

  it('the budget is per site: new tabs do not refill it, and a used-up budget answers "not checked" (bar and popup)', async () => {
    const { deps, client } = await setup();
    // Outlook's budget, spent across many tabs (window.open gives a new tab, not a new budget).
    for (let i = 0; i < LOOKUPS_PER_WINDOW; i++) {
      await client(outlookTab(100 + (i % 20))).callOrThrow('sender-signals', { address: `probe${i}@example.org`, signed: false });
    }
    const fresh = client(outlookTab(999));
    const answer = await fresh.callOrThrow('sender-signals', { address: BANK, signed: false });
    expect(answer).toEqual({ signatureMissing: false, unchecked: true });
    const v = unsignedVerdict(BANK, answer)!;
    expect(v.kind).toBe('sender-unchecked');
    expect(v.messageName).toBe('statusSenderUnchecked');
    // The popup for that tab has the same words.
    const { senderSignalKey } = await import('../../src/shared/message-digest');
    await fresh.callOrThrow('set-tab-verdict', { verdict: 'none', messages: [await senderSignalKey(BANK)] });
    expect((await deps.tabVerdicts!.view(999)).view?.messageName).toBe('statusSenderUnchecked');
  });

  it('a content script may dismiss a missing-signature warning only for a sender its own tab was warned about', async () => {
    const { popup, gmail, client } = await setup();
    const otherTab = client({ ...SENDERS.gmailContentScript, tab: { id: 8 } });
    // Never asked about in this tab: refused, and the warning stays.
    expect(await gmail.call('dismiss-signature-missing', { address: BANK })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await popup.callOrThrow('sender-signals', { address: BANK, signed: false })).signatureMissing).toBe(true);
    // Warned in tab 3 (the bar with its button): tab 8 still may not, tab 3 may.
    expect((await gmail.callOrThrow('sender-signals', { address: BANK, signed: false })).signatureMissing).toBe(true);
    expect(await otherTab.call('dismiss-signature-missing', { address: BANK })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await gmail.callOrThrow('dismiss-signature-missing', { address: BANK })).toEqual({ dismissed: true });
    expect((await popup.callOrThrow('sender-signals', { address: BANK, signed: false })).signatureMissing).toBe(false);
  });

  it('our own pages may dismiss without a warning in a tab', async () => {
    const { popup } = await setup();
    expect(await popup.callOrThrow('dismiss-signature-missing', { address: BANK })).toEqual({ dismissed: true });
  });
});
