// A fake signature: an smime.p7s attached to an ordinary multipart/mixed mail signs nothing. It must read as
// "not really signed" (invalid + orphan-signature), never as a signed message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utf8 } from '../../src/crypto/bytes';
import { base64Encode } from '../../src/crypto/base64';
import { importPrivateKeyForSigning } from '../../src/crypto/cms/import-signing-key';
import { signData } from '../../src/crypto/cms/sign-data';
import { verifyMessage } from '../../src/crypto/smime/verify-message';
import { getPki, releasePki, type TestPki } from '../helpers/pki-fixtures';

let pki: TestPki;
beforeAll(async () => {
  pki = await getPki();
}, 60_000);
afterAll(releasePki);

function mixedWithP7s(p7s: Uint8Array): Uint8Array {
  return utf8(
    `From: ${pki.leaves.rsa.email}\r\nSubject: Your account\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n` +
      `--b\r\nContent-Type: text/plain\r\n\r\nPlease confirm your password at https://phish.example/\r\n` +
      `--b\r\nContent-Type: application/pkcs7-signature; name=smime.p7s\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=smime.p7s\r\n\r\n` +
      `${base64Encode(p7s, { lineLength: 76 })}\r\n--b--\r\n`,
  );
}

describe('a fake smime.p7s', () => {
  it('a genuine signature file over other content, attached to unsigned mail: invalid, orphan-signature, no coverage', async () => {
    const { key } = await importPrivateKeyForSigning(pki.leaves.rsa.pkcs8);
    const p7s = await signData({ content: utf8('something else entirely'), signer: { certificate: pki.leaves.rsa.der, privateKey: key }, detached: true });
    const r = await verifyMessage(mixedWithP7s(p7s), { userRoots: [pki.root.der] });
    expect(r.signature).toBe('invalid');
    expect(r.coverage).toBe('none');
    expect(r.warnings.map((w) => w.code)).toContain('orphan-signature');
    expect(r.reason).toMatch(/does not sign/);
  });

  it('garbage bytes named smime.p7s: the same verdict', async () => {
    const r = await verifyMessage(mixedWithP7s(utf8('not a signature at all')), { userRoots: [pki.root.der] });
    expect(r.signature).toBe('invalid');
    expect(r.warnings.map((w) => w.code)).toContain('orphan-signature');
  });
});
