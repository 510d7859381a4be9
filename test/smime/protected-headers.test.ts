// Protected headers (protected-headers="v1", RFC 9788 hp="clear"/"cipher"): the From inside the signed content is the
// one the signature covers. It decides the sender check, and a From shown outside that differs from it is reported
// (warning 'protected-from-differs', and the status bar says the sender does not match).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatBytes, utf8 } from '../../src/crypto/bytes';
import { base64Encode } from '../../src/crypto/base64';
import { importPrivateKeyForSigning } from '../../src/crypto/cms/import-signing-key';
import { encryptEnvelope } from '../../src/crypto/envelope/encrypt-envelope';
import { decryptMessage } from '../../src/crypto/smime/decrypt-message';
import { signEntity } from '../../src/crypto/smime/sign-message';
import { verifyMessage } from '../../src/crypto/smime/verify-message';
import { classifyVerify } from '../../src/content/verdict';
import { getPki, releasePki, type TestPki } from '../helpers/pki-fixtures';

let pki: TestPki;
let me: string;
beforeAll(async () => {
  pki = await getPki();
  me = pki.leaves.p256.email;
}, 60_000);
afterAll(releasePki);

async function signed(content: string, opaque = false): Promise<Uint8Array> {
  const { key } = await importPrivateKeyForSigning(pki.leaves.p256.pkcs8);
  return signEntity(utf8(content), { certificate: pki.leaves.p256.der, privateKey: key, chain: [pki.intermediate.der] }, { opaque });
}
const v1 = (innerFrom: string) => `Content-Type: text/plain; charset=utf-8; protected-headers="v1"\r\nFrom: ${innerFrom}\r\nSubject: Board minutes\r\n\r\nMinutes attached.\r\n`;
const hp = (innerFrom: string, mode: 'clear' | 'cipher') =>
  `Content-Type: multipart/mixed; boundary="hp-77"; hp="${mode}"\r\nFrom: ${innerFrom}\r\nSubject: Board minutes\r\n\r\n--hp-77\r\nContent-Type: text/plain\r\n\r\nMinutes attached.\r\n--hp-77--\r\n`;
const withOuter = (outerFrom: string, entity: Uint8Array) => concatBytes(utf8(`From: ${outerFrom}\r\nSubject: ...\r\nMIME-Version: 1.0\r\n`), entity);
const opts = () => ({ userRoots: [pki.root.der] });
const codes = (r: { warnings: { code: string }[] }) => r.warnings.map((w) => w.code);

describe('protected From differs from the From shown', () => {
  it.each([
    ['protected-headers="v1"', false, (f: string) => v1(f)],
    ['RFC 9788 hp="clear"', false, (f: string) => hp(f, 'clear')],
    ['protected-headers="v1", opaque signature', true, (f: string) => v1(f)],
  ])('%s: warns, checks the covered From, and the bar says mismatch', async (_n, opaque, content) => {
    const r = await verifyMessage(withOuter('chair@board-office.example', await signed(content(me), opaque)), opts());
    expect([r.signature, r.trust]).toEqual(['valid', 'trusted']);
    expect(r.coveredFrom).toEqual([me]);
    expect(r.sender).toBe('match'); // the covered From is the signer's
    expect(codes(r)).toContain('protected-from-differs');
    expect(classifyVerify(r).kind).toBe('sender-mismatch');
  });

  it('a covered From that is not the signer makes the sender a mismatch even when the outer From matches', async () => {
    const r = await verifyMessage(withOuter(me, await signed(v1('chair@board-office.example'))), opts());
    expect(r.signature).toBe('valid');
    expect(r.sender).toBe('mismatch');
    expect(codes(r)).toContain('protected-from-differs');
  });

  it('equal Froms (ASCII case aside) give no warning', async () => {
    const r = await verifyMessage(withOuter(me.toUpperCase(), await signed(v1(`Board Desk <${me}>`))), opts());
    expect([r.signature, r.sender]).toEqual(['valid', 'match']);
    expect(codes(r)).not.toContain('protected-from-differs');
    expect(classifyVerify(r).kind).toBe('signed');
  });

  it('an inner From without a protected-headers marker is not used (it is only the entity\'s own header)', async () => {
    const r = await verifyMessage(withOuter('chair@board-office.example', await signed(`Content-Type: text/plain\r\nFrom: ${me}\r\n\r\nx\r\n`)), opts());
    expect(r.coveredFrom).toBeUndefined();
    expect(r.sender).toBe('mismatch');
  });

  it('inside an encrypted message (hp="cipher", sign-then-encrypt): the same rule', async () => {
    const env = await encryptEnvelope({ content: await signed(hp(me, 'cipher')), recipients: [{ certificate: pki.leaves.rsa.der }] });
    const outer = concatBytes(
      utf8('From: chair@board-office.example\r\nSubject: ...\r\nMIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\r\nContent-Transfer-Encoding: base64\r\n\r\n'),
      utf8(base64Encode(env.der, { lineLength: 76 })),
      utf8('\r\n'),
    );
    const r = await decryptMessage(outer, [{ certificate: pki.leaves.rsa.der, privateKeyPkcs8: pki.leaves.rsa.pkcs8 }], opts());
    expect(r.innerSignature?.signature).toBe('valid');
    expect(r.innerSignature?.from).toEqual(['chair@board-office.example']);
    expect(r.innerSignature?.coveredFrom).toEqual([me]);
    expect(codes(r.innerSignature!)).toContain('protected-from-differs');
    expect(classifyVerify(r.innerSignature!).kind).toBe('sender-mismatch');
  });
});
