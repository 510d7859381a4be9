// Message-level signature interop with real peers, both directions: OpenSSL-signed S/MIME verifies with
// verifyMessage as valid + trusted + sender match + full coverage; what signMessage writes verifies with
// `openssl cms -verify -purpose smimesign` and `gpgsm --verify`; one flipped byte anywhere breaks it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPrivateKeyForSigning } from '../../src/crypto/cms/import-signing-key';
import { signMessage } from '../../src/crypto/smime/sign-message';
import { verifyMessage } from '../../src/crypto/smime/verify-message';
import { parseMime } from '../../src/crypto/mime/parse-mime';
import { decodeBody } from '../../src/crypto/mime/decode-transfer-encoding';
import { openssl } from '../helpers/openssl';
import { getPki, releasePki, type LeafKind, type PkiIdentity, type TestPki } from '../helpers/pki-fixtures';

const enc = new TextEncoder();
const dec = new TextDecoder();
const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
const fromLatin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

let pki: TestPki;
let contentFile: string;

beforeAll(async () => {
  pki = await getPki();
  contentFile = pki.write('content.txt', 'Content-Type: text/plain; charset=utf-8\n\nHello from OpenSSL.\nSecond line, trailing space \n');
});
afterAll(() => releasePki());

// ---- small DER walker, to find and flip bytes inside a SignedData -------------------------------------

interface Tlv {
  tag: number;
  start: number; // offset of the tag byte
  valueStart: number;
  end: number; // offset after the value
}

function readTlv(b: Uint8Array, off: number): Tlv {
  const tag = b[off];
  let len = b[off + 1];
  let p = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[p++];
  }
  return { tag, start: off, valueStart: p, end: p + len };
}

function children(b: Uint8Array, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let p = t.valueStart; p < t.end; ) {
    const c = readTlv(b, p);
    out.push(c);
    p = c.end;
  }
  return out;
}

/** The first SignerInfo's signedAttrs [0] and signature OCTET STRING, and the eContent if any. */
function signerParts(der: Uint8Array): { signedAttrs: Tlv; signature: Tlv; eContent?: Tlv } {
  const ci = readTlv(der, 0);
  const [, explicit] = children(der, ci);
  const [sd] = children(der, explicit);
  const sdKids = children(der, sd);
  const encap = sdKids[2];
  const encapKids = children(der, encap);
  const eContent = encapKids[1] ? children(der, encapKids[1])[0] : undefined;
  const signerInfos = sdKids[sdKids.length - 1];
  const [si] = children(der, signerInfos);
  const siKids = children(der, si);
  const signedAttrs = siKids.find((k) => k.tag === 0xa0)!;
  const signature = siKids.find((k, i) => k.tag === 0x04 && i > siKids.indexOf(signedAttrs))!;
  return { signedAttrs, signature, eContent };
}

/** Replace the base64 body of the S/MIME CMS part (p7s or p7m) with the DER returned by `edit`. */
function editCms(message: Uint8Array, edit: (der: Uint8Array) => Uint8Array): Uint8Array {
  const text = latin1(message);
  const re = /((?:[A-Za-z0-9+/=]{40,}\r?\n)+[A-Za-z0-9+/=]*\r?\n)/;
  const m = re.exec(text);
  if (!m) throw new Error('no base64 block in message');
  const eol = m[1].includes('\r\n') ? '\r\n' : '\n';
  const der = edit(new Uint8Array(Buffer.from(m[1].replace(/\s+/g, ''), 'base64')));
  const b64 = Buffer.from(der).toString('base64').replace(/.{1,64}/g, (l) => l + eol);
  return fromLatin1(text.slice(0, m.index) + b64 + text.slice(m.index + m[1].length));
}

function flip(der: Uint8Array, at: number, mask = 0x01): Uint8Array {
  const out = der.slice();
  out[at] ^= mask;
  return out;
}

/** Flip the tens digit of the seconds in the signingTime (a signed attribute), keeping the DER valid. */
function tamperSigningTime(der: Uint8Array): Uint8Array {
  const { signedAttrs } = signerParts(der);
  for (let p = signedAttrs.valueStart; p < signedAttrs.end - 15; p++) {
    // UTCTime YYMMDDHHMMSSZ: tag 0x17, length 13.
    if (der[p] === 0x17 && der[p + 1] === 13 && der[p + 14] === 0x5a) return flip(der, p + 2 + 10); // '0'..'5' ^ 1 stays a digit 0..5
  }
  throw new Error('no signingTime in signedAttrs');
}

// ---- OpenSSL signs, we verify ---------------------------------------------------------------------------

interface OsslSign {
  md?: string;
  pss?: boolean;
  opaque?: boolean;
  crlf?: boolean;
  certfile?: boolean;
}

function opensslSign(leaf: PkiIdentity, o: OsslSign = {}): Uint8Array {
  const args = ['cms', '-sign', '-in', contentFile, '-signer', leaf.certPem, '-inkey', leaf.keyPem, '-md', o.md ?? 'sha256'];
  // OpenSSL 3.0 writes rsaEncryption (and an unverifiable signature) for an RSA-PSS key unless told the padding.
  if (o.pss || leaf.kind === 'rsa-pss') args.push('-keyopt', 'rsa_padding_mode:pss');
  if (o.certfile !== false) args.push('-certfile', pki.intermediatePem);
  if (o.opaque) args.push('-nodetach');
  if (o.crlf) args.push('-crlfeol');
  args.push('-from', `Interop Sender <${leaf.email}>`, '-to', 'bob@example.org', '-subject', 'OpenSSL interop');
  const r = openssl(args);
  if (r.status !== 0) throw new Error(`openssl cms -sign failed: ${r.stderr}`);
  return r.stdout;
}

const OSSL_CASES: Array<{ label: string; kind: LeafKind; md: string; pss?: boolean; sig: RegExp; digest: string }> = [
  { label: 'RSA PKCS#1 v1.5 SHA-256', kind: 'rsa', md: 'sha256', sig: /^RSA PKCS#1 v1\.5/, digest: 'SHA-256' },
  { label: 'RSA PKCS#1 v1.5 SHA-1', kind: 'rsa', md: 'sha1', sig: /^RSA PKCS#1 v1\.5/, digest: 'SHA-1' },
  { label: 'RSA-PSS padding on an rsaEncryption key', kind: 'rsa', md: 'sha256', pss: true, sig: /^RSA-PSS/, digest: 'SHA-256' },
  { label: 'RSA-PSS key (id-RSASSA-PSS SPKI)', kind: 'rsa-pss', md: 'sha256', sig: /^RSA-PSS/, digest: 'SHA-256' },
  { label: 'ECDSA P-256', kind: 'p256', md: 'sha256', sig: /^ECDSA P-256$/, digest: 'SHA-256' },
  { label: 'ECDSA P-384', kind: 'p384', md: 'sha384', sig: /^ECDSA P-384$/, digest: 'SHA-384' },
  { label: 'ECDSA P-521', kind: 'p521', md: 'sha512', sig: /^ECDSA P-521$/, digest: 'SHA-512' },
];

// OpenSSL's default output has LF headers around a CRLF signed part, and -crlfeol still writes its base64
// lines with LF. "LF-only" is a file as a Unix mailbox stores it (every CRLF turned into LF), "all CRLF" as
// it travels over SMTP; the verifier must canonicalise both.
type Eol = 'openssl' | 'lf-only' | 'crlfeol' | 'all-crlf';
const FORMS: Array<{ name: string; opaque: boolean; eol: Eol }> = [false, true].flatMap((opaque) =>
  (['openssl', 'lf-only', 'crlfeol', 'all-crlf'] as const).map((eol) => ({ name: `${opaque ? 'opaque' : 'detached'}, ${eol}`, opaque, eol })),
);

function withEol(written: Uint8Array, eol: Eol): Uint8Array {
  const text = latin1(written);
  if (eol === 'lf-only') return fromLatin1(text.replace(/\r\n/g, '\n'));
  if (eol === 'all-crlf') return fromLatin1(text.replace(/\r?\n/g, '\r\n'));
  return written;
}

describe('OpenSSL-signed messages verify as valid + trusted + match + full', () => {
  for (const c of OSSL_CASES) {
    it(c.label, async () => {
      const leaf = pki.leaves[c.kind];
      for (const f of FORMS) {
        const written = opensslSign(leaf, { md: c.md, pss: c.pss, opaque: f.opaque, crlf: f.eol === 'crlfeol' || f.eol === 'all-crlf' });
        const msg = withEol(written, f.eol);
        const text = latin1(msg);
        const headers = text.slice(0, text.search(/\r?\n\r?\n/));
        // The bytes really have the line endings this case claims.
        if (f.eol === 'openssl' || f.eol === 'lf-only') expect(headers).not.toContain('\r');
        if (f.eol === 'lf-only') expect(text).not.toContain('\r');
        if (f.eol === 'crlfeol') expect(headers.replace(/\r\n/g, '')).not.toContain('\n');
        if (f.eol === 'all-crlf') expect(text.replace(/\r\n/g, '')).not.toContain('\n');

        const v = await verifyMessage(msg, { userRoots: [pki.root.der] });
        const ctx = `${c.label} ${f.name}: ${v.reason ?? ''} ${v.signers[0]?.trustReasons.join('; ') ?? ''}`;
        expect(v.signature, ctx).toBe('valid');
        expect(v.trust, ctx).toBe('trusted');
        expect(v.sender, ctx).toBe('match');
        expect(v.coverage, ctx).toBe('full');
        expect(v.form).toBe(f.opaque ? 'opaque' : 'multipart-signed');
        expect(v.from).toEqual([leaf.email]);
        expect(v.signers).toHaveLength(1);
        const s = v.signers[0];
        expect(s.status).toBe('valid');
        expect(s.signatureAlgorithm).toMatch(c.sig);
        expect(s.digestAlgorithm).toBe(c.digest);
        expect(s.certificate?.emails).toEqual([leaf.email]);
        expect(s.chain.map((x) => x.sha256)).toHaveLength(3); // leaf, intermediate (from -certfile), root
        const weak = v.warnings.some((w) => w.code === 'weak-digest');
        expect(weak, ctx).toBe(c.md === 'sha1');
        // What is reported as signed is the content OpenSSL signed (canonical CRLF).
        expect(dec.decode(v.signedContent)).toContain('Hello from OpenSSL.\r\nSecond line, trailing space \r\n');
      }
    });
  }

  it('without -certfile the chain is incomplete (untrusted) until the intermediate is supplied', async () => {
    const msg = opensslSign(pki.leaves.p256, { certfile: false });
    const bare = await verifyMessage(msg, { userRoots: [pki.root.der] });
    expect(bare.signature).toBe('valid');
    expect(bare.trust).not.toBe('trusted');
    const withInt = await verifyMessage(msg, { userRoots: [pki.root.der], extraCertificates: [pki.intermediate.der] });
    expect(withInt.trust).toBe('trusted');
  });

  it('is not trusted without the user root, and the From address must be the signer', async () => {
    const msg = opensslSign(pki.leaves.rsa);
    const noRoot = await verifyMessage(msg, { useBundledRoots: true });
    expect(noRoot.signature).toBe('valid');
    expect(noRoot.trust).toBe('untrusted');
    const other = fromLatin1(latin1(msg).replace(`<${pki.leaves.rsa.email}>`, '<mallory@example.org>'));
    const v = await verifyMessage(other, { userRoots: [pki.root.der] });
    expect(v.signature).toBe('valid'); // From is outside the signed entity
    expect(v.sender).toBe('mismatch');
  });
});

// ---- we sign, OpenSSL and gpgsm verify ---------------------------------------------------------------

const MESSAGE = (from: string): Uint8Array =>
  enc.encode(
    `From: Interop Sender <${from}>\r\nTo: bob@example.org\r\nSubject: signed by us\r\nDate: Sun, 22 Nov 2026 10:00:00 +0000\r\n` +
      'Content-Type: text/plain; charset=utf-8\r\n\r\nHello from the engine.\r\nSecond line.\r\n',
  );

async function ourSign(kind: LeafKind, opaque: boolean, message?: Uint8Array, rsaPadding?: 'pss'): Promise<Uint8Array> {
  const leaf = pki.leaves[kind];
  const { key } = await importPrivateKeyForSigning(leaf.pkcs8, rsaPadding ? { rsaPadding } : {});
  return signMessage(message ?? MESSAGE(leaf.email), { certificate: leaf.der, privateKey: key, chain: [pki.intermediate.der] }, { opaque });
}

const OUR_KINDS: Array<{ kind: LeafKind; pss?: boolean; label: string; micalg: string }> = [
  { kind: 'rsa', label: 'RSA PKCS#1 v1.5', micalg: 'sha-256' },
  { kind: 'rsa', pss: true, label: 'RSA-PSS padding, rsaEncryption key', micalg: 'sha-256' },
  { kind: 'rsa-pss', label: 'RSA-PSS key', micalg: 'sha-256' },
  { kind: 'p256', label: 'P-256', micalg: 'sha-256' },
  { kind: 'p384', label: 'P-384', micalg: 'sha-384' },
  { kind: 'p521', label: 'P-521', micalg: 'sha-512' },
];

describe('signMessage output verifies with openssl cms -verify -purpose smimesign', () => {
  for (const c of OUR_KINDS) {
    it(c.label, async () => {
      for (const opaque of [false, true]) {
        const signed = await ourSign(c.kind, opaque, undefined, c.pss ? 'pss' : undefined);
        const ct = parseMime(signed).contentType;
        if (opaque) expect([ct.mediaType, ct.params['smime-type']]).toEqual(['application/pkcs7-mime', 'signed-data']);
        else expect([ct.mediaType, ct.params.protocol, ct.params.micalg]).toEqual(['multipart/signed', 'application/pkcs7-signature', c.micalg]);
        const file = pki.write(`ours-${c.kind}-${c.pss ? 'pss' : ''}-${opaque}.eml`, signed);
        const out = pki.file(`ours-${c.kind}-${opaque}.out`);
        const r = openssl(['cms', '-verify', '-in', file, '-CAfile', pki.root.certPem, '-purpose', 'smimesign', '-out', out]);
        expect(r.status, r.stderr).toBe(0);
        expect(r.stderr).toContain('Verification successful');
        expect(dec.decode(pki.read(`ours-${c.kind}-${opaque}.out`))).toContain('Hello from the engine.');
        const v = await verifyMessage(signed, { userRoots: [pki.root.der] });
        expect([v.signature, v.trust, v.sender, v.coverage]).toEqual(['valid', 'trusted', 'match', 'full']);
        if (c.pss || c.kind === 'rsa-pss') expect(v.signers[0].signatureAlgorithm).toMatch(/^RSA-PSS/);
      }
    });
  }

  it('Ed25519: OpenSSL 3.0 cannot do Ed25519 CMS, so its primitives check our signature byte for byte', async () => {
    // openssl cms (3.0.x) fails with "eddsa_digest_signverify_init:invalid digest" both signing and verifying.
    // Ed25519 is deterministic: OpenSSL signing the same signedAttrs must give exactly our signature, and
    // our verifier accepting it therefore means it accepts OpenSSL's.
    const leaf = pki.leaves.ed25519;
    for (const opaque of [false, true]) {
      const signed = await ourSign('ed25519', opaque);
      if (!opaque) expect(parseMime(signed).contentType.params.micalg).toBe('sha-512');
      const v = await verifyMessage(signed, { userRoots: [pki.root.der] });
      expect([v.signature, v.trust, v.sender, v.coverage]).toEqual(['valid', 'trusted', 'match', 'full']);
      expect(v.signers[0].signatureAlgorithm).toBe('Ed25519');
      expect(v.signers[0].digestAlgorithm).toBe('SHA-512');

      const root = parseMime(signed);
      const der = decodeBody(opaque ? root : root.children[1]);
      const { signedAttrs, signature } = signerParts(der);
      const attrs = der.slice(signedAttrs.start, signedAttrs.end);
      attrs[0] = 0x31; // signed as a SET OF (RFC 5652 §5.4)
      const attrsFile = pki.write(`ed-attrs-${opaque}.der`, attrs);
      const sigFile = pki.write(`ed-sig-${opaque}.bin`, der.slice(signature.valueStart, signature.end));
      const byOpenssl = openssl(['pkeyutl', '-sign', '-rawin', '-inkey', leaf.keyPem, '-in', attrsFile]);
      expect(byOpenssl.status, byOpenssl.stderr).toBe(0);
      expect(Buffer.from(byOpenssl.stdout).equals(Buffer.from(der.slice(signature.valueStart, signature.end)))).toBe(true);
      const check = openssl(['pkeyutl', '-verify', '-rawin', '-certin', '-inkey', leaf.certPem, '-in', attrsFile, '-sigfile', sigFile]);
      expect(check.status, check.stderr).toBe(0);
      // The messageDigest attribute is OpenSSL's SHA-512 of the signed content.
      const content = v.signedContent!;
      const md = openssl(['dgst', '-sha512', '-binary'], content).stdout;
      expect(Buffer.from(attrs).includes(Buffer.concat([Buffer.from([0x04, 0x40]), Buffer.from(md)]))).toBe(true);
    }
  });
});

// gpgsm needs the detached form as two files (signature, data); it does not read MIME.
describe('signMessage output verifies with gpgsm --verify', () => {
  let home: string;
  const gpgEnv = (): NodeJS.ProcessEnv => ({ ...process.env, GNUPGHOME: home, LC_ALL: 'C' });
  const gpgsm = (args: string[]) => {
    const r = spawnSync('gpgsm', ['--batch', '--no-tty', '--disable-policy-checks', '--disable-crl-checks', '--status-fd', '1', ...args], { env: gpgEnv() });
    return { status: r.status ?? -1, status_lines: (r.stdout ?? Buffer.alloc(0)).toString(), stderr: (r.stderr ?? Buffer.alloc(0)).toString() };
  };

  beforeAll(() => {
    home = pki.file('gnupg');
    mkdirSync(home, { mode: 0o700 });
    writeFileSync(`${home}/gpgsm.conf`, 'disable-crl-checks\ndisable-policy-checks\n');
    writeFileSync(`${home}/trustlist.txt`, `${pki.root.sha1Colons} S\n`);
    const imp = gpgsm(['--import', pki.root.certPem, pki.intermediate.certPem]);
    if (imp.status !== 0) throw new Error(`gpgsm --import failed: ${imp.stderr}`);
  });
  afterAll(() => {
    // Stop the agent gpgsm started for this throw-away home (only that one: GNUPGHOME scopes it).
    spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: gpgEnv() });
  });

  // gpgsm 2.2.40 (libgcrypt 1.10) cannot verify P-521 ("DSA requires the hash length to be a multiple of
  // 8 bits", also for OpenSSL's own P-521 signatures) nor Ed25519, so those are checked with OpenSSL above.
  for (const c of OUR_KINDS.filter((k) => k.kind !== 'p521')) {
    it(c.label, async () => {
      const leaf = pki.leaves[c.kind];
      for (const opaque of [false, true]) {
        const signed = await ourSign(c.kind, opaque, undefined, c.pss ? 'pss' : undefined);
        const root = parseMime(signed);
        const tag = `${c.kind}${c.pss ? '-pss' : ''}-${opaque ? 'opaque' : 'detached'}`;
        let r;
        if (opaque) {
          const p7m = pki.write(`g-${tag}.p7m`, decodeBody(root));
          r = gpgsm(['--verify', '--output', pki.file(`g-${tag}.out`), p7m]);
          if (r.status === 0) expect(dec.decode(pki.read(`g-${tag}.out`))).toContain('Hello from the engine.');
        } else {
          const [content, sig] = root.children;
          const sigFile = pki.write(`g-${tag}.p7s`, decodeBody(sig));
          const dataFile = pki.write(`g-${tag}.data`, content.raw);
          r = gpgsm(['--verify', sigFile, dataFile]);
        }
        expect(r.status, `${tag}: ${r.stderr}`).toBe(0);
        expect(r.status_lines).toMatch(/^\[GNUPG:\] GOODSIG /m);
        expect(r.status_lines).toMatch(/^\[GNUPG:\] TRUST_FULLY/m);
        expect(r.status_lines).not.toMatch(/BADSIG|ERRSIG/);
        expect(r.stderr).toContain(leaf.email);
      }
    });
  }

  it('gpgsm rejects our signature when one content byte changes', async () => {
    const signed = await ourSign('rsa', false);
    const [content, sig] = parseMime(signed).children;
    const sigFile = pki.write('g-bad.p7s', decodeBody(sig));
    const data = content.raw.slice();
    data[data.length - 5] ^= 0x20;
    const r = gpgsm(['--verify', sigFile, pki.write('g-bad.data', data)]);
    expect(r.status).not.toBe(0);
    expect(r.status_lines).toMatch(/BADSIG/);
  });
});

// ---- tampering ----------------------------------------------------------------------------------------

describe('one flipped byte breaks the signature', () => {
  async function expectNotValid(msg: Uint8Array, what: string): Promise<void> {
    const v = await verifyMessage(msg, { userRoots: [pki.root.der] });
    expect(v.signature, what).toBe('invalid');
    expect(v.reason, what).toBeTruthy();
  }

  it('OpenSSL-signed detached RSA: content, signed attribute, signature', async () => {
    const msg = opensslSign(pki.leaves.rsa);
    const good = await verifyMessage(msg, { userRoots: [pki.root.der] });
    expect(good.signature).toBe('valid');
    await expectNotValid(fromLatin1(latin1(msg).replace('Hello from OpenSSL.', 'Hallo from OpenSSL.')), 'content byte');
    await expectNotValid(editCms(msg, tamperSigningTime), 'signingTime byte');
    await expectNotValid(editCms(msg, (d) => flip(d, signerParts(d).signature.end - 1)), 'signature byte');
  });

  it('OpenSSL-signed opaque P-384: eContent, signed attribute, signature', async () => {
    const msg = opensslSign(pki.leaves.p384, { md: 'sha384', opaque: true });
    await expectNotValid(editCms(msg, (d) => flip(d, signerParts(d).eContent!.valueStart + 30, 0x02)), 'eContent byte');
    await expectNotValid(editCms(msg, tamperSigningTime), 'signingTime byte');
    await expectNotValid(editCms(msg, (d) => flip(d, signerParts(d).signature.end - 1)), 'signature byte');
  });

  it('our detached P-256 and Ed25519: content, signed attribute, signature', async () => {
    for (const kind of ['p256', 'ed25519'] as const) {
      const msg = await ourSign(kind, false);
      await expectNotValid(fromLatin1(latin1(msg).replace('Hello from the engine.', 'Hello from the engine!')), `${kind} content byte`);
      await expectNotValid(editCms(msg, tamperSigningTime), `${kind} signingTime byte`);
      await expectNotValid(editCms(msg, (d) => flip(d, signerParts(d).signature.end - 1)), `${kind} signature byte`);
      // OpenSSL agrees (P-256 only: it cannot check Ed25519 CMS).
      if (kind === 'p256') {
        const bad = pki.write('ours-tampered.eml', editCms(msg, tamperSigningTime));
        expect(openssl(['cms', '-verify', '-in', bad, '-CAfile', pki.root.certPem, '-purpose', 'smimesign', '-out', '/dev/null']).status).not.toBe(0);
      }
    }
  });
});

// ---- 8-bit, Japanese and long lines ------------------------------------------------------------------

describe('8-bit and long-line bodies are re-encoded so the signature survives transport', () => {
  const japanese = '日本語のテキストです。署名のテスト。\r\n半角ｶﾀｶﾅと全角カタカナ。\r\n';
  const longLine = 'x'.repeat(1500);
  const body = enc.encode(`${japanese}${longLine}\r\nend\r\n`);

  function check7bitAndShort(signed: Uint8Array): void {
    expect(signed.every((b) => b < 0x80)).toBe(true);
    for (const line of latin1(signed).split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
  }

  it('UTF-8 8bit body with a 1500-character line: 7-bit output, OpenSSL verifies, text decodes back', async () => {
    const leaf = pki.leaves.rsa;
    const headers = enc.encode(`From: ${leaf.email}\r\nTo: bob@example.org\r\nSubject: =?UTF-8?B?5pel5pys6Kqe?=\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`);
    const message = new Uint8Array([...headers, ...body]);
    for (const opaque of [false, true]) {
      const signed = await ourSign('rsa', opaque, message);
      check7bitAndShort(signed);
      const file = pki.write(`jp-${opaque}.eml`, signed);
      const r = openssl(['cms', '-verify', '-in', file, '-CAfile', pki.root.certPem, '-purpose', 'smimesign', '-out', '/dev/null']);
      expect(r.status, r.stderr).toBe(0);
      const v = await verifyMessage(signed, { userRoots: [pki.root.der] });
      expect([v.signature, v.trust, v.sender, v.coverage]).toEqual(['valid', 'trusted', 'match', 'full']);
      const inner = parseMime(v.signedContent!);
      expect(inner.contentType.params.charset?.toLowerCase()).toBe('utf-8');
      expect(dec.decode(decodeBody(inner))).toBe(dec.decode(body));
    }
  });

  it('a message with no Content-Type and an 8-bit body gets exactly one Content-Type', async () => {
    const leaf = pki.leaves.p256;
    const message = new Uint8Array([...enc.encode(`From: ${leaf.email}\r\nSubject: plain\r\n\r\n`), ...body]);
    const signed = await ourSign('p256', false, message);
    check7bitAndShort(signed);
    const v = await verifyMessage(signed, { userRoots: [pki.root.der] });
    expect(v.signature).toBe('valid');
    const inner = parseMime(v.signedContent!);
    expect(inner.headers.filter((h) => h.name.toLowerCase() === 'content-type')).toHaveLength(1);
    expect(dec.decode(decodeBody(inner))).toBe(dec.decode(body));
  });
});
