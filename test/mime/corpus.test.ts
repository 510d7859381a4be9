// Real-world messages from the shared corpus: every .eml parses, and the signed part we extract from a
// multipart/signed is exactly what the signature covers (checked with OpenSSL as an independent oracle).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/crypto/errors';
import { canonicalizeCrlf } from '../../src/crypto/mime/canonicalize-crlf';
import { checkSenderHeaders } from '../../src/crypto/mime/check-sender-headers';
import { decodeBody } from '../../src/crypto/mime/decode-transfer-encoding';
import { parseMime, type MimeEntity } from '../../src/crypto/mime/parse-mime';
import { corpusDir, corpusPath, hasCorpus, readCorpus } from '../helpers/corpus';
import { hasTool, openssl, scratch } from '../helpers/openssl';

function emlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...emlFiles(p));
    else if (name.endsWith('.eml')) out.push(p);
  }
  return out;
}

function count(e: MimeEntity): number {
  return 1 + e.children.reduce((n, c) => n + count(c), 0);
}

describe.skipIf(!hasCorpus)('corpus .eml files', () => {
  it('every .eml parses (as given and canonicalised) without error', () => {
    const files = emlFiles(corpusDir);
    expect(files.length).toBeGreaterThan(100);
    let parts = 0;
    for (const f of files) {
      const bytes = readCorpus(f.slice(corpusDir.length + 1));
      for (const input of [bytes, canonicalizeCrlf(bytes)]) {
        let e: MimeEntity;
        try {
          e = parseMime(input);
        } catch (err) {
          throw new Error(`${f}: ${(err as Error).message}`);
        }
        expect(e.end).toBe(input.length);
        parts += count(e);
        checkSenderHeaders(e);
        // Leaves decode or fail only with EngineError.
        const leaves = (x: MimeEntity): MimeEntity[] => (x.children.length ? x.children.flatMap(leaves) : [x]);
        for (const leaf of leaves(e)) {
          try {
            decodeBody(leaf);
          } catch (err) {
            expect(err, f).toBeInstanceOf(EngineError);
          }
        }
      }
    }
    console.log(`[corpus] parsed ${files.length} .eml files (${parts} entities over both passes)`);
  });

  it('thunderbird alice.dsig.SHA256.multipart.eml is multipart/signed with text + pkcs7-signature', () => {
    const e = parseMime(readCorpus('thunderbird', 'tb-smime', 'alice.dsig.SHA256.multipart.eml'));
    expect(e.contentType.mediaType).toBe('multipart/signed');
    expect(e.contentType.params.protocol).toBe('application/pkcs7-signature');
    expect(e.contentType.params.micalg).toBe('sha-256');
    expect(e.children).toHaveLength(2);
    expect(e.children[0].contentType.mediaType).toBe('text/plain');
    expect(e.children[1].contentType.mediaType).toBe('application/pkcs7-signature');
    expect(e.truncated).toBe(false);
    const der = decodeBody(e.children[1]);
    expect(der[0]).toBe(0x30); // a DER SEQUENCE (ContentInfo)
    expect(checkSenderHeaders(e)).toEqual({ from: ['Alice@example.com'], warnings: [] });
  });

  it('johnny-fired identity attacks raise the expected sender warnings', () => {
    const codes = (name: string): string[] =>
      checkSenderHeaders(parseMime(readCorpus('johnny-fired', '04-id', name))).warnings.map((w) => w.code);
    expect(codes('i3-from-sender-confusion/i3-from1-sender-from2-signer-smime.eml')).toContain('duplicate-from');
    expect(codes('i3-from-sender-confusion/i3-from-is-sender-signer-sender-smime.eml')).toContain('duplicate-from');
    expect(codes('i3-from-sender-confusion/i3-from-sender-others-signer-smime.eml')).toContain('sender-header-mismatch');
    const spoof = checkSenderHeaders(parseMime(readCorpus('johnny-fired', '04-id', 'i2-display-name-confusion', 'i2-from-is-sender-signer-a-smime.eml')));
    expect(spoof.from).toEqual(['eve@bigcorporation.de']);
    const dotted = checkSenderHeaders(parseMime(readCorpus('johnny-fired', '04-id', 'i2-display-name-confusion', 'i2-from-is-sender-signer-b-smime.eml')));
    expect(dotted.from).toEqual(['eve@bigcorporation.de']);
    expect(checkSenderHeaders(parseMime(readCorpus('johnny-fired', '04-id', 'i2-display-name-confusion', 'i2-from-is-only-a-name-smime.eml'))).from).toEqual([]);
  });

  it.skipIf(!hasTool('openssl'))('OpenSSL verifies the detached signature over exactly children[0].raw', () => {
    const s = scratch();
    const TB_EPOCH = Date.parse('2026-06-01T00:00:00Z') / 1000;
    try {
      const ca = corpusPath('thunderbird', 'tb-smime', 'TestCA.pem');
      for (const [name, expectOk] of [
        ['alice.dsig.SHA256.multipart.eml', true],
        ['alice.dsig.SHA512.multipart.eml', true],
        ['alice.dsig.SHA512.multipart.bad.eml', false],
      ] as const) {
        const e = parseMime(canonicalizeCrlf(readCorpus('thunderbird', 'tb-smime', name)));
        const content = s.write(`${name}.content`, e.children[0].raw);
        const sig = s.write(`${name}.p7s`, decodeBody(e.children[1]));
        // -attime pins validation inside the corpus certificates' validity (they expire in 2031).
        const r = openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-content', content, '-CAfile', ca, '-purpose', 'any', '-attime', String(TB_EPOCH), '-out', s.file('out')]);
        expect(r.status === 0, `${name}: ${r.stderr}`).toBe(expectOk);
        // One byte more or less (e.g. keeping the CRLF that belongs to the delimiter) must not verify.
        const longer = new Uint8Array([...e.children[0].raw, 0x0d, 0x0a]);
        const bad = openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-content', s.write('longer', longer), '-CAfile', ca, '-purpose', 'any', '-attime', String(TB_EPOCH)]);
        expect(bad.status).not.toBe(0);
      }
    } finally {
      s.cleanup();
    }
  });
});
