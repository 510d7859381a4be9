// Address book: harvest from verified signers, certificate-change detection, the trusted-never-replaced-by-
// untrusted rule, bounds, trust anchors, and expiry warnings.
import { describe, expect, it } from 'vitest';
import { summarizeCertificate } from '../../src/crypto/x509/summarize-certificate';
import { harvestSigner, getContact, MAX_CERTIFICATES_PER_ADDRESS, type VerifiedSigner } from '../../src/background/keystore/contacts';
import { listExpiring } from '../../src/background/keystore/expiry';
import { importIdentity } from '../../src/background/keystore/identities';
import { certificateId } from '../../src/background/keystore/keystore';
import { addTrustAnchor, listTrustAnchors, removeTrustAnchor } from '../../src/background/keystore/trust-anchors';
import type { TestCert } from './make-cert';
import { cert, FakeClock, identityOf, openTestKeystore } from './harness';

async function signer(c: TestCert, trust: VerifiedSigner['trust'] = 'trusted', capabilities?: VerifiedSigner['capabilities']): Promise<VerifiedSigner> {
  return { certificateDer: c.der, summary: await summarizeCertificate(c.der), trust, capabilities };
}

describe('contacts (harvest)', () => {
  it('adds a signer under each address, then reports unchanged, then a changed certificate', async () => {
    const clock = new FakeClock();
    const ks = await openTestKeystore(clock);
    const bob1 = await cert('Bob', ['Bob@Example.com', 'bob@home.example'], '2026-01-01', '2027-01-01');
    const bob2 = await cert('Bob new', ['bob@example.com'], '2026-05-01', '2027-05-01');
    const caps = [{ oid: '2.16.840.1.101.3.4.1.42', name: 'AES-256-CBC' }];

    const first = await harvestSigner(ks, await signer(bob1, 'trusted', caps));
    expect(first).toEqual([
      { address: 'bob@example.com', status: 'added', promoted: true, certificateChanged: false },
      { address: 'bob@home.example', status: 'added', promoted: true, certificateChanged: false },
    ]);
    clock.advance(1000);
    expect((await harvestSigner(ks, await signer(bob1)))[0]).toEqual({ address: 'bob@example.com', status: 'unchanged', promoted: false, certificateChanged: false });

    clock.advance(1000);
    const changed = await harvestSigner(ks, await signer(bob2, 'trusted'));
    expect(changed).toHaveLength(1);
    // A different CA while the known certificate is in force: reported, kept, but not made current (replies stay
    // with the certificate the sender had until the user removes it).
    expect(changed[0]).toMatchObject({ address: 'bob@example.com', status: 'changed', promoted: false, certificateChanged: true });
    expect(changed[0].previous!.commonName).toBe('Bob');

    const rec = (await getContact(ks, 'BOB@example.com'))!;
    expect(rec.current).toBe(await certificateId(bob1.der));
    expect(rec.certificates).toHaveLength(2);
    expect(rec.history.map((h) => [h.from === null ? null : 'x', h.promoted])).toEqual([
      [null, true],
      ['x', false],
    ]);
    // Capabilities were kept on the first certificate (the second signer announced none).
    const old = rec.certificates.find((c) => c.id === rec.history[0].to)!;
    expect(old.capabilities).toEqual(caps);
    expect(old.capabilitiesSeenAt).not.toBeNull();
    // The home address still has the old certificate only.
    expect((await getContact(ks, 'bob@home.example'))!.current).toBe(await certificateId(bob1.der));

    // Seeing the new certificate again is the same change, and still does not make it current.
    const again = await harvestSigner(ks, await signer(bob2));
    expect(again[0]).toMatchObject({ address: 'bob@example.com', status: 'known-again', promoted: false, certificateChanged: true });
    expect((await getContact(ks, 'bob@example.com'))!.current).toBe(await certificateId(bob1.der));
  });

  it('never lets an untrusted certificate replace a trusted one (kept and reported, not promoted)', async () => {
    const ks = await openTestKeystore();
    const bob = await cert('Bob', ['bob@example.com'], '2026-01-01', '2027-01-01');
    const mallory = await cert('Not Bob', ['bob@example.com'], '2026-01-01', '2027-01-01');
    await harvestSigner(ks, await signer(bob, 'trusted'));
    const r = await harvestSigner(ks, await signer(mallory, 'untrusted'));
    expect(r[0]).toMatchObject({ status: 'changed', promoted: false });
    const rec = (await getContact(ks, 'bob@example.com'))!;
    expect(rec.current).toBe(await certificateId(bob.der));
    expect(rec.history.at(-1)).toMatchObject({ to: await certificateId(mallory.der), promoted: false });
  });

  it('a replay of a trusted certificate without its chain does not downgrade it, so a look-alike cannot take over', async () => {
    const ks = await openTestKeystore(new FakeClock());
    const real = await cert('Bank', ['notices@bank.example'], '2026-01-01', '2027-01-01');
    const fake = await cert('Bank', ['notices@bank.example'], '2026-01-01', '2027-01-01');
    await harvestSigner(ks, await signer(real, 'trusted'));
    // Same certificate seen again in a mail stripped of its intermediates: verifies, but "untrusted".
    await harvestSigner(ks, await signer(real, 'untrusted'));
    const [replaced] = await harvestSigner(ks, await signer(fake, 'untrusted'));
    expect(replaced.promoted).toBe(false);
    const contact = await getContact(ks, 'notices@bank.example');
    expect(contact?.current).toBe(await certificateId(real.der));
    expect(contact?.certificates.find((c) => c.id === contact.current)?.trust).toBe('trusted');
  });

  it('bounds the certificates kept per address', async () => {
    const ks = await openTestKeystore();
    for (let i = 0; i < MAX_CERTIFICATES_PER_ADDRESS + 3; i++) {
      await harvestSigner(ks, await signer(await cert(`Spam ${i}`, ['victim@example.com'], '2026-01-01', '2027-01-01'), 'untrusted'));
    }
    const rec = (await getContact(ks, 'victim@example.com'))!;
    expect(rec.certificates).toHaveLength(MAX_CERTIFICATES_PER_ADDRESS);
    expect(rec.certIds).toEqual(rec.certificates.map((c) => c.id));
    expect(rec.certificates.some((c) => c.id === rec.current)).toBe(true);
  });
});

describe('trust anchors', () => {
  it('adds once, lists, removes', async () => {
    const ks = await openTestKeystore();
    const root = await cert('My Root', [], '2020-01-01', '2040-01-01');
    expect((await addTrustAnchor(ks, root.der)).status).toBe('added');
    expect((await addTrustAnchor(ks, root.der)).status).toBe('already-present');
    expect(await listTrustAnchors(ks)).toHaveLength(1);
    const id = await certificateId(root.der);
    expect(await removeTrustAnchor(ks, id)).toBe(true);
    expect(await removeTrustAnchor(ks, id)).toBe(false);
    expect(await listTrustAnchors(ks)).toHaveLength(0);
  });
});

describe('expiry', () => {
  it('lists identities and contacts expiring within the window, skipping renewed identities', async () => {
    const clock = new FakeClock(Date.parse('2026-06-01T00:00:00Z'));
    const ks = await openTestKeystore(clock);
    const soon = await cert('Alice soon', ['alice@example.com'], '2025-06-01', '2026-06-20T00:00:00Z');
    const later = await cert('Dave', ['dave@example.com'], '2026-01-01', '2026-12-01');
    const expired = await cert('Old', ['old@example.com'], '2025-01-01', '2026-05-01');
    const erinOld = await cert('Erin old', ['erin@example.com'], '2025-06-01', '2026-06-10');
    const erinNew = await cert('Erin new', ['erin@example.com'], '2026-05-20', '2027-06-10');
    for (const c of [soon, later, expired, erinOld, erinNew]) await importIdentity(ks, identityOf(c));
    const bob = await cert('Bob', ['bob@example.com'], '2025-01-01', '2026-06-15T12:00:00Z');
    await harvestSigner(ks, await signer(bob));

    const entries = await listExpiring(ks, 30);
    expect(entries.map((e) => [e.kind, e.addresses[0], e.daysLeft])).toEqual([
      ['contact', 'bob@example.com', 14],
      ['identity', 'alice@example.com', 19],
    ]);
    expect(await listExpiring(ks, 10)).toHaveLength(0);
  });
});
