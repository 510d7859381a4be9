// Who gets which copy of an outgoing message (deliveryPlan), and that a built copy never names anyone blind-copied
// outside its own Bcc field.
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/crypto/bytes';
import { buildOutgoing, deliveryPlan } from '../../src/background/send/build-outgoing';
import type { ComposeDraft } from '../../src/shared/messages';

const base = { to: ['A@x.example'], cc: ['c@x.example'], bcc: ['b@x.example', 'a@x.example', 'B@x.example'] };

describe('delivery plan', () => {
  it('signed-only or plain: one message whose Bcc field routes the blind copies', () => {
    expect(deliveryPlan({ ...base, encrypt: false })).toEqual([{ key: 'main', showToCc: true, bcc: ['b@x.example'], encryptFor: ['a@x.example', 'c@x.example', 'b@x.example'] }]);
  });
  it('encrypted: To/Cc encrypted for To/Cc only; one copy per Bcc recipient not already in To/Cc, without To/Cc fields', () => {
    expect(deliveryPlan({ ...base, encrypt: true })).toEqual([
      { key: 'main', showToCc: true, bcc: [], encryptFor: ['a@x.example', 'c@x.example'] },
      { key: 'bcc:b@x.example', showToCc: false, bcc: ['b@x.example'], encryptFor: ['b@x.example'] },
    ]);
  });
  it('encrypted without Bcc: a single message', () => {
    expect(deliveryPlan({ ...base, bcc: [], encrypt: true })).toEqual([{ key: 'main', showToCc: true, bcc: [], encryptFor: ['a@x.example', 'c@x.example'] }]);
  });

  it('built copies: the To/Cc message and the inner protected headers never mention the Bcc address', async () => {
    const draft: ComposeDraft = {
      id: 'f'.repeat(32), mode: 'new', account: 'me@x.example', from: 'me@x.example', identityId: null,
      to: ['a@x.example'], cc: [], bcc: ['hidden@x.example'], subject: 'S', body: 'hello', attachments: [],
      sign: true, encrypt: true, hideSubject: true, inReplyTo: null, references: [], threadId: null,
    };
    const seen: { entity: string; to: string[] }[] = [];
    const out = await buildOutgoing(
      draft,
      {
        sign: async (e) => e,
        encrypt: async (e, to) => (seen.push({ entity: new TextDecoder().decode(e), to }), utf8('Content-Type: application/pkcs7-mime\r\n\r\nX')),
      },
      { opaqueSigning: false, skip: [] },
    );
    expect(out.copies.map((c) => c.key)).toEqual(['main', 'bcc:hidden@x.example']);
    expect(seen.map((s) => s.to)).toEqual([['a@x.example'], ['hidden@x.example']]);
    for (const s of seen) expect(s.entity).not.toContain('hidden@');
    const main = new TextDecoder().decode(out.copies[0].raw);
    const copy = new TextDecoder().decode(out.copies[1].raw);
    expect(main).not.toContain('hidden@');
    expect(copy).toMatch(/^Bcc: hidden@x\.example\r$/m);
    expect(copy).not.toMatch(/^(To|Cc):/m);
    // Skipping what was sent before builds only the rest.
    const again = await buildOutgoing(draft, { sign: async (e) => e, encrypt: async () => utf8('X') }, { opaqueSigning: false, skip: ['main'], messageId: out.messageId, date: out.date });
    expect(again.copies.map((c) => c.key)).toEqual(['bcc:hidden@x.example']);
  });
});
