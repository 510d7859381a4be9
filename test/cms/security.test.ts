// Security properties of verifySignedData: tampering, eContent confusion, attribute rules, signer lookup and the
// overall verdict when signers disagree. Each case would turn 'valid' if the property broke.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesEqual, utf8 } from '../../src/crypto/bytes';
import { readCertificateIds } from '../../src/crypto/cms/certificate-ids';
import { derAlgorithmIdentifier } from '../../src/crypto/asn1/algorithm-identifier';
import { derExplicit, derOctetString, derOid, derSequence, derSetOf, derSmallInt, tlv } from '../../src/crypto/asn1/der-writer';
import { derTime } from '../../src/crypto/asn1/time';
import { ecdsaP1363ToDer } from '../../src/crypto/cms/ecdsa-signature';
import { importPrivateKeyForSigning } from '../../src/crypto/cms/import-signing-key';
import { OID } from '../../src/crypto/asn1/oids';
import { parseSignedData } from '../../src/crypto/cms/parse-signed-data';
import { signData } from '../../src/crypto/cms/sign-data';
import { verifySignedData } from '../../src/crypto/cms/verify-signed-data';
import { scratch } from '../helpers/openssl';
import { type Scratch, type TestIdentity, flipInside, indexOfBytes, makeIdentity, opensslSign } from './fixtures';

const A = utf8('Content-Type: text/plain\r\n\r\nPay Alice 10 EUR.\r\n');
const B = utf8('Content-Type: text/plain\r\n\r\nPay Mallory 10000 EUR.\r\n');

let s: Scratch;
let rsa: TestIdentity;
let p256: TestIdentity;
let p256Key: CryptoKey;

beforeAll(async () => {
  s = scratch('cms-sec-');
  rsa = makeIdentity(s, 'rsa');
  p256 = makeIdentity(s, 'p256');
  p256Key = (await importPrivateKeyForSigning(p256.pkcs8)).key;
});
afterAll(() => s?.cleanup());

/** Hand-built SignedData signed by the P-256 identity, so attribute rules can be broken on purpose. */
async function build(o: {
  content: Uint8Array;
  attrs?: Uint8Array[] | 'none';
  eContentType?: string;
  embed?: boolean;
  digestOid?: string;
  sigAlgOid?: string;
  certs?: Uint8Array[];
}): Promise<Uint8Array> {
  const cert = readCertificateIds(p256.certDer);
  const digestOid = o.digestOid ?? OID.sha256;
  const eContentType = o.eContentType ?? OID.data;
  const attrs = o.attrs ?? (await standardAttrs(o.content, eContentType));
  const signedSet = attrs === 'none' ? undefined : derSetOf(...attrs);
  const toSign = signedSet ?? o.content;
  const sig = ecdsaP1363ToDer(
    new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, p256Key, toSign as BufferSource)),
  );
  const signedAttrsField = signedSet ? Uint8Array.of(0xa0, ...signedSet.subarray(1)) : new Uint8Array(0);
  const signerInfo = derSequence(
    derSmallInt(1),
    derSequence(cert.issuer, tlv(0x02, cert.serialNumber)),
    derAlgorithmIdentifier(digestOid),
    signedAttrsField,
    derAlgorithmIdentifier(o.sigAlgOid ?? OID.ecdsaWithSHA256),
    derOctetString(sig),
  );
  const encap = o.embed
    ? derSequence(derOid(eContentType), derExplicit(0, derOctetString(o.content)))
    : derSequence(derOid(eContentType));
  const sd = derSequence(
    derSmallInt(3),
    derSetOf(derAlgorithmIdentifier(digestOid)),
    encap,
    tlv(0xa0, ...(o.certs ?? [p256.certDer])),
    derSetOf(signerInfo),
  );
  return derSequence(derOid(OID.signedData), derExplicit(0, sd));
}

function attr(oid: string, ...values: Uint8Array[]): Uint8Array {
  return derSequence(derOid(oid), derSetOf(...values));
}

async function sha256(b: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', b as BufferSource));
}

async function standardAttrs(content: Uint8Array, ct: string = OID.data): Promise<Uint8Array[]> {
  return [
    attr(OID.contentType, derOid(ct)),
    attr(OID.signingTime, derTime(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)))),
    attr(OID.messageDigest, derOctetString(await sha256(content))),
  ];
}

describe('tampering flips valid to invalid', () => {
  it('content, signed attribute and signature bytes (OpenSSL RSA, detached)', async () => {
    const sig = opensslSign(s, A, [rsa]);
    expect((await verifySignedData(sig, { detachedContent: A })).status).toBe('valid');

    const badContent = A.slice();
    badContent[30] ^= 0x01;
    const r1 = await verifySignedData(sig, { detachedContent: badContent });
    expect(r1.status).toBe('invalid');
    expect(r1.signers[0].reason).toBe('message digest does not match the content');

    // A digit of the signingTime value: still a valid time, so only the signature check can catch it.
    const si = parseSignedData(sig).signerInfos[0];
    const timeAttr = si.signedAttrs!.find((a) => a.oid === OID.signingTime)!.values[0];
    const at = indexOfBytes(sig, timeAttr, indexOfBytes(sig, si.signedAttrsDer!.subarray(1)));
    expect(at).toBeGreaterThan(0);
    const badAttr = sig.slice();
    // The units digit of the seconds (just before the 'Z', in UTCTime and GeneralizedTime alike): any digit
    // with its low bit flipped is another digit 0-9, so the time stays valid on every calendar date.
    const secondsUnits = at + timeAttr.length - 2;
    expect(String.fromCharCode(sig[secondsUnits + 1])).toBe('Z');
    badAttr[secondsUnits] ^= 0x01;
    const r2 = await verifySignedData(badAttr, { detachedContent: A });
    expect(r2.status).toBe('invalid');
    expect(r2.signers[0].reason).toBe('the signature does not match the signed data');

    const r3 = await verifySignedData(flipInside(sig, si.signature), { detachedContent: A });
    expect(r3.status).toBe('invalid');
  });

  it('opaque eContent byte (ours, P-256)', async () => {
    const opaque = await signData({ content: A, signer: { certificate: p256.certDer, privateKey: p256Key }, detached: false });
    expect((await verifySignedData(opaque)).status).toBe('valid');
    const r = await verifySignedData(flipInside(opaque, A));
    expect(r.status).toBe('invalid');
  });
});

describe('eContent confusion', () => {
  it('a -nodetach SignedData over A never verifies as a detached signature (content B or A)', async () => {
    const opaque = opensslSign(s, A, [rsa], ['-nodetach']);
    expect((await verifySignedData(opaque)).status).toBe('valid');
    for (const shown of [B, A]) {
      const r = await verifySignedData(opaque, { detachedContent: shown });
      expect(r.status).toBe('invalid');
      expect(r.reason).toBe('detached signature also carries content');
      expect(r.content).toBeUndefined();
      expect(r.signers.every((x) => x.status === 'invalid')).toBe(true);
    }
  });

  it('detached signature without content is malformed, not valid', async () => {
    const det = opensslSign(s, A, [rsa]);
    const r = await verifySignedData(det);
    expect(r.status).toBe('malformed');
    expect(r.content).toBeUndefined();
  });
});

describe('signer set and attribute rules', () => {
  it('hand-built control case is valid (so the failures below are due to the rule)', async () => {
    expect((await verifySignedData(await build({ content: A }), { detachedContent: A })).status).toBe('valid');
    expect((await verifySignedData(await build({ content: A, embed: true }))).status).toBe('valid');
    expect((await verifySignedData(await build({ content: A, attrs: 'none' }), { detachedContent: A })).status).toBe('valid');
  });

  it('zero signers -> none', async () => {
    const sd = derSequence(derSmallInt(1), derSetOf(), derSequence(derOid(OID.data)), derSetOf());
    const r = await verifySignedData(derSequence(derOid(OID.signedData), derExplicit(0, sd)), { detachedContent: A });
    expect(r.status).toBe('none');
    expect(r.signers).toEqual([]);
  });

  it('two signers, one signature broken -> invalid overall', async () => {
    const two = opensslSign(s, A, [rsa, p256]);
    const good = await verifySignedData(two, { detachedContent: A });
    expect(good.signers.map((x) => x.status)).toEqual(['valid', 'valid']);
    const ecSigner = parseSignedData(two).signerInfos.find((x) => x.signatureAlgorithm.oid === OID.ecdsaWithSHA256)!;
    const r = await verifySignedData(flipInside(two, ecSigner.signature, 10), { detachedContent: A });
    expect(r.signers.map((x) => x.status).sort()).toEqual(['invalid', 'valid']);
    expect(r.status).toBe('invalid');
    expect(r.reason).toMatch(/^signer \d: /);
  });

  it('contentType attribute that differs from eContentType -> invalid', async () => {
    const attrs = [
      attr(OID.contentType, derOid('1.2.840.113549.1.9.16.1.2')),
      attr(OID.messageDigest, derOctetString(await sha256(A))),
    ];
    const r = await verifySignedData(await build({ content: A, attrs }), { detachedContent: A });
    expect(r.status).toBe('invalid');
    expect(r.signers[0].reason).toMatch(/contentType attribute .* does not match eContentType/);
  });

  it('missing messageDigest / missing contentType / repeated messageDigest -> invalid', async () => {
    const ct = attr(OID.contentType, derOid(OID.data));
    const md = attr(OID.messageDigest, derOctetString(await sha256(A)));
    const cases: Array<[Uint8Array[], RegExp]> = [
      [[ct], /messageDigest attribute missing/],
      [[md], /contentType attribute missing/],
      [[ct, attr(OID.messageDigest, derOctetString(await sha256(A)), derOctetString(await sha256(B)))], /messageDigest attribute repeated/],
    ];
    for (const [attrs, reason] of cases) {
      const r = await verifySignedData(await build({ content: A, attrs }), { detachedContent: A });
      expect(r.status).toBe('invalid');
      expect(r.signers[0].reason).toMatch(reason);
    }
  });

  it('no signed attributes with an eContentType other than id-data -> invalid', async () => {
    const r = await verifySignedData(await build({ content: A, attrs: 'none', eContentType: '1.2.840.113549.1.9.16.1.4', embed: true }));
    expect(r.status).toBe('invalid');
  });

  it('MD5 digest -> invalid and weak; unknown signature algorithm -> malformed', async () => {
    const md5 = await verifySignedData(await build({ content: A, digestOid: OID.md5 }), { detachedContent: A });
    expect(md5.status).toBe('invalid');
    expect(md5.signers[0].weakDigest).toBe(true);
    const unknown = await verifySignedData(await build({ content: A, sigAlgOid: '1.2.3.4.5' }), { detachedContent: A });
    expect(unknown.status).toBe('malformed');
    expect(unknown.signers[0].status).toBe('malformed');
    expect(unknown.signers[0].reason).toMatch(/unsupported signature algorithm 1\.2\.3\.4\.5/);
  });

  it('signer certificate missing -> signer-unknown; supplied as extraCertificates -> valid', async () => {
    const noCerts = opensslSign(s, A, [rsa], ['-nocerts']);
    expect(parseSignedData(noCerts).certificates).toHaveLength(0);
    const r = await verifySignedData(noCerts, { detachedContent: A });
    expect(r.status).toBe('signer-unknown');
    expect(r.signers[0].certificate).toBeUndefined();
    const r2 = await verifySignedData(noCerts, { detachedContent: A, extraCertificates: [p256.certDer, rsa.certDer] });
    expect(r2.status).toBe('valid');
    expect(bytesEqual(r2.signers[0].certificate!, rsa.certDer)).toBe(true);
  });

  it('a wrong certificate cannot stand in for the signer (only issuer+serial matches count)', async () => {
    // Signed by P-256 but only the RSA certificate is around: the signer is unknown, never valid.
    const r = await verifySignedData(await build({ content: A, certs: [rsa.certDer] }), { detachedContent: A });
    expect(r.status).toBe('signer-unknown');
  });

  it('precedence: invalid beats signer-unknown beats malformed', async () => {
    // signer-unknown (RSA, no cert) + invalid (P-256 tampered)
    const two = opensslSign(s, A, [rsa, p256], ['-nocerts']);
    const ecSigner = parseSignedData(two).signerInfos.find((x) => x.signatureAlgorithm.oid === OID.ecdsaWithSHA256)!;
    const r = await verifySignedData(flipInside(two, ecSigner.signature, 10), {
      detachedContent: A,
      extraCertificates: [p256.certDer],
    });
    expect(r.signers.map((x) => x.status).sort()).toEqual(['invalid', 'signer-unknown']);
    expect(r.status).toBe('invalid');
    // signer-unknown + valid
    const r2 = await verifySignedData(two, { detachedContent: A, extraCertificates: [p256.certDer] });
    expect(r2.signers.map((x) => x.status).sort()).toEqual(['signer-unknown', 'valid']);
    expect(r2.status).toBe('signer-unknown');
  });
});
