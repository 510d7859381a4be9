// Signatures both ways with NSS cmsutil (Thunderbird's engine): NSS verifies ours as an e-mail signer with only the
// root trusted (so our embedded chain must be complete), and we verify NSS's at the CMS and the S/MIME level.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPki, releasePki, type LeafKind, type TestPki } from '../helpers/pki-fixtures';
import { openssl } from '../helpers/openssl';
import { cmsDecode, cmsSign, createNssDb, hasNss, nssVersion, type NssDb } from '../helpers/nss';
import { concatBytes, latin1, toHex, utf8 } from '../../src/crypto/bytes';
import { signData } from '../../src/crypto/cms/sign-data';
import { importPrivateKeyForSigning, type ImportSigningKeyOptions } from '../../src/crypto/cms/import-signing-key';
import { verifySignedData } from '../../src/crypto/cms/verify-signed-data';
import { signEntity, signMessage } from '../../src/crypto/smime/sign-message';
import { verifyMessage } from '../../src/crypto/smime/verify-message';

const CONTENT = utf8('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGrüße from the S/MIME engine\r\n');
const SIGNABLE: readonly LeafKind[] = ['rsa', 'p256', 'p384', 'p521'];

/** The two parts of a multipart/signed entity: the signed first part (exact bytes) and the DER signature. */
function splitMultipartSigned(entity: Uint8Array): { content: Uint8Array; signature: Uint8Array } {
  const text = latin1(entity);
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(text)?.[1];
  if (!boundary) throw new Error('no boundary');
  const first = text.indexOf(`--${boundary}\r\n`) + boundary.length + 4;
  const second = text.indexOf(`\r\n--${boundary}\r\n`, first);
  const sigPart = text.slice(second + boundary.length + 6, text.indexOf(`\r\n--${boundary}--`));
  const body = sigPart.slice(sigPart.indexOf('\r\n\r\n') + 4);
  return { content: entity.slice(first, second), signature: new Uint8Array(Buffer.from(body.replace(/\s+/g, ''), 'base64')) };
}

/** The base64 body of a single-part entity, decoded. */
function entityBody(entity: Uint8Array): Uint8Array {
  const text = latin1(entity);
  return new Uint8Array(Buffer.from(text.slice(text.indexOf('\r\n\r\n') + 4).replace(/\s+/g, ''), 'base64'));
}

describe.skipIf(!hasNss)('NSS cmsutil verifies our signatures (e-mail signer usage, only the root trusted)', () => {
  let pki: TestPki;
  let db: NssDb;
  beforeAll(async () => {
    pki = await getPki();
    console.info(`[nss] NSS ${nssVersion()}`);
    db = createNssDb('nss-sig-');
    db.addCertificate('root', pki.root.certPem, 'C,C,C');
  });
  afterAll(() => {
    db?.cleanup();
    releasePki();
  });

  async function signer(kind: LeafKind, opts?: ImportSigningKeyOptions) {
    const l = pki.leaves[kind];
    return { certificate: l.der, privateKey: (await importPrivateKeyForSigning(l.pkcs8, opts)).key, chain: [pki.intermediate.der] };
  }

  function nssVerdict(der: Uint8Array, content?: Uint8Array, target: NssDb = db): string[] {
    const r = cmsDecode(target, target.write(`sig-${Math.random().toString(36).slice(2)}.p7m`, der), content ? { content: target.write('content.bin', content) } : {});
    expect(r.signerStatuses.length, r.text).toBeGreaterThan(0);
    // cmsutil's exit status agrees with the report: success only when every signer is good.
    expect(r.status === 0, r.text).toBe(r.signerStatuses.every((s) => s === 'GoodSignature'));
    return r.signerStatuses;
  }

  for (const kind of SIGNABLE) {
    it(`${kind}: detached and opaque signData are GoodSignature`, async () => {
      const s = await signer(kind);
      expect(nssVerdict(await signData({ content: CONTENT, signer: s, detached: true }), CONTENT)).toEqual(['GoodSignature']);
      const opaque = await signData({ content: CONTENT, signer: s, detached: false });
      expect(nssVerdict(opaque)).toEqual(['GoodSignature']);
      expect(toHex(cmsDecode(db, db.write('opaque.p7m', opaque)).content)).toBe(toHex(CONTENT));
    });
  }

  it('RSA with SHA-384 / SHA-512 and RSA-PSS padding on an rsaEncryption key', async () => {
    for (const opts of [{ digest: 'SHA-384' }, { digest: 'SHA-512' }, { rsaPadding: 'pss' }, { rsaPadding: 'pss', digest: 'SHA-512' }] as const) {
      const der = await signData({ content: CONTENT, signer: await signer('rsa', opts), detached: true });
      expect(nssVerdict(der, CONTENT), JSON.stringify(opts)).toEqual(['GoodSignature']);
    }
  });

  it('signMessage (multipart/signed) and signEntity (opaque) as Thunderbird receives them', async () => {
    const message = concatBytes(utf8('From: rsa@example.org\r\nTo: someone@example.net\r\nSubject: NSS check\r\n'), CONTENT);
    const signed = splitMultipartSigned(await signMessage(message, await signer('rsa')));
    expect(latin1(signed.content)).toContain('from the S/MIME engine');
    expect(nssVerdict(signed.signature, signed.content)).toEqual(['GoodSignature']);
    const opaque = entityBody(await signEntity(CONTENT, await signer('p256'), { opaque: true }));
    expect(nssVerdict(opaque)).toEqual(['GoodSignature']);
  });

  it('negative controls: altered content is DigestMismatch; without the trusted root NSS does not trust the signer', async () => {
    const der = await signData({ content: CONTENT, signer: await signer('p256'), detached: true });
    const altered = CONTENT.slice();
    altered[altered.length - 3] ^= 0x01;
    expect(nssVerdict(der, altered)).toEqual(['DigestMismatch']);
    const bare = createNssDb('nss-sig-bare-');
    try {
      expect(nssVerdict(der, CONTENT, bare)).toEqual(['SigningCertNotTrusted']);
    } finally {
      bare.cleanup();
    }
  });

  it('without the intermediate in the message NSS cannot build the chain (so the positive cases used ours)', async () => {
    const l = pki.leaves.rsa;
    const noChain = { certificate: l.der, privateKey: (await importPrivateKeyForSigning(l.pkcs8)).key, chain: [] };
    const fresh = createNssDb('nss-sig-nochain-');
    try {
      fresh.addCertificate('root', pki.root.certPem, 'C,C,C');
      expect(nssVerdict(await signData({ content: CONTENT, signer: noChain, detached: true }), CONTENT, fresh)).not.toEqual(['GoodSignature']);
    } finally {
      fresh.cleanup();
    }
  });

  it('RSA-PSS keys: NSS judges ours exactly as it judges OpenSSL’s (NSS 3.87 accepts neither)', async () => {
    const l = pki.leaves['rsa-pss'];
    const ours = nssVerdict(await signData({ content: CONTENT, signer: await signer('rsa-pss'), detached: true }), CONTENT);
    // Without rsa_padding_mode:pss OpenSSL 3.0 mislabels a PSS key's signature as rsaEncryption.
    const r = openssl(['cms', '-sign', '-binary', '-in', db.write('content-ossl.bin', CONTENT), '-signer', l.certPem, '-inkey', l.keyPem,
      '-certfile', pki.intermediatePem, '-outform', 'DER', '-keyopt', 'rsa_padding_mode:pss']);
    expect(r.status, r.stderr).toBe(0);
    const theirs = nssVerdict(r.stdout, CONTENT);
    expect(ours).toEqual(theirs);
    console.info(`[nss] RSA-PSS-key signature: ours ${ours.join()} / OpenSSL's ${theirs.join()}`);
  });

  it('Ed25519 (OpenSSL 3.0 cannot make a CMS one to compare): NSS either accepts it or does not know the algorithm', async () => {
    const verdict = nssVerdict(await signData({ content: CONTENT, signer: await signer('ed25519'), detached: true }), CONTENT);
    // BadSignature or DigestMismatch would mean our encoding is wrong; ProcessingError is NSS without Ed25519.
    expect(verdict.length).toBe(1);
    expect(['GoodSignature', 'ProcessingError']).toContain(verdict[0]);
    console.info(`[nss] Ed25519 signature: ${verdict.join()}`);
  });
});

describe.skipIf(!hasNss)('we verify signatures made by NSS cmsutil -S', () => {
  let pki: TestPki;
  let db: NssDb;
  let contentFile: string;
  beforeAll(async () => {
    pki = await getPki();
    db = createNssDb('nss-sign-');
    for (const kind of [...SIGNABLE, 'rsa-pss'] as const) expect(db.importPkcs12(pki.leaves[kind].p12, 'test').status).toBe(0);
    db.addCertificate('root', pki.root.certPem, 'C,C,C'); // NSS validates its own signer's chain before signing
    contentFile = db.write('content.txt', CONTENT);
  });
  afterAll(() => {
    db?.cleanup();
    releasePki();
  });

  const EXPECTED_ALG: Record<string, RegExp> = { rsa: /RSA PKCS#1 v1\.5/, p256: /ECDSA P-256/, p384: /ECDSA P-384/, p521: /ECDSA P-521/ };

  for (const kind of SIGNABLE) {
    it(`${kind}: SHA-256/384/512, detached and opaque, verify with verifySignedData`, async () => {
      const l = pki.leaves[kind];
      for (const hash of ['SHA256', 'SHA384', 'SHA512']) {
        for (const detached of [true, false]) {
          const der = cmsSign(db, l.commonName, contentFile, { hash, detached });
          const v = await verifySignedData(der, detached ? { detachedContent: CONTENT } : {});
          expect(v.status, `${hash} detached=${detached}: ${v.reason}`).toBe('valid');
          expect(toHex(v.content!)).toBe(toHex(CONTENT));
          const s = v.signers[0];
          expect(toHex(s.certificate!)).toBe(toHex(l.der));
          expect(s.digestAlgorithm).toBe(hash.replace('SHA', 'SHA-'));
          expect(s.signatureAlgorithm).toMatch(EXPECTED_ALG[kind]);
          expect(s.signingTime).toBeInstanceOf(Date);
          expect(s.weakDigest).toBe(false);
          // NSS includes the chain: leaf and intermediate at least.
          expect(v.certificates.map(toHex)).toEqual(expect.arrayContaining([toHex(l.der), toHex(pki.intermediate.der)]));
        }
      }
    });
  }

  it('SHA-1 from NSS still verifies but is flagged weak', async () => {
    const v = await verifySignedData(cmsSign(db, pki.leaves.rsa.commonName, contentFile, { hash: 'SHA1', detached: true }), { detachedContent: CONTENT });
    expect(v.status).toBe('valid');
    expect(v.signers[0].weakDigest).toBe(true);
  });

  it('an NSS signature over other content is invalid (negative control)', async () => {
    const der = cmsSign(db, pki.leaves.p256.commonName, contentFile, { detached: true });
    const altered = CONTENT.slice();
    altered[40] ^= 0x20;
    expect((await verifySignedData(der, { detachedContent: altered })).status).toBe('invalid');
  });

  it('as a whole message: multipart/signed and opaque NSS signatures verify, trusted, sender matches', async () => {
    const sig = cmsSign(db, pki.leaves.rsa.commonName, contentFile, { detached: true });
    const b64 = Buffer.from(sig).toString('base64').replace(/.{1,76}/g, '$&\r\n');
    const multipart = concatBytes(
      utf8(
        'From: rsa@example.org\r\nTo: you@example.net\r\nSubject: from NSS\r\nMIME-Version: 1.0\r\n' +
          'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="nss-b"\r\n\r\n--nss-b\r\n',
      ),
      CONTENT,
      utf8(`\r\n--nss-b\r\nContent-Type: application/pkcs7-signature; name=smime.p7s\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}--nss-b--\r\n`),
    );
    const r = await verifyMessage(multipart, { userRoots: [pki.root.der] });
    expect(r.signature, r.reason).toBe('valid');
    expect(r.trust).toBe('trusted');
    expect(r.sender).toBe('match');
    expect(r.form).toBe('multipart-signed');
    // SMIMECapabilities from NSS (-P) are read.
    expect(r.signers[0].smimeCapabilities?.length ?? 0).toBeGreaterThan(0);

    const opaque = cmsSign(db, pki.leaves.p384.commonName, contentFile);
    const ob64 = Buffer.from(opaque).toString('base64').replace(/.{1,76}/g, '$&\r\n');
    const opaqueMsg = utf8(
      'From: p384@example.org\r\nTo: you@example.net\r\nSubject: opaque from NSS\r\nMIME-Version: 1.0\r\n' +
        'Content-Type: application/pkcs7-mime; smime-type=signed-data; name=smime.p7m\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
        ob64,
    );
    const o = await verifyMessage(opaqueMsg, { userRoots: [pki.root.der] });
    expect(o.signature, o.reason).toBe('valid');
    expect(o.trust).toBe('trusted');
    expect(o.sender).toBe('match');
    expect(o.form).toBe('opaque');
  });

  it('RSA-PSS key: our verdict on NSS’s signature matches NSS’s own verdict', async () => {
    const der = cmsSign(db, pki.leaves['rsa-pss'].commonName, contentFile, { detached: true });
    const own = cmsDecode(db, db.write('pss.p7m', der), { content: contentFile }).signerStatuses;
    const ours = (await verifySignedData(der, { detachedContent: CONTENT })).status;
    expect(ours === 'valid').toBe(own[0] === 'GoodSignature');
    console.info(`[nss] NSS RSA-PSS-key signature: NSS says ${own.join()}, we say ${ours}`);
  });
});
