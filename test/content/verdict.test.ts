// The verdict a reader sees: precedence (broken signature > sender mismatch > certificate problems), the badge
// mapping (a good message must not hide a bad one), and which messages are fetched or decrypted at all.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useLocale } from '../helpers/i18n-stub';
import { t } from '../../src/ui/i18n';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignerReport, VerifyResult } from '../../src/crypto/types';
import { classifyVerify, tabVerdictOf, unsignedVerdict, withSenderSignals, worstTabVerdict } from '../../src/content/verdict';
import { actionForRaw, mayBeSmime } from '../../src/content/smime-hints';
import { buildDecryptedView } from '../../src/viewer/decrypted-view';

const signer: SignerReport = {
  status: 'valid',
  certificate: {
    subject: 'CN=Demo Bank Notices',
    commonName: 'Demo Bank Notices',
    emails: ['notices@demo-bank.example'],
    issuer: 'CN=Demo Root CA',
    serial: '01',
    notBefore: '2020-01-01T00:00:00Z',
    notAfter: '2021-01-01T00:00:00Z',
    sha256: '00',
    sha1: '00',
    keyType: 'RSA 2048',
    isCA: false,
    selfSigned: false,
  },
  digestAlgorithm: 'SHA-256',
  signatureAlgorithm: 'RSA PKCS#1 v1.5',
  trust: 'trusted',
  trustReasons: [],
  chain: [],
  revocation: 'unknown',
};
const base: VerifyResult = { signature: 'valid', trust: 'trusted', sender: 'match', coverage: 'full', form: 'multipart-signed', signers: [signer], warnings: [], from: ['notices@demo-bank.example'] };

describe('classifyVerify', () => {
  let restore = () => {};
  beforeEach(() => {
    restore = useLocale('en');
  });
  afterEach(() => restore());

  it('names a signer without a display name once, not "eve@… <eve@…>"', () => {
    const eve = { ...signer, certificate: { ...signer.certificate!, commonName: 'eve@example.org', emails: ['eve@example.org'] } };
    const v = classifyVerify({ ...base, signers: [eve], from: ['eve@example.org'] });
    expect(t(v.messageName, v.substitutions)).toBe('Signed by eve@example.org. The signature is valid: this message has not been changed since it was signed.');
    const noCn = { ...signer, certificate: { ...signer.certificate!, commonName: undefined, subject: 'emailAddress=eve@example.org', emails: ['eve@example.org'] } };
    expect(classifyVerify({ ...base, signers: [noCn] }).substitutions[0]).toBe('eve@example.org');
  });

  it('writes the expiry date in the language of the words around it, with no stray spaces', () => {
    restore();
    restore = useLocale('ja');
    const v = classifyVerify({ ...base, trust: 'expired' });
    expect(t(v.messageName, v.substitutions)).toBe('notices@demo-bank.exampleによる署名ですが、証明書の有効期限は2021年1月1日に切れています。');
  });

  it('unsigned text above a signed attachment is not called partially signed text', () => {
    const v = classifyVerify({ ...base, coverage: 'partial', warnings: [{ code: 'partial-coverage', message: '' }, { code: 'visible-text-unsigned', message: '' }] });
    expect(v.kind).toBe('attachment-signed');
    expect(t(v.messageName, v.substitutions)).toContain('The text you see is not covered by the signature; only an attached part is signed');
    expect(tabVerdictOf(v.kind)).toBe('untrusted');
  });


  it('names the signer of a good signature by address only when the CA checked only the address', () => {
    const v = classifyVerify(base);
    expect(v).toMatchObject({ kind: 'signed', tone: 'good', substitutions: ['notices@demo-bank.example', 'notices@demo-bank.example'] });
    expect(v.substitutions.join()).not.toContain('Demo Bank Notices'); // the unvalidated CN is never shown as the signer
    expect(v.notes).toEqual([{ messageName: 'noteAddressOnly', substitutions: [] }]);
  });

  it('names the organisation the CA validated (organization-validated, trusted chain)', () => {
    const ov = { ...signer, validation: { type: 'organization' as const, policy: '2.23.140.1.5.2.3', organization: '株式会社デモ銀行' } };
    const v = classifyVerify({ ...base, signers: [ov] });
    expect(v.substitutions[0]).toBe('株式会社デモ銀行 (checked by the certificate authority) <notices@demo-bank.example>');
    expect(v.notes).toBeUndefined();
  });

  it('a look-alike of a known sender outranks a green tick; the signature stays as a note', () => {
    const v = withSenderSignals(classifyVerify(base), 'notices@dem0-bank.example', { signatureMissing: false, lookalike: { known: 'notices@demo-bank.example', reason: 'digit-swap' } });
    expect(v).toMatchObject({ kind: 'lookalike', tone: 'bad', substitutions: ['notices@dem0-bank.example', 'notices@demo-bank.example'] });
    expect(v.notes?.map((n) => n.messageName)).toEqual(['lookalikeReason_digit_swap', 'noteWasSigned']);
    expect(tabVerdictOf(v.kind)).toBe('invalid');
    // A tampered message stays tampered first, with the look-alike after it.
    const bad = withSenderSignals(classifyVerify({ ...base, signature: 'invalid' }), 'x@dem0-bank.example', { signatureMissing: false, lookalike: { known: 'notices@demo-bank.example', reason: 'digit-swap' } });
    expect(bad.kind).toBe('tampered');
    expect(bad.notes?.[0].messageName).toBe('statusLookalike');
  });

  it('a signed message whose sender could not be looked up says so in a note (never silence)', () => {
    const v = withSenderSignals(classifyVerify(base), 'notices@demo-bank.example', { signatureMissing: false, unchecked: true });
    expect(v.kind).toBe('signed');
    expect(v.notes?.map((n) => n.messageName)).toContain('noteSenderUnchecked');
    expect(unsignedVerdict('notices@demo-bank.example', { signatureMissing: false, unchecked: true })?.kind).toBe('sender-unchecked');
  });

  it('first contact is a note on a good verdict, not a warning', () => {
    const v = withSenderSignals(classifyVerify(base), 'notices@demo-bank.example', { signatureMissing: false }, true);
    expect(v.kind).toBe('signed');
    expect(v.notes?.map((n) => n.messageName)).toEqual(['noteAddressOnly', 'noteFirstContact']);
  });

  it('unsigned mail: a bar only for a look-alike or a missing signature', () => {
    expect(unsignedVerdict('a@example.org', { signatureMissing: false })).toBeNull();
    expect(unsignedVerdict('a@example.org', undefined)).toBeNull();
    expect(unsignedVerdict('notices@demo-bank.example', { signatureMissing: true })).toMatchObject({ kind: 'signature-missing', tone: 'warn', substitutions: ['notices@demo-bank.example'] });
    expect(unsignedVerdict('n@dеmo-bank.example', { signatureMissing: false, lookalike: { known: 'notices@demo-bank.example', reason: 'confusable' } })).toMatchObject({ kind: 'lookalike', tone: 'bad' });
  });

  it('never shows a partially signed message as signed (Johnny M1-M4, mailing-list footers)', () => {
    const v = classifyVerify({ ...base, coverage: 'partial', warnings: [{ code: 'partial-coverage', message: '' }] });
    expect(v.kind).toBe('partial');
    expect(v.tone).not.toBe('good');
    expect(tabVerdictOf(v.kind)).not.toBe('valid');
  });

  it('a valid signature without a sender address to compare is not shown as fully signed', () => {
    const v = classifyVerify({ ...base, sender: 'unknown', from: [] });
    expect(v.kind).toBe('sender-unknown');
    expect(v.tone).not.toBe('good');
  });

  it('an smime.p7s that signs nothing is called a fake signature', () => {
    const v = classifyVerify({ ...base, signature: 'invalid', coverage: 'none', signers: [], warnings: [{ code: 'orphan-signature', message: '' }] });
    expect(v.kind).toBe('fake-signature');
  });

  it('puts a broken signature above everything else', () => {
    expect(classifyVerify({ ...base, signature: 'invalid', sender: 'mismatch', trust: 'untrusted' }).kind).toBe('tampered');
    expect(classifyVerify({ ...base, signature: 'malformed', sender: 'mismatch' }).kind).toBe('fake-signature');
    expect(classifyVerify({ ...base, signature: 'none', signers: [] }).kind).toBe('fake-signature');
  });

  it('puts a sender mismatch above certificate problems, and names both addresses', () => {
    const v = classifyVerify({ ...base, sender: 'mismatch', trust: 'expired', from: ['ceo@bank.example'] });
    expect(v.kind).toBe('sender-mismatch');
    expect(v.substitutions).toEqual(['notices@demo-bank.example', 'notices@demo-bank.example', 'ceo@bank.example']);
  });

  it('reports expiry with the date, and any other trust failure as untrusted', () => {
    expect(classifyVerify({ ...base, trust: 'expired' })).toMatchObject({ kind: 'expired', substitutions: ['notices@demo-bank.example', 'notices@demo-bank.example', 'January 1, 2021'] });
    for (const trust of ['untrusted', 'wrong-usage', 'unknown', 'not-yet-valid'] as const) expect(classifyVerify({ ...base, trust }).kind).toBe('untrusted');
  });

  it('a revoked certificate is a red "Certificate revoked" bar, above a sender mismatch, and a bad badge', () => {
    expect(classifyVerify({ ...base, trust: 'revoked' })).toMatchObject({ kind: 'revoked', tone: 'bad', messageName: 'statusRevoked' });
    expect(classifyVerify({ ...base, trust: 'revoked', sender: 'mismatch' }).kind).toBe('revoked');
    expect(classifyVerify({ ...base, trust: 'revoked', coverage: 'partial' }).kind).toBe('revoked');
    expect(tabVerdictOf('revoked')).toBe('invalid');
    // A broken signature still comes first.
    expect(classifyVerify({ ...base, trust: 'revoked', signature: 'invalid' }).kind).toBe('tampered');
  });

  it('require mode: unknown revocation is a warning, never "signed"', () => {
    const v = classifyVerify({ ...base, trust: 'unknown', warnings: [{ code: 'revocation-unchecked', message: '' }] });
    expect(v).toMatchObject({ kind: 'revocation-unchecked', tone: 'warn' });
    expect(tabVerdictOf('revocation-unchecked')).toBe('untrusted');
  });

  it('maps verdicts to the badge and lets the worst open message win', () => {
    expect(tabVerdictOf('signed')).toBe('valid');
    expect(tabVerdictOf('fake-signature')).toBe('invalid');
    expect(tabVerdictOf('expired')).toBe('expired');
    expect(tabVerdictOf('not-for-you')).toBe('not-for-you');
    expect(worstTabVerdict(['expired', 'untrusted', 'valid'])).toBe('untrusted');
    expect(tabVerdictOf('checking')).toBe('none');
    expect(worstTabVerdict(['valid', 'invalid', 'encrypted'])).toBe('invalid');
    expect(worstTabVerdict(['encrypted', 'valid'])).toBe('valid');
    expect(worstTabVerdict([])).toBe('none');
  });
});

describe('S/MIME hints', () => {
  it('fetches only messages with a .p7s/.p7m card', () => {
    expect(mayBeSmime({ attachmentNames: ['smime.p7s'] })).toBe(true);
    expect(mayBeSmime({ attachmentNames: ['report.pdf', 'SMIME.P7M'] })).toBe(true);
    expect(mayBeSmime({ attachmentNames: ['letter.p7m'] })).toBe(true);
    expect(mayBeSmime({ attachmentNames: ['report.pdf', 'p7s.txt'] })).toBe(false);
    expect(mayBeSmime({ attachmentNames: [] })).toBe(false);
  });

  it('decrypts enveloped data and verifies everything else', () => {
    const f = (n: string) => new Uint8Array(readFileSync(join(__dirname, '..', '..', 'e2e', 'gmail', 'fixtures', n)));
    expect(actionForRaw(f('encrypted-signed.eml'))).toBe('decrypt');
    expect(actionForRaw(f('bank-signed-jp.eml'))).toBe('verify');
    expect(actionForRaw(f('fake-p7s.eml'))).toBe('verify');
    expect(actionForRaw(new Uint8Array([0xff, 0x00]))).toBe('verify');
  });
});

describe('buildDecryptedView', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const mime = [
    'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; boundary="S"',
    '',
    '--S',
    'Content-Type: multipart/mixed; boundary="M"',
    '',
    '--M',
    'Content-Type: multipart/alternative; boundary="A"',
    '',
    '--A',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    'plain version',
    '--A',
    'Content-Type: multipart/related; boundary="R"',
    '',
    '--R',
    'Content-Type: text/html; charset=ISO-2022-JP',
    '',
    '<p>\x1b$B$3$s$K$A$O\x1b(B <img src="cid:logo@x"></p>',
    '--R',
    'Content-Type: image/png',
    'Content-ID: <logo@x>',
    'Content-Transfer-Encoding: base64',
    '',
    b64('PNGDATA'),
    '--R--',
    '--A--',
    '--M',
    'Content-Type: text/csv; name="a.csv"',
    'Content-Disposition: attachment; filename="a.csv"',
    '',
    'x,y',
    '--M--',
    '--S',
    'Content-Type: application/pkcs7-signature; name=smime.p7s',
    '',
    'AAAA',
    '--S--',
    '',
  ].join('\r\n');

  it('unwraps the signature, prefers HTML, decodes its charset, keeps cid parts and lists attachments', () => {
    const view = buildDecryptedView(new Uint8Array(Buffer.from(mime, 'latin1')));
    expect(view.html).toBe('<p>こんにちは <img src="cid:logo@x"></p>');
    expect(view.text).toBeNull();
    expect(new TextDecoder().decode(view.inline.get('logo@x')!.bytes)).toBe('PNGDATA');
    expect(view.attachments.map((a) => a.name)).toEqual(['a.csv']);
    expect(view.attachments.some((a) => a.mediaType === 'application/pkcs7-signature')).toBe(false);
  });
});
