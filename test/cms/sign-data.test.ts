// Our signData output is accepted by OpenSSL (detached via -content, and opaque), carries the promised signed
// attributes, and round-trips through our own verifier.
import { X509Certificate, verify as nodeVerify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesEqual, utf8 } from '../../src/crypto/bytes';
import { parseSignedData } from '../../src/crypto/cms/parse-signed-data';
import { importPrivateKeyForSigning } from '../../src/crypto/cms/import-signing-key';
import { micalgFor, signData, signingDigestFor } from '../../src/crypto/cms/sign-data';
import { verifySignedData } from '../../src/crypto/cms/verify-signed-data';
import { OID } from '../../src/crypto/asn1/oids';
import { EngineError } from '../../src/crypto/errors';
import { openssl, scratch } from '../helpers/openssl';
import { type KeyKind, type Scratch, type TestIdentity, makeIdentity } from './fixtures';

const content = utf8('Content-Type: text/plain\r\n\r\nSigned by the extension.\r\n');

let s: Scratch;
const ids = {} as Record<KeyKind, TestIdentity>;

beforeAll(() => {
  s = scratch('cms-sign-');
  for (const k of ['rsa', 'rsapss', 'p256', 'p384', 'p521', 'ed25519'] as KeyKind[]) ids[k] = makeIdentity(s, k);
});
afterAll(() => s?.cleanup());

function opensslVerify(sig: Uint8Array, detachedContent?: Uint8Array): { ok: boolean; out: Uint8Array; err: string } {
  const sigPath = s.write(`sig-${Math.random().toString(36).slice(2)}.der`, sig);
  const args = ['cms', '-verify', '-binary', '-noverify', '-inform', 'DER', '-in', sigPath];
  if (detachedContent) args.push('-content', s.write(`c-${Math.random().toString(36).slice(2)}.bin`, detachedContent));
  const r = openssl(args);
  return { ok: r.status === 0, out: r.stdout, err: r.stderr };
}

const cases: Array<{ kind: KeyKind; opts?: { rsaPadding?: 'pss'; digest?: 'SHA-256' | 'SHA-384' | 'SHA-512' }; alg: string; name: string; digest: string }> = [
  { kind: 'rsa', alg: 'RSA', name: 'RSA PKCS#1 v1.5', digest: 'SHA-256' },
  { kind: 'rsa', opts: { digest: 'SHA-512' }, alg: 'RSA', name: 'RSA PKCS#1 v1.5', digest: 'SHA-512' },
  { kind: 'rsa', opts: { rsaPadding: 'pss' }, alg: 'RSA-PSS', name: 'RSA-PSS', digest: 'SHA-256' },
  { kind: 'rsapss', alg: 'RSA-PSS', name: 'RSA-PSS', digest: 'SHA-256' },
  { kind: 'p256', alg: 'EC-P256', name: 'ECDSA P-256', digest: 'SHA-256' },
  { kind: 'p384', alg: 'EC-P384', name: 'ECDSA P-384', digest: 'SHA-384' },
  { kind: 'p521', alg: 'EC-P521', name: 'ECDSA P-521', digest: 'SHA-512' },
  { kind: 'ed25519', alg: 'Ed25519', name: 'Ed25519', digest: 'SHA-512' },
];

const OPENSSL_CAN_VERIFY: Record<KeyKind, boolean> = { rsa: true, rsapss: true, p256: true, p384: true, p521: true, ed25519: false };

describe('signData', () => {
  for (const c of cases) {
    it(`${c.kind} ${JSON.stringify(c.opts ?? {})}: OpenSSL verifies detached and opaque; we verify too`, async () => {
      const id = ids[c.kind];
      const { key, algorithm } = await importPrivateKeyForSigning(id.pkcs8, c.opts);
      expect(algorithm).toBe(c.alg);
      expect(signingDigestFor(key)).toBe(c.digest);
      const signingTime = new Date(Date.UTC(2024, 4, 1, 12, 0, 0));

      const det = await signData({ content, signer: { certificate: id.certDer, privateKey: key }, detached: true, signingTime });
      const tampered = content.slice();
      tampered[tampered.length - 3] ^= 0x20;
      if (OPENSSL_CAN_VERIFY[c.kind]) {
        const od = opensslVerify(det, content);
        expect(od.err).toContain('Verification successful');
        expect(od.ok).toBe(true);
        expect(opensslVerify(det, tampered).ok).toBe(false);
      } else {
        // OpenSSL 3.0 cannot verify Ed25519 CMS ("eddsa_digest_signverify_init:invalid digest"), so check the
        // signature over the signed attributes with node:crypto and the messageDigest by hand.
        const si = parseSignedData(det).signerInfos[0];
        expect(nodeVerify(null, si.signedAttrsDer!, new X509Certificate(Buffer.from(id.certDer)).publicKey, si.signature)).toBe(true);
        const md = si.signedAttrs!.find((a) => a.oid === OID.messageDigest)!.values[0];
        const expected = new Uint8Array(await crypto.subtle.digest('SHA-512', content as BufferSource));
        expect(bytesEqual(md.subarray(2), expected)).toBe(true);
      }

      const ours = await verifySignedData(det, { detachedContent: content });
      expect(ours.status).toBe('valid');
      expect(ours.signers[0].signatureAlgorithm).toBe(c.name);
      expect(ours.signers[0].digestAlgorithm).toBe(c.digest);
      expect(ours.signers[0].signingTime?.toISOString()).toBe(signingTime.toISOString());

      const opaque = await signData({ content, signer: { certificate: id.certDer, privateKey: key }, detached: false });
      if (OPENSSL_CAN_VERIFY[c.kind]) {
        const oo = opensslVerify(opaque);
        expect(oo.ok).toBe(true);
        expect(bytesEqual(oo.out, content)).toBe(true);
      }
      expect((await verifySignedData(opaque)).status).toBe('valid');
    });
  }

  it('openssl -cmsout -print shows signingCertificateV2, SMIMECapabilities and our attributes', async () => {
    const id = ids.rsa;
    const { key } = await importPrivateKeyForSigning(id.pkcs8);
    const chainCert = ids.p256.certDer;
    const det = await signData({ content, signer: { certificate: id.certDer, privateKey: key, chain: [chainCert] }, detached: true });
    const p = openssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', s.write('print.der', det)]);
    expect(p.status).toBe(0);
    const text = new TextDecoder().decode(p.stdout);
    expect(text).toContain('id-smime-aa-signingCertificateV2');
    expect(text).toContain('S/MIME Capabilities');
    expect(text).toContain('aes-256-gcm');
    expect(text).toContain('aes-256-cbc');
    expect(text).toContain('rsaesOaep');
    expect(text).toContain('signingTime');
    expect(text).toContain('messageDigest');
    expect(text).toContain('contentType');

    const parsed = parseSignedData(det);
    expect(parsed.version).toBe(1);
    expect(parsed.eContent).toBeUndefined();
    expect(parsed.certificates).toHaveLength(2);
    expect(parsed.certificates.some((c) => bytesEqual(c, chainCert))).toBe(true);
    const si = parsed.signerInfos[0];
    expect(si.sid.type).toBe('issuerAndSerialNumber');
    expect(si.signedAttrs?.map((a) => a.oid).sort()).toEqual(
      [OID.contentType, OID.signingTime, OID.messageDigest, OID.smimeCapabilities, OID.signingCertificateV2].sort(),
    );
    // ESS certHash is SHA-256 of the signer certificate.
    const scv2 = si.signedAttrs!.find((a) => a.oid === OID.signingCertificateV2)!.values[0];
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', id.certDer as BufferSource));
    expect(indexOf(scv2, hash)).toBeGreaterThan(0);

    const v = await verifySignedData(det, { detachedContent: content });
    expect(v.signers[0].smimeCapabilities?.map((c) => c.name)).toEqual([
      'AES-256-GCM',
      'AES-256-CBC',
      'AES-192-CBC',
      'AES-128-CBC',
      'RSAES-OAEP',
      'RSA (PKCS#1 v1.5)',
    ]);
  });

  it('custom SMIMECapabilities are written in order', async () => {
    const { key } = await importPrivateKeyForSigning(ids.p256.pkcs8);
    const det = await signData({
      content,
      signer: { certificate: ids.p256.certDer, privateKey: key },
      detached: true,
      smimeCapabilities: [{ oid: OID.aes128Gcm }, { oid: OID.aes128Cbc }],
    });
    const v = await verifySignedData(det, { detachedContent: content });
    expect(v.signers[0].smimeCapabilities).toEqual([
      { oid: OID.aes128Gcm, name: 'AES-128-GCM' },
      { oid: OID.aes128Cbc, name: 'AES-128-CBC' },
    ]);
  });

  it('refuses a key that does not belong to the certificate', async () => {
    const { key } = await importPrivateKeyForSigning(ids.p256.pkcs8);
    await expect(signData({ content, signer: { certificate: ids.p384.certDer, privateKey: key }, detached: true })).rejects.toMatchObject({
      code: 'invalid-argument',
    });
  });

  it('refuses a digest that clashes with the key', async () => {
    const { key } = await importPrivateKeyForSigning(ids.ed25519.pkcs8);
    expect(() => signingDigestFor(key, 'SHA-256')).toThrow(EngineError);
    const { key: rsaKey } = await importPrivateKeyForSigning(ids.rsa.pkcs8, { digest: 'SHA-384' });
    expect(signingDigestFor(rsaKey)).toBe('SHA-384');
    expect(() => signingDigestFor(rsaKey, 'SHA-256')).toThrow(EngineError);
  });

  it('importPrivateKeyForSigning rejects garbage with an EngineError', async () => {
    await expect(importPrivateKeyForSigning(Uint8Array.of(1, 2, 3))).rejects.toBeInstanceOf(EngineError);
    await expect(importPrivateKeyForSigning(ids.rsa.certDer)).rejects.toBeInstanceOf(EngineError);
  });

  it('micalgFor', () => {
    expect(micalgFor('SHA-256')).toBe('sha-256');
    expect(micalgFor('SHA-384')).toBe('sha-384');
    expect(micalgFor('SHA-512')).toBe('sha-512');
    expect(micalgFor('SHA-1')).toBe('sha-1');
  });
});

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
