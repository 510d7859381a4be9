// Message-level hardening: a substituted signer certificate (ESS), signed content that is not a mail (eContentType
// other than id-data), and From group names posing as addresses. Each case would change its verdict if broken.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatBytes, utf8 } from '../../src/crypto/bytes';
import { base64Encode } from '../../src/crypto/base64';
import { readCertificateIds } from '../../src/crypto/cms/certificate-ids';
import { importPrivateKeyForSigning } from '../../src/crypto/cms/import-signing-key';
import { signData } from '../../src/crypto/cms/sign-data';
import { verifyMessage } from '../../src/crypto/smime/verify-message';
import { getPki, releasePki, type TestPki } from '../helpers/pki-fixtures';
import { issueSubstituteCertificate, opensslSignBy, reassembleSignedData } from '../cms/ess-fixtures';

const TST_INFO = '1.2.840.113549.1.9.16.1.4'; // id-ct-TSTInfo: a timestamp token's content, not a mail
const BODY = utf8('Content-Type: text/plain\r\n\r\nPay invoice 42 to account A.\r\n');

let pki: TestPki;
let key: CryptoKey;
beforeAll(async () => {
  pki = await getPki();
  key = (await importPrivateKeyForSigning(pki.leaves.rsa.pkcs8)).key;
}, 60_000);
afterAll(releasePki);

const opts = () => ({ userRoots: [pki.root.der], extraCertificates: [pki.intermediate.der] });
const b64 = (der: Uint8Array) => base64Encode(der, { lineLength: 76 });

function multipartSigned(from: string, content: Uint8Array, p7s: Uint8Array): Uint8Array {
  return concatBytes(
    utf8(`From: ${from}\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="b1"\r\n\r\n--b1\r\n`),
    content,
    utf8(`\r\n--b1\r\nContent-Type: application/pkcs7-signature; name=smime.p7s\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(p7s)}\r\n--b1--\r\n`),
  );
}

function opaqueSigned(from: string, p7m: Uint8Array): Uint8Array {
  return utf8(
    `From: ${from}\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime; smime-type=signed-data; name=smime.p7m\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(p7m)}\r\n`,
  );
}

const signDetached = (content: Uint8Array) => signData({ content, signer: { certificate: pki.leaves.rsa.der, privateKey: key }, detached: true });

describe('ESS signingCertificateV2 at the message level', () => {
  it('baseline: our multipart/signed verifies', async () => {
    const r = await verifyMessage(multipartSigned(pki.leaves.rsa.email, BODY, await signDetached(BODY)), opts());
    expect([r.signature, r.trust, r.sender]).toEqual(['valid', 'trusted', 'match']);
  });

  it('a second certificate for the same key, swapped in with its sid, makes the signature invalid', async () => {
    const subst = issueSubstituteCertificate(pki, pki.leaves.rsa, 'mallory@example.org').der;
    const ids = readCertificateIds(subst);
    const p7s = reassembleSignedData(await signDetached(BODY), {
      certificates: [subst],
      sid: { type: 'issuerAndSerialNumber', issuer: ids.issuer, serialNumber: ids.serialNumber },
    });
    const r = await verifyMessage(multipartSigned('mallory@example.org', BODY, p7s), opts());
    expect(r.signature).toBe('invalid');
    expect(r.reason).toMatch(/the signature names a different certificate/);
  });
});

describe('signed content that is not a mail (eContentType other than id-data)', () => {
  const mail = utf8(`From: ${'rsa@example.org'}\r\nContent-Type: text/plain\r\n\r\nPay invoice 42 to account A.\r\n`);

  it('control: OpenSSL opaque signed-data with id-data is a valid mail', async () => {
    const r = await verifyMessage(opaqueSigned(pki.leaves.rsa.email, opensslSignBy(pki, pki.leaves.rsa, mail, ['-nodetach'])), opts());
    expect(r.signature).toBe('valid');
  });

  it('opaque signed-data carrying TSTInfo is malformed, not shown as mail', async () => {
    const p7m = opensslSignBy(pki, pki.leaves.rsa, mail, ['-nodetach', '-econtent_type', TST_INFO]);
    const r = await verifyMessage(opaqueSigned(pki.leaves.rsa.email, p7m), opts());
    expect(r.signature).toBe('malformed');
    expect(r.reason).toBe(`The signed content is not a mail message (eContentType ${TST_INFO})`);
    expect(r.signedContent).toBeUndefined();
  });

  it('the same as a bare .p7m file is malformed', async () => {
    const r = await verifyMessage(opensslSignBy(pki, pki.leaves.rsa, mail, ['-nodetach', '-econtent_type', TST_INFO]), opts());
    expect(r.signature).toBe('malformed');
    expect(r.reason).toMatch(/not a mail message/);
  });

  it('a detached signature whose contentType attribute (and eContentType) is not id-data is malformed', async () => {
    const p7s = opensslSignBy(pki, pki.leaves.rsa, BODY, ['-econtent_type', TST_INFO]);
    const r = await verifyMessage(multipartSigned(pki.leaves.rsa.email, BODY, p7s), opts());
    expect(r.signature).toBe('malformed');
    expect(r.reason).toMatch(/not a mail message \(eContentType 1\.2\.840\.113549\.1\.9\.16\.1\.4\)/);
  });
});

describe('From groups and display names', () => {
  const signedFrom = async (from: string) => verifyMessage(multipartSigned(from, BODY, await signDetached(BODY)), opts());
  const nameWarnings = (r: { warnings: { code: string }[] }) => r.warnings.filter((w) => w.code === 'display-name-address');

  it('a group whose name looks like another address warns once, and its mailbox is matched like a plain From', async () => {
    const r = await signedFrom(`ceo@bigbank.example: ${pki.leaves.rsa.email};`);
    expect([r.signature, r.sender]).toEqual(['valid', 'match']);
    expect(r.from).toEqual([pki.leaves.rsa.email]);
    expect(nameWarnings(r)).toHaveLength(1);
    expect(nameWarnings(r)[0]).toMatchObject({ message: expect.stringContaining('ceo@bigbank.example') });
  });

  it('an ordinary group name gives the same verdict as a plain From, without warnings', async () => {
    const plain = await signedFrom(pki.leaves.rsa.email);
    const group = await signedFrom(`Accounts Team: ${pki.leaves.rsa.email};`);
    expect([group.signature, group.trust, group.sender, group.coverage]).toEqual([plain.signature, plain.trust, plain.sender, plain.coverage]);
    expect(group.from).toEqual(plain.from);
    expect(group.warnings).toEqual(plain.warnings);
  });

  it('a group holding someone else is a mismatch, and an empty group has no sender', async () => {
    expect((await signedFrom(`${pki.leaves.rsa.email}: ceo@bigbank.example;`)).sender).toBe('mismatch');
    const empty = await signedFrom(`${pki.leaves.rsa.email}:;`);
    expect(empty.from).toEqual([]);
    expect(empty.sender).toBe('mismatch');
  });

  it('a display name posing as an address is reported exactly once', async () => {
    const r = await signedFrom(`"ceo@bigbank.example" <${pki.leaves.rsa.email}>`);
    expect(r.sender).toBe('match');
    expect(nameWarnings(r)).toHaveLength(1);
  });

  it('a display name equal to the real address does not warn', async () => {
    const r = await signedFrom(`${pki.leaves.rsa.email.toUpperCase()} <${pki.leaves.rsa.email}>`);
    expect(nameWarnings(r)).toHaveLength(0);
  });
});
