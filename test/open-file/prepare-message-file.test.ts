// "Open a message file" decides what a file is before showing it: a message (plain, signed, encrypted), a bare
// .p7m or .p7s, or not a message at all (empty, a certificate or key file, a ZIP, anything else), so a .p12 is
// never shown as a page of binary with Reply buttons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareMessageFile } from '../../src/open-file/prepare-message-file';
import { makeZip } from '../helpers/make-zip';
import { exportPfx, makeIdentity, pemToDer, type OpensslIdentity } from '../pkcs12/make-pfx';

const fixture = (name: string) => new Uint8Array(readFileSync(join(__dirname, '..', '..', 'e2e', 'gmail', 'fixtures', name)));
const text = (s: string) => new TextEncoder().encode(s);
const kindOf = (name: string, bytes: Uint8Array) => {
  const p = prepareMessageFile(name, bytes);
  return p.kind === 'not-a-message' ? `not-a-message:${p.what}` : p.kind;
};

describe('prepareMessageFile', () => {
  let id: OpensslIdentity;
  beforeAll(() => {
    id = makeIdentity('ec');
  });
  afterAll(() => id?.dir.cleanup());

  it('recognises messages: plain, signed, encrypted, with an mbox "From " line or a byte-order mark', () => {
    expect(kindOf('plain.eml', fixture('plain.eml'))).toBe('plain');
    expect(kindOf('bank.eml', fixture('bank-signed-jp.eml'))).toBe('signed');
    expect(kindOf('enc.eml', fixture('encrypted-unsigned.eml'))).toBe('encrypted');
    expect(kindOf('mbox.eml', text('From sender@example.com Thu Dec  3 10:00:00 2026\nFrom: a@b.example\nSubject: hi\n\nbody\n'))).toBe('plain');
    expect(kindOf('bom.eml', text('\ufeffReceived: by x\r\nFrom: a@b.example\r\nTo: c@d.example\r\n\r\nbody'))).toBe('plain');
  });

  it('says "empty" for a 0-byte file', () => {
    expect(kindOf('x.eml', new Uint8Array(0))).toBe('not-a-message:empty');
  });

  it('says "certificate file" for .p12 (whole or cut short), DER and PEM certificates, and PEM keys', () => {
    const pfx = exportPfx(id, 'pw');
    expect(kindOf('me.p12', pfx)).toBe('not-a-message:certificate');
    expect(kindOf('me.p12', pfx.subarray(0, 40))).toBe('not-a-message:certificate');
    expect(kindOf('me.cer', pemToDer(id.certPem, 'x509'))).toBe('not-a-message:certificate');
    expect(kindOf('me.pem', new Uint8Array(readFileSync(id.certPem)))).toBe('not-a-message:certificate');
    expect(kindOf('me.key', new Uint8Array(readFileSync(id.keyPem)))).toBe('not-a-message:certificate');
  });

  it('says "ZIP" for a ZIP, and "not a message" for anything else', async () => {
    expect(kindOf('cert.zip', (await makeZip({ 'me.p12': exportPfx(id, 'pw') })).zip)).toBe('not-a-message:zip');
    expect(kindOf('photo.png', Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')))).toBe('not-a-message:other');
    expect(kindOf('notes.txt', text('hello world\nthis is not mail\n'))).toBe('not-a-message:other');
    expect(kindOf('data.json', text('{"from": "a@b.example"}'))).toBe('not-a-message:other');
    expect(kindOf('noise.bin', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) & 0xff))).toBe('not-a-message:other');
    expect(kindOf('nul.eml', text('From: a@b.example\0\r\nSubject: x\r\n\r\nbody'))).toBe('not-a-message:other');
  });
});
