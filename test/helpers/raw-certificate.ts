// Self-signed P-256 certificates assembled field by field, so tests can put in what no CA tool will write:
// impossible validity times, malformed extension values. Signed for real (WebCrypto), so only the chosen
// field is wrong.
import { derExplicit, derOctetString, derOid, derSequence, derSmallInt, tlv } from '../../src/crypto/asn1/der-writer';
import { OID } from '../../src/crypto/asn1/oids';
import { ecdsaP1363ToDer } from '../../src/crypto/cms/ecdsa-signature';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
export const utcTime = (s: string): Uint8Array => tlv(0x17, ascii(s));
export const generalizedTime = (s: string): Uint8Array => tlv(0x18, ascii(s));

export interface RawCertificateOptions {
  notBefore?: Uint8Array;
  notAfter?: Uint8Array;
  /** Extension values by OID (the DER inside extnValue's OCTET STRING). */
  extensions?: { oid: string; value: Uint8Array; critical?: boolean }[];
}

export async function makeRawCertificate(opts: RawCertificateOptions = {}): Promise<Uint8Array> {
  const subtle = globalThis.crypto.subtle;
  const keys = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const spki = new Uint8Array(await subtle.exportKey('spki', keys.publicKey));
  const name = derSequence(tlv(0x31, derSequence(derOid('2.5.4.3'), tlv(0x0c, ascii('raw test')))));
  const sigAlg = derSequence(derOid(OID.ecdsaWithSHA256));
  const exts = (opts.extensions ?? []).map((e) =>
    derSequence(derOid(e.oid), ...(e.critical ? [Uint8Array.of(0x01, 0x01, 0xff)] : []), derOctetString(e.value)),
  );
  const tbs = derSequence(
    derExplicit(0, derSmallInt(2)),
    derSmallInt(4242),
    sigAlg,
    name,
    derSequence(opts.notBefore ?? utcTime('250101000000Z'), opts.notAfter ?? utcTime('350101000000Z')),
    name,
    spki,
    ...(exts.length > 0 ? [derExplicit(3, derSequence(...exts))] : []),
  );
  const sig = new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, tbs as BufferSource));
  return derSequence(tbs, sigAlg, tlv(0x03, Uint8Array.of(0), ecdsaP1363ToDer(sig)));
}
