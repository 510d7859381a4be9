// "This sender's certificate changed" by time, through the real address book: a bank's yearly renewal read newest
// first flags nothing, every certificate gets one verdict whatever the reading order, and a certificate from another
// CA while the known one is in force is flagged on every message.
import { describe, expect, it } from 'vitest';
import { summarizeCertificate } from '../../src/crypto/x509/summarize-certificate';
import { harvestSigner, getContact } from '../../src/background/keystore/contacts';
import { certificateId } from '../../src/background/keystore/keystore';
import { changedFrom, judgedSigningTime } from '../../src/background/senders/certificate-change';
import type { TestCert } from '../keystore/make-cert';
import { cert, FakeClock, openTestKeystore } from '../keystore/harness';
import type { TrustStatus } from '../../src/crypto/types';

const BANK = 'notices@bank.example';

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

interface Mail {
  name: string;
  cert: TestCert;
  trust: TrustStatus;
  signedAt: string;
}

async function readInOrder(mails: Mail[]): Promise<Record<string, boolean>> {
  const ks = await openTestKeystore(new FakeClock(Date.parse('2027-06-01T00:00:00Z')));
  const out: Record<string, boolean> = {};
  for (const m of mails) {
    const [r] = await harvestSigner(ks, { certificateDer: m.cert.der, summary: await summarizeCertificate(m.cert.der), trust: m.trust, seenAt: m.signedAt });
    out[m.name] = r.certificateChanged === true;
  }
  return out;
}

describe('certificate change by time', () => {
  it('yearly renewal by the same CA: no message is flagged in any reading order, and the newest stays current', async () => {
    // Same issuer name = the same CA (makeCert self-signs, so the subject CN is the issuer).
    const y1 = await cert('Bank', [BANK], '2025-04-01', '2026-05-01');
    const y2 = await cert('Bank', [BANK], '2026-04-01', '2027-05-01'); // issued a month before y1 ends
    const mails: Mail[] = [
      { name: 'old-1', cert: y1, trust: 'expired', signedAt: '2025-06-01T00:00:00Z' },
      { name: 'old-2', cert: y1, trust: 'expired', signedAt: '2026-04-20T00:00:00Z' }, // in the overlap
      { name: 'new-1', cert: y2, trust: 'trusted', signedAt: '2026-04-15T00:00:00Z' },
      { name: 'new-2', cert: y2, trust: 'trusted', signedAt: '2027-01-10T00:00:00Z' },
    ];
    for (const order of permutations(mails)) {
      expect(await readInOrder(order)).toEqual({ 'old-1': false, 'old-2': false, 'new-1': false, 'new-2': false });
    }
    const ks = await openTestKeystore(new FakeClock(Date.parse('2027-06-01T00:00:00Z')));
    for (const m of [...mails].reverse()) {
      await harvestSigner(ks, { certificateDer: m.cert.der, summary: await summarizeCertificate(m.cert.der), trust: m.trust, seenAt: m.signedAt });
    }
    expect((await getContact(ks, BANK))!.current).toBe(await certificateId(y2.der));
  });

  it('another CA while the bank certificate is in force: flagged on every message once the bank certificate is known', async () => {
    const bank = await cert('Bank', [BANK], '2026-01-01', '2027-01-01');
    const other = await cert('Look-alike CA', [BANK], '2026-05-01', '2027-05-01');
    const mails: Mail[] = [
      { name: 'bank', cert: bank, trust: 'trusted', signedAt: '2026-03-01T00:00:00Z' },
      { name: 'other-1', cert: other, trust: 'trusted', signedAt: '2026-06-01T00:00:00Z' },
      { name: 'other-2', cert: other, trust: 'trusted', signedAt: '2026-07-01T00:00:00Z' },
    ];
    for (const order of permutations(mails)) {
      const got = await readInOrder(order);
      expect(got.bank).toBe(false); // the older certificate is never the change
      const bankIndex = order.findIndex((m) => m.name === 'bank');
      for (const [i, m] of order.entries()) if (m.name !== 'bank') expect(got[m.name]).toBe(i > bankIndex);
    }
  });

  it('an untrusted certificate beside a trusted one in force is always a change, older or not', async () => {
    const bank = await cert('Bank', [BANK], '2026-01-01', '2027-01-01');
    const fake = await cert('Bank', [BANK], '2025-01-01', '2028-01-01'); // back-dated, same name
    const s = async (c: TestCert, trust: TrustStatus) => ({ id: await certificateId(c.der), summary: await summarizeCertificate(c.der), trust });
    const known = [await s(bank, 'trusted')];
    expect(changedFrom(await s(fake, 'untrusted'), known, '2026-06-01T00:00:00Z')?.id).toBe(known[0].id);
    // After the bank certificate ends nothing is in force, so there is nothing to depart from.
    expect(changedFrom(await s(fake, 'untrusted'), known, '2027-06-01T00:00:00Z')).toBeUndefined();
  });
});

describe('a signing time the signer chose cannot hide a change (review H3)', () => {
  const NOW = '2026-12-01T00:00:00Z';
  const harvest = async (ks: Awaited<ReturnType<typeof openTestKeystore>>, c: TestCert, trust: TrustStatus, seenAt?: string) =>
    (await harvestSigner(ks, { certificateDer: c.der, summary: await summarizeCertificate(c.der), trust, seenAt }))[0];

  it('another CA back-dated to 1990 or dated after now: flagged, and the bank certificate stays current', async () => {
    const bank = await cert('Bank', [BANK], '2026-01-01', '2027-01-01');
    const other = await cert('Other Public CA', [BANK], '2026-11-01', '2027-11-01');
    for (const claimed of ['1990-01-01T00:00:00Z', '2027-06-01T00:00:00Z', 'not a date']) {
      const ks = await openTestKeystore(new FakeClock(Date.parse(NOW)));
      await harvest(ks, bank, 'trusted', '2026-03-01T00:00:00Z');
      const r = await harvest(ks, other, 'trusted', claimed);
      expect(r).toMatchObject({ certificateChanged: true, promoted: false });
      expect((await getContact(ks, BANK))!.current).toBe(await certificateId(bank.der));
    }
  });

  it('an honest time that shows a change: flagged and not made current either', async () => {
    const ks = await openTestKeystore(new FakeClock(Date.parse(NOW)));
    const bank = await cert('Bank', [BANK], '2026-01-01', '2027-01-01');
    const other = await cert('Other Public CA', [BANK], '2026-11-01', '2027-11-01');
    await harvest(ks, bank, 'trusted', '2026-03-01T00:00:00Z');
    expect(await harvest(ks, other, 'trusted', '2026-11-20T00:00:00Z')).toMatchObject({ certificateChanged: true, promoted: false });
    expect((await getContact(ks, BANK))!.current).toBe(await certificateId(bank.der));
  });

  it('a same-CA renewal with an unbelievable time is kept but not made current; with a believable or no time it is', async () => {
    const y1 = await cert('Bank', [BANK], '2026-01-01', '2027-01-01');
    const y2 = await cert('Bank', [BANK], '2026-11-01', '2027-12-01');
    for (const [claimed, promoted] of [['1990-01-01T00:00:00Z', false], ['2026-11-15T00:00:00Z', true], [undefined, true]] as const) {
      const ks = await openTestKeystore(new FakeClock(Date.parse(NOW)));
      await harvest(ks, y1, 'trusted', '2026-03-01T00:00:00Z');
      expect(await harvest(ks, y2, 'trusted', claimed)).toMatchObject({ certificateChanged: false, promoted });
      expect((await getContact(ks, BANK))!.current).toBe(await certificateId((promoted ? y2 : y1).der));
    }
  });

  it('the genuine older bank mail (previous certificate, its own time) read after the newer one is still not flagged', async () => {
    const ks = await openTestKeystore(new FakeClock(Date.parse(NOW)));
    const y1 = await cert('Bank', [BANK], '2025-12-01', '2026-12-31');
    const y2 = await cert('Other Public CA', [BANK], '2026-11-01', '2027-11-01'); // the bank moved CA at renewal
    expect(await harvest(ks, y2, 'trusted', '2026-11-20T00:00:00Z')).toMatchObject({ certificateChanged: false });
    expect(await harvest(ks, y1, 'trusted', '2026-06-01T00:00:00Z')).toMatchObject({ certificateChanged: false, promoted: false });
    expect((await getContact(ks, BANK))!.current).toBe(await certificateId(y2.der));
  });

  it('judgedSigningTime believes only a time inside the certificate and not after now', async () => {
    const c = await summarizeCertificate((await cert('Bank', [BANK], '2026-01-01', '2027-01-01')).der);
    expect(judgedSigningTime(c, '2026-06-01T00:00:00Z', NOW)).toEqual({ at: '2026-06-01T00:00:00Z', believable: true });
    expect(judgedSigningTime(c, undefined, NOW)).toEqual({ at: NOW, believable: true });
    expect(judgedSigningTime(c, '1990-01-01T00:00:00Z', NOW)).toEqual({ at: NOW, believable: false });
    expect(judgedSigningTime(c, '2026-12-02T00:00:00Z', NOW)).toEqual({ at: NOW, believable: false }); // after now
    expect(judgedSigningTime(c, 'garbage', NOW)).toEqual({ at: NOW, believable: false });
  });
});
