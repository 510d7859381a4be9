// The Gmail page itself is not trusted: a script on mail.google.com that builds its own copy of our decrypted
// viewer frame and feeds it a ciphertext must get no decryption and no outcome (that was a padding oracle).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, type ExtensionSession } from './helpers/extension';
import { fixturesDir, installGmailReplica, type Replica } from './gmail/replica';
import { setUpDemoKeystore } from './helpers/demo-keystore';
import { waitForVerdicts } from './gmail/status-bars';

describe('viewer frames cannot be driven by the webmail page', () => {
  let s: ExtensionSession;
  let r: Replica;

  beforeAll(async () => {
    s = await launchWithExtension();
    r = await installGmailReplica(s.context, { fixturesDir });
    await setUpDemoKeystore(s, fixturesDir);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a page-made decrypted frame, fed a real ciphertext, never decrypts or reports an outcome', async () => {
    const page = await s.context.newPage();
    await page.goto(r.inboxUrl);
    const raw = Array.from(r.raw('encrypted-signed'));
    const messages = await page.evaluate(
      async ({ url, raw }) => {
        const got: unknown[] = [];
        const frame = document.createElement('iframe');
        const nonce = crypto.randomUUID();
        frame.src = `${url}#${nonce}`;
        document.body.append(frame);
        await new Promise((ok) => frame.addEventListener('load', ok, { once: true }));
        const channel = new MessageChannel();
        channel.port1.onmessage = (e) => got.push(e.data);
        // The attack: hand the frame a ciphertext (and a made-up token) as if we were the extension.
        frame.contentWindow!.postMessage({ type: 'smime-frame-init', nonce, payload: { raw: new Uint8Array(raw), token: crypto.randomUUID() } }, '*', [channel.port2]);
        await new Promise((ok) => setTimeout(ok, 4000));
        return got;
      },
      { url: s.extensionUrl('src/viewer/decrypted.html'), raw },
    );
    const outcomes = (messages as Array<{ type?: string; status?: string }>).filter((m) => m.type === 'outcome');
    expect(outcomes.filter((m) => m.status === 'decrypted')).toEqual([]);
    // A parent-made frame is not initialised at all, or at most learns "error" without any decryption.
    for (const o of outcomes) expect(o.status).toBe('error');
  });

  it('the genuine read view still decrypts the same message (its inner signature is shown)', async () => {
    const page = await s.context.newPage();
    await page.goto(r.threadUrl('encrypted-signed'));
    await expect
      .poll(async () => {
        const f = page.frames().find((x) => x.url().includes('/src/viewer/decrypted.html'));
        return f ? ((await f.locator('body').textContent()) ?? '') : '';
      }, { timeout: 30_000 })
      .toMatch(/Signed by hanako\.sato@demo-corp\.example/);
  });

  it("a sender whose certificate changed since their earlier mail is called out, not shown as plainly signed", async () => {
    const first = await s.context.newPage();
    await first.goto(r.threadUrl('bank-signed-jp'));
    expect((await waitForVerdicts(first))[0].verdict).toBe('signed');
    const second = await s.context.newPage();
    await second.goto(r.threadUrl('bank-new-certificate'));
    await expect
      .poll(async () => (await waitForVerdicts(second))[0].verdict, { timeout: 20_000 })
      .toBe('certificate-changed');
    expect((await waitForVerdicts(second))[0].text).toMatch(/certificate is not the one their earlier mail used/);
  });
});
