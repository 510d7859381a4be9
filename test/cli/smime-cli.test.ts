// The `bin/smime` command as a user runs it: a child process, exit codes 0 (fully good) / 1 (anything less,
// or the operation failed) / 2 (unusable input or arguments, one line on stderr), and outputs that OpenSSL
// accepts. Each call starts tsx (~0.5 s), so the calls are few and the tests run concurrently.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { corpusPath, hasCorpus, repoRoot } from '../helpers/corpus';
import { readFileSync } from 'node:fs';
import { makeZip } from '../helpers/make-zip';
import { openssl } from '../helpers/openssl';
import { getPki, P12_PASSWORD, releasePki, type TestPki } from '../helpers/pki-fixtures';

const BIN = join(repoRoot, 'bin', 'smime');
const dec = new TextDecoder();

interface CliResult {
  code: number;
  stdout: Uint8Array;
  out: string;
  stderr: string;
}

function smime(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // Spawned as the file itself: its shebang and executable bit are part of what is tested.
    const child = spawn(BIN, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdout = new Uint8Array(Buffer.concat(out));
      resolve({ code: code ?? -1, stdout, out: dec.decode(stdout), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** stderr is exactly one non-empty line. */
function oneLine(stderr: string): string[] {
  return stderr.replace(/\n$/, '').split('\n');
}

let pki: TestPki;
let pw: string;
let signedOk: string; // OpenSSL-signed by the RSA leaf, chain included, From matches
let tampered: string;
let plain: string;
let empty: string;

beforeAll(async () => {
  pki = await getPki();
  pw = pki.write('pw.txt', `${P12_PASSWORD}\n`);
  const rsa = pki.leaves.rsa;
  const content = pki.write('cli-content.txt', 'Content-Type: text/plain; charset=utf-8\n\nHello from the CLI test.\n');
  const r = openssl([
    'cms', '-sign', '-in', content, '-signer', rsa.certPem, '-inkey', rsa.keyPem, '-certfile', pki.intermediatePem,
    '-from', `CLI Sender <${rsa.email}>`, '-to', 'bob@example.org', '-subject', 'cli',
  ]);
  if (r.status !== 0) throw new Error(r.stderr);
  const text = dec.decode(r.stdout);
  signedOk = pki.write('cli-signed.eml', text);
  tampered = pki.write('cli-tampered.eml', text.replace('Hello from the CLI test.', 'Hello from the CLI tesT.'));
  plain = pki.write('cli-plain.eml', `From: CLI Sender <${rsa.email}>\nTo: ${pki.leaves.p256.email}\nSubject: to sign\nContent-Type: text/plain; charset=utf-8\n\nPlain text to protect.\n`);
  empty = pki.write('cli-empty.eml', '');
});
afterAll(() => releasePki());

describe('smime verify', { concurrent: true }, () => {
  it('valid + trusted + match + full with --trust: exit 0 and the --json fields', async ({ expect }) => {
    const r = await smime(['verify', signedOk, '--trust', pki.root.certPem, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ signature: 'valid', trust: 'trusted', sender: 'match', coverage: 'full' });
    expect(Array.isArray(j.warnings)).toBe(true);
    expect(j.signers).toHaveLength(1);
    const s = j.signers[0];
    const leaf = pki.leaves.rsa;
    // The issue asks for these per signer: subject, emails, issuer, serial, validity, signingTime, algorithms, status.
    expect(Object.keys(s)).toEqual(expect.arrayContaining(['subject', 'emails', 'issuer', 'serial', 'validity', 'signingTime', 'algorithms', 'status']));
    expect(s.status).toBe('valid');
    expect(s.subject).toContain(`CN=${leaf.commonName}`);
    expect(s.emails).toEqual([leaf.email]);
    expect(s.issuer).toContain('CN=Interop Test Intermediate CA');
    expect(s.serial).toBe(leaf.serialHex);
    expect(JSON.stringify(s.validity)).toMatch(/"\d{4}-\d\d-\d\dT[^"]+".*"\d{4}-\d\d-\d\dT[^"]+"/);
    expect(Date.parse(s.signingTime)).toBeGreaterThan(Date.now() - 3600_000);
    expect(JSON.stringify(s.algorithms)).toContain('SHA-256');
    expect(JSON.stringify(s.algorithms)).toContain('RSA');
    // Bytes stay out of the JSON.
    expect(r.out).not.toContain('certificateDer');
    expect(r.out).not.toContain('signedContent');
  });

  it('human summary without --json', async ({ expect }) => {
    const r = await smime(['verify', signedOk, '--trust', pki.root.certPem]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.out).toMatch(/^OK: Signed by /);
    expect(r.out).toContain(pki.leaves.rsa.email);
  });

  it('valid but not trusted (no --trust): exit 1', async ({ expect }) => {
    const r = await smime(['verify', signedOk, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ signature: 'valid', trust: 'untrusted' });
  });

  it('one changed content byte: exit 1, signature invalid', async ({ expect }) => {
    const r = await smime(['verify', tampered, '--trust', pki.root.certPem, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).signature).toBe('invalid');
  });

  it('missing file: exit 2, one line naming it', async ({ expect }) => {
    const missing = pki.file('no-such-file.eml');
    const r = await smime(['verify', missing]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('no-such-file.eml');
    expect(r.out).toBe('');
  });

  it('empty file: exit 2, one line', async ({ expect }) => {
    const r = await smime(['verify', empty, '--json']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/empty/);
  });

  it('unknown option: exit 2, one line', async ({ expect }) => {
    const r = await smime(['verify', signedOk, '--frobnicate']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('--frobnicate');
  });
});

describe('smime sign / encrypt / decrypt / inspect', { concurrent: true }, () => {
  it('sign: stdout verifies with openssl cms -verify -purpose smimesign', async ({ expect }) => {
    const r = await smime(['sign', plain, '--identity', pki.leaves.rsa.p12, '--password-file', pw]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.out).toMatch(/^Content-Type: multipart\/signed;.*protocol="application\/pkcs7-signature"/m);
    expect(r.out).toMatch(/^Subject: to sign\r?$/m);
    const f = pki.write('cli-signed-by-us.eml', r.stdout);
    const v = openssl(['cms', '-verify', '-in', f, '-CAfile', pki.root.certPem, '-purpose', 'smimesign']);
    expect(v.status, v.stderr).toBe(0);
    expect(dec.decode(v.stdout)).toContain('Plain text to protect.');
  });

  it('sign --opaque: application/pkcs7-mime signed-data that openssl verifies', async ({ expect }) => {
    const r = await smime(['sign', plain, '--identity', pki.leaves.p256.p12, '--password-file', pw, '--opaque']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.out).toMatch(/^Content-Type: application\/pkcs7-mime;[^\r\n]*smime-type=signed-data/im);
    const f = pki.write('cli-opaque-by-us.eml', r.stdout);
    const v = openssl(['cms', '-verify', '-in', f, '-CAfile', pki.root.certPem, '-purpose', 'smimesign']);
    expect(v.status, v.stderr).toBe(0);
    expect(dec.decode(v.stdout)).toContain('Plain text to protect.');
  });

  it('sign with the identity in a ZIP locked with its own password ("PPAP"): --zip-password-file', async ({ expect }) => {
    const { zip } = await makeZip({ 'me.p12': new Uint8Array(readFileSync(pki.leaves.rsa.p12)) }, 'zipcrypto', 'zip-only');
    const locked = pki.write('cli-locked.zip', zip);
    const asked = await smime(['sign', plain, '--identity', locked, '--password-file', pw]);
    expect(asked.code).toBe(2);
    expect(oneLine(asked.stderr)).toHaveLength(1);
    expect(asked.stderr).toContain('--zip-password-file');
    const zpw = pki.write('zip-pw.txt', 'zip-only\n');
    const r = await smime(['sign', plain, '--identity', locked, '--password-file', pw, '--zip-password-file', zpw]);
    expect(r.code, r.stderr).toBe(0);
    const v = openssl(['cms', '-verify', '-in', pki.write('cli-signed-from-zip.eml', r.stdout), '-CAfile', pki.root.certPem, '-purpose', 'smimesign']);
    expect(v.status, v.stderr).toBe(0);
  }, 180_000); // two CLI runs in a row, alongside the others running concurrently

  it('sign without --identity: exit 2, one line', async ({ expect }) => {
    const r = await smime(['sign', plain]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('--identity');
  });

  it('encrypt --to (two recipients): each opens it with openssl cms -decrypt', async ({ expect }) => {
    const { p256, rsa } = pki.leaves;
    const r = await smime(['encrypt', plain, '--to', p256.certPem, '--to', rsa.certPem]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.out).toMatch(/smime-type=enveloped-data/);
    expect(r.out).not.toContain('Plain text to protect.');
    const f = pki.write('cli-enc.eml', r.stdout);
    for (const l of [p256, rsa]) {
      const d = openssl(['cms', '-decrypt', '-in', f, '-recip', l.certPem, '-inkey', l.keyPem]);
      expect(d.status, d.stderr).toBe(0);
      expect(dec.decode(d.stdout)).toContain('Plain text to protect.');
    }
  });

  it('encrypt --cipher aes-256-gcm: authEnveloped-data that openssl decrypts', async ({ expect }) => {
    const { p384 } = pki.leaves;
    const r = await smime(['encrypt', plain, '--to', p384.certPem, '--cipher', 'aes-256-gcm']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.out).toMatch(/smime-type=authEnveloped-data/);
    const f = pki.write('cli-enc-gcm.eml', r.stdout);
    const printed = dec.decode(openssl(['cms', '-cmsout', '-print', '-in', f]).stdout);
    expect(printed).toMatch(/id-smime-ct-authEnvelopedData|authEnvelopedData/i);
    const d = openssl(['cms', '-decrypt', '-in', f, '-recip', p384.certPem, '-inkey', p384.keyPem]);
    expect(d.status, d.stderr).toBe(0);
    expect(dec.decode(d.stdout)).toContain('Plain text to protect.');
  });

  it('decrypt of an OpenSSL message with --json reports the envelope', async ({ expect }) => {
    const { rsa } = pki.leaves;
    const enc = openssl(['cms', '-encrypt', '-in', plain, '-aes128', '-recip', rsa.certPem]);
    const f = pki.write('cli-ossl-enc.eml', enc.stdout);
    const r = await smime(['decrypt', f, '--identity', rsa.p12, '--password-file', pw, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.envelope.contentCipher).toBe('AES-128-CBC');
    expect(j.integrityProtected).toBe(false);
    expect(j.warnings.map((w: { code: string }) => w.code)).toContain('not-integrity-protected');
  });

  it('inspect a PEM certificate', async ({ expect }) => {
    const r = await smime(['inspect', pki.leaves.p384.certPem]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.out).toContain(`CN=${pki.leaves.p384.commonName}`);
    expect(r.out).toContain(pki.leaves.p384.email);
    expect(r.out).toContain('EC P-384');
    expect(r.out).toContain(pki.leaves.p384.serialHex);
  });

  it('inspect a PKCS#12 file', async ({ expect }) => {
    const r = await smime(['inspect', pki.leaves.rsa.p12, '--password-file', pw]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.out).toMatch(/PKCS#12/);
    expect(r.out).toMatch(/1 private key/);
    expect(r.out).toContain(pki.leaves.rsa.email);
    expect(r.out).toContain('RSA 2048');
  });

  it('inspect a message', async ({ expect }) => {
    const r = await smime(['inspect', signedOk]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.out).toContain('multipart/signed');
    expect(r.out).toContain('application/pkcs7-signature');
    expect(r.out).toContain(pki.leaves.rsa.email);
  });
});

describe.skipIf(!hasCorpus)('smime on the Thunderbird corpus', { concurrent: true }, () => {
  const tb = (f: string): string => corpusPath('thunderbird', 'tb-smime', f);
  const TB_TIME = '2026-06-01T00:00:00Z';
  let nss: string;
  beforeAll(() => {
    nss = pki.write('nss.txt', 'nss\n');
  });

  it('verify alice.dsig.SHA256.multipart.eml --trust TestCA.pem: exit 0', async ({ expect }) => {
    // The corpus certificates expire in 2031: pin the validation time inside their validity.
    const r = await smime(['verify', tb('alice.dsig.SHA256.multipart.eml'), '--trust', tb('TestCA.pem'), '--at', TB_TIME, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ signature: 'valid', trust: 'trusted', sender: 'match', coverage: 'full' });
    expect(j.signers[0].status).toBe('valid');
  });

  it('verify the .bad variant (text altered after signing): exit 1', async ({ expect }) => {
    const r = await smime(['verify', tb('alice.dsig.SHA256.multipart.bad.eml'), '--trust', tb('TestCA.pem'), '--at', TB_TIME, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).signature).toBe('invalid');
  });

  it('decrypt alice.env.eml with Bob.p12: the plaintext', async ({ expect }) => {
    const r = await smime(['decrypt', tb('alice.env.eml'), '--identity', tb('Bob.p12'), '--password-file', nss]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.out).toContain('This is a test message from Alice to Bob.');
  });

  it('decrypt alice.env.eml with Alice.p12: exit 1, one line naming the recipient', async ({ expect }) => {
    const r = await smime(['decrypt', tb('alice.env.eml'), '--identity', tb('Alice.p12'), '--password-file', nss]);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/not encrypted for/i);
    expect(r.stderr).toContain('NSS Test CA (RSA)');
    expect(r.out).toBe('');
  });
});
