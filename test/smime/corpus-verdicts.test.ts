// Every signed message in the shared corpus against the verdict a careful client should show.
// The expectations are written out here, file by file or by an explicit naming rule, so a change in
// any verdict fails a test. Clocks are fixed so certificate expiry does not move the results.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusPath, hasCorpus, readCorpus } from '../helpers/corpus';
import { verifyMessage, type VerifyMessageOptions } from '../../src/crypto/smime/verify-message';
import { pemToDer } from '../../src/crypto/base64';
import type { Coverage, SenderStatus, SignatureStatus, TrustStatus, VerifyResult } from '../../src/crypto/types';

type Expect = [SignatureStatus, TrustStatus | '*', SenderStatus | '*', Coverage, ...string[]];

function pems(...parts: string[]): Uint8Array[] {
  return pemToDer(readFileSync(corpusPath(...parts), 'utf8'));
}

async function check(file: string[], opts: VerifyMessageOptions, [signature, trust, sender, coverage, ...warnings]: Expect): Promise<VerifyResult> {
  const r = await verifyMessage(readCorpus(...file), opts);
  const got = { signature: r.signature, trust: trust === '*' ? '*' : r.trust, sender: sender === '*' ? '*' : r.sender, coverage: r.coverage };
  expect(got, `${file.join('/')}: ${r.reason ?? ''}`).toEqual({ signature, trust, sender, coverage });
  for (const w of warnings) expect(r.warnings.map((x) => x.code), `${file.join('/')} warnings`).toContain(w);
  if (signature !== 'valid') expect(r.reason, 'a non-valid verdict says why').toBeTruthy();
  return r;
}

/** The one thing a spoof must never get: the full green verdict. */
function fullyGood(r: VerifyResult): boolean {
  return r.signature === 'valid' && r.trust === 'trusted' && r.sender === 'match' && r.coverage === 'full';
}

describe.skipIf(!hasCorpus)('Thunderbird NSS test messages (tb-smime)', () => {
  const dir = ['thunderbird', 'tb-smime'];
  const opts = (): VerifyMessageOptions => ({ userRoots: pems(...dir, 'TestCA.pem'), now: new Date('2026-06-01T00:00:00Z') });
  const files = hasCorpus ? readdirSync(corpusPath(...dir)).filter((f) => f.endsWith('.eml')).sort() : [];

  // Naming rules from thunderbird/README.txt: bad = altered after signing, mismatch-econtent = p7s carrying other
  // content, env.dsig = enveloped then clear-signed (the outer signature does not match, OpenSSL agrees), *.env
  // alone = encrypted (nothing to verify without the key), dave = re-signed by Dave, who is the From.
  function expected(f: string): Expect {
    const weak = /SHA1/.test(f) ? ['weak-digest'] : [];
    if (/\.bad\.eml$|mismatch-econtent/.test(f)) return ['invalid', 'trusted', 'match', 'full', ...weak];
    if (/^alice\.env\.dsig\.SHA\d+\.multipart\.eml$/.test(f)) return ['invalid', 'trusted', 'match', 'full'];
    if (/\.env\.eml$|^alice\.env\.eml$/.test(f)) return ['none', 'unknown', 'unknown', 'none'];
    if (/dave/.test(f)) return ['valid', 'trusted', 'match', 'full', 'nested-signature', ...weak];
    return ['valid', 'trusted', 'match', 'full', ...weak];
  }

  it('covers the directory', () => {
    expect(files.length).toBeGreaterThanOrEqual(66);
  });

  for (const f of files) {
    it(f, async () => {
      await check([...dir, f], opts(), expected(f));
    });
  }

  it('without the test CA, the same good message is untrusted, not valid+trusted', async () => {
    await check([...dir, 'alice.dsig.SHA256.multipart.eml'], { now: new Date('2026-06-01T00:00:00Z') }, ['valid', 'untrusted', 'match', 'full']);
  });

  it('reports the signer, algorithms and signing time', async () => {
    const r = await check([...dir, 'alice.dsig.SHA256.multipart.eml'], opts(), ['valid', 'trusted', 'match', 'full']);
    expect(r.signers).toHaveLength(1);
    const s = r.signers[0];
    expect(s.certificate?.emails).toEqual(['Alice@example.com']);
    expect(s.digestAlgorithm).toBe('SHA-256');
    expect(s.signatureAlgorithm).toMatch(/RSA PKCS#1 v1\.5/);
    expect(s.signingTime).toMatch(/^2026-01-26T/);
    expect(s.chain.length).toBe(2);
    expect(s.revocation).toBe('unknown');
  });

  it('a certificate that expired since signing is reported as expired', async () => {
    await check([...dir, 'alice.dsig.SHA256.multipart.eml'], { ...opts(), now: new Date('2031-06-01T00:00:00Z') }, ['valid', 'expired', 'match', 'full', 'certificate-expired-now']);
  });
});

describe.skipIf(!hasCorpus)('Thunderbird UI and hand-made messages', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const browser = (): VerifyMessageOptions => ({ userRoots: pems('thunderbird', 'tb-browser-smime', 'TestCA.pem'), now });
  const manual = (): VerifyMessageOptions => ({ userRoots: pems('thunderbird', 'tb-smime', 'TestCA.pem'), now });
  const cases: Array<[string[], () => VerifyMessageOptions, Expect]> = [
    [['tb-browser-smime', 'alice.dsig.SHA256.multipart.in.mixed.eml'], browser, ['valid', 'trusted', 'match', 'partial', 'partial-coverage']],
    [['tb-browser-smime', 'alice.dsig.SHA256.multipart.in.mixed.with.header.eml'], browser, ['valid', 'trusted', 'match', 'partial', 'partial-coverage']],
    [['tb-browser-smime', 'alice.sig.SHA256.opaque.eml'], browser, ['valid', 'trusted', 'match', 'full']],
    [['tb-browser-smime', 'alice.html.sig.SHA256.opaque.eml'], browser, ['valid', '*', 'match', 'full']],
    [['tb-browser-smime', 'multipart-alternative.eml'], browser, ['none', 'unknown', 'unknown', 'none']],
    // Outer signature made over other content (OpenSSL: verification failure too).
    [['tb-browser-smime', 'nested-sigs.eml'], browser, ['invalid', '*', '*', 'full']],
    [['tb-smime-manual', 'alice.dsig.SHA256.multipart.env.dsig.eml'], manual, ['invalid', 'trusted', 'match', 'full']],
    [['tb-smime-manual', 'alice.env.mixed.dsig.SHA256.multipart.eml'], manual, ['invalid', '*', 'match', 'full']],
    [['tb-smime-manual', 'outer-smime-bad-sig-inner-smime-enc.eml'], manual, ['invalid', '*', 'match', 'full']],
    [['tb-smime-manual', 'outer-pgp-sig-inner-smime-enc.eml'], manual, ['none', 'unknown', 'unknown', 'none']],
  ];
  for (const [file, opts, exp] of cases) {
    it(file.join('/'), async () => {
      await check(['thunderbird', ...file], opts(), exp);
    });
  }
});

describe.skipIf(!hasCorpus)('"Johnny, You Are Fired" signature spoofing (USENIX Security 2019)', () => {
  // At a date when the real GlobalSign certificates were valid, so only the attack can make a verdict fail.
  const opts = (): VerifyMessageOptions => ({
    extraCertificates: pems('johnny-fired', 'assets', 'certificates', 'intermediate_ca.crt'),
    now: new Date('2021-06-01T00:00:00Z'),
  });
  const cases: Array<[string, Expect]> = [
    ['assets/valid-signed/manager-smime.eml', ['valid', 'trusted', 'match', 'full']],
    ['assets/valid-signed/eve-smime.eml', ['valid', 'trusted', 'match', 'full']],
    ['01-cms/valid_email_from_manager.eml', ['valid', 'trusted', 'match', 'full']],
    ['01-cms/c1_eContent-confusion/eContent_confusion.eml', ['invalid', '*', '*', 'full']],
    ['01-cms/c1_eContent-confusion/eContent_confusion_refinement.eml', ['invalid', '*', '*', 'full']],
    ['01-cms/c2_multiple-signerInfos/multiple_signerInfos_append_johnny.eml', ['invalid', '*', '*', 'full', 'multiple-signers']],
    ['01-cms/c2_multiple-signerInfos/multiple_signerInfos_prepend_johnny.eml', ['invalid', '*', '*', 'full', 'multiple-signers']],
    ['01-cms/c3_no-signerInfos/no_signerInfos_detached.eml', ['none', 'unknown', 'unknown', 'none']],
    ['01-cms/c3_no-signerInfos/no-certificates/no_signerInfos_no_certificates_detached.eml', ['none', 'unknown', 'unknown', 'none']],
    ['01-cms/crashes/crash_01.eml', ['malformed', 'unknown', 'unknown', 'none']],
    ['03-mime/m1-prepending-text/m1-smime.eml', ['valid', 'trusted', 'match', 'partial', 'partial-coverage']],
    ['03-mime/m2-hiding-with-html/m2-smime-mix.eml', ['valid', 'trusted', 'match', 'partial', 'partial-coverage']],
    ['03-mime/m3-hiding-in-reference/m3-smime.eml', ['valid', 'trusted', 'match', 'partial', 'partial-coverage']],
    ['03-mime/m4-hiding-as-attachment/m4-smime.eml', ['valid', 'trusted', 'match', 'partial', 'partial-coverage']],
    ['04-id/i1-sender-signer-checks/i1-from-unequals-signer-smime.eml', ['valid', 'trusted', 'mismatch', 'full']],
    // The display name says one thing, the address another: only the address counts.
    // Eve really signed these, From eve@: correct, as long as the UI shows the address and not the display name.
    // A display name that is itself another address is called out.
    ['04-id/i2-display-name-confusion/i2-from-contains-signer-smime.eml', ['valid', 'trusted', 'match', 'full']],
    ['04-id/i2-display-name-confusion/i2-from-is-sender-signer-a-smime.eml', ['valid', 'trusted', 'match', 'full', 'display-name-address']],
    ['04-id/i2-display-name-confusion/i2-from-is-sender-signer-b-smime.eml', ['valid', 'trusted', 'match', 'full', 'display-name-address']],
    ['04-id/i2-display-name-confusion/i2-from-is-signer-sender-a-smime.eml', ['valid', 'trusted', 'mismatch', 'full']],
    ['04-id/i2-display-name-confusion/i2-from-is-signer-sender-b-smime.eml', ['valid', 'trusted', 'mismatch', 'full']],
    ['04-id/i2-display-name-confusion/i2-from-is-empty-smime.eml', ['valid', 'trusted', 'mismatch', 'full']],
    ['04-id/i2-display-name-confusion/i2-from-is-only-a-name-smime.eml', ['valid', 'trusted', 'mismatch', 'full']],
    ['04-id/i2-display-name-confusion/i2-from-is-nonexistent-smime.eml', ['valid', 'trusted', 'unknown', 'full']],
    ['04-id/i3-from-sender-confusion/i3-from-is-sender-sender-signer-smime.eml', ['valid', 'trusted', 'mismatch', 'full', 'duplicate-from']],
    ['04-id/i3-from-sender-confusion/i3-from-is-sender-signer-sender-smime.eml', ['valid', 'trusted', 'mismatch', 'full', 'duplicate-from']],
    ['04-id/i3-from-sender-confusion/i3-from1-sender-from2-signer-smime.eml', ['valid', 'trusted', 'mismatch', 'full', 'duplicate-from']],
    ['04-id/i3-from-sender-confusion/i3-from1-signer-from2-sender-smime.eml', ['valid', 'trusted', 'mismatch', 'full', 'duplicate-from']],
    ['04-id/i3-from-sender-confusion/i3-from-sender-others-signer-smime.eml', ['valid', 'trusted', 'mismatch', 'full', 'sender-header-mismatch']],
    ['04-id/i3-from-sender-confusion/i3-from-signer-others-sender-smime.eml', ['valid', 'trusted', 'match', 'full', 'sender-header-mismatch']],
    ['05-ui/u1-ui-redressing/u1-generic.eml', ['none', 'unknown', 'unknown', 'none']],
  ];
  const genuine = new Set([
    'assets/valid-signed/manager-smime.eml',
    'assets/valid-signed/eve-smime.eml',
    '01-cms/valid_email_from_manager.eml',
    '04-id/i2-display-name-confusion/i2-from-contains-signer-smime.eml',
    '04-id/i2-display-name-confusion/i2-from-is-sender-signer-a-smime.eml',
    '04-id/i2-display-name-confusion/i2-from-is-sender-signer-b-smime.eml',
    '04-id/i3-from-sender-confusion/i3-from-signer-others-sender-smime.eml',
  ]);
  for (const [file, exp] of cases) {
    it(file, async () => {
      const r = await check(['johnny-fired', ...file.split('/')], opts(), exp);
      expect(fullyGood(r), 'only messages Eve or the manager really sent From themselves may be fully good').toBe(genuine.has(file));
      if (fullyGood(r)) expect(r.from).toEqual(r.signers[0].certificate?.emails.map((e) => e.toLowerCase()));
    });
  }

  it('with today\'s clock the real certificates have expired', async () => {
    await check(['johnny-fired', 'assets', 'valid-signed', 'manager-smime.eml'], { ...opts(), now: new Date('2026-06-01T00:00:00Z') }, ['valid', 'expired', 'match', 'full']);
  });
});

describe.skipIf(!hasCorpus)('LAMPS header-protection samples', () => {
  const opts = (): VerifyMessageOptions => ({ userRoots: pems('lamps-protected-headers-draft', 'sample-ca.pem'), now: new Date('2026-06-01T00:00:00Z') });
  for (const f of ['smime-multipart-signed.eml', 'smime-onepart-signed.eml']) {
    it(f, async () => {
      await check(['lamps-protected-headers-draft', f], opts(), ['valid', 'trusted', 'match', 'full']);
    });
  }
});

describe.skipIf(!hasCorpus)('RFC 9216 CMS examples as bare .p7m files', () => {
  const dir = ['rfc9216-examples-cms'];
  const now = new Date('2026-06-01T00:00:00Z');
  const certs = (): Uint8Array[] => [...pems(...dir, 'certs-and-keys', 'lamps-alice.crt'), ...pems(...dir, 'certs-and-keys', 'lamps-carlos.crt')];
  it.each([['signedByAliceRSA.p7m'], ['signedByAliceRSAPSS.p7m'], ['signedByCarlosEd25519.p7m']])('%s is a valid opaque signature', async (f) => {
    const r = await verifyMessage(readCorpus(...dir, 'binary-files', f), { now });
    expect(r.signature).toBe('valid');
    expect(r.form).toBe('opaque');
  });
  it('signed by Alice and Carlos without certificates: signer unknown, then valid with the certificates', async () => {
    const bytes = readCorpus(...dir, 'binary-files', 'signedByAliceAndCarlosNoCerts.p7m');
    expect((await verifyMessage(bytes, { now })).signature).toBe('signer-unknown');
    const r = await verifyMessage(bytes, { now, extraCertificates: certs() });
    expect(r.signature).toBe('valid');
    expect(r.signers.map((s) => s.signatureAlgorithm).join(' ')).toMatch(/Ed25519/);
  });
});

describe.skipIf(!hasCorpus)('corpus robustness', () => {
  it('every .eml in the corpus gets a verdict without throwing', async () => {
    const all: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else if (e.name.endsWith('.eml')) all.push(join(d, e.name));
      }
    };
    walk(corpusPath());
    expect(all.length).toBeGreaterThanOrEqual(133);
    for (const f of all) {
      const r = await verifyMessage(new Uint8Array(readFileSync(f)));
      expect(['valid', 'invalid', 'malformed', 'signer-unknown', 'none']).toContain(r.signature);
    }
  });
});
