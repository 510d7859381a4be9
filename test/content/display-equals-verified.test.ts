// What the reader is shown next to a "signed" verdict is exactly what was verified: the view is built from the
// verifier's signedContent, so unsigned parts around a signed one, or bytes parsed differently by a second
// parser (a lone CR in a header), never appear under the signature.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatBytes, utf8 } from '../../src/crypto/bytes';
import { importPrivateKeyForSigning } from '../../src/crypto/cms/import-signing-key';
import { signMessage } from '../../src/crypto/smime/sign-message';
import { verifyMessage } from '../../src/crypto/smime/verify-message';
import { buildDecryptedView } from '../../src/viewer/decrypted-view';
import { getPki, releasePki, type TestPki } from '../helpers/pki-fixtures';

let pki: TestPki;
let signed: Uint8Array;
beforeAll(async () => {
  pki = await getPki();
  const id = pki.leaves.rsa;
  const { key } = await importPrivateKeyForSigning(id.pkcs8);
  const message = utf8(`From: ${id.email}\r\nTo: bob@example.org\r\nSubject: hi\r\nContent-Type: text/plain\r\n\r\nThe genuine signed text.\r\n`);
  signed = await signMessage(message, { certificate: pki.leaves.rsa.der, privateKey: key, chain: [pki.intermediate.der] });
}, 60_000);
afterAll(releasePki);

const roots = () => ({ userRoots: [pki.root.der] });

function bodyOf(signedMessage: Uint8Array): Uint8Array {
  const s = new TextDecoder('latin1').decode(signedMessage);
  return utf8(s.slice(s.indexOf('\r\n\r\n') + 4));
}

function contentTypeOf(signedMessage: Uint8Array): string {
  const s = new TextDecoder('latin1').decode(signedMessage);
  const m = /^Content-Type:[^\r]*(\r\n[ \t][^\r]*)*/im.exec(s);
  return m![0];
}

describe('display equals verified', () => {
  it('a signed part wrapped with attacker HTML: verdict partial, and the view shows only the signed text', async () => {
    const wrapped = concatBytes(
      utf8(`From: ${pki.leaves.rsa.email}\r\nSubject: hi\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="outer"\r\n\r\n--outer\r\nContent-Type: text/html\r\n\r\n<h1>URGENT: wire money to MALLORY</h1>\r\n--outer\r\n`),
      utf8(contentTypeOf(signed) + '\r\n\r\n'),
      bodyOf(signed),
      utf8('\r\n--outer--\r\n'),
    );
    const r = await verifyMessage(wrapped, roots());
    expect(r.signature).toBe('valid');
    expect(r.coverage).toBe('partial');
    const view = buildDecryptedView(wrapped, r);
    const shown = `${view.html ?? ''}${view.text ?? ''}`;
    expect(shown).toContain('The genuine signed text.');
    expect(shown).not.toContain('MALLORY');
  });

  it('a lone CR in a header cannot make the view parse different bytes than the verifier', async () => {
    // The view is built from signedContent, the canonical bytes the signature covers.
    const tricky = concatBytes(utf8('X-Note: a\rContent-Type: text/html\r\n'), signed);
    const r = await verifyMessage(tricky, roots());
    const view = buildDecryptedView(tricky, r);
    const shown = `${view.html ?? ''}${view.text ?? ''}`;
    if (r.signature === 'valid') expect(shown).toContain('The genuine signed text.');
    expect(view.html ?? '').not.toMatch(/<h1/);
  });

  it('the view of a clean signed message is the signed text', async () => {
    const r = await verifyMessage(signed, roots());
    expect(r.coverage).toBe('full');
    expect(buildDecryptedView(signed, r).text).toContain('The genuine signed text.');
  });
});
