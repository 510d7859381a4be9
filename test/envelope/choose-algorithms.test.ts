// Algorithm choice from every recipient's SMIMECapabilities.
import { describe, expect, it } from 'vitest';
import { choosePreferredAlgorithms } from '../../src/crypto/envelope/choose-algorithms';
import { OID } from '../../src/crypto/asn1/oids';

const cap = (...oids: string[]) => oids.map((oid) => ({ oid }));

describe('choosePreferredAlgorithms', () => {
  it('defaults to AES-256-CBC + PKCS#1 v1.5 with no information', () => {
    expect(choosePreferredAlgorithms([])).toEqual({ cipher: 'aes-256-cbc', oaep: false });
    expect(choosePreferredAlgorithms([[], []])).toEqual({ cipher: 'aes-256-cbc', oaep: false });
  });
  it('uses GCM and OAEP only when every recipient advertises them', () => {
    const modern = cap(OID.aes256Gcm, OID.aes256Cbc, OID.rsaesOaep);
    expect(choosePreferredAlgorithms([modern, modern])).toEqual({ cipher: 'aes-256-gcm', oaep: true });
    expect(choosePreferredAlgorithms([modern, cap(OID.aes256Cbc, OID.aes128Cbc)])).toEqual({ cipher: 'aes-256-cbc', oaep: false });
    expect(choosePreferredAlgorithms([modern, []])).toEqual({ cipher: 'aes-256-cbc', oaep: false });
    expect(choosePreferredAlgorithms([cap(OID.aes128Gcm, OID.aes256Gcm), cap(OID.aes128Gcm)])).toEqual({ cipher: 'aes-128-gcm', oaep: false });
  });
  it('drops to AES-128-CBC when a recipient lists AES-128 but not AES-256', () => {
    expect(choosePreferredAlgorithms([cap(OID.aes256Cbc), cap(OID.aes128Cbc, OID.desEde3Cbc)]).cipher).toBe('aes-128-cbc');
  });
});
