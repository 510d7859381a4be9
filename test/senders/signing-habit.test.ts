// The signing habit and first contact, learnt in the address book from verified signed messages only.
import { describe, expect, it } from 'vitest';
import { summarizeCertificate } from '../../src/crypto/x509/summarize-certificate';
import { harvestSigner, getContact } from '../../src/background/keystore/contacts';
import { HABIT_MIN_SIGNED, normallySigned } from '../../src/background/senders/signing-habit';
import { cert, FakeClock, openTestKeystore } from '../keystore/harness';

const BANK = 'notices@bank.example';
const digest = (n: number) => n.toString(16).padStart(64, '0');

describe('signing habit', () => {
  it('three distinct signed messages make a sender one that normally signs; re-reading one counts once', async () => {
    const ks = await openTestKeystore(new FakeClock());
    const c = await cert('Bank', [BANK], '2026-01-01', '2027-01-01');
    const summary = await summarizeCertificate(c.der);
    const read = (n: number) => harvestSigner(ks, { certificateDer: c.der, summary, trust: 'trusted', message: { digest: digest(n), from: [BANK] } });
    const first = await read(1);
    expect(first[0].firstSignedMessage).toBe(true);
    expect((await read(1))[0].firstSignedMessage).toBe(true); // the same first message, opened again
    expect((await read(2))[0].firstSignedMessage).toBeUndefined();
    expect(normallySigned((await getContact(ks, BANK))!.signing)).toBe(false);
    await read(2);
    await read(3);
    const signing = (await getContact(ks, BANK))!.signing;
    expect(signing.signedMessages).toBe(HABIT_MIN_SIGNED);
    expect(normallySigned(signing)).toBe(true);
    expect(normallySigned({ ...signing, unsignedDismissedAt: '2026-06-01T00:00:00Z' })).toBe(false);
  });

  it('a message whose From is another address of the certificate teaches nothing about this one', async () => {
    const ks = await openTestKeystore(new FakeClock());
    const c = await cert('Bank', [BANK, 'other@bank.example'], '2026-01-01', '2027-01-01');
    const summary = await summarizeCertificate(c.der);
    for (let i = 0; i < 4; i++) await harvestSigner(ks, { certificateDer: c.der, summary, trust: 'trusted', message: { digest: digest(i), from: ['other@bank.example'] } });
    expect((await getContact(ks, BANK))!.signing.signedMessages).toBe(0);
    expect(normallySigned((await getContact(ks, 'other@bank.example'))!.signing)).toBe(true);
  });

  it('no counted message without a verified message (e.g. only a certificate)', async () => {
    const ks = await openTestKeystore(new FakeClock());
    const c = await cert('Bank', [BANK], '2026-01-01', '2027-01-01');
    for (let i = 0; i < 4; i++) await harvestSigner(ks, { certificateDer: c.der, summary: await summarizeCertificate(c.der), trust: 'trusted' });
    expect(normallySigned((await getContact(ks, BANK))!.signing)).toBe(false);
    expect(normallySigned(undefined)).toBe(false);
  });
});
