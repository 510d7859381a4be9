// A signed part nested below unsigned text (issue 12, item 10): the reader sees the unsigned text first, so the
// verdict must say that only an attached part is signed, not that the text is (partly) signed or not signed at all.
import { describe, expect, it } from 'vitest';
import { hasCorpus, readCorpus } from '../helpers/corpus';
import { verifyMessage } from '../../src/crypto/smime/verify-message';
import { firstVisibleText } from '../../src/crypto/smime/locate-signature';
import { parseMime } from '../../src/crypto/mime/parse-mime';
import { utf8 } from '../../src/crypto/bytes';

const codes = async (...p: string[]) => (await verifyMessage(readCorpus(...p), { now: new Date('2019-06-01T00:00:00Z') })).warnings.map((w) => w.code);

describe('firstVisibleText', () => {
  const mixed = (first: string) =>
    utf8(
      'Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n' +
        first +
        '\r\n\r\nhello\r\n--b\r\nContent-Type: text/plain\r\n\r\nsecond\r\n--b--\r\n',
    );
  it('is the first text part in reading order, skipping attachments', () => {
    const m = parseMime(mixed('Content-Type: text/plain; name=a.txt\r\nContent-Disposition: attachment'));
    expect(new TextDecoder().decode(firstVisibleText(m)!.body).trim()).toBe('second');
    const m2 = parseMime(mixed('Content-Type: text/html'));
    expect(firstVisibleText(m2)!.contentType.subtype).toBe('html');
  });
  it('finds nothing in a message without text', () => {
    expect(firstVisibleText(parseMime(utf8('Content-Type: image/png\r\n\r\nxx')))).toBeUndefined();
  });
});

describe.skipIf(!hasCorpus)('signed part below unsigned text', () => {
  it('Johnny M1-M4 (text added before or around the signed part): the text you see is not signed', async () => {
    for (const f of ['m1-prepending-text/m1-smime.eml', 'm2-hiding-with-html/m2-smime-mix.eml', 'm3-hiding-in-reference/m3-smime.eml', 'm4-hiding-as-attachment/m4-smime.eml']) {
      const [dir, file] = f.split('/');
      expect(await codes('johnny-fired', '03-mime', dir, file), f).toContain('visible-text-unsigned');
    }
  });
  it('Thunderbird: text before the signed part is flagged, a footer after it is only partial coverage', async () => {
    expect(await codes('thunderbird', 'tb-browser-smime', 'alice.dsig.SHA256.multipart.in.mixed.with.header.eml')).toContain('visible-text-unsigned');
    const footer = await codes('thunderbird', 'tb-browser-smime', 'alice.dsig.SHA256.multipart.in.mixed.eml');
    expect(footer).toContain('partial-coverage');
    expect(footer).not.toContain('visible-text-unsigned');
  });
  it('a fully signed message has no such warning', async () => {
    expect(await codes('thunderbird', 'tb-smime', 'alice.dsig.SHA256.multipart.eml')).not.toContain('visible-text-unsigned');
  });
});

describe('"Open a message file" hands a nested signature to the verifier', () => {
  it('unsigned text with an smime.p7s below it is not "neither signed nor encrypted"', async () => {
    const { prepareMessageFile } = await import('../../src/open-file/prepare-message-file');
    const msg = utf8(
      'From: a@example.org\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nPay now.\r\n' +
        '--b\r\nContent-Type: application/pkcs7-signature; name=smime.p7s\r\nContent-Transfer-Encoding: base64\r\n\r\nMAA=\r\n--b--\r\n',
    );
    expect(prepareMessageFile('m.eml', msg).kind).toBe('signed');
    const plain = utf8('From: a@example.org\r\nContent-Type: text/plain\r\n\r\nhello\r\n');
    expect(prepareMessageFile('p.eml', plain).kind).toBe('plain');
  });
  it.skipIf(!hasCorpus)('a signed part below unsigned text is verified', async () => {
    const { prepareMessageFile } = await import('../../src/open-file/prepare-message-file');
    expect(prepareMessageFile('x.eml', readCorpus('thunderbird', 'tb-browser-smime', 'alice.dsig.SHA256.multipart.in.mixed.with.header.eml')).kind).toBe('signed');
  });
});
