// Interop: SignedData produced by OpenSSL (detached, opaque, streamed BER) verifies with our own verifier.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesEqual, utf8 } from '../../src/crypto/bytes';
import { parseSignedData } from '../../src/crypto/cms/parse-signed-data';
import { verifySignedData } from '../../src/crypto/cms/verify-signed-data';
import { parseBer as parseDer, rawBytes } from '../../src/crypto/asn1/ber-reader';
import { concatBytes } from '../../src/crypto/bytes';
import { scratch } from '../helpers/openssl';
import { type Scratch, type TestIdentity, makeIdentity, opensslSign } from './fixtures';

const content = utf8('Content-Type: text/plain; charset=utf-8\r\n\r\nHello from OpenSSL.\r\nLine 2 with trailing space \r\n');

let s: Scratch;
let rsa: TestIdentity;
let p256: TestIdentity;
let p384: TestIdentity;
let p521: TestIdentity;

beforeAll(() => {
  s = scratch('cms-verify-');
  rsa = makeIdentity(s, 'rsa');
  p256 = makeIdentity(s, 'p256');
  p384 = makeIdentity(s, 'p384');
  p521 = makeIdentity(s, 'p521');
});
afterAll(() => s?.cleanup());

describe('OpenSSL-signed SignedData verifies', () => {
  const rsaCases: Array<[string, string, string]> = [
    ['sha1', 'SHA-1', 'RSA PKCS#1 v1.5'],
    ['sha224', 'SHA-224', 'RSA PKCS#1 v1.5'],
    ['sha256', 'SHA-256', 'RSA PKCS#1 v1.5'],
    ['sha384', 'SHA-384', 'RSA PKCS#1 v1.5'],
    ['sha512', 'SHA-512', 'RSA PKCS#1 v1.5'],
  ];
  for (const [md, digestName, sigName] of rsaCases) {
    it(`RSA ${md}, detached and opaque`, async () => {
      const det = opensslSign(s, content, [rsa], ['-md', md]);
      const r = await verifySignedData(det, { detachedContent: content });
      expect(r.status).toBe('valid');
      expect(r.detached).toBe(true);
      expect(r.signers).toHaveLength(1);
      const signer = r.signers[0];
      expect(signer.digestAlgorithm).toBe(digestName);
      expect(signer.signatureAlgorithm).toBe(sigName);
      expect(signer.rsaKeyBits).toBe(2048);
      expect(signer.weakDigest).toBe(md === 'sha1');
      expect(signer.certificate && bytesEqual(signer.certificate, rsa.certDer)).toBe(true);
      expect(signer.signingTime).toBeInstanceOf(Date);
      expect(Math.abs(signer.signingTime!.getTime() - Date.now())).toBeLessThan(10 * 60_000);
      // OpenSSL advertises its ciphers; we must read them with names.
      expect(signer.smimeCapabilities?.some((c) => c.name === 'AES-256-CBC')).toBe(true);

      const opaque = opensslSign(s, content, [rsa], ['-md', md, '-nodetach']);
      const r2 = await verifySignedData(opaque);
      expect(r2.status).toBe('valid');
      expect(r2.detached).toBe(false);
      expect(r2.content && bytesEqual(r2.content, content)).toBe(true);
    });
  }

  it('RSA-PSS (-keyopt rsa_padding_mode:pss)', async () => {
    const det = opensslSign(s, content, [rsa], ['-md', 'sha256', '-keyopt', 'rsa_padding_mode:pss']);
    const r = await verifySignedData(det, { detachedContent: content });
    expect(r.status).toBe('valid');
    expect(r.signers[0].signatureAlgorithm).toBe('RSA-PSS');
    expect(r.signers[0].digestAlgorithm).toBe('SHA-256');
  });

  const ecCases: Array<[string, () => TestIdentity, string]> = [
    ['P-256', () => p256, 'sha256'],
    ['P-384', () => p384, 'sha384'],
    ['P-521', () => p521, 'sha512'],
  ];
  for (const [curve, id, md] of ecCases) {
    it(`ECDSA ${curve}`, async () => {
      const det = opensslSign(s, content, [id()], ['-md', md]);
      const r = await verifySignedData(det, { detachedContent: content });
      expect(r.status).toBe('valid');
      expect(r.signers[0].signatureAlgorithm).toBe(`ECDSA ${curve}`);
      const opaque = opensslSign(s, content, [id()], ['-md', md, '-nodetach']);
      expect((await verifySignedData(opaque)).status).toBe('valid');
    });
  }

  it('ECDSA P-256 with SHA-1 is valid but flagged weak', async () => {
    const det = opensslSign(s, content, [p256], ['-md', 'sha1']);
    const r = await verifySignedData(det, { detachedContent: content });
    expect(r.status).toBe('valid');
    expect(r.signers[0].weakDigest).toBe(true);
  });

  // OpenSSL 3.0 cannot create Ed25519 CMS signatures ("no default digest" / "invalid digest"), so Ed25519 from
  // another implementation is covered by the RFC 9216 corpus (corpus.test.ts) and our own signer.

  it('streamed BER (indefinite lengths, chunked eContent) from -stream', async () => {
    const big = new Uint8Array(20_000).map((_, i) => (i * 7) & 0xff);
    const streamed = opensslSign(s, big, [rsa], ['-nodetach', '-stream']);
    expect(streamed[1]).toBe(0x80); // indefinite length at the top
    const parsed = parseSignedData(streamed);
    expect(parsed.eContent && bytesEqual(parsed.eContent, big)).toBe(true);
    const r = await verifySignedData(streamed);
    expect(r.status).toBe('valid');
    expect(r.content && bytesEqual(r.content, big)).toBe(true);

    // OpenSSL writes eContent when streaming DER even without -nodetach: a detached check must refuse it.
    const streamedDefault = opensslSign(s, content, [p256], ['-stream']);
    expect(streamedDefault[1]).toBe(0x80);
    expect((await verifySignedData(streamedDefault)).status).toBe('valid');
    const confused = await verifySignedData(streamedDefault, { detachedContent: content });
    expect(confused.status).toBe('invalid');
    expect(confused.reason).toBe('detached signature also carries content');
  });

  it('detached SignedData re-wrapped in indefinite lengths (Outlook style) verifies', async () => {
    const det = opensslSign(s, content, [p256]);
    const ber = toIndefiniteOuter(det);
    expect(ber[1]).toBe(0x80);
    expect((await verifySignedData(ber, { detachedContent: content })).status).toBe('valid');
  });

  it('-noattr (no signed attributes): signature over the content itself', async () => {
    const det = opensslSign(s, content, [rsa], ['-noattr']);
    expect(parseSignedData(det).signerInfos[0].signedAttrs).toBeUndefined();
    expect((await verifySignedData(det, { detachedContent: content })).status).toBe('valid');
    const bad = content.slice();
    bad[0] ^= 1;
    expect((await verifySignedData(det, { detachedContent: bad })).status).toBe('invalid');
  });

  it('two signers (RSA + P-384) both valid', async () => {
    const two = opensslSign(s, content, [rsa, p384], ['-md', 'sha384']);
    const r = await verifySignedData(two, { detachedContent: content });
    expect(r.signers.map((x) => x.status)).toEqual(['valid', 'valid']);
    expect(r.status).toBe('valid');
  });

  it('subjectKeyIdentifier sid (-keyid)', async () => {
    const det = opensslSign(s, content, [p256], ['-keyid']);
    expect(parseSignedData(det).signerInfos[0].sid.type).toBe('subjectKeyIdentifier');
    expect((await verifySignedData(det, { detachedContent: content })).status).toBe('valid');
  });
});

/** ContentInfo, [0] and SignedData re-encoded with indefinite lengths; inner elements kept as DER. */
function toIndefiniteOuter(der: Uint8Array): Uint8Array {
  const ci = parseDer(der);
  const oid = rawBytes(ci.children[0]);
  const sd = ci.children[1].children[0];
  const eoc = Uint8Array.of(0, 0);
  return concatBytes(
    Uint8Array.of(0x30, 0x80),
    oid,
    Uint8Array.of(0xa0, 0x80, 0x30, 0x80),
    ...sd.children.map(rawBytes),
    eoc,
    eoc,
    eoc,
  );
}
