// Certificates with impossible times or malformed extensions (issue 9, items 17 and 18): malformed on every path,
// with the engine's own words, never a rolled-over date or a JavaScript/PKI.js internal message.
import { describe, expect, it } from 'vitest';
import { derOid, derSequence, derSmallInt } from '../../src/crypto/asn1/der-writer';
import { OID, readExtensions } from '../../src/crypto/x509/read-extensions';
import { EngineError } from '../../src/crypto/errors';
import { parseCertificate } from '../../src/crypto/x509/parse-certificate';

import { summarizeCertificate } from '../../src/crypto/x509/summarize-certificate';
import { generalizedTime, makeRawCertificate, utcTime } from '../helpers/raw-certificate';

const INTERNAL = /undefined|null|is not (iterable|a function|an object)|Cannot read prop|of undefined|TypeError|RangeError|Object\.|\bat [A-Za-z]+ \(/;

async function failure(f: () => unknown): Promise<EngineError> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    return e as EngineError;
  }
  throw new Error('expected a failure');
}

describe('impossible validity times', () => {
  const cases: [string, Uint8Array, Uint8Array][] = [
    ['month 13 (UTCTime)', utcTime('261301000000Z'), utcTime('361201000000Z')],
    ['30 February (UTCTime)', utcTime('250101000000Z'), utcTime('280230120000Z')],
    ['31 April (GeneralizedTime)', generalizedTime('20250431000000Z'), generalizedTime('20300101000000Z')],
    ['second 60 of 9999-12-31 23:59', utcTime('250101000000Z'), generalizedTime('99991231235960Z')],
    ['hour 24', utcTime('250101240000Z'), utcTime('350101000000Z')],
  ];

  it.each(cases)('%s: malformed when parsed, summarised or read for extensions', async (_, notBefore, notAfter) => {
    const der = await makeRawCertificate({ notBefore, notAfter });
    for (const path of [() => parseCertificate(der), () => summarizeCertificate(der), () => readExtensions(parseCertificate(der))]) {
      const e = await failure(path);
      expect(e.code).toBe('malformed');
      expect(e.message).toMatch(/validity/);
    }
  });

  it('valid times, including a leap day and the last second of 9999, read back exactly', async () => {
    const der = await makeRawCertificate({ notBefore: utcTime('280229235959Z'), notAfter: generalizedTime('99991231235959Z') });
    const s = await summarizeCertificate(der);
    expect(s.notBefore).toBe('2028-02-29T23:59:59.000Z');
    expect(s.notAfter).toBe('9999-12-31T23:59:59.000Z');
  });
});

describe('malformed extensions', () => {
  // Shapes PKI.js's schemas accept or half-accept and then trip over inside (e.g. keyPurposes left undefined).
  const shapes: [string, string, Uint8Array][] = [
    ['extKeyUsage as an INTEGER', OID.extKeyUsage, derSmallInt(7)],
    ['extKeyUsage as an empty SEQUENCE', OID.extKeyUsage, derSequence()],
    ['extKeyUsage holding an INTEGER', OID.extKeyUsage, derSequence(derSmallInt(1))],
    ['subjectAltName as an OID', OID.subjectAltName, derOid('1.2.3')],
    ['basicConstraints as an INTEGER', OID.basicConstraints, derSmallInt(1)],
    ['authorityKeyIdentifier as an INTEGER', OID.authorityKeyIdentifier, derSmallInt(1)],
    ['nameConstraints as an INTEGER', OID.nameConstraints, derSmallInt(1)],
  ];

  it.each(shapes)('%s: an EngineError in the engine\u2019s own words', async (_, oid, value) => {
    const der = await makeRawCertificate({ extensions: [{ oid, value, critical: true }] });
    let e: EngineError | undefined;
    try {
      readExtensions(parseCertificate(der));
    } catch (err) {
      expect(err).toBeInstanceOf(EngineError);
      e = err as EngineError;
    }
    if (e) {
      expect(e.code).toBe('malformed');
      expect(e.message).not.toMatch(INTERNAL);
    }
    // The summary (what the UI shows) must say the same or work; never leak internal text.
    try {
      await summarizeCertificate(der);
    } catch (err) {
      expect(err).toBeInstanceOf(EngineError);
      expect((err as Error).message).not.toMatch(INTERNAL);
    }
  });

  it('at least the malformed extKeyUsage is refused (not silently read as "no restriction")', async () => {
    const der = await makeRawCertificate({ extensions: [{ oid: OID.extKeyUsage, value: derSmallInt(7) }] });
    expect(() => readExtensions(parseCertificate(der))).toThrow(EngineError);
  });
});
