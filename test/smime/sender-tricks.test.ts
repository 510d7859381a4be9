// Sender tricks on genuinely signed, trusted mail: any address-like text in From or Sender that does not end up as a
// parsed mailbox raises 'display-name-address' (or makes the sender a mismatch). And the whole address compares
// without regard to ASCII case, so genuine mail with "Name.Surname@" capitals is no false alarm.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatBytes, utf8 } from '../../src/crypto/bytes';
import { base64Encode } from '../../src/crypto/base64';
import { encryptEnvelope } from '../../src/crypto/envelope/encrypt-envelope';
import { decryptMessage } from '../../src/crypto/smime/decrypt-message';
import { importPrivateKeyForSigning } from '../../src/crypto/cms/import-signing-key';
import { signEntity } from '../../src/crypto/smime/sign-message';
import { verifyMessage } from '../../src/crypto/smime/verify-message';
import { getPki, releasePki, type TestPki } from '../helpers/pki-fixtures';
import { classifyVerify, tabVerdictOf } from '../../src/content/verdict';

let pki: TestPki;
let entity: string;
let signer: string; // the certificate's address
beforeAll(async () => {
  pki = await getPki();
  signer = pki.leaves.rsa.email;
  const { key } = await importPrivateKeyForSigning(pki.leaves.rsa.pkcs8);
  entity = new TextDecoder('latin1').decode(await signEntity(utf8('Content-Type: text/plain\r\n\r\nPlease approve PO 6620.\r\n'), { certificate: pki.leaves.rsa.der, privateKey: key, chain: [pki.intermediate.der] }));
}, 60_000);
afterAll(releasePki);

const verify = (headers: string) => verifyMessage(utf8(`${headers}Subject: PO\r\nMIME-Version: 1.0\r\n${entity}`), { userRoots: [pki.root.der] });

/** Flagged: the sender is a mismatch, or the display-name warning is raised. */
async function flagged(headers: string): Promise<boolean> {
  const r = await verify(headers);
  expect(r.signature).toBe('valid');
  return r.sender === 'mismatch' || r.warnings.some((w) => w.code === 'display-name-address');
}

describe('address-like text that is not a parsed mailbox', () => {
  it('baseline: the plain genuine From is not flagged', async () => {
    expect(await flagged(`From: Sales Desk <${signer}>\r\n`)).toBe(false);
    expect(await flagged(`From: "${signer}" <${signer}>\r\n`)).toBe(false);
  });

  it.each([
    ['an empty group named like an address, beside the real mailbox', (me: string) => `From: treasurer@corp-finance.example:;, ${me}\r\n`],
    ['an empty group with a comment, after the real mailbox', (me: string) => `From: ${me}, "Treasurer treasurer@corp-finance.example" :;\r\n`],
    ['a display name with a domain-literal address', (me: string) => `From: treasurer@[corp-finance.example] <${me}>\r\n`],
    ['a domain literal with an IP address', (me: string) => `From: treasurer@[192.0.2.7] <${me}>\r\n`],
    ['an empty mailbox "<>" whose name is an address', (me: string) => `From: "treasurer@corp-finance.example" <>, Desk <${me}>\r\n`],
    ['an encoded-word name for an empty mailbox', (me: string) => `From: =?utf-8?q?treasurer=40corp-finance.example?= <>, <${me}>\r\n`],
    ['a Sender header with an address-like empty group', (me: string) => `From: ${me}\r\nSender: treasurer@corp-finance.example:;\r\n`],
  ])('%s', async (_name, header) => {
    expect(await flagged(header(signer))).toBe(true);
  });
});

describe('what the reader is shown for such a sender', () => {
  it.each([
    ['an empty group named like an address', (me: string) => `From: cfo@board-office.example:;, ${me}\r\n`],
    ['an empty mailbox whose name is an address', (me: string) => `From: "cfo@board-office.example" <>, Desk <${me}>\r\n`],
  ])('%s: never the green "signed" bar or badge, and the bar names only the confirmed address', async (_name, header) => {
    const r = await verify(header(signer));
    expect(r.sender).toBe('match');
    const v = classifyVerify(r);
    expect(v.kind).toBe('name-shows-other-address');
    expect(v.tone).toBe('warn');
    expect(tabVerdictOf(v.kind)).not.toBe('valid');
    expect(v.substitutions).toContain(signer);
  });

  it('the genuine From, with its own address as the name, stays green', async () => {
    const v = classifyVerify(await verify(`From: "${signer}" <${signer}>\r\n`));
    expect(v.kind).toBe('signed');
  });
});

describe('inside an encrypted message', () => {
  it('the shown (outer) From is checked for stray addresses, not the inner entity\'s own headers', async () => {
    const env = await encryptEnvelope({ content: utf8(`From: ${signer}\r\n${entity}`), recipients: [{ certificate: pki.leaves.rsa.der }] });
    const outer = concatBytes(
      utf8(`From: "auditor@corp-finance.example" <>, ${signer}\r\nSubject: PO\r\nMIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\r\nContent-Transfer-Encoding: base64\r\n\r\n`),
      utf8(base64Encode(env.der, { lineLength: 76 })),
      utf8('\r\n'),
    );
    const r = await decryptMessage(outer, [{ certificate: pki.leaves.rsa.der, privateKeyPkcs8: pki.leaves.rsa.pkcs8 }], { userRoots: [pki.root.der] });
    expect(r.innerSignature?.signature).toBe('valid');
    expect(r.innerSignature?.warnings.map((w) => w.code)).toContain('display-name-address');
  });
});

describe('case of the address', () => {
  const recase = (a: string, upper: boolean) => {
    const [local, domain] = a.split('@');
    const flip = (s: string) => [...s].map((c, i) => (i % 2 === 0 ? c.toUpperCase() : c.toLowerCase())).join('');
    return upper ? `${flip(local)}@${domain.toUpperCase()}` : a.toLowerCase();
  };

  it('a From in other ASCII case than the certificate matches, without warnings', async () => {
    const r = await verify(`From: ${recase(signer, true)}\r\n`);
    expect([r.signature, r.trust, r.sender]).toEqual(['valid', 'trusted', 'match']);
    expect(r.warnings.map((w) => w.code)).not.toContain('display-name-address');
  });

  it('a display name equal to the address in other case is not a look-alike', async () => {
    const r = await verify(`From: "${recase(signer, true)}" <${signer}>\r\n`);
    expect(r.sender).toBe('match');
    expect(r.warnings.map((w) => w.code)).not.toContain('display-name-address');
  });
});
