// Japanese mail from independent producers, decoded the way the UI shows it: Python's `email` and
// glibc iconv + `openssl cms` (fixtures made by scripts/gen-charset-fixtures.py), plus hand-made RFC 2047 words.
// ISO-2022-JP, Shift_JIS, CP932, EUC-JP and UTF-8; B and Q words split across lines; 7bit, 8bit, QP and base64
// bodies. Every message is read in Node and, one after another in the same page, in Chromium: Chromium's
// TextDecoder kept ISO-2022-JP state between decodes, which put "�" at the start of the demo bank's subject.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { readForDisplay, type SeenText } from './charset-reader';

const DIR = join(__dirname, 'fixtures', 'charsets');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);

interface Case {
  name: string;
  bytes: Uint8Array;
  subject: string;
  fromName: string;
  body: string;
}

const ascii = (s: string): Uint8Array => new Uint8Array([...s].map((c) => c.charCodeAt(0)));
const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));
const b64 = (b: Uint8Array | number[]): string => Buffer.from(b).toString('base64');
// Q encoding as RFC 2047 section 5(3) allows in a phrase: letters, digits and !*+-/ literal, the rest as =XX.
const q = (b: number[]): string => b.map((x) => (/[A-Za-z0-9!*+\-/]/.test(String.fromCharCode(x)) ? String.fromCharCode(x) : `=${x.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { file: string; producer: string; subject: string; fromName: string; body: string }[];
const produced: Case[] = manifest.map((m) => ({ name: `${m.producer}: ${m.file}`, bytes: new Uint8Array(readFileSync(join(DIR, m.file))), subject: m.subject, fromName: m.fromName, body: m.body }));

// JIS X 0208 (ISO-2022-JP) bytes of some text, as the demo bank writes them.
const ESC_JIS = [0x1b, 0x24, 0x42];
const ESC_ASCII = [0x1b, 0x28, 0x42];
const JIS_DEMO_BANK = [0x25, 0x47, 0x25, 0x62, 0x36, 0x64, 0x39, 0x54]; // デモ銀行
const JIS_OSHIRASE = [0x24, 0x2a, 0x43, 0x4e, 0x24, 0x69, 0x24, 0x3b]; // お知らせ
const SJIS_DEMO_BANK = [0x83, 0x66, 0x83, 0x82, 0x8b, 0xe2, 0x8d, 0x73]; // デモ銀行
const EUC_DEMO_BANK = [0xa5, 0xc7, 0xa5, 0xe2, 0xb6, 0xe4, 0xb9, 0xd4]; // デモ銀行
const UTF8_SUBJECT = [...Buffer.from('【デモ銀行】お知らせ🏦', 'utf8')];

function message(headers: string, body: Uint8Array, type = 'text/plain; charset=ISO-2022-JP', cte = '7bit'): Uint8Array {
  return concat(ascii(`${headers}\r\nMIME-Version: 1.0\r\nContent-Type: ${type}\r\nContent-Transfer-Encoding: ${cte}\r\n\r\n`), body);
}

const JIS_BODY = concat(new Uint8Array([...ESC_JIS, ...JIS_DEMO_BANK, ...ESC_ASCII]), ascii('\r\n'), new Uint8Array([...ESC_JIS, ...JIS_OSHIRASE, ...ESC_ASCII]), ascii(' 10,000\r\n'));

const handMade: Case[] = [
  {
    name: 'the demo bank notice (ISO-2022-JP B words, 7bit body)',
    bytes: new Uint8Array(readFileSync(join(__dirname, '..', '..', 'e2e', 'gmail', 'fixtures', 'bank-signed-jp.eml'))),
    subject: '【デモ銀行】お取引明細のお知らせ',
    fromName: 'デモ銀行',
    body: '山田 太郎 様\n\nいつもデモ銀行をご利用いただきありがとうございます。\n11月分のお取引明細が確定しました。\nお振込金額: 10,000円\n振込先口座: 普通 1234567\n\nデモ銀行 お客様サポート',
  },
  {
    name: 'ISO-2022-JP words that each return to ASCII, folded over three lines',
    bytes: message(
      `From: =?ISO-2022-JP?B?${b64([...ESC_JIS, ...JIS_DEMO_BANK, ...ESC_ASCII])}?= <a@b.example>\r\nSubject: =?ISO-2022-JP?B?${b64([...ESC_JIS, ...JIS_DEMO_BANK.slice(0, 4), ...ESC_ASCII])}?=\r\n =?ISO-2022-JP?B?${b64([...ESC_JIS, ...JIS_DEMO_BANK.slice(4), ...ESC_ASCII])}?=\r\n\t=?iso-2022-jp?b?${b64([...ESC_JIS, ...JIS_OSHIRASE, ...ESC_ASCII])}?=`,
      JIS_BODY,
    ),
    subject: 'デモ銀行お知らせ',
    fromName: 'デモ銀行',
    body: 'デモ銀行\nお知らせ 10,000\n',
  },
  {
    name: 'an ISO-2022-JP word that stays in JIS mode, continued by the next word; Q-encoded',
    bytes: message(
      `From: =?ISO-2022-JP?Q?${q([...ESC_JIS, ...JIS_DEMO_BANK.slice(0, 4)])}?=\r\n =?ISO-2022-JP?Q?${q([...JIS_DEMO_BANK.slice(4), ...ESC_ASCII])}?= <a@b.example>\r\nSubject: =?ISO-2022-JP?Q?${q([...ESC_JIS, ...JIS_OSHIRASE, ...ESC_ASCII])}?= (2026)`,
      ascii(q([...JIS_BODY])),
      'text/plain; charset="iso-2022-jp"',
      'quoted-printable',
    ),
    subject: 'お知らせ (2026)',
    fromName: 'デモ銀行',
    body: 'デモ銀行\nお知らせ 10,000\n',
  },
  {
    name: 'a Shift_JIS Q word and a UTF-8 B word split inside a character, base64 Shift_JIS body',
    bytes: message(
      `From: =?Shift_JIS?Q?${q(SJIS_DEMO_BANK.slice(0, 3))}?=\r\n =?Shift_JIS?Q?${q(SJIS_DEMO_BANK.slice(3))}?= <a@b.example>\r\nSubject: =?UTF-8?B?${b64(UTF8_SUBJECT.slice(0, 5))}?=\r\n =?UTF-8?B?${b64(UTF8_SUBJECT.slice(5, 29))}?=\r\n =?utf-8?b?${b64(UTF8_SUBJECT.slice(29))}?=`,
      ascii(b64([...SJIS_DEMO_BANK, 0x0d, 0x0a, 0xb6, 0xc0, 0xb6, 0xc5])),
      'text/plain; charset=Shift_JIS',
      'base64',
    ),
    subject: '【デモ銀行】お知らせ🏦',
    fromName: 'デモ銀行',
    body: 'デモ銀行\nｶﾀｶﾅ',
  },
  {
    name: 'charsets mixed in one header (EUC-JP, then ISO-2022-JP, then plain text), 8bit EUC-JP body',
    bytes: message(
      `From: "=?EUC-JP?B?${b64(EUC_DEMO_BANK)}?=" <a@b.example>\r\nSubject: =?EUC-JP?B?${b64(EUC_DEMO_BANK)}?= =?ISO-2022-JP?B?${b64([...ESC_JIS, ...JIS_OSHIRASE, ...ESC_ASCII])}?= No.1`,
      new Uint8Array([...EUC_DEMO_BANK, 0x0d, 0x0a, 0x8e, 0xb6, 0x8e, 0xc0]),
      'text/plain; charset=EUC-JP',
      '8bit',
    ),
    subject: 'デモ銀行お知らせ No.1',
    fromName: 'デモ銀行',
    body: 'デモ銀行\nｶﾀ',
  },
  {
    name: 'an ISO-2022-JP body that ends in JIS mode (a damaged message must not spill into the next one)',
    bytes: message(`From: =?ISO-2022-JP?B?${b64([...ESC_JIS, ...JIS_DEMO_BANK])}?= <a@b.example>\r\nSubject: =?ISO-2022-JP?B?${b64([...ESC_JIS, ...JIS_OSHIRASE])}?=`, new Uint8Array([...ESC_JIS, ...JIS_DEMO_BANK])),
    subject: 'お知らせ',
    fromName: 'デモ銀行',
    body: 'デモ銀行',
  },
];

const ALL = [...handMade, ...produced];

function expectSeen(c: Case, seen: SeenText): void {
  const body = c.body.replace(/\n+$/, '');
  expect(seen.subject, c.name).toBe(c.subject);
  expect(seen.fromName, c.name).toBe(c.fromName);
  expect(seen.body.replace(/\n+$/, ''), c.name).toBe(body);
  expect(seen.replySubject, c.name).toBe(`Re: ${c.subject}`);
  for (const line of body.split('\n').filter((l) => l !== '')) expect(seen.quote, c.name).toContain(`> ${line}`);
  expect(JSON.stringify(seen), c.name).not.toContain('\ufffd');
}

describe('charset matrix, in Node', () => {
  it(`has messages from each producer and charset (${produced.length} produced, ${handMade.length} hand-made)`, () => {
    const producers = new Set(manifest.map((m) => m.producer));
    expect([...producers].sort()).toEqual(['iconv+openssl', 'python-email']);
    for (const cs of ['iso-2022-jp', 'shift_jis', 'cp932', 'euc-jp', 'utf-8']) {
      const names = manifest.filter((m) => m.file.includes(`-${cs}-`)).map((m) => m.file).join(' ');
      for (const cte of ['base64', 'quoted-printable', cs === 'iso-2022-jp' ? '7bit' : '8bit']) expect(names).toContain(`-${cte}`);
      expect(names).toMatch(/-qp\.eml/); // Q-encoded headers
    }
  });

  it('reads every message, one after another, as its producer wrote it', () => {
    for (const c of ALL) expectSeen(c, readForDisplay(c.bytes));
  });
});

describe.skipIf(!hasChromium)('charset matrix, in Chromium', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    const entry = "import { readForDisplay } from './test/mime/charset-reader';\nglobalThis.__read = (s) => readForDisplay(Uint8Array.from(atob(s), (c) => c.charCodeAt(0)));";
    const bundle = await build({ stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, format: 'iife', write: false, target: 'chrome120' });
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage();
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('reads every message in a row in one page, twice over, in the same words as Node', async () => {
    const order = [...ALL, ...[...ALL].reverse()];
    const seen = await page.evaluate(
      (list) => list.map((s) => (globalThis as unknown as { __read(s: string): SeenText }).__read(s)),
      order.map((c) => b64(c.bytes)),
    );
    seen.forEach((s, i) => expectSeen(order[i], s));
  });
});
