// The content scripts' one look-up: minimal answers (one resembling address, one habit bit), read-only, and
// a look-alike that got into the address book with its own signed mail stays a look-alike.
import { describe, expect, it } from 'vitest';
import { summarizeCertificate } from '../../src/crypto/x509/summarize-certificate';
import { harvestSigner, getContact } from '../../src/background/keystore/contacts';
import { dismissSignatureMissing, senderSignals } from '../../src/background/senders/sender-signals';
import { LookupBudget } from '../../src/background/senders/lookup-budget';
import { cert, FakeClock, openTestKeystore } from '../keystore/harness';

const BANK = 'notices@demo-bank.example';
const digest = (n: number) => n.toString(16).padStart(64, '0');

async function bankBook(signed = 3) {
  const clock = new FakeClock();
  const ks = await openTestKeystore(clock);
  const c = await cert('Bank', [BANK], '2026-01-01', '2027-01-01');
  for (let i = 0; i < signed; i++) {
    await harvestSigner(ks, { certificateDer: c.der, summary: await summarizeCertificate(c.der), trust: 'trusted', message: { digest: digest(i), from: [BANK] } });
  }
  return { ks, clock };
}

describe('sender-signals', () => {
  it('unsigned mail from a sender who normally signs: signature missing; signed mail from them: nothing', async () => {
    const { ks } = await bankBook(3);
    expect(await senderSignals(ks, 'Notices@Demo-Bank.example', false)).toEqual({ signatureMissing: true });
    expect(await senderSignals(ks, BANK, true)).toEqual({ signatureMissing: false });
  });

  it('two signed messages are not yet a habit', async () => {
    const { ks } = await bankBook(2);
    expect(await senderSignals(ks, BANK, false)).toEqual({ signatureMissing: false });
  });

  it('asking about unsigned mail changes nothing in the address book (a page cannot unlearn the habit)', async () => {
    const { ks } = await bankBook(3);
    const before = await getContact(ks, BANK);
    for (let i = 0; i < 20; i++) await senderSignals(ks, BANK, false);
    expect(await getContact(ks, BANK)).toEqual(before);
    expect((await senderSignals(ks, BANK, false)).signatureMissing).toBe(true);
  });

  it('dismiss switches the warning off for that address only', async () => {
    const { ks } = await bankBook(3);
    expect(await dismissSignatureMissing(ks, BANK)).toBe(true);
    expect(await senderSignals(ks, BANK, false)).toEqual({ signatureMissing: false });
    expect(await dismissSignatureMissing(ks, 'stranger@example.org')).toBe(false);
    expect(await getContact(ks, 'stranger@example.org')).toBeUndefined();
  });

  it('a look-alike is named with the one known address it imitates, and stays one after its own mail is harvested', async () => {
    const { ks, clock } = await bankBook(1);
    expect(await senderSignals(ks, 'notices@dem0-bank.example', false)).toEqual({
      signatureMissing: false,
      lookalike: { known: BANK, reason: 'digit-swap' },
    });
    clock.advance(60_000);
    const fake = await cert('Demo Bank', ['notices@dem0-bank.example'], '2026-01-01', '2027-01-01');
    await harvestSigner(ks, { certificateDer: fake.der, summary: await summarizeCertificate(fake.der), trust: 'trusted', message: { digest: digest(9), from: ['notices@dem0-bank.example'] } });
    expect((await senderSignals(ks, 'notices@dem0-bank.example', true)).lookalike).toEqual({ known: BANK, reason: 'digit-swap' });
    // The older, genuine address is not a look-alike of the newcomer.
    expect((await senderSignals(ks, BANK, true)).lookalike).toBeUndefined();
  });

  it('an unrelated sender gets an empty answer that says nothing about the address book', async () => {
    const { ks } = await bankBook(3);
    expect(await senderSignals(ks, 'friend@example.org', false)).toEqual({ signatureMissing: false });
  });
});

describe('lookup budget', () => {
  it('allows the limit per site and window, then refuses until the window moves on', () => {
    let now = 0;
    const b = new LookupBudget(() => now, 3, 1000);
    const gmail = 'https://mail.google.com';
    expect([b.take(gmail), b.take(gmail), b.take(gmail), b.take(gmail)]).toEqual([true, true, true, false]);
    expect(b.take('https://outlook.office.com')).toBe(true); // another site has its own budget
    now = 1001;
    expect(b.take(gmail)).toBe(true);
  });
});

describe('sender context for Details (same facts as the bar, nothing written)', () => {
  it('certificate changed by time, look-alike and first contact, as the read view saw them', async () => {
    const { senderContext } = await import('../../src/background/senders/sender-context');
    const { verdictWithSender } = await import('../../src/content/verdict');
    const { ks } = await bankBook(1);
    const bank2 = await cert('Other CA', [BANK], '2026-03-01', '2027-03-01');
    const summary = await summarizeCertificate(bank2.der);
    await harvestSigner(ks, { certificateDer: bank2.der, summary, trust: 'trusted', seenAt: '2026-06-01T00:00:00Z' });
    const before = await getContact(ks, BANK);
    const verify = {
      signature: 'valid' as const,
      trust: 'trusted' as const,
      sender: 'match' as const,
      coverage: 'full' as const,
      form: 'multipart-signed' as const,
      warnings: [],
      from: [BANK],
      signers: [{ status: 'valid' as const, certificate: summary, certificateDer: bank2.der, signingTime: '2026-06-01T00:00:00Z', digestAlgorithm: 'SHA-256', signatureAlgorithm: 'ECDSA', trust: 'trusted' as const, trustReasons: [], chain: [], revocation: 'unknown' as const }],
    };
    const ctx = await senderContext(ks, verify);
    expect(ctx).toEqual({ signals: { signatureMissing: false }, certificateChanged: true });
    expect(verdictWithSender(verify, ctx).kind).toBe('certificate-changed');
    expect(await getContact(ks, BANK)).toEqual(before); // read-only
    // A signing time the signer back-dated to before any known certificate does not hide it (review H3).
    const backdated = { ...verify, signers: [{ ...verify.signers[0], signingTime: '1990-01-01T00:00:00Z' }] };
    expect((await senderContext(ks, backdated)).certificateChanged).toBe(true);
    const look = await senderContext(ks, { ...verify, from: ['notices@dem0-bank.example'], sender: 'mismatch' });
    expect(look.signals?.lookalike).toEqual({ known: BANK, reason: 'digit-swap' });
    expect(verdictWithSender({ ...verify, from: ['notices@dem0-bank.example'] }, look).kind).toBe('lookalike');
  });
});
