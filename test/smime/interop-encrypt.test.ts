// Message-level encryption interop with OpenSSL, both directions: what encryptMessage writes opens with
// `openssl cms -decrypt` (and an inner signature verifies there), what `openssl cms -encrypt` writes opens with
// decryptMessage, with the integrity labels (EFAIL) and nesting reported as the reader needs them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPrivateKeyForSigning } from '../../src/crypto/cms/import-signing-key';
import { EngineError } from '../../src/crypto/errors';
import { encryptMessage } from '../../src/crypto/smime/encrypt-message';
import { decryptMessage } from '../../src/crypto/smime/decrypt-message';
import type { SmimeSigner } from '../../src/crypto/smime/sign-message';
import { parseMime } from '../../src/crypto/mime/parse-mime';
import { decodeBody } from '../../src/crypto/mime/decode-transfer-encoding';
import { openssl } from '../helpers/openssl';
import { getPki, releasePki, type LeafKind, type PkiIdentity, type TestPki } from '../helpers/pki-fixtures';

const enc = new TextEncoder();
const dec = new TextDecoder();

let pki: TestPki;
let bodyFile: string;
const TEXT = 'Secret body: 秘密のメッセージ.\r\n';
const BODY = `Content-Type: text/plain; charset=utf-8\r\n\r\n${TEXT}`;

/** The text of a decrypted entity: our encryptor re-encodes 8-bit bodies (quoted-printable / base64). */
function textOf(entity: Uint8Array): string {
  const e = parseMime(entity);
  expect(e.contentType.mediaType).toBe('text/plain');
  expect(e.contentType.params.charset?.toLowerCase()).toBe('utf-8');
  return dec.decode(decodeBody(e));
}

beforeAll(async () => {
  pki = await getPki();
  bodyFile = pki.write('body.txt', BODY.replace(/\r\n/g, '\n'));
});
afterAll(() => releasePki());

const key = (l: PkiIdentity) => ({ certificate: l.der, privateKeyPkcs8: l.pkcs8 });

function message(from: PkiIdentity, to: string): Uint8Array {
  return enc.encode(`From: Sender <${from.email}>\r\nTo: ${to}\r\nSubject: encrypted\r\n${BODY}`);
}

async function signerFor(l: PkiIdentity): Promise<SmimeSigner> {
  const { key: privateKey } = await importPrivateKeyForSigning(l.pkcs8);
  return { certificate: l.der, privateKey, chain: [pki.intermediate.der] };
}

function must(r: ReturnType<typeof openssl>, what: string): Uint8Array {
  if (r.status !== 0) throw new Error(`${what}: ${r.stderr}`);
  return r.stdout;
}

function opensslDecrypt(file: string, l: PkiIdentity): ReturnType<typeof openssl> {
  return openssl(['cms', '-decrypt', '-in', file, '-recip', l.certPem, '-inkey', l.keyPem]);
}

async function expectEngineError(p: Promise<unknown>, code: string): Promise<EngineError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    expect((e as EngineError).code, (e as Error).message).toBe(code);
    return e as EngineError;
  }
  throw new Error(`expected EngineError ${code}, but it resolved`);
}

// ---- we encrypt, OpenSSL decrypts -------------------------------------------------------------------

describe('encryptMessage output decrypts with openssl cms -decrypt', () => {
  const CIPHERS = [
    { cipher: 'aes-256-cbc', smimeType: 'enveloped-data', name: 'AES-256-CBC' },
    { cipher: 'aes-128-cbc', smimeType: 'enveloped-data', name: 'AES-128-CBC' },
    { cipher: 'aes-256-gcm', smimeType: 'authEnveloped-data', name: 'AES-256-GCM' },
  ] as const;

  for (const kind of ['rsa', 'p256', 'p384'] as const) {
    it(`${kind} recipient, every cipher`, async () => {
      const to = pki.leaves[kind];
      for (const c of CIPHERS) {
        const out = await encryptMessage(message(pki.leaves.rsa, to.email), { recipients: [{ certificate: to.der }], cipher: c.cipher });
        const root = parseMime(out);
        expect(root.contentType.mediaType).toBe('application/pkcs7-mime');
        expect(root.contentType.params['smime-type']).toBe(c.smimeType);
        expect(root.contentType.params.name).toBe('smime.p7m');
        const text = dec.decode(out);
        expect(text).toMatch(/^From: Sender <rsa@example\.org>\r\n/m); // outer headers stay readable
        expect(text).not.toContain('Secret body');

        const file = pki.write(`ours-${kind}-${c.cipher}.eml`, out);
        const r = opensslDecrypt(file, to);
        expect(r.status, `${kind} ${c.cipher}: ${r.stderr}`).toBe(0);
        expect(textOf(r.stdout)).toBe(TEXT);
        // And we read our own envelope the same way.
        const back = await decryptMessage(out, [key(to)]);
        expect(back.envelope.contentCipher).toBe(c.name);
        expect(back.envelope.integrityProtected).toBe(c.cipher === 'aes-256-gcm');
      }
    });
  }

  it('several recipients (RSA, P-256, P-384): each opens it with OpenSSL', async () => {
    const { rsa, p256, p384 } = pki.leaves;
    const out = await encryptMessage(message(rsa, 'all@example.org'), { recipients: [rsa, p256, p384].map((l) => ({ certificate: l.der })) });
    const file = pki.write('ours-multi.eml', out);
    for (const l of [rsa, p256, p384]) {
      const r = opensslDecrypt(file, l);
      expect(r.status, `${l.kind}: ${r.stderr}`).toBe(0);
      expect(textOf(r.stdout)).toBe(TEXT);
    }
    // A certificate that is not a recipient cannot open it.
    expect(opensslDecrypt(file, pki.leaves.p521).status).not.toBe(0);
    const back = await decryptMessage(out, [key(p384)]);
    expect(back.envelope.recipients).toHaveLength(3);
  });

  it('RSA-OAEP on request', async () => {
    const to = pki.leaves.rsa;
    const out = await encryptMessage(message(pki.leaves.p256, to.email), { recipients: [{ certificate: to.der }], oaep: true });
    const file = pki.write('ours-oaep.eml', out);
    const r = opensslDecrypt(file, to);
    expect(r.status, r.stderr).toBe(0);
    expect(textOf(r.stdout)).toBe(TEXT);
    const printed = dec.decode(must(openssl(['cms', '-cmsout', '-print', '-in', file]), 'cmsout'));
    expect(printed).toContain('rsaesOaep');
  });

  it('the sender certificate is always a recipient, once', async () => {
    const { rsa, p256 } = pki.leaves;
    const out = await encryptMessage(message(rsa, p256.email), { recipients: [{ certificate: p256.der }], senderCertificate: rsa.der });
    const file = pki.write('ours-sender.eml', out);
    for (const l of [p256, rsa]) expect(opensslDecrypt(file, l).status, l.kind).toBe(0);
    const back = await decryptMessage(out, [key(rsa)]);
    expect(back.envelope.recipients).toHaveLength(2);
    // Sender already among the recipients: not added twice.
    const again = await encryptMessage(message(rsa, p256.email), { recipients: [{ certificate: p256.der }, { certificate: rsa.der }], senderCertificate: rsa.der });
    expect((await decryptMessage(again, [key(p256)])).envelope.recipients).toHaveLength(2);
  });

  it('sign-then-encrypt in one call: OpenSSL decrypts, then verifies the inner signature', async () => {
    const { rsa, p256 } = pki.leaves;
    for (const cipher of ['aes-256-cbc', 'aes-256-gcm'] as const) {
      const out = await encryptMessage(message(rsa, p256.email), { recipients: [{ certificate: p256.der }], senderCertificate: rsa.der, signer: await signerFor(rsa), cipher });
      const file = pki.write(`ours-signed-${cipher}.eml`, out);
      const r = opensslDecrypt(file, p256);
      expect(r.status, r.stderr).toBe(0);
      const inner = pki.write(`ours-signed-${cipher}.inner.eml`, r.stdout);
      expect(dec.decode(r.stdout)).toMatch(/^Content-Type: multipart\/signed;/i);
      const v = openssl(['cms', '-verify', '-in', inner, '-CAfile', pki.root.certPem, '-purpose', 'smimesign']);
      expect(v.status, v.stderr).toBe(0);
      expect(textOf(v.stdout)).toBe(TEXT);

      const back = await decryptMessage(out, [key(p256)], { userRoots: [pki.root.der] });
      const s = back.innerSignature!;
      expect([s.signature, s.trust, s.sender, s.coverage]).toEqual(['valid', 'trusted', 'match', 'full']);
      expect(back.warnings.map((w) => w.code)).not.toContain('not-integrity-protected');
    }
  });
});

// ---- OpenSSL encrypts, we decrypt -------------------------------------------------------------------

function opensslEncrypt(recips: PkiIdentity[], opts: string[], input = bodyFile, outform?: 'DER'): Uint8Array {
  const args = ['cms', '-encrypt', '-in', input, ...opts.filter((o) => !o.startsWith('rsa_padding') && o !== '-keyopt')];
  for (const l of recips) {
    args.push('-recip', l.certPem);
    // -keyopt applies to the -recip just before it.
    const i = opts.indexOf('-keyopt');
    if (i >= 0) args.push('-keyopt', opts[i + 1]);
  }
  if (outform) args.push('-outform', outform);
  else args.push('-from', pki.leaves.rsa.email, '-to', recips.map((l) => l.email).join(', '), '-subject', 'from OpenSSL');
  return must(openssl(args), `openssl ${args.join(' ')}`);
}

describe('openssl cms -encrypt output decrypts with decryptMessage', () => {
  const CASES: Array<{ kinds: LeafKind[]; opts: string[]; cipher: string; gcm: boolean; algo: RegExp }> = [
    { kinds: ['rsa'], opts: ['-aes256'], cipher: 'AES-256-CBC', gcm: false, algo: /PKCS1-v1_5/ },
    { kinds: ['rsa'], opts: ['-aes128'], cipher: 'AES-128-CBC', gcm: false, algo: /PKCS1-v1_5/ },
    { kinds: ['rsa'], opts: ['-aes-256-gcm'], cipher: 'AES-256-GCM', gcm: true, algo: /PKCS1-v1_5/ },
    { kinds: ['rsa'], opts: ['-des3'], cipher: '3DES-CBC', gcm: false, algo: /PKCS1-v1_5/ },
    { kinds: ['rsa'], opts: ['-aes256', '-keyopt', 'rsa_padding_mode:oaep'], cipher: 'AES-256-CBC', gcm: false, algo: /OAEP/ },
    { kinds: ['rsa'], opts: ['-aes256', '-keyid'], cipher: 'AES-256-CBC', gcm: false, algo: /PKCS1-v1_5/ },
    { kinds: ['p256'], opts: ['-aes256'], cipher: 'AES-256-CBC', gcm: false, algo: /ECDH/ },
    { kinds: ['p256'], opts: ['-aes128', '-keyid'], cipher: 'AES-128-CBC', gcm: false, algo: /ECDH/ },
    { kinds: ['p256'], opts: ['-aes-256-gcm'], cipher: 'AES-256-GCM', gcm: true, algo: /ECDH/ },
    { kinds: ['p384'], opts: ['-aes256'], cipher: 'AES-256-CBC', gcm: false, algo: /ECDH/ },
    { kinds: ['p384'], opts: ['-aes-256-gcm', '-keyid'], cipher: 'AES-256-GCM', gcm: true, algo: /ECDH/ },
    { kinds: ['p521'], opts: ['-aes256'], cipher: 'AES-256-CBC', gcm: false, algo: /ECDH/ },
    { kinds: ['rsa', 'p256', 'p384'], opts: ['-aes256'], cipher: 'AES-256-CBC', gcm: false, algo: /./ },
  ];

  for (const c of CASES) {
    it(`${c.kinds.join('+')} ${c.opts.join(' ')}`, async () => {
      const out = opensslEncrypt(c.kinds.map((k) => pki.leaves[k]), c.opts);
      for (const k of c.kinds) {
        const l = pki.leaves[k];
        const r = await decryptMessage(out, [key(l)]);
        expect(dec.decode(r.content)).toBe(BODY);
        expect(r.envelope.contentCipher).toBe(c.cipher);
        expect(r.envelope.kind).toBe(c.gcm ? 'auth-enveloped' : 'enveloped');
        expect(r.envelope.integrityProtected).toBe(c.gcm);
        expect(r.envelope.recipients).toHaveLength(c.kinds.length);
        expect(r.envelope.usedRecipient.algorithm).toMatch(c.algo);
        if (c.opts.includes('-keyid')) expect(r.envelope.usedRecipient.subjectKeyIdentifier).toMatch(/^[0-9a-f]{40}$/);
        else expect(r.envelope.usedRecipient.serial).toBe(l.serialHex);
        expect(r.from).toEqual([pki.leaves.rsa.email]);
        expect(r.coverage).toBe('full');
        expect(r.innerSignature).toBeUndefined();
        // EFAIL: CBC without an inner signature is labelled; GCM is not.
        expect(r.warnings.some((w) => w.code === 'not-integrity-protected')).toBe(!c.gcm);
      }
    });
  }

  it('EC recipient with -des3 (OpenSSL then wraps the key with the RFC 3217 3DES key wrap) decrypts', async () => {
    const out = opensslEncrypt([pki.leaves.p256], ['-des3']);
    const r = await decryptMessage(out, [key(pki.leaves.p256)]);
    expect(dec.decode(r.content)).toBe(BODY);
    expect(r.envelope.contentCipher).toBe('3DES-CBC');
    expect(r.envelope.usedRecipient.algorithm).toMatch(/3DES key wrap/i);
  });

  it('sign-then-encrypt from OpenSSL: inner signature valid and trusted, no EFAIL warning (CBC and GCM)', async () => {
    const { rsa, p256 } = pki.leaves;
    const signed = must(
      openssl(['cms', '-sign', '-in', bodyFile, '-signer', rsa.certPem, '-inkey', rsa.keyPem, '-certfile', pki.intermediatePem]),
      'openssl sign',
    );
    const signedFile = pki.write('ossl-signed-inner.eml', signed);
    for (const cipher of ['-aes256', '-aes-256-gcm']) {
      const out = opensslEncrypt([p256], [cipher], signedFile);
      const r = await decryptMessage(out, [key(p256)], { userRoots: [pki.root.der] });
      const s = r.innerSignature!;
      expect(s).toBeDefined();
      expect([s.signature, s.trust, s.sender, s.coverage], s.reason).toEqual(['valid', 'trusted', 'match', 'full']);
      expect(s.form).toBe('multipart-signed');
      expect(r.warnings.map((w) => w.code)).not.toContain('not-integrity-protected');
      expect(r.outerSignature).toBeUndefined();
      expect(dec.decode(r.content)).toContain('Secret body');
    }
  });

  it('sign-then-encrypt whose inner signature is broken keeps the EFAIL warning on CBC', async () => {
    const { rsa, p256 } = pki.leaves;
    const signed = dec.decode(must(openssl(['cms', '-sign', '-in', bodyFile, '-signer', rsa.certPem, '-inkey', rsa.keyPem, '-certfile', pki.intermediatePem]), 'sign'));
    const tampered = pki.write('ossl-signed-tampered.eml', signed.replace('Secret body', 'Secret bodY'));
    const r = await decryptMessage(opensslEncrypt([p256], ['-aes256'], tampered), [key(p256)], { userRoots: [pki.root.der] });
    expect(r.innerSignature?.signature).toBe('invalid');
    expect(r.warnings.map((w) => w.code)).toContain('not-integrity-protected');
  });

  it('encrypt-then-sign from OpenSSL: outer signature reported, inner envelope opened', async () => {
    const { rsa, p384 } = pki.leaves;
    const encrypted = pki.write('ossl-enc-inner.eml', opensslEncrypt([p384], ['-aes256']));
    const out = must(
      openssl(['cms', '-sign', '-in', encrypted, '-signer', rsa.certPem, '-inkey', rsa.keyPem, '-certfile', pki.intermediatePem, '-from', rsa.email, '-subject', 'outer']),
      'openssl sign outer',
    );
    const r = await decryptMessage(out, [key(p384)], { userRoots: [pki.root.der] });
    expect(dec.decode(r.content)).toBe(BODY);
    const o = r.outerSignature!;
    expect(o).toBeDefined();
    expect([o.signature, o.trust, o.sender], o.reason).toEqual(['valid', 'trusted', 'match']);
    expect(r.innerSignature).toBeUndefined();
    expect(r.envelope.contentCipher).toBe('AES-256-CBC');
  });
});

// ---- failures ----------------------------------------------------------------------------------------

interface Tlv {
  tag: number;
  valueStart: number;
  end: number;
}

function readTlv(b: Uint8Array, off: number): Tlv {
  let len = b[off + 1];
  let p = off + 2;
  if (len === 0x80) throw new Error('indefinite length: ask OpenSSL for DER');
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[p++];
  }
  return { tag: b[off], valueStart: p, end: p + len };
}

function kids(b: Uint8Array, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let p = t.valueStart; p < t.end; p = out[out.length - 1].end) out.push(readTlv(b, p));
  return out;
}

/** AuthEnvelopedData: the encryptedContent [0] and the mac OCTET STRING. */
function gcmParts(der: Uint8Array): { ciphertext: Tlv; mac: Tlv } {
  const [, explicit] = kids(der, readTlv(der, 0));
  const [aed] = kids(der, explicit);
  const fields = kids(der, aed);
  const aeci = fields.find((f, i) => i > 0 && f.tag === 0x30 && kids(der, f)[0]?.tag === 0x06)!;
  const ciphertext = kids(der, aeci).find((f) => f.tag === 0x80)!;
  const mac = fields.filter((f) => f.tag === 0x04).pop()!;
  return { ciphertext, mac };
}

describe('failures are errors, never partial plaintext', () => {
  it('GCM: one flipped byte of ciphertext or tag -> auth-failed (OpenSSL-made and ours)', async () => {
    const { p256, rsa } = pki.leaves;
    const osslDer = opensslEncrypt([p256], ['-aes-256-gcm'], bodyFile, 'DER');
    expect(dec.decode((await decryptMessage(osslDer, [key(p256)])).content)).toBe(BODY);
    const ours = await encryptMessage(message(rsa, p256.email), { recipients: [{ certificate: p256.der }], cipher: 'aes-256-gcm' });
    const oursDer = new Uint8Array(Buffer.from(dec.decode(ours).split(/\r\n\r\n/)[1].replace(/\s+/g, ''), 'base64'));

    for (const der of [osslDer, oursDer]) {
      const { ciphertext, mac } = gcmParts(der);
      for (const at of [ciphertext.valueStart + 3, mac.end - 1]) {
        const bad = der.slice();
        bad[at] ^= 0x40;
        await expectEngineError(decryptMessage(bad, [key(p256)]), 'auth-failed');
      }
    }
  });

  it('"not for this identity" names the recipients', async () => {
    const { p256, p384, rsa } = pki.leaves;
    const out = opensslEncrypt([p256, p384], ['-aes256']);
    const e = await expectEngineError(decryptMessage(out, [key(rsa)]), 'not-for-this-identity');
    expect(e.message).toContain('Interop Test Intermediate CA');
    expect(e.message).toContain(`serial ${p256.serialHex}`);
    expect(e.message).toContain(`serial ${p384.serialHex}`);
    const recipients = (e.details as { recipients: Array<{ serial?: string }> }).recipients;
    expect(recipients.map((r) => r.serial)).toEqual([p256.serialHex, p384.serialHex]);
  });

  it('a plain message is not mistaken for an encrypted one', async () => {
    await expectEngineError(decryptMessage(message(pki.leaves.rsa, 'x@example.org'), [key(pki.leaves.rsa)]), 'invalid-argument');
  });
});
