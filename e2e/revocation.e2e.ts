// Revocation in the built extension, with CRLs made by `openssl ca -gencrl` at test time: a message signed by a
// revoked end entity, or under a revoked intermediate, is a red "Certificate revoked" verdict on the open-file
// page when the CRL rides inside the message; an expired CRL or one signed by the wrong key changes nothing
// (soft-fail) but the details say why; require mode turns "not checked" into a warning; with the online switch
// on but no host permission granted, nothing is fetched. Certificates and CRLs are dated around the real clock,
// which the extension uses.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBer, rawBytes } from '../src/crypto/asn1/ber-reader';
import { tlv } from '../src/crypto/asn1/der-writer';
import { openssl } from '../test/helpers/openssl';
import { buildCrlPki, type CrlPki } from '../test/revocation/crl-fixture';
import type { Issued } from '../test/trust/pki-fixture';
import { launchWithExtension, type ExtensionSession } from './helpers/extension';
import { openExtensionRpc, type ExtensionRpc } from './helpers/extension-rpc';
import { dropFile, expectText, OPEN_FILE } from './helpers/extension-ui';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const NOW = new Date();
const stamp = (d: Date): string => d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
const days = (n: number): Date => new Date(NOW.getTime() + n * 86_400_000);

let f: CrlPki;
let s: ExtensionSession;
let rpc: ExtensionRpc;
let page: Page;
let http: Server;
const hits: string[] = [];
const crl: Record<string, Uint8Array> = {};

/** A multipart/signed .eml from `leaf` (OpenSSL's detached signature), with `crls` added to its SignedData. */
function signed(leaf: Issued, inter: Issued, crls: Uint8Array[]): Uint8Array {
  const content = 'Content-Type: text/plain; charset=us-ascii\r\n\r\nhello\r\n';
  const msg = f.pki.path(`${leaf.name}-e2e.msg`);
  const out = f.pki.path(`${leaf.name}-e2e.p7s`);
  writeFileSync(msg, content);
  const r = openssl(['cms', '-sign', '-binary', '-in', msg, '-signer', leaf.certFile, '-inkey', leaf.keyFile, '-certfile', inter.certFile, '-outform', 'DER', '-out', out]);
  if (r.status !== 0) throw new Error(r.stderr);
  let p7s: Uint8Array = new Uint8Array(readFileSync(out));
  if (crls.length > 0) {
    // SignedData.crls [1] goes before signerInfos; it is outside what the signature covers.
    const [oid, wrap] = parseBer(p7s).children;
    const kids = wrap.children[0].children.map(rawBytes);
    const last = kids.length - 1;
    p7s = tlv(0x30, rawBytes(oid), tlv(0xa0, tlv(0x30, ...kids.slice(0, last), tlv(0xa1, ...crls), kids[last])));
  }
  const b64 = Buffer.from(p7s).toString('base64').replace(/.{76}/g, '$&\r\n');
  const eml = [
    `From: ${leaf.name.toLowerCase()}@example.com`,
    'To: bob@example.com',
    'Subject: revocation test',
    'MIME-Version: 1.0',
    'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="sig"',
    '',
    '--sig',
    content + '\r\n--sig',
    'Content-Type: application/pkcs7-signature; name=smime.p7s',
    'Content-Transfer-Encoding: base64',
    '',
    b64,
    '--sig--',
    '',
  ].join('\r\n');
  return new TextEncoder().encode(eml);
}

const kind = (): Promise<string | null> => page.locator('[data-test="verdict"]').first().getAttribute('data-kind');

async function open(bytes: Uint8Array, name: string): Promise<void> {
  await dropFile(page, '#message-file-zone', { name, bytes });
}

describe('revocation in the extension', () => {
  beforeAll(async () => {
    http = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
    f = buildCrlPki({ inter: `${base}/inter.crl`, root: `${base}/root.crl` }, { start: stamp(days(-30)), end: stamp(days(365)) });
    const { pki, c } = f;
    const fresh = { lastUpdate: stamp(days(-1)), nextUpdate: stamp(days(6)) };
    crl.inter = pki.crl({ name: 'inter', issuer: c.inter, revoked: [{ cert: c.revoked, date: stamp(days(-2)), reason: 'keyCompromise' }], ...fresh });
    crl.root = pki.crl({ name: 'root', issuer: c.root, revoked: [{ cert: c.inter2, date: stamp(days(-3)), reason: 'CACompromise' }], ...fresh });
    crl.interExpired = pki.crl({ name: 'interExpired', issuer: c.inter, revoked: [], lastUpdate: stamp(days(-20)), nextUpdate: stamp(days(-13)) });
    crl.wrongKey = pki.crl({ name: 'wrongKey', issuer: c.impostor, revoked: [{ cert: c.good, date: stamp(days(-2)), reason: 'keyCompromise' }], ...fresh });
    s = await launchWithExtension();
    rpc = await openExtensionRpc(s.context, s.extensionId);
    expect((await rpc.call('add-trust-anchor', { certificate: c.root.der })).ok).toBe(true);
    page = await s.openPage(OPEN_FILE);
  }, 180_000);

  afterAll(async () => {
    await s?.close();
    await new Promise<void>((r) => (http ? http.close(() => r()) : r()));
    f?.pki.cleanup();
  });

  it('a revoked end entity with the CRL in the message: red "Certificate revoked", with date and reason', async () => {
    await open(signed(f.c.revoked, f.c.inter, [crl.inter, crl.root]), 'revoked.eml');
    await expectText(page, '[data-test="verdict-text"]', /Certificate revoked/);
    await expect.poll(kind).toBe('revoked');
    await expectText(page, '[data-test="verdict"]', /private key was stolen or lost/);
  });

  it('a good end entity under a revoked intermediate: also "Certificate revoked"', async () => {
    await open(signed(f.c.underRevokedInter, f.c.inter2, [crl.root]), 'revoked-inter.eml');
    await expectText(page, '[data-test="verdict-text"]', /Certificate revoked/);
    await expectText(page, '[data-test="verdict"]', /issuer itself was compromised/);
  });

  it('a good end entity with current CRLs: signed, and the details say not revoked', async () => {
    await open(signed(f.c.good, f.c.inter, [crl.inter, crl.root]), 'good.eml');
    await expectText(page, '[data-test="verdict-text"]', /Signed by/);
    await expect.poll(kind).toBe('signed');
    await expectText(page, '[data-test="verdict"]', /Not revoked \(checked with the revocation list in the message/);
  });

  it('an expired CRL changes nothing (soft-fail) and the details say it is out of date', async () => {
    await open(signed(f.c.good, f.c.inter, [crl.interExpired, crl.root]), 'expired-crl.eml');
    await expectText(page, '[data-test="verdict-text"]', /Signed by/);
    await expect.poll(kind).toBe('signed');
    await expectText(page, '[data-test="verdict"]', /out of date/);
  });

  it('a CRL signed by the wrong key cannot revoke, and is reported as not genuine', async () => {
    await open(signed(f.c.good, f.c.inter, [crl.wrongKey, crl.root]), 'wrong-key.eml');
    await expectText(page, '[data-test="verdict-text"]', /Signed by/);
    await expect.poll(kind).toBe('signed');
    await expectText(page, '[data-test="verdict"]', /not genuine/);
  });

  it('online switched on without the host permission fetches nothing; require mode makes "not checked" a warning', async () => {
    expect((await rpc.call('set-settings', { checkRevocationOnline: true, requireRevocation: true })).ok).toBe(true);
    const before = hits.length;
    await open(signed(f.c.good, f.c.inter, []), 'unchecked.eml');
    await expectText(page, '[data-test="verdict-text"]', /could not be checked, and your settings require that check/);
    await expect.poll(kind).toBe('revocation-unchecked');
    expect(hits.length).toBe(before);
    // Still revoked, never merely "unchecked", when the message carries the CRL.
    await open(signed(f.c.revoked, f.c.inter, [crl.inter, crl.root]), 'revoked-again.eml');
    await expectText(page, '[data-test="verdict-text"]', /Certificate revoked/);
    expect((await rpc.call('set-settings', { checkRevocationOnline: false, requireRevocation: false })).ok).toBe(true);
  });
});
