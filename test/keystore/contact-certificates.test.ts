// Contact certificates managed by the user: added from a .cer/.pem file (checked like a harvested signer and
// stored with its real trust), and deleted (the current one replaced by the preferred remaining one).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLERS, type BackgroundDeps } from '../../src/background/handlers';
import { realEngine } from '../../src/background/real-engine';
import { deleteContactCertificate, getContact, harvestSigner } from '../../src/background/keystore/contacts';
import { certificateId } from '../../src/background/keystore/keystore';
import { addTrustAnchor } from '../../src/background/keystore/trust-anchors';
import { checkCertificateFile } from '../../src/crypto/trust/check-certificate-file';
import { encodePem } from '../../src/crypto/x509/pem';
import { summarizeCertificate } from '../../src/crypto/x509/summarize-certificate';
import { makeBrPki, type BrPki } from '../helpers/br-pki';
import { cert, FakeClock, openTestKeystore } from './harness';

const caller = { kind: 'extension-page' as const, url: 'chrome-extension://x/options.html' };

describe('contact certificates from files', () => {
  let pki: BrPki;
  beforeAll(() => {
    pki = makeBrPki();
  });
  afterAll(() => pki.cleanup());

  async function deps() {
    const ks = await openTestKeystore(new FakeClock(Date.now() + 3600_000));
    return { ks, deps: { keystore: ks, engine: realEngine } as unknown as BackgroundDeps };
  }

  it('a PEM with the leaf (and its CA) is checked: trusted when the user trusts the CA, stored under its address', async () => {
    const leaf = pki.leaf('file-ok', 'hanako@corp.example', '/CN=Hanako');
    const { ks, deps: d } = await deps();
    await addTrustAnchor(ks, pki.rootDer);
    const pem = new TextEncoder().encode(encodePem(leaf.der) + encodePem(pki.rootDer));
    const r = await HANDLERS['import-contact-certificate'](d, { certificate: pem }, caller);
    expect(r).toMatchObject({ addresses: ['hanako@corp.example'], trust: 'trusted' });
    const c = await getContact(ks, 'hanako@corp.example');
    expect(c?.current).toBe(await certificateId(leaf.der));
    expect(c?.certificates[0].trust).toBe('trusted');
    expect(c?.signing.signedMessages).toBe(0); // a file is not a signed message
  });

  it('a DER from an unknown CA is stored as not trusted, and never replaces a trusted certificate', async () => {
    const good = pki.leaf('file-good', 'bob@corp.example', '/CN=Bob');
    const other = makeBrPki();
    try {
      const fake = other.leaf('file-fake', 'bob@corp.example', '/CN=Bob');
      const { ks, deps: d } = await deps();
      await addTrustAnchor(ks, pki.rootDer);
      await HANDLERS['import-contact-certificate'](d, { certificate: good.der }, caller);
      const r = await HANDLERS['import-contact-certificate'](d, { certificate: fake.der }, caller);
      expect(r.trust).toBe('untrusted');
      expect((await getContact(ks, 'bob@corp.example'))?.current).toBe(await certificateId(good.der));
    } finally {
      other.cleanup();
    }
  });

  it('refuses files that are not one person’s certificate', async () => {
    const now = new Date();
    await expect(checkCertificateFile(new TextEncoder().encode('hello'), { now })).rejects.toMatchObject({ code: 'malformed' });
    await expect(checkCertificateFile(pki.rootDer, { now })).rejects.toMatchObject({ code: 'invalid-argument' });
  });
});

describe('deleting contact certificates', () => {
  it('deletes one; the current one falls back to the preferred remaining; the last one forgets the contact', async () => {
    const ks = await openTestKeystore(new FakeClock());
    const a = await cert('Bank', ['n@bank.example'], '2026-01-01', '2027-01-01');
    const b = await cert('Bank', ['n@bank.example'], '2026-04-01', '2027-04-01');
    for (const c of [a, b]) await harvestSigner(ks, { certificateDer: c.der, summary: await summarizeCertificate(c.der), trust: 'trusted' });
    const idA = await certificateId(a.der);
    const idB = await certificateId(b.der);
    expect((await getContact(ks, 'n@bank.example'))?.current).toBe(idB);
    expect(await deleteContactCertificate(ks, 'n@bank.example', idB)).toBe(true);
    const after = await getContact(ks, 'n@bank.example');
    expect(after?.current).toBe(idA);
    expect(after?.certIds).toEqual([idA]);
    expect(await deleteContactCertificate(ks, 'n@bank.example', idB)).toBe(false);
    expect(await deleteContactCertificate(ks, 'n@bank.example', idA)).toBe(true);
    expect(await getContact(ks, 'n@bank.example')).toBeUndefined();
  });
});
