// ESS signingCertificate(V2) on verify (RFC 2634 §5.4, RFC 5035): a signature names its certificate in the signed
// attributes, so a second certificate for the same key (put in the unsigned certificates field and sid) must not
// be reported as the signer. Each substitution case below is 'valid' without the check (see the control case).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utf8 } from '../../src/crypto/bytes';
import { derAlgorithmIdentifier } from '../../src/crypto/asn1/algorithm-identifier';
import { derOctetString, derOid, derSequence, derSetOf, derSmallInt, tlv } from '../../src/crypto/asn1/der-writer';
import { OID } from '../../src/crypto/asn1/oids';
import { readCertificateIds, type CertificateIds } from '../../src/crypto/cms/certificate-ids';
import { importPrivateKeyForSigning } from '../../src/crypto/cms/import-signing-key';
import { parseSignedData } from '../../src/crypto/cms/parse-signed-data';
import { signData } from '../../src/crypto/cms/sign-data';
import { verifySignedData } from '../../src/crypto/cms/verify-signed-data';
import { getPki, releasePki, type PkiIdentity, type TestPki } from '../helpers/pki-fixtures';
import { issueSubstituteCertificate, opensslSignBy, reassembleSignedData } from './ess-fixtures';

const CONTENT = utf8('Content-Type: text/plain\r\n\r\nPay invoice 42 to account A.\r\n');

let pki: TestPki;
let leaf: PkiIdentity;
let leafIds: CertificateIds;
let subst: Uint8Array;
let substIds: CertificateIds;
let key: CryptoKey;

beforeAll(async () => {
  pki = await getPki();
  leaf = pki.leaves.rsa;
  leafIds = readCertificateIds(leaf.der);
  subst = issueSubstituteCertificate(pki, leaf).der;
  substIds = readCertificateIds(subst);
  key = (await importPrivateKeyForSigning(leaf.pkcs8)).key;
}, 60_000);
afterAll(releasePki);

const attrOids = (der: Uint8Array): string[] => parseSignedData(der).signerInfos[0].signedAttrs!.map((a) => a.oid);
const substSid = () => ({ type: 'issuerAndSerialNumber' as const, issuer: substIds.issuer, serialNumber: substIds.serialNumber });

describe('the substitute certificate', () => {
  it('has the same key and subjectKeyIdentifier as the leaf, but another serial', () => {
    expect(substIds.spki).toEqual(leafIds.spki);
    expect(substIds.subjectKeyIdentifier).toEqual(leafIds.subjectKeyIdentifier);
    expect(substIds.serialNumber).not.toEqual(leafIds.serialNumber);
  });
});

describe('genuine signatures with ESS attributes still verify', () => {
  it('our own signData (signingCertificateV2, SHA-256, issuerSerial)', async () => {
    const der = await signData({ content: CONTENT, signer: { certificate: leaf.der, privateKey: key }, detached: true });
    expect(attrOids(der)).toContain(OID.signingCertificateV2);
    const r = await verifySignedData(der, { detachedContent: CONTENT });
    expect(r.status).toBe('valid');
    expect(r.signers[0].certificate).toEqual(leaf.der);
  });

  it.each([
    ['-cades (signingCertificateV2, default SHA-256)', ['-cades'], OID.signingCertificateV2],
    ['-cades -md sha384 (signingCertificateV2 with an explicit hash algorithm)', ['-cades', '-md', 'sha384'], OID.signingCertificateV2],
    ['-cades -md sha1 (signingCertificate v1, SHA-1)', ['-cades', '-md', 'sha1'], OID.signingCertificate],
    ['-cades -keyid (subjectKeyIdentifier sid)', ['-cades', '-keyid'], OID.signingCertificateV2],
  ])('OpenSSL %s', async (_name, extra, oid) => {
    const der = opensslSignBy(pki, leaf, CONTENT, extra);
    expect(attrOids(der)).toContain(oid);
    const r = await verifySignedData(der, { detachedContent: CONTENT });
    expect(r.status, r.reason).toBe('valid');
  });
});

describe('certificate substitution (same key, other certificate)', () => {
  it('control: without an ESS attribute the substitution verifies (what the attribute exists to stop)', async () => {
    const der = reassembleSignedData(opensslSignBy(pki, leaf, CONTENT), { certificates: [subst], sid: substSid() });
    const r = await verifySignedData(der, { detachedContent: CONTENT });
    expect(r.status).toBe('valid');
    expect(r.signers[0].certificate).toEqual(subst);
  });

  it('our signature, certificates and issuerAndSerialNumber sid swapped to the substitute → invalid', async () => {
    const signed = await signData({ content: CONTENT, signer: { certificate: leaf.der, privateKey: key }, detached: true });
    const der = reassembleSignedData(signed, { certificates: [subst], sid: substSid() });
    const r = await verifySignedData(der, { detachedContent: CONTENT });
    expect(r.status).toBe('invalid');
    expect(r.reason).toMatch(/the signature names a different certificate/);
    expect(r.signers[0].status).toBe('invalid');
  });

  it('OpenSSL -cades -keyid, only the embedded certificate swapped (the sid still fits) → invalid', async () => {
    const der = reassembleSignedData(opensslSignBy(pki, leaf, CONTENT, ['-cades', '-keyid']), { certificates: [subst] });
    const r = await verifySignedData(der, { detachedContent: CONTENT });
    expect(r.status).toBe('invalid');
    expect(r.reason).toMatch(/names a different certificate/);
  });

  it('OpenSSL -cades -md sha1 (v1 attribute), substituted → invalid', async () => {
    const der = reassembleSignedData(opensslSignBy(pki, leaf, CONTENT, ['-cades', '-md', 'sha1', '-keyid']), { certificates: [subst] });
    const r = await verifySignedData(der, { detachedContent: CONTENT });
    expect(r.status).toBe('invalid');
    expect(r.reason).toMatch(/signingCertificate hash differs/);
  });

  it('when both certificates are available, the one the signature names is chosen', async () => {
    const der = reassembleSignedData(opensslSignBy(pki, leaf, CONTENT, ['-cades', '-keyid']), { certificates: [subst, leaf.der] });
    const r = await verifySignedData(der, { detachedContent: CONTENT });
    expect(r.status).toBe('valid');
    expect(r.signers[0].certificate).toEqual(leaf.der);
    // The same through the address book (extraCertificates) rather than the message.
    const viaBook = await verifySignedData(reassembleSignedData(der, { certificates: [subst] }), { detachedContent: CONTENT, extraCertificates: [leaf.der] });
    expect(viaBook.status).toBe('valid');
    expect(viaBook.signers[0].certificate).toEqual(leaf.der);
  });
});

describe('hand-built ESS attributes', () => {
  const sha = async (name: 'SHA-1' | 'SHA-256' | 'SHA-384', b: Uint8Array) => new Uint8Array(await crypto.subtle.digest(name, b as BufferSource));
  const attr = (oid: string, ...values: Uint8Array[]) => derSequence(derOid(oid), derSetOf(...values));
  const issuerSerial = (issuer: Uint8Array, serial: Uint8Array) => derSequence(derSequence(tlv(0xa4, issuer)), tlv(0x02, serial));
  // SigningCertificate(V2) ::= SEQUENCE { certs SEQUENCE OF ESSCertID(v2) }, here with one ESSCertID of `fields`.
  const v2 = (...fields: Uint8Array[]) => attr(OID.signingCertificateV2, derSequence(derSequence(derSequence(...fields))));
  const v1 = (...fields: Uint8Array[]) => attr(OID.signingCertificate, derSequence(derSequence(derSequence(...fields))));

  /** SignedData by the RSA leaf over CONTENT (detached) with contentType, messageDigest and the given attributes. */
  async function build(extra: Uint8Array[]): Promise<Uint8Array> {
    const set = derSetOf(attr(OID.contentType, derOid(OID.data)), attr(OID.messageDigest, derOctetString(await sha('SHA-256', CONTENT))), ...extra);
    const sig = new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, set as BufferSource));
    const signerInfo = derSequence(
      derSmallInt(1),
      derSequence(leafIds.issuer, tlv(0x02, leafIds.serialNumber)),
      derAlgorithmIdentifier(OID.sha256),
      Uint8Array.of(0xa0, ...set.subarray(1)),
      derAlgorithmIdentifier(OID.sha256WithRSA),
      derOctetString(sig),
    );
    const sd = derSequence(derSmallInt(1), derSetOf(derAlgorithmIdentifier(OID.sha256)), derSequence(derOid(OID.data)), tlv(0xa0, leaf.der), derSetOf(signerInfo));
    return derSequence(derOid(OID.signedData), tlv(0xa0, sd));
  }
  const verify = async (extra: Uint8Array[]) => verifySignedData(await build(extra), { detachedContent: CONTENT });

  it('baseline: right hash, with and without issuerSerial, v1 and v2 together → valid', async () => {
    expect((await verify([])).status).toBe('valid');
    expect((await verify([v2(derOctetString(await sha('SHA-256', leaf.der)))])).status).toBe('valid');
    const both = await verify([
      v1(derOctetString(await sha('SHA-1', leaf.der)), issuerSerial(leafIds.issuer, leafIds.serialNumber)),
      v2(derSequence(derOid(OID.sha384)), derOctetString(await sha('SHA-384', leaf.der)), issuerSerial(leafIds.issuer, leafIds.serialNumber)),
    ]);
    expect(both.status, both.reason).toBe('valid');
  });

  it('right hash but another serial or issuer in issuerSerial → invalid', async () => {
    const hash = derOctetString(await sha('SHA-256', leaf.der));
    const serial = await verify([v2(hash, issuerSerial(leafIds.issuer, substIds.serialNumber))]);
    expect(serial.status).toBe('invalid');
    expect(serial.reason).toMatch(/names a different certificate.*issuer and serial/);
    const issuer = await verify([v2(hash, issuerSerial(readCertificateIds(pki.root.der).issuer, leafIds.serialNumber))]);
    expect(issuer.status).toBe('invalid');
  });

  it('only the first ESSCertID names the signer; a right hash later in the list does not help', async () => {
    const listed = await verify([
      attr(OID.signingCertificateV2, derSequence(derSequence(derSequence(derOctetString(await sha('SHA-256', subst))), derSequence(derOctetString(await sha('SHA-256', leaf.der)))))),
    ]);
    expect(listed.status).toBe('invalid');
  });

  it('a right v2 does not excuse a wrong v1 (both are checked)', async () => {
    const r = await verify([v1(derOctetString(await sha('SHA-1', subst))), v2(derOctetString(await sha('SHA-256', leaf.der)))]);
    expect(r.status).toBe('invalid');
    expect(r.reason).toMatch(/signingCertificate hash differs/);
  });

  it('the hash algorithm comes from the attribute (SHA-384 named, SHA-256 hash given → invalid)', async () => {
    const r = await verify([v2(derSequence(derOid(OID.sha384)), derOctetString(await sha('SHA-256', leaf.der)))]);
    expect(r.status).toBe('invalid');
  });

  it('repeated, empty, unreadable or MD5 ESS attributes are not valid', async () => {
    const good = derOctetString(await sha('SHA-256', leaf.der));
    const cases: [Uint8Array[], RegExp][] = [
      [[v2(good), v2(derOctetString(await sha('SHA-256', subst)))], /repeated/],
      [[attr(OID.signingCertificateV2, derSequence(derSequence()))], /lists no certificate/],
      [[attr(OID.signingCertificateV2, derOctetString(good))], /malformed/],
      [[v1(derSmallInt(5))], /malformed/],
      [[v2(derSequence(derOid(OID.md5)), derOctetString(new Uint8Array(16)))], /unsupported hash/],
    ];
    for (const [extra, reason] of cases) {
      const r = await verify(extra);
      expect(r.status).not.toBe('valid');
      expect(r.reason).toMatch(reason);
    }
  });
});
