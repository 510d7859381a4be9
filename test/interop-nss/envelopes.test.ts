// Encryption both ways with NSS cmsutil (Thunderbird's engine). Where NSS lacks an algorithm (RSA-OAEP,
// AuthEnvelopedData/AES-GCM, ECDH recipients in NSS 3.87), the tests pin that NSS treats our message exactly as
// it treats OpenSSL's equivalent, so a refusal is NSS's and not a defect of our encoding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPki, releasePki, type TestPki } from '../helpers/pki-fixtures';
import { openssl, scratch } from '../helpers/openssl';
import { cmsDecode, cmsEncrypt, cmsSign, createNssDb, hasNss, nssError, nssVersion, output, type NssDb } from '../helpers/nss';
import { makeIdentity, RSA_ARGS, type TestIdentity } from '../envelope/identities';
import { concatBytes, latin1, toHex, utf8 } from '../../src/crypto/bytes';
import { encryptEnvelope, type ContentCipherName, type EncryptRecipient } from '../../src/crypto/envelope/encrypt-envelope';
import { decryptEnvelope } from '../../src/crypto/envelope/decrypt-envelope';
import { choosePreferredAlgorithms } from '../../src/crypto/envelope/choose-algorithms';
import { verifySignedData } from '../../src/crypto/cms/verify-signed-data';
import { importPrivateKeyForSigning } from '../../src/crypto/cms/import-signing-key';
import { encryptMessage } from '../../src/crypto/smime/encrypt-message';
import { decryptMessage } from '../../src/crypto/smime/decrypt-message';

const CONTENT = utf8('Content-Type: text/plain; charset=utf-8\r\n\r\nEncrypted for Thunderbird: ありがとう\r\n');

function entityBody(entity: Uint8Array): Uint8Array {
  const text = latin1(entity);
  return new Uint8Array(Buffer.from(text.slice(text.indexOf('\r\n\r\n') + 4).replace(/\s+/g, ''), 'base64'));
}

interface Outcome {
  decrypted: boolean;
  error?: string;
}

describe.skipIf(!hasNss)('NSS cmsutil decrypts what we encrypt', () => {
  let pki: TestPki;
  let db: NssDb;
  let other: TestIdentity; // an RSA recipient whose key NSS does not hold
  const otherDir = scratch('nss-other-');
  let contentFile: string;

  beforeAll(async () => {
    pki = await getPki();
    console.info(`[nss] NSS ${nssVersion()}`);
    db = createNssDb('nss-env-');
    db.addCertificate('root', pki.root.certPem, 'C,C,C');
    for (const kind of ['rsa', 'p256', 'p384'] as const) expect(db.importPkcs12(pki.leaves[kind].p12, 'test').status).toBe(0);
    other = makeIdentity(otherDir, 'other', RSA_ARGS);
    contentFile = db.write('content.bin', CONTENT);
  });
  afterAll(() => {
    db?.cleanup();
    otherDir.cleanup();
    releasePki();
  });

  function nssDecrypt(der: Uint8Array, target: NssDb = db): Outcome {
    const r = cmsDecode(target, target.write(`env-${Math.random().toString(36).slice(2)}.p7m`, der));
    const decrypted = r.status === 0 && toHex(r.content) === toHex(CONTENT);
    if (r.status === 0) expect(toHex(r.content)).toBe(toHex(CONTENT)); // never "success" with other bytes
    return { decrypted, error: r.error };
  }

  const ours = async (recipients: EncryptRecipient[], cipher?: ContentCipherName, useSubjectKeyIdentifier = false): Promise<Uint8Array> =>
    (await encryptEnvelope({ content: CONTENT, recipients, cipher, useSubjectKeyIdentifier })).der;

  function theirs(args: string[]): Uint8Array {
    const r = openssl(['cms', '-encrypt', '-binary', '-in', contentFile, '-outform', 'DER', ...args]);
    if (r.status !== 0) throw new Error(r.stderr);
    return r.stdout;
  }

  for (const cipher of ['aes-256-cbc', 'aes-128-cbc'] as const) {
    for (const ski of [false, true]) {
      it(`${cipher}, RSA PKCS#1 v1.5, recipient by ${ski ? 'subjectKeyIdentifier' : 'issuer and serial'}`, async () => {
        expect(nssDecrypt(await ours([{ certificate: pki.leaves.rsa.der }], cipher, ski))).toEqual({ decrypted: true, error: undefined });
      });
    }
  }

  it('several RSA recipients, another one by RSA-OAEP: NSS uses its PKCS#1 v1.5 recipient either way round', async () => {
    const mine = { certificate: pki.leaves.rsa.der };
    const oaepOther = { certificate: other.certificate, oaep: true };
    expect(nssDecrypt(await ours([mine, oaepOther])).decrypted).toBe(true);
    expect(nssDecrypt(await ours([oaepOther, mine])).decrypted).toBe(true);
  });

  it('negative control: a database without the recipient key cannot decrypt', async () => {
    const der = await ours([{ certificate: other.certificate }]);
    const r = nssDecrypt(der);
    expect(r.decrypted).toBe(false);
    expect(r.error).toMatch(/SEC_ERROR_/);
  });

  it('encryptMessage with sign-then-encrypt: NSS decrypts, and verifies the inner multipart/signed', async () => {
    const l = pki.leaves.rsa;
    const signer = { certificate: l.der, privateKey: (await importPrivateKeyForSigning(l.pkcs8)).key, chain: [pki.intermediate.der] };
    const message = concatBytes(utf8('From: rsa@example.org\r\nTo: rsa@example.org\r\nSubject: secret\r\n'), CONTENT);
    const entity = await encryptMessage(message, { recipients: [{ certificate: l.der }], signer });
    const r = cmsDecode(db, db.write('msg.p7m', entityBody(entity.subarray(latin1(entity).indexOf('Content-Type: application/pkcs7-mime')))));
    expect(r.status, r.text).toBe(0);
    const inner = latin1(r.content);
    expect(inner).toMatch(/^Content-Type: multipart\/signed/i);
    const boundary = /boundary="?([^";\r\n]+)"?/i.exec(inner)![1];
    const start = inner.indexOf(`--${boundary}\r\n`) + boundary.length + 4;
    const end = inner.indexOf(`\r\n--${boundary}\r\n`, start);
    const signedPart = r.content.slice(start, end);
    expect(latin1(signedPart)).toMatch(/^Content-Type: text\/plain/i); // re-encoded for signing (8bit → 7bit-safe)
    const sigPart = inner.slice(end + boundary.length + 6, inner.indexOf(`\r\n--${boundary}--`));
    const sig = new Uint8Array(Buffer.from(sigPart.slice(sigPart.indexOf('\r\n\r\n') + 4).replace(/\s+/g, ''), 'base64'));
    expect(cmsDecode(db, db.write('inner.p7s', sig), { content: db.write('inner.bin', signedPart) }).signerStatuses).toEqual(['GoodSignature']);
  });

  it('the capabilities NSS advertises in its signatures make us pick what NSS decrypts', async () => {
    const sig = cmsSign(db, pki.leaves.rsa.commonName, contentFile, { detached: true });
    const caps = (await verifySignedData(sig, { detachedContent: CONTENT })).signers[0].smimeCapabilities ?? [];
    expect(caps.length).toBeGreaterThan(0);
    const chosen = choosePreferredAlgorithms([caps]);
    console.info(`[nss] NSS SMIMECapabilities: ${caps.map((c) => c.name ?? c.oid).join(', ')} → we choose ${chosen.cipher}${chosen.oaep ? ' + OAEP' : ''}`);
    expect(nssDecrypt(await ours([{ certificate: pki.leaves.rsa.der, oaep: chosen.oaep }], chosen.cipher)).decrypted).toBe(true);
  });

  // What NSS may not implement: our message and OpenSSL's must get the same verdict.
  const parity: Array<[string, () => Promise<Uint8Array>, () => Uint8Array]> = [
    ['RSA-OAEP (SHA-256)', () => ours([{ certificate: pki.leaves.rsa.der, oaep: true }]), () => theirs(['-aes256', '-recip', pki.leaves.rsa.certPem, '-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256'])],
    ['AES-256-GCM (AuthEnvelopedData)', () => ours([{ certificate: pki.leaves.rsa.der }], 'aes-256-gcm'), () => theirs(['-aes-256-gcm', pki.leaves.rsa.certPem])],
    ['AES-128-GCM (AuthEnvelopedData)', () => ours([{ certificate: pki.leaves.rsa.der }], 'aes-128-gcm'), () => theirs(['-aes-128-gcm', pki.leaves.rsa.certPem])],
    ['ECDH P-256', () => ours([{ certificate: pki.leaves.p256.der }]), () => theirs(['-aes256', pki.leaves.p256.certPem])],
    ['ECDH P-384', () => ours([{ certificate: pki.leaves.p384.der }]), () => theirs(['-aes256', pki.leaves.p384.certPem])],
    ['RSA + ECDH P-256 recipients, NSS holding the RSA key', () => ours([{ certificate: pki.leaves.rsa.der }, { certificate: pki.leaves.p256.der }]), () => theirs(['-aes256', pki.leaves.rsa.certPem, pki.leaves.p256.certPem])],
  ];
  for (const [name, mine, openssls] of parity) {
    it(`${name}: NSS treats ours as it treats OpenSSL's`, async () => {
      const a = nssDecrypt(await mine());
      const b = nssDecrypt(openssls());
      expect(a).toEqual(b);
      console.info(`[nss] ${name}: ${a.decrypted ? 'decrypted' : `refused (${a.error})`}`);
    });
  }
});

describe.skipIf(!hasNss)('we decrypt what NSS cmsutil -E encrypts', () => {
  let pki: TestPki;
  let db: NssDb;
  let contentFile: string;
  const keyOf = (kind: 'rsa' | 'p256' | 'p384') => ({ certificate: pki.leaves[kind].der, privateKeyPkcs8: pki.leaves[kind].pkcs8 });

  beforeAll(async () => {
    pki = await getPki();
    db = createNssDb('nss-enc-');
    db.addCertificate('root', pki.root.certPem, 'C,C,C');
    // Recipients' certificates only, as in Thunderbird's address book.
    for (const kind of ['rsa', 'p256', 'p384'] as const) db.addCertificate(pki.leaves[kind].commonName, pki.leaves[kind].certPem, ',,');
    db.addCertificate('intermediate', pki.intermediate.certPem, ',,');
    contentFile = db.write('content.bin', CONTENT);
  });
  afterAll(() => {
    db?.cleanup();
    releasePki();
  });

  it('RSA recipient: decryptEnvelope returns the exact content', async () => {
    const { run, der } = cmsEncrypt(db, [pki.leaves.rsa.commonName], contentFile);
    expect(run.status, output(run)).toBe(0);
    const r = await decryptEnvelope(der!, [keyOf('rsa')]);
    expect(toHex(r.content)).toBe(toHex(CONTENT));
    expect(r.kind).toBe('enveloped');
    expect(r.contentCipher).toMatch(/^AES-(128|192|256)-CBC$|^3DES-CBC$/);
    expect(r.integrityProtected).toBe(false);
    expect(r.usedRecipient.algorithm).toMatch(/PKCS1-v1_5/);
    expect(r.usedRecipient.serial).toBe(pki.leaves.rsa.serialHex);
    console.info(`[nss] cmsutil -E content cipher: ${r.contentCipher}`);
  });

  it('two recipients by e-mail address; a mangled byte in the ciphertext never yields the content', async () => {
    const { run, der } = cmsEncrypt(db, ['rsa@example.org', pki.leaves.rsa.commonName], contentFile);
    expect(run.status, output(run)).toBe(0);
    expect(toHex((await decryptEnvelope(der!, [keyOf('rsa')])).content)).toBe(toHex(CONTENT));
    const bad = der!.slice();
    bad[bad.length - 5] ^= 0x55;
    const r = await decryptEnvelope(bad, [keyOf('rsa')]).then(
      (x) => toHex(x.content),
      (e: { code?: string }) => e.code,
    );
    expect(r).not.toBe(toHex(CONTENT));
  });

  it('as an S/MIME message: decryptMessage reads NSS output', async () => {
    const { der } = cmsEncrypt(db, [pki.leaves.rsa.commonName], contentFile);
    const b64 = Buffer.from(der!).toString('base64').replace(/.{1,76}/g, '$&\r\n');
    const msg = utf8(
      'From: someone@example.net\r\nTo: rsa@example.org\r\nSubject: from NSS\r\nMIME-Version: 1.0\r\n' +
        'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
        b64,
    );
    const r = await decryptMessage(msg, [keyOf('rsa')], { userRoots: [pki.root.der] });
    expect(toHex(r.content)).toBe(toHex(CONTENT));
    expect(r.warnings.some((w) => w.code === 'not-integrity-protected')).toBe(true);
  });

  for (const kind of ['p256', 'p384'] as const) {
    it(`${kind} recipient: if NSS can encrypt to it we decrypt it, else NSS refuses up front`, async () => {
      const { run, der } = cmsEncrypt(db, [pki.leaves[kind].commonName], contentFile);
      if (run.status === 0) {
        const r = await decryptEnvelope(der!, [keyOf(kind)]);
        expect(toHex(r.content)).toBe(toHex(CONTENT));
        expect(r.usedRecipient.type).toBe('kari');
        console.info(`[nss] cmsutil -E to ${kind}: ${r.usedRecipient.algorithm}`);
      } else {
        expect(nssError(output(run))).toBe('SEC_ERROR_INVALID_ALGORITHM');
        console.info(`[nss] cmsutil -E to ${kind}: refused (${nssError(output(run))})`);
      }
    });
  }
});
