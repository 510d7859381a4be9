// RFC 9216 example SignedData objects (another implementation: RSA, RSA-PSS, Ed25519, detached, multi-signer).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesEqual, utf8 } from '../../src/crypto/bytes';
import { readContentInfoType } from '../../src/crypto/cms/parse-signed-data';
import { OID } from '../../src/crypto/asn1/oids';
import { verifySignedData } from '../../src/crypto/cms/verify-signed-data';
import { corpusPath, hasCorpus, readCorpus } from '../helpers/corpus';

const dir = 'rfc9216-examples-cms';
const p7m = (name: string): Uint8Array => readCorpus(dir, 'binary-files', `${name}.p7m`);
// README.txt of the corpus folder: every object's content is these 28 bytes, no newline.
const SAMPLE = utf8('This is some sample content.');

function pemCert(name: string): Uint8Array {
  const text = readFileSync(corpusPath(dir, 'certs-and-keys', name), 'utf8');
  const b64 = text.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

describe.skipIf(!hasCorpus)('RFC 9216 SignedData examples', () => {
  it('signedByAliceRSA: RSA PKCS#1 v1.5 SHA-256, opaque', async () => {
    const r = await verifySignedData(p7m('signedByAliceRSA'));
    expect(r.status).toBe('valid');
    expect(r.detached).toBe(false);
    expect(r.content && bytesEqual(r.content, SAMPLE)).toBe(true);
    expect(r.signers[0]).toMatchObject({ status: 'valid', signatureAlgorithm: 'RSA PKCS#1 v1.5', digestAlgorithm: 'SHA-256', rsaKeyBits: 2048, weakDigest: false });
    expect(bytesEqual(r.signers[0].certificate!, pemCert('lamps-alice.crt'))).toBe(true);
  });

  it('signedByAliceRSAPSS: RSA-PSS', async () => {
    const r = await verifySignedData(p7m('signedByAliceRSAPSS'));
    expect(r.status).toBe('valid');
    expect(r.signers[0].signatureAlgorithm).toBe('RSA-PSS');
  });

  it('signedByCarlosEd25519: Ed25519 with SHA-512', async () => {
    const r = await verifySignedData(p7m('signedByCarlosEd25519'));
    expect(r.status).toBe('valid');
    expect(r.signers[0]).toMatchObject({ signatureAlgorithm: 'Ed25519', digestAlgorithm: 'SHA-512' });
    expect(bytesEqual(r.content!, SAMPLE)).toBe(true);
  });

  it('signedByCarlosDetached: valid with the sample content, invalid with other content', async () => {
    const r = await verifySignedData(p7m('signedByCarlosDetached'), { detachedContent: SAMPLE });
    expect(r.status).toBe('valid');
    expect(r.detached).toBe(true);
    const other = await verifySignedData(p7m('signedByCarlosDetached'), { detachedContent: utf8('This is some sample content!') });
    expect(other.status).toBe('invalid');
  });

  it('signedByAliceAndCarlosNoCerts: signer-unknown alone, valid with both certificates supplied', async () => {
    const alone = await verifySignedData(p7m('signedByAliceAndCarlosNoCerts'));
    expect(alone.certificates).toHaveLength(0);
    expect(alone.status).toBe('signer-unknown');
    expect(alone.signers.map((x) => x.status)).toEqual(['signer-unknown', 'signer-unknown']);

    const onlyAlice = await verifySignedData(p7m('signedByAliceAndCarlosNoCerts'), { extraCertificates: [pemCert('lamps-alice.crt')] });
    expect(onlyAlice.status).toBe('signer-unknown');

    const both = await verifySignedData(p7m('signedByAliceAndCarlosNoCerts'), {
      extraCertificates: [pemCert('lamps-alice.crt'), pemCert('lamps-carlos.crt')],
    });
    expect(both.status).toBe('valid');
    expect(both.signers.map((x) => x.signatureAlgorithm).sort()).toEqual(['Ed25519', 'RSA PKCS#1 v1.5']);
  });

  it('opaque corpus objects are refused as detached signatures (eContent confusion)', async () => {
    const r = await verifySignedData(p7m('signedByAliceRSA'), { detachedContent: SAMPLE });
    expect(r.status).toBe('invalid');
  });

  it('readContentInfoType routes EnvelopedData / AuthEnvelopedData; verifySignedData refuses them', async () => {
    expect(readContentInfoType(p7m('signedByAliceRSA'))).toBe(OID.signedData);
    const env = readCorpus(dir, 'binary-files', 'encryptedForBobRSAOaep.p7m');
    expect(readContentInfoType(env)).toBe(OID.envelopedData);
    expect(readContentInfoType(readCorpus(dir, 'binary-files', 'authEnvelopedForDanaX25519HKDF.p7m'))).toBe(OID.authEnvelopedData);
    await expect(verifySignedData(env)).rejects.toMatchObject({ code: 'malformed' });
  });
});

const tb = 'thunderbird/tb-smime';

/** The base64 body of the smime.p7s part of a multipart/signed file (test-only MIME slicing). */
function p7sOf(file: string): Uint8Array {
  const text = readFileSync(corpusPath(tb, file), 'latin1');
  const at = text.indexOf('application/pkcs7-signature; name=smime.p7s');
  const blank = /\r?\n\r?\n/.exec(text.slice(at))!;
  const body = text.slice(at + blank.index + blank[0].length);
  return new Uint8Array(Buffer.from(body.slice(0, body.indexOf('--')).replace(/\s+/g, ''), 'base64'));
}

describe.skipIf(!hasCorpus)('Thunderbird/NSS SignedData (BER, RSA SHA-1/256/384/512)', () => {
  const mime = () => readCorpus(tb, 'alice.mime');
  for (const md of ['SHA1', 'SHA256', 'SHA384', 'SHA512']) {
    it(`alice.mime.dsig.${md}: detached valid, altered content invalid; alice.textplain.sig.${md}: opaque valid`, async () => {
      const det = readCorpus(tb, `alice.mime.dsig.${md}`);
      const r = await verifySignedData(det, { detachedContent: mime() });
      expect(r.status).toBe('valid');
      expect(r.signers[0].digestAlgorithm).toBe(md.replace('SHA', 'SHA-'));
      expect(r.signers[0].weakDigest).toBe(md === 'SHA1');
      expect(r.signers[0].signatureAlgorithm).toBe('RSA PKCS#1 v1.5');
      expect(r.signers[0].signingTime).toBeUndefined(); // NSS test signatures carry no signingTime
      const altered = mime().slice();
      altered[altered.length - 5] ^= 0x01;
      expect((await verifySignedData(det, { detachedContent: altered })).status).toBe('invalid');

      const opaque = await verifySignedData(readCorpus(tb, `alice.textplain.sig.${md}`));
      expect(opaque.status).toBe('valid');
      expect(bytesEqual(opaque.content!, readCorpus(tb, 'alice.textplain'))).toBe(true);
    });
  }

  it('mismatch-econtent: the p7s of a multipart/signed carries other content -> invalid', async () => {
    const p7s = p7sOf('alice.dsig.SHA256.multipart.mismatch-econtent');
    const r = await verifySignedData(p7s, { detachedContent: mime() });
    expect(r.status).toBe('invalid');
    expect(r.reason).toBe('detached signature also carries content');
    const good = await verifySignedData(p7sOf('alice.dsig.SHA256.multipart'), { detachedContent: mime() });
    expect(good.status).toBe('valid'); // the same p7s without the planted eContent covers alice.mime
  });
});
