// Real-world chains from the corpus: Thunderbird's NSS test PKI (user root) and the Johnny-fired
// GlobalSign certificates (bundled Mozilla root, expired since).
import { describe, expect, it } from 'vitest';
import { validateChain } from '../../src/crypto/trust/validate-chain';
import { certificateDer } from '../../src/crypto/x509/parse-certificate';
import { summarizeCertificate } from '../../src/crypto/x509/summarize-certificate';
import { hasCorpus, readCorpus } from '../helpers/corpus';
import { p12Certs } from '../x509/corpus-certs';

const NOW = new Date('2026-11-01T00:00:00Z');

describe.skipIf(!hasCorpus)('Thunderbird NSS test PKI', () => {
  const testCa = certificateDer(readCorpus('thunderbird', 'tb-smime', 'TestCA.pem'));

  it('Alice is trusted with TestCA as a user root', async () => {
    const [alice] = p12Certs('thunderbird/tb-smime/Alice.p12', 'nss');
    const r = await validateChain({ leaf: alice, candidates: [], userRoots: [testCa], now: NOW, purpose: 'smime-sign' });
    expect(r.reasons).toEqual([]);
    expect(r.status).toBe('trusted');
    expect(r.anchor).toBe('user');
    expect(r.chain).toEqual([alice, testCa]);
    expect((await validateChain({ leaf: alice, candidates: [], userRoots: [testCa], now: NOW, purpose: 'smime-encrypt' })).status).toBe('trusted');
  });

  it('Alice is untrusted with only the bundled Mozilla roots, even when the message carries TestCA', async () => {
    const [alice] = p12Certs('thunderbird/tb-smime/Alice.p12', 'nss');
    const r = await validateChain({ leaf: alice, candidates: [testCa], now: NOW, purpose: 'smime-sign' });
    expect(r.status).toBe('untrusted');
    expect(r.anchor).toBeUndefined();
  });

  it('Alice-ec (P-384) does not chain to the RSA test CA', async () => {
    const [aliceEc, ecCa] = p12Certs('thunderbird/tb-smime/Alice-ec.p12', 'nss');
    expect((await validateChain({ leaf: aliceEc, candidates: [], userRoots: [testCa], now: NOW, purpose: 'smime-sign' })).status).toBe('untrusted');
    expect((await validateChain({ leaf: aliceEc, candidates: [], userRoots: [ecCa], now: NOW, purpose: 'smime-sign' })).status).toBe('trusted');
  });
});

describe.skipIf(!hasCorpus)('Johnny-fired GlobalSign certificates with bundled roots', () => {
  const cert = (n: string): Uint8Array => certificateDer(readCorpus('johnny-fired', 'assets', 'certificates', n));
  const manager = cert('manager@bigcorporation.crt');
  const intermediate = cert('intermediate_ca.crt');
  const signedAt = new Date('2019-03-01T12:00:00Z');

  it('trusted at the 2019 signing time via GlobalSign Root CA - R3, with certificate-expired-now', async () => {
    const r = await validateChain({ leaf: manager, candidates: [intermediate], signingTime: signedAt, now: NOW, purpose: 'smime-sign' });
    expect(r.reasons).toEqual([]);
    expect(r.status).toBe('trusted');
    expect(r.anchor).toBe('bundled');
    expect(r.chain).toHaveLength(3);
    expect((await summarizeCertificate(r.chain[2])).subject).toBe('CN=GlobalSign,O=GlobalSign,OU=GlobalSign Root CA - R3');
    expect(r.warnings.map((w) => w.code)).toContain('certificate-expired-now');
  });

  it('expired without a signing time; untrusted without the intermediate or the bundled roots', async () => {
    expect((await validateChain({ leaf: manager, candidates: [intermediate], now: NOW, purpose: 'smime-sign' })).status).toBe('expired');
    expect((await validateChain({ leaf: manager, candidates: [], signingTime: signedAt, now: NOW, purpose: 'smime-sign' })).status).toBe('untrusted');
    expect(
      (await validateChain({ leaf: manager, candidates: [intermediate], signingTime: signedAt, now: NOW, purpose: 'smime-sign', useBundledRoots: false })).status,
    ).toBe('untrusted');
  });

  it('eve (the attacker) is just as trusted: trust says nothing about the From address', async () => {
    const eve = cert('eve@bigcorporation.crt');
    const r = await validateChain({ leaf: eve, candidates: [intermediate], signingTime: signedAt, now: NOW, purpose: 'smime-sign' });
    expect(r.status).toBe('trusted');
  });

  it('a flipped byte in the intermediate signature breaks the chain', async () => {
    const bad = intermediate.slice();
    bad[bad.length - 10] ^= 0x01;
    const r = await validateChain({ leaf: manager, candidates: [bad], signingTime: signedAt, now: NOW, purpose: 'smime-sign' });
    expect(r.status).toBe('untrusted');
  });
});
