// contentTypeAmbiguity: which Content-Type spellings other parsers may read differently. Only parameters that decide
// the structure (boundary, protocol, smime-type) count; loose spelling of other parameters is no reason to refuse.
import { describe, expect, it } from 'vitest';
import { contentTypeAmbiguity } from '../../src/crypto/mime/parse-content-type';

describe('contentTypeAmbiguity', () => {
  it.each([
    ' application/pkcs7-mime; smime-type=enveloped-data; smime-type=signed-data; name=smime.p7m',
    ' application/pkcs7-mime; smime-type*=\'\'signed-data; name=smime.p7m',
    ' application/pkcs7-mime; smime-type=signed data; name=smime.p7m',
    ' multipart/mixed; boundary="unterminated',
    ' multipart/mixed; boun\r\n dary="b1"',
  ])('%j is ambiguous', (value) => {
    expect(contentTypeAmbiguity(value)).toBeDefined();
  });

  it.each([
    ' multipart/mixed; boundary="b1"',
    ' multipart/mixed;\r\n\tboundary="b1"',
    ' application/octet-stream; name=Quarterly report.pdf',
    ' text/plain; charset="utf-8"; format=flowed; name*=utf-8\'\'%E8%A6%8B.txt',
    ' application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"',
    ' text/plain',
  ])('%j is not', (value) => {
    expect(contentTypeAmbiguity(value)).toBeUndefined();
  });
});
