// Structures that two reasonable MIME parsers split differently get no verdict ('malformed'): the text another
// program shows could lie outside what we verified. Every case reassembles a genuine signature, so only the
// ambiguity can make it malformed; the baselines show the same parts verify when written unambiguously.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatBytes, utf8 } from '../../src/crypto/bytes';
import { importPrivateKeyForSigning } from '../../src/crypto/cms/import-signing-key';
import { decodeBody } from '../../src/crypto/mime/decode-transfer-encoding';
import { parseMime } from '../../src/crypto/mime/parse-mime';
import { signEntity } from '../../src/crypto/smime/sign-message';
import { verifyMessage } from '../../src/crypto/smime/verify-message';
import { getPki, releasePki, type TestPki } from '../helpers/pki-fixtures';
import { assemble, latin1Bytes, signedParts, type Assembly, type SignedParts } from '../helpers/signed-parts';

let pki: TestPki;
let parts: SignedParts;
let nested: SignedParts; // signed content that is itself multipart, with boundary "rv-83-inner"
const PROTO = 'protocol="application/pkcs7-signature"; micalg=sha-256';
beforeAll(async () => {
  pki = await getPki();
  parts = await signedParts(pki, 'Content-Type: text/plain; charset=utf-8\r\n\r\nInvoice 7731 is due on the 14th.\r\n');
  nested = await signedParts(
    pki,
    'Content-Type: multipart/mixed; boundary="rv-83-inner"\r\n\r\n--rv-83-inner\r\nContent-Type: text/plain\r\n\r\nSee the figures.\r\n--rv-83-inner--\r\n',
  );
}, 60_000);
afterAll(releasePki);

async function verdict(a: Partial<Assembly> & Pick<Assembly, 'contentType' | 'delimiter'>, p: SignedParts = parts) {
  const r = await verifyMessage(latin1Bytes(assemble(p, { from: pki.leaves.rsa.email, ...a })), { userRoots: [pki.root.der] });
  return r;
}

describe('baselines: unambiguous spellings verify', () => {
  it.each([
    ['quoted boundary', ` multipart/signed; ${PROTO}; boundary="rv-83"`, 'rv-83'],
    ['quoted boundary with an inner space', ` multipart/signed; ${PROTO}; boundary="rv 83"`, 'rv 83'],
    ['token boundary', ` multipart/signed; ${PROTO}; boundary=rv-83.x_1`, 'rv-83.x_1'],
    ['folded between parameters', ` multipart/signed;\r\n\t${PROTO};\r\n boundary="rv-83"`, 'rv-83'],
  ])('%s', async (_name, contentType, delimiter) => {
    const r = await verdict({ contentType, delimiter });
    expect([r.signature, r.trust, r.coverage]).toEqual(['valid', 'trusted', 'full']);
  });

  it('transport padding after delimiters', async () => {
    const r = await verdict({ contentType: ` multipart/signed; ${PROTO}; boundary="rv-83"`, delimiter: 'rv-83', padding: ' \t ' });
    expect(r.signature).toBe('valid');
  });

  it('preamble and epilogue text that does not start with the boundary', async () => {
    const r = await verdict({ contentType: ` multipart/signed; ${PROTO}; boundary="rv-83"`, delimiter: 'rv-83', preamble: 'This is an S/MIME message.\r\n-- rv-83\r\n', epilogue: 'trailer\r\n' });
    expect(r.signature).toBe('valid');
  });
});

describe('ambiguous parameter values', () => {
  it.each([
    ['unquoted with whitespace', ` multipart/signed; ${PROTO}; boundary=rv 83`, 'rv 83'],
    ['unquoted with a tab', ` multipart/signed; ${PROTO}; boundary=rv\t83`, 'rv\t83'],
    ['unquoted with a tspecial', ` multipart/signed; ${PROTO}; boundary=rv@83`, 'rv@83'],
    ['unquoted with "=" (tspecial)', ` multipart/signed; ${PROTO}; boundary=rv=83`, 'rv=83'],
    ['unquoted protocol with whitespace', ` multipart/signed; protocol=application/pkcs7-signature x; micalg=sha-256; boundary="rv-83"`, 'rv-83'],
    ['text after the closing quote', ` multipart/signed; ${PROTO}; boundary="rv-83"tail`, 'rv-83'],
  ])('%s is malformed', async (_name, contentType, delimiter) => {
    expect((await verdict({ contentType, delimiter })).signature).toBe('malformed');
  });
});

describe('comments in the Content-Type', () => {
  it.each([
    ['before the boundary value', ` multipart/signed; ${PROTO}; boundary=(note)rv-83`],
    ['after the boundary value', ` multipart/signed; ${PROTO}; boundary=rv-83(note)`],
    ['inside the boundary value', ` multipart/signed; ${PROTO}; boundary=rv(n)-83`],
    ['before the parameter name', ` multipart/signed; ${PROTO}; (n)boundary=rv-83`],
    ['in the media type', ` multipart/(x)signed; ${PROTO}; boundary="rv-83"`],
  ])('%s is malformed', async (_name, contentType) => {
    expect((await verdict({ contentType, delimiter: 'rv-83' })).signature).toBe('malformed');
  });
});

describe('RFC 2231 forms, repeats and folds of structural parameters', () => {
  it.each([
    ['boundary in continuations', ` multipart/signed; ${PROTO}; boundary*0="rv-"; boundary*1="83"`],
    ['boundary extended', ` multipart/signed; ${PROTO}; boundary*=''rv-83`],
    ['protocol in continuations', ` multipart/signed; protocol*0="application/"; protocol*1="pkcs7-signature"; micalg=sha-256; boundary="rv-83"`],
    ['protocol given twice', ` multipart/signed; ${PROTO}; protocol="application/pgp-signature"; boundary="rv-83"`],
    ['boundary plain and extended', ` multipart/signed; ${PROTO}; boundary="rv-83"; boundary*=''rv-84`],
    ['fold inside the quoted boundary', ` multipart/signed; ${PROTO}; boundary="rv-\r\n 83"`],
  ])('%s is malformed', async (_name, contentType) => {
    const delimiter = contentType.includes('rv-\r\n 83') ? 'rv- 83' : 'rv-83';
    expect((await verdict({ contentType, delimiter })).signature).toBe('malformed');
  });
});

describe('lines that prefix-matching parsers take as delimiters', () => {
  const ct = ` multipart/signed; ${PROTO}; boundary="rv-83"`;
  it.each([
    ['in the preamble', { preamble: 'intro\r\n--rv-83x\r\nContent-Type: text/plain\r\n\r\nPay account 99.\r\n' }],
    ['in the epilogue', { epilogue: '--rv-83 and more\r\nContent-Type: text/html\r\n\r\n<b>Pay</b>\r\n' }],
    ['a second close delimiter in the epilogue', { epilogue: '--rv-83--\r\n' }],
    ['an exact delimiter in the epilogue', { epilogue: '--rv-83\r\nContent-Type: text/plain\r\n\r\nextra\r\n' }],
  ])('%s: malformed', async (_name, extra) => {
    expect((await verdict({ contentType: ct, delimiter: 'rv-83', ...extra })).signature).toBe('malformed');
  });

  it('a nested boundary that starts with the outer one: malformed', async () => {
    const r = await verdict({ contentType: ` multipart/signed; ${PROTO}; boundary="rv-83"`, delimiter: 'rv-83' }, nested);
    expect(r.signature).toBe('malformed');
    // The same nested content under an outer boundary that is not a prefix verifies.
    const ok = await verdict({ contentType: ` multipart/signed; ${PROTO}; boundary="qk-19"`, delimiter: 'qk-19' }, nested);
    expect(ok.signature).toBe('valid');
  });
});

describe('backslashes in quoted structural values', () => {
  // We unescape "rv\-83" to "rv-83" as RFC 5322 says; a parser that keeps the backslash looks for "--rv\-83".
  it.each([
    ['an escaped character in the boundary', ` multipart/signed; ${PROTO}; boundary="rv\\-83"`, 'rv-83'],
    ['a backslash before a letter in the boundary', ` multipart/signed; ${PROTO}; boundary="rv\\83"`, 'rv83'],
    ['an escaped character in the protocol', ` multipart/signed; protocol="application/pkcs7\\-signature"; micalg=sha-256; boundary="rv-83"`, 'rv-83'],
  ])('%s is malformed', async (_name, contentType, delimiter) => {
    expect((await verdict({ contentType, delimiter })).signature).toBe('malformed');
  });
});

describe('ambiguous structure inside opaque signed data', () => {
  // The content a backslash-keeping parser splits at "--rv\83", showing TWO, which we never read as a part.
  const ambiguousContent = [
    ['a backslash in the quoted boundary', 'Content-Type: multipart/mixed; boundary="rv\\83"\r\n\r\n--rv83\r\nContent-Type: text/plain\r\n\r\nONE\r\n--rv\\83\r\nContent-Type: text/plain\r\n\r\nTWO\r\n--rv83--\r\n'],
    ['a prefix-matching delimiter in the preamble', 'Content-Type: multipart/mixed; boundary="rv83"\r\n\r\n--rv83x\r\nContent-Type: text/plain\r\n\r\nTWO\r\n--rv83\r\nContent-Type: text/plain\r\n\r\nONE\r\n--rv83--\r\n'],
  ] as const;
  const clean = 'Content-Type: multipart/mixed; boundary="rv83"\r\n\r\n--rv83\r\nContent-Type: text/plain\r\n\r\nONE\r\n--rv83--\r\n';

  async function opaque(content: string): Promise<{ message: Uint8Array; der: Uint8Array }> {
    const { key } = await importPrivateKeyForSigning(pki.leaves.rsa.pkcs8);
    const entity = await signEntity(latin1Bytes(content), { certificate: pki.leaves.rsa.der, privateKey: key, chain: [pki.intermediate.der] }, { opaque: true });
    const message = concatBytes(utf8(`From: ${pki.leaves.rsa.email}\r\nMIME-Version: 1.0\r\n`), entity);
    return { message, der: decodeBody(parseMime(entity)) };
  }

  it('baseline: the same form, written unambiguously, verifies as a message and as a bare .p7m', async () => {
    const { message, der } = await opaque(clean);
    expect((await verifyMessage(message, { userRoots: [pki.root.der] })).signature).toBe('valid');
    expect((await verifyMessage(der, { userRoots: [pki.root.der] })).signature).toBe('valid');
  });

  it.each(ambiguousContent)('%s: malformed in an application/pkcs7-mime message', async (_name, content) => {
    const r = await verifyMessage((await opaque(content)).message, { userRoots: [pki.root.der] });
    expect(r.signature).toBe('malformed');
  });

  it.each(ambiguousContent)('%s: malformed in a bare .p7m', async (_name, content) => {
    const r = await verifyMessage((await opaque(content)).der, { userRoots: [pki.root.der] });
    expect(r.signature).toBe('malformed');
  });
});
