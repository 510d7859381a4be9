// Unit tests for the algorithm layer: SHA-224 against NIST vectors and node:crypto, RSASSA-PSS-params rules,
// ECDSA signature conversion, the raw RSA PKCS#1 v1.5 check, DER time/OID decoding.
import { createHash, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesEqual, fromHex, toHex, utf8 } from '../../src/crypto/bytes';
import { parseBer as parseDer } from '../../src/crypto/asn1/ber-reader';
import { oidFromBytes } from '../../src/crypto/asn1/read-values';
import { decodeTime, derTime } from '../../src/crypto/asn1/time';
import { derAlgorithmIdentifier } from '../../src/crypto/asn1/algorithm-identifier';
import { derExplicit, derNull, derOid, derSequence, derSmallInt } from '../../src/crypto/asn1/der-writer';
import { ecdsaDerToP1363, ecdsaP1363ToDer } from '../../src/crypto/cms/ecdsa-signature';
import { OID } from '../../src/crypto/asn1/oids';
import { verifyRsaPkcs1Raw } from '../../src/crypto/cms/rsa-pkcs1-raw';
import { sha224 } from '../../src/crypto/hash/sync-sha';
import { parsePssParams, resolveSignatureScheme } from '../../src/crypto/cms/signature-algorithms';
import { EngineError } from '../../src/crypto/errors';

describe('sha224', () => {
  it('NIST FIPS 180-4 example vectors', () => {
    expect(toHex(sha224(utf8('abc')))).toBe('23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7');
    expect(toHex(sha224(new Uint8Array(0)))).toBe('d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f');
    expect(toHex(sha224(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525',
    );
    expect(toHex(sha224(new Uint8Array(1_000_000).fill(0x61)))).toBe('20794655980c91d8bbb4c1ea97618a4bf03f42581948b2ee4ee7ad67');
  });

  it('matches node:crypto on random inputs (all padding boundaries)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(toHex(sha224(b))).toBe(createHash('sha224').update(b).digest('hex'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('RSA PKCS#1 v1.5 by hand (SHA-224)', () => {
  it('accepts a node:crypto signature and rejects a flipped bit or a wrong hash', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
    const n = new Uint8Array(Buffer.from(jwk.n, 'base64url'));
    const e = new Uint8Array(Buffer.from(jwk.e, 'base64url'));
    const msg = utf8('hello sha-224');
    const sig = new Uint8Array(nodeSign('sha224', msg, privateKey));
    expect(verifyRsaPkcs1Raw(n, e, 'SHA-224', sha224(msg), sig)).toBe(true);
    const bad = sig.slice();
    bad[5] ^= 1;
    expect(verifyRsaPkcs1Raw(n, e, 'SHA-224', sha224(msg), bad)).toBe(false);
    expect(verifyRsaPkcs1Raw(n, e, 'SHA-224', sha224(utf8('other')), sig)).toBe(false);
    expect(verifyRsaPkcs1Raw(n, e, 'SHA-224', sha224(msg), sig.subarray(1))).toBe(false);
  });
});

describe('RSASSA-PSS-params', () => {
  const hashId = (oid: string) => derAlgorithmIdentifier(oid, derNull());
  const params = (h: string, mgfHash: string, salt: number, trailer?: number) =>
    derSequence(
      derExplicit(0, hashId(h)),
      derExplicit(1, derAlgorithmIdentifier(OID.mgf1, hashId(mgfHash))),
      derExplicit(2, derSmallInt(salt)),
      ...(trailer !== undefined ? [derExplicit(3, derSmallInt(trailer))] : []),
    );

  it('reads hash and salt', () => {
    expect(parsePssParams(params(OID.sha384, OID.sha384, 48))).toEqual({ kind: 'rsa-pss', hash: 'SHA-384', saltLength: 48 });
    expect(parsePssParams(params(OID.sha256, OID.sha256, 32, 1))).toEqual({ kind: 'rsa-pss', hash: 'SHA-256', saltLength: 32 });
  });
  it('defaults are SHA-1 / MGF1-SHA-1 / salt 20', () => {
    expect(parsePssParams(derSequence())).toEqual({ kind: 'rsa-pss', hash: 'SHA-1', saltLength: 20 });
  });
  it('MGF1 hash different from the hash, or trailerField 2, is unsupported', () => {
    expect(() => parsePssParams(params(OID.sha256, OID.sha1, 32))).toThrow(/MGF1 hash/);
    expect(() => parsePssParams(params(OID.sha256, OID.sha256, 32, 2))).toThrow(/trailerField/);
  });
});

describe('resolveSignatureScheme', () => {
  it('plain rsaEncryption takes the hash from digestAlgorithm', () => {
    expect(resolveSignatureScheme({ oid: OID.rsaEncryption }, 'SHA-384')).toEqual({ kind: 'rsa-pkcs1', hash: 'SHA-384' });
    expect(resolveSignatureScheme({ oid: OID.sha512WithRSA }, 'SHA-256')).toEqual({ kind: 'rsa-pkcs1', hash: 'SHA-512' });
    expect(resolveSignatureScheme({ oid: OID.ecdsaWithSHA384 }, 'SHA-384')).toEqual({ kind: 'ecdsa', hash: 'SHA-384' });
    expect(resolveSignatureScheme({ oid: OID.ed25519 }, 'SHA-512')).toEqual({ kind: 'ed25519' });
  });
  it('unknown algorithms are unsupported EngineErrors', () => {
    for (const oid of ['1.2.3', OID.ed448, OID.dsaWithSHA1]) {
      let err: unknown;
      try {
        resolveSignatureScheme({ oid }, 'SHA-256');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(EngineError);
      expect((err as EngineError).code).toBe('unsupported-algorithm');
    }
  });
});

describe('ECDSA DER <-> P1363', () => {
  it('round-trips and pads to the curve size', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (p) => {
        const der = ecdsaP1363ToDer(p);
        expect(bytesEqual(ecdsaDerToP1363(der, 'P-256')!, p)).toBe(true);
      }),
    );
    const p521 = new Uint8Array(132);
    p521[0] = 1;
    p521[131] = 7;
    expect(bytesEqual(ecdsaDerToP1363(ecdsaP1363ToDer(p521), 'P-521')!, p521)).toBe(true);
  });
  it('rejects oversize or negative integers and garbage', () => {
    const big = new Uint8Array(66).fill(0x11);
    expect(ecdsaDerToP1363(ecdsaP1363ToDer(big), 'P-256')).toBeUndefined();
    expect(ecdsaDerToP1363(fromHex('3006020180020101'), 'P-256')).toBeUndefined();
    expect(ecdsaDerToP1363(fromHex('deadbeef'), 'P-256')).toBeUndefined();
  });
});

describe('DER primitives', () => {
  it('times: UTCTime century rule, GeneralizedTime, round trip', () => {
    expect(decodeTime(parseDer(fromHex('170d3439313233313233353935395a'))).toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(decodeTime(parseDer(fromHex('170d3530303130313030303030305a'))).toISOString()).toBe('1950-01-01T00:00:00.000Z');
    for (const d of [new Date(Date.UTC(2024, 1, 29, 1, 2, 3)), new Date(Date.UTC(2051, 0, 1)), new Date(Date.UTC(1949, 11, 31))]) {
      expect(decodeTime(parseDer(derTime(d))).toISOString()).toBe(d.toISOString());
    }
    expect(() => decodeTime(parseDer(fromHex('170d3234313330313030303030305a')))).toThrow(/time out of range/);
  });
  it('OIDs round-trip, including large arcs', () => {
    for (const oid of [OID.signedData, OID.p521, '2.25.329800735698586629295641978511506172918', '2.999.1']) {
      expect(oidFromBytes(derOid(oid).subarray(2))).toBe(oid);
    }
  });
});
