// Test certificates made on the fly with PKI.js (EC P-256, self-signed, rfc822Name SANs and chosen
// validity), so keystore tests control dates and addresses without fixtures.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export interface TestCert {
  der: Uint8Array;
  pkcs8: Uint8Array;
}

let serial = 1000;

export async function makeCert(opts: { cn: string; emails: string[]; notBefore: Date; notAfter: Date }): Promise<TestCert> {
  const subtle = globalThis.crypto.subtle;
  const keys = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ value: serial++ });
  const name = new pkijs.RelativeDistinguishedNames({
    typesAndValues: [new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: opts.cn }) })],
  });
  cert.subject = name;
  cert.issuer = name;
  cert.notBefore.value = opts.notBefore;
  cert.notAfter.value = opts.notAfter;
  const san = new pkijs.GeneralNames({ names: opts.emails.map((e) => new pkijs.GeneralName({ type: 1, value: e })) });
  cert.extensions = [new pkijs.Extension({ extnID: '2.5.29.17', critical: false, extnValue: san.toSchema().toBER(false) })];
  await cert.subjectPublicKeyInfo.importKey(keys.publicKey);
  await cert.sign(keys.privateKey, 'SHA-256');
  return {
    der: new Uint8Array(cert.toSchema(true).toBER(false)),
    pkcs8: new Uint8Array(await subtle.exportKey('pkcs8', keys.privateKey)),
  };
}

const DAY = 86_400_000;
export const days = (n: number) => n * DAY;
