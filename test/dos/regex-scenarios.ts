// Run by regex-budget.test.ts in a child Node with V8's backtrack budget: hostile shapes of attacker text sent
// through the real entry points. Prints "## <scenario>" before each; V8 prints a line after it for every
// regular expression execution that went over the budget.
import { utf8 } from '../../src/crypto/bytes';
import { pemBlocks } from '../../src/crypto/base64';
import { decodeEncodedWords } from '../../src/crypto/mime/decode-header-words';
import { parseMime, getHeader } from '../../src/crypto/mime/parse-mime';
import { parseAddressList } from '../../src/crypto/mime/parse-address';
import { readPkcs12 } from '../../src/crypto/pkcs12/read-pkcs12';
import { verifyMessage } from '../../src/crypto/smime/verify-message';
import { emailMatchesConstraint } from '../../src/crypto/trust/name-constraints';
import { htmlToText } from '../../src/background/send/visible-text';
import { deriveComposeContext } from '../../src/background/send/reply-context';

const n = Number(process.argv[2] ?? 100_000);
const only = process.argv[3];

async function quiet(f: () => unknown): Promise<void> {
  try {
    await f();
  } catch {
    // only the regular expressions' work matters here; errors are other tests' business
  }
}

const message = (headers: string, body = 'hello\r\n'): Uint8Array => utf8(`${headers}\r\n${body}`);

const scenarios: Record<string, () => unknown> = {
  'header unfolding: whitespace run inside a value': () =>
    verifyMessage(message(`From: a@example.jp\r\nSubject: a${' \t'.repeat(n / 2)}b\r\n`)),
  'header unfolding: RFC-legal folded lines': () =>
    verifyMessage(message(`From: a@example.jp\r\nSubject: a${'\r\n '.repeat(n / 3)}b\r\n`)),
  'Content-Transfer-Encoding comment: run of "("': () =>
    verifyMessage(message(`From: a@example.jp\r\nContent-Transfer-Encoding: ${'('.repeat(n)}base64\r\n`)),
  'RFC 2047 B-word: run of "=" inside the payload': () => {
    decodeEncodedWords(`=?utf-8?B?${'='.repeat(n)}QUFB?=`);
    return verifyMessage(message(`From: =?utf-8?B?${'='.repeat(n)}QUFB?= <a@example.jp>\r\n`));
  },
  'RFC 2047: many adjacent encoded words': () => decodeEncodedWords('=?utf-8?B?QUFB?= '.repeat(n / 17)),
  'PEM: BEGIN lines without END': () => {
    const text = '-----BEGIN PKCS12-----\n'.repeat(n / 23);
    void quiet(() => pemBlocks(text));
    return readPkcs12(utf8(text), 'x');
  },
  'name constraints: run of dots in a domain': () => {
    emailMatchesConstraint(`a@${'.'.repeat(n)}x`, `.${'.'.repeat(n)}x`);
    emailMatchesConstraint(`a@x`, `b@${'.'.repeat(n)}x`);
  },
  'addresses: long local parts and quotes': () => {
    parseAddressList(`${'a'.repeat(n)}@${'b.'.repeat(n / 2)}`);
    parseAddressList(`"${'\\"'.repeat(n / 2)} <a@b>`);
    parseAddressList(`${'@'.repeat(n)}:a@b`);
  },
  'reply quote: HTML tags that never close': () => htmlToText(`x${'<a "'.repeat(n / 4)}`),
  'reply quote: trailing whitespace runs inside lines': () => {
    const raw = message('From: a@example.jp\r\nSubject: s\r\nContent-Type: text/plain\r\n', `x${' '.repeat(n)}y\r\n`);
    const root = parseMime(raw);
    return deriveComposeContext({ outer: root, shown: root, encrypted: false }, 'reply', null, null);
  },
  'content type parameters: whitespace and semicolons': () =>
    verifyMessage(message(`From: a@example.jp\r\nContent-Type: multipart/signed; ${'; '.repeat(n / 2)}boundary=x\r\n`)),
  'headers read back': () => getHeader(parseMime(message(`X: ${' '.repeat(n)}y\r\n`)), 'x'),
};

for (const [name, run] of Object.entries(scenarios)) {
  if (only && name !== only) continue;
  process.stdout.write(`## ${name}\n`);
  await quiet(run);
}
process.stdout.write('## end\n');
