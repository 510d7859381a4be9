// Structures that different mail programs read differently get no verdict, and headers that no signature
// covers (an inner From inside an encrypted message) never decide whose message it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatBytes, utf8 } from '../../src/crypto/bytes';
import { base64Encode } from '../../src/crypto/base64';
import { importPrivateKeyForSigning } from '../../src/crypto/cms/import-signing-key';
import { encryptEnvelope } from '../../src/crypto/envelope/encrypt-envelope';
import { signEntity } from '../../src/crypto/smime/sign-message';
import { decryptMessage } from '../../src/crypto/smime/decrypt-message';
import { verifyMessage } from '../../src/crypto/smime/verify-message';
import { getPki, releasePki, type TestPki } from '../helpers/pki-fixtures';

let pki: TestPki;
let signedEntity: string; // a multipart/signed entity (Content-Type header + body), as latin1 text
beforeAll(async () => {
  pki = await getPki();
  const { key } = await importPrivateKeyForSigning(pki.leaves.rsa.pkcs8);
  const entity = await signEntity(utf8('Content-Type: text/plain\r\n\r\nPay invoice 42.\r\n'), { certificate: pki.leaves.rsa.der, privateKey: key, chain: [pki.intermediate.der] });
  signedEntity = new TextDecoder('latin1').decode(entity);
}, 60_000);
afterAll(releasePki);

const opts = () => ({ userRoots: [pki.root.der] });
const msg = (headers: string, entity: string) => utf8(`From: ${pki.leaves.rsa.email}\r\nSubject: x\r\nMIME-Version: 1.0\r\n${headers}${entity}`);

describe('ambiguous structure', () => {
  it('the genuine message verifies (baseline)', async () => {
    const r = await verifyMessage(msg('', signedEntity), opts());
    expect([r.signature, r.trust, r.sender, r.coverage]).toEqual(['valid', 'trusted', 'match', 'full']);
  });

  it('a multipart/signed with a third part is malformed', async () => {
    const boundary = /boundary="?([^";\r\n]+)"?/.exec(signedEntity)![1];
    const third = signedEntity.replace(`--${boundary}--`, `--${boundary}\r\nContent-Type: text/html\r\n\r\n<b>Pay to MALLORY</b>\r\n--${boundary}--`);
    const r = await verifyMessage(msg('', third), opts());
    expect(r.signature).toBe('malformed');
    expect(r.reason).toMatch(/exactly two parts/);
  });

  it('two Content-Type headers on the signed entity are malformed', async () => {
    const r = await verifyMessage(msg('Content-Type: text/html\r\n', signedEntity), opts());
    expect(r.signature).toBe('malformed');
    expect(r.reason).toMatch(/two Content-Type/);
  });

  it('two boundary parameters are malformed', async () => {
    const doubled = signedEntity.replace(/boundary="?([^";\r\n]+)"?/, (m) => `boundary="decoy"; ${m}`);
    const r = await verifyMessage(msg('', doubled), opts());
    expect(r.signature).toBe('malformed');
  });
});

describe('headers inside an encrypted message', () => {
  it('an unsigned inner From does not replace the outer From for sender matching', async () => {
    // Signed by rsa@…, encrypted, with an inner From claiming the signer; the outer (shown) From is someone else.
    const inner = utf8(`From: ${pki.leaves.rsa.email}\r\n${signedEntity}`);
    const env = await encryptEnvelope({ content: inner, recipients: [{ certificate: pki.leaves.rsa.der }] });
    const outer = concatBytes(
      utf8('From: ceo@victim.example\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\r\nContent-Transfer-Encoding: base64\r\n\r\n'),
      utf8(base64Encode(env.der, { lineLength: 76 })),
      utf8('\r\n'),
    );
    const r = await decryptMessage(outer, [{ certificate: pki.leaves.rsa.der, privateKeyPkcs8: pki.leaves.rsa.pkcs8 }], opts());
    expect(r.innerSignature?.signature).toBe('valid');
    expect(r.innerSignature?.from).toEqual(['ceo@victim.example']);
    expect(r.innerSignature?.sender).toBe('mismatch');
  });
});
