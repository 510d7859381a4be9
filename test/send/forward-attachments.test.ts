// Which parts of a forwarded message are carried over as attachments: files and attached messages, never the body
// alternatives or a signature part; names cleaned; bounded by the draft's size limit.
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/crypto/bytes';
import { parseMime } from '../../src/crypto/mime/parse-mime';
import { forwardAttachments, MAX_FORWARD_BYTES } from '../../src/background/send/forward-attachments';

const td = (b: Uint8Array) => new TextDecoder().decode(b);

describe('forward attachments', () => {
  it('takes files and attached messages, skips body alternatives and signatures, decodes names and bodies', () => {
    const msg = utf8(
      'Content-Type: multipart/mixed; boundary=m\r\n\r\n' +
        '--m\r\nContent-Type: multipart/alternative; boundary=a\r\n\r\n' +
        '--a\r\nContent-Type: text/plain\r\n\r\nbody\r\n--a\r\nContent-Type: text/html; name="shown.html"\r\n\r\n<p>body</p>\r\n--a--\r\n' +
        '--m\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=UTF-8\'\'%E8%B3%87%E6%96%99.bin\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC\r\n' +
        '--m\r\nContent-Type: image/png; name="=?UTF-8?B?5Zuz?=.png"\r\nContent-Disposition: inline\r\nContent-Transfer-Encoding: base64\r\n\r\niVBO\r\n' +
        '--m\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Disposition: attachment; filename="../../etc/notes.txt"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\na=3Db\r\n' +
        '--m\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner body\r\n' +
        '--m\r\nContent-Type: application/pkcs7-signature; name="smime.p7s"\r\nContent-Disposition: attachment; filename="smime.p7s"\r\n\r\nxx\r\n' +
        '--m\r\nContent-Type: text/plain\r\n\r\nan unnamed inline text part is body\r\n--m--\r\n',
    );
    const { attachments, omitted } = forwardAttachments(parseMime(msg));
    expect(omitted).toEqual([]);
    expect(attachments.map((a) => [a.name, a.type])).toEqual([
      ['資料.bin', 'application/octet-stream'],
      ['図.png', 'image/png'],
      ['notes.txt', 'text/plain'],
      ['forwarded-message.eml', 'message/rfc822'],
    ]);
    expect([...attachments[0].data]).toEqual([0, 1, 2]);
    expect(td(attachments[2].data)).toBe('a=b');
    expect(td(attachments[3].data)).toContain('Subject: inner');
  });

  it('leaves out what does not fit in a draft, by name', () => {
    const big = 'A'.repeat(Math.ceil(((MAX_FORWARD_BYTES / 2 + 10) * 4) / 3 / 4) * 4);
    const part = (n: string) => `--m\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="${n}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${big}\r\n`;
    const msg = utf8(`Content-Type: multipart/mixed; boundary=m\r\n\r\n${part('one')}${part('two')}--m--\r\n`);
    const { attachments, omitted } = forwardAttachments(parseMime(msg));
    expect(attachments.map((a) => a.name)).toEqual(['one']);
    expect(omitted).toEqual(['two']);
  });

  it('a message that is only text has no attachments', () => {
    expect(forwardAttachments(parseMime(utf8('Content-Type: text/plain\r\n\r\nhello\r\n'))).attachments).toEqual([]);
  });
});
