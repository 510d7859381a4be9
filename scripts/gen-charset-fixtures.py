#!/usr/bin/env python3
"""Japanese (and UTF-8) mail from producers other than ours, for test/mime/charset-matrix.test.ts.

Two independent producers write the messages:
  * Python's `email` package (compat32, the API most scripts and many bank systems use): MIMEText with
    Header() subjects and display names, in B and Q encoded-words that Python splits across folded lines,
    and bodies in 7bit, 8bit, quoted-printable and base64;
  * glibc `iconv` for the text bytes and `openssl cms -sign` for the message (an OpenSSL-made
    multipart/signed, as banks send), with RFC 2047 words written from `openssl base64` output.
The manifest records what a reader must see. Run from the repository root:
    python3 scripts/gen-charset-fixtures.py
Needs python3, iconv and openssl. Output: test/mime/fixtures/charsets/ (committed).
"""
import json
import os
import subprocess
import tempfile
from email import charset as email_charset
from email.charset import Charset
from email.header import Header
from email.mime.text import MIMEText

OUT = os.path.join('test', 'mime', 'fixtures', 'charsets')

SUBJECT = '【デモ銀行】お取引明細のお知らせ（２０２６年１１月分）　山田太郎様への重要なご案内です'
NAME = 'デモ銀行 お客様サポート'
BODY = ('山田 太郎 様\n\nいつもデモ銀行をご利用いただきありがとうございます。\n'
        '11月分のお取引明細が確定しました。\nお振込金額: 10,000円\n振込先口座: 普通 1234567\n')
# Characters only some charsets have: half-width katakana (not in ISO-2022-JP), NEC/IBM extensions (CP932).
EXTRA = {
    'iso-2022-jp': '',
    'shift_jis': 'ｶﾀｶﾅ\n',
    'cp932': 'ｶﾀｶﾅ ①② ㈱ 髙橋\n',
    'euc-jp': 'ｶﾀｶﾅ\n',
    'utf-8': 'ｶﾀｶﾅ ①② 髙橋 café 🏦\n',
}
CHARSETS = list(EXTRA)
ENCODINGS = {'base64': email_charset.BASE64, 'qp': email_charset.QP, None: None}


def body_for(cs):
    return BODY + EXTRA[cs]


def python_message(cs, body_enc, header_enc, index):
    c = Charset(cs)
    c.header_encoding = ENCODINGS[header_enc]
    c.body_encoding = ENCODINGS[body_enc]
    # Python's table converts Shift_JIS and EUC-JP to ISO-2022-JP on output; keep the charset asked for.
    c.output_charset, c.output_codec = c.input_charset, c.input_codec
    msg = MIMEText(body_for(cs), 'plain', c)
    msg['From'] = Header(NAME, c).encode() + ' <notices@demo-bank.example>'
    msg['To'] = 'demo.user@example.com'
    msg['Subject'] = Header(SUBJECT, c)
    msg['Message-ID'] = f'<charset-{index}@demo-bank.example>'
    return msg.as_bytes()


def run(cmd, data=None):
    return subprocess.run(cmd, input=data, capture_output=True, check=True).stdout


def b_words(text, cs, per_word):
    """RFC 2047 B words, each holding `per_word` characters encoded on their own (a self-contained word)."""
    words = []
    for i in range(0, len(text), per_word):
        raw = run(['iconv', '-f', 'UTF-8', '-t', cs.upper()], text[i:i + per_word].encode())
        words.append(f'=?{cs.upper()}?B?{run(["openssl", "base64", "-A"], raw).decode()}?=')
    return '\r\n '.join(words)


def openssl_message(cs, cte, signer, key):
    text = run(['iconv', '-f', 'UTF-8', '-t', cs.upper()], body_for(cs).replace('\n', '\r\n').encode())
    if cte == 'base64':
        payload = run(['openssl', 'base64'], text)
    else:
        payload = text
    part = f'Content-Type: text/plain; charset={cs.upper()}\r\nContent-Transfer-Encoding: {cte}\r\n\r\n'.encode() + payload
    signed = run(['openssl', 'cms', '-sign', '-signer', signer, '-inkey', key, '-md', 'sha256', '-nocerts'], part)
    head = (f'From: {b_words(NAME, cs, 6)} <notices@demo-bank.example>\r\n'
            f'To: demo.user@example.com\r\nSubject: {b_words(SUBJECT, cs, 9)}\r\n').encode()
    return head + signed


def main():
    os.makedirs(OUT, exist_ok=True)
    manifest = []

    def add(name, producer, cs, cte, data):
        with open(os.path.join(OUT, name), 'wb') as f:
            f.write(data)
        manifest.append({'file': name, 'producer': producer, 'charset': cs, 'transferEncoding': cte,
                         'subject': SUBJECT, 'fromName': NAME, 'body': body_for(cs)})

    index = 0
    for cs in CHARSETS:
        # ISO-2022-JP is 7bit on the wire: Python's default, plus base64 and QP as some systems send it.
        for body_enc in [None, 'qp', 'base64']:
            for header_enc in ['base64', 'qp']:
                index += 1
                data = python_message(cs, body_enc, header_enc, index)
                cte = {'qp': 'quoted-printable', 'base64': 'base64', None: '7bit' if cs == 'iso-2022-jp' else '8bit'}[body_enc]
                add(f'python-{cs}-{cte}-{header_enc}.eml', 'python-email', cs, cte, data)

    with tempfile.TemporaryDirectory() as tmp:
        key = os.path.join(tmp, 'key.pem')
        cert = os.path.join(tmp, 'cert.pem')
        run(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key,
             '-out', cert, '-days', '3650', '-subj', '/CN=Demo Bank/emailAddress=notices@demo-bank.example'])
        for cs in CHARSETS:
            for cte in (['7bit', 'base64'] if cs == 'iso-2022-jp' else ['8bit', 'base64']):
                add(f'openssl-{cs}-{cte}.eml', 'iconv+openssl', cs, cte, openssl_message(cs, cte, cert, key))

    with open(os.path.join(OUT, 'manifest.json'), 'w', encoding='utf-8') as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write('\n')
    print(f'{len(manifest)} messages in {OUT}')


if __name__ == '__main__':
    main()
