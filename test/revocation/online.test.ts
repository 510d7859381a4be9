// Online revocation with real components: a local HTTP server serving CRLs made by `openssl ca -gencrl`, and a
// real `openssl ocsp` responder on 127.0.0.1, both on ports chosen at run time and stopped after the tests.
// The responder stamps its answers with the real clock, so this file validates at the real time and issues
// its certificates around it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRevocationChecker, type RevocationCache } from '../../src/crypto/revocation/chain-revocation';
import { createOcspCheck } from '../../src/crypto/revocation/ocsp-client';
import { validateChain } from '../../src/crypto/trust/validate-chain';
import { verifyMessage } from '../../src/crypto/smime/verify-message';
import { createHttpFetcher } from '../../src/shared/http-fetcher';
import { parseBer, rawBytes } from '../../src/crypto/asn1/ber-reader';
import { tlv } from '../../src/crypto/asn1/der-writer';
import { openssl } from '../helpers/openssl';
import type { Issued } from '../trust/pki-fixture';
import { buildCrlPki, type CrlPki } from './crl-fixture';

const NOW = new Date();
const stamp = (d: Date): string => d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
const days = (n: number): Date => new Date(NOW.getTime() + n * 86_400_000);

let f: CrlPki;
let http: Server;
let ocsp: ChildProcess | undefined;
let httpPort = 0;
let ocspPort = 0;
const served = new Map<string, Uint8Array>();
const hits: string[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

class MemoryCache implements RevocationCache {
  crls = new Map<string, { der: Uint8Array; next?: Date }>();
  ocsp = new Map<string, { der: Uint8Array; next?: Date }>();
  async getCrl(url: string, at: Date): Promise<Uint8Array | undefined> {
    const e = this.crls.get(url);
    return e && (!e.next || e.next >= at) ? e.der : undefined;
  }
  async putCrl(url: string, der: Uint8Array, next?: Date): Promise<void> {
    this.crls.set(url, { der, next });
  }
  async getOcsp(key: string, at: Date): Promise<Uint8Array | undefined> {
    const e = this.ocsp.get(key);
    return e && (!e.next || e.next >= at) ? e.der : undefined;
  }
  async putOcsp(key: string, der: Uint8Array, next?: Date): Promise<void> {
    this.ocsp.set(key, { der, next });
  }
}

beforeAll(async () => {
  http = createServer((req, res) => {
    hits.push(req.url ?? '');
    const body = served.get(req.url ?? '');
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(Buffer.from(body));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  httpPort = (http.address() as { port: number }).port;
  ocspPort = await freePort();
  const base = `http://127.0.0.1:${httpPort}`;
  f = buildCrlPki({ inter: `${base}/inter.crl`, root: `${base}/root.crl`, ocsp: `http://127.0.0.1:${ocspPort}` }, { start: stamp(days(-30)), end: stamp(days(365)) });
  const { pki, c } = f;
  // OCSP-only certificates: their CRL location answers 404.
  c.ocspGood = pki.issue({ name: 'ocspGood', subject: '/CN=ocspGood/emailAddress=ocspgood@example.com', issuer: c.inter, ext: ['basicConstraints = CA:FALSE', 'keyUsage = critical,digitalSignature', 'subjectAltName = email:ocspgood@example.com', `crlDistributionPoints = URI:${base}/missing.crl`, `authorityInfoAccess = OCSP;URI:http://127.0.0.1:${ocspPort}`] });
  c.ocspRevoked = pki.issue({ name: 'ocspRevoked', subject: '/CN=ocspRevoked/emailAddress=ocsprevoked@example.com', issuer: c.inter, ext: ['basicConstraints = CA:FALSE', 'keyUsage = critical,digitalSignature', 'subjectAltName = email:ocsprevoked@example.com', `crlDistributionPoints = URI:${base}/missing.crl`, `authorityInfoAccess = OCSP;URI:http://127.0.0.1:${ocspPort}`] });
  c.downGood = pki.issue({ name: 'downGood', subject: '/CN=downGood/emailAddress=downgood@example.com', issuer: c.inter, ext: ['basicConstraints = CA:FALSE', 'keyUsage = critical,digitalSignature', 'subjectAltName = email:downgood@example.com', `crlDistributionPoints = URI:${base}/missing.crl`, `authorityInfoAccess = OCSP;URI:http://127.0.0.1:${await freePort()}`] });
  const window = { lastUpdate: stamp(days(-1)), nextUpdate: stamp(days(6)) };
  served.set('/inter.crl', pki.crl({ name: 'inter', issuer: c.inter, revoked: [{ cert: c.revoked, date: stamp(days(-2)), reason: 'keyCompromise' }], crlNumber: 1, ...window }));
  served.set('/root.crl', pki.crl({ name: 'root', issuer: c.root, revoked: [{ cert: c.inter2, date: stamp(days(-3)), reason: 'CACompromise' }], crlNumber: 1, ...window }));

  // The responder's own database: ocspGood valid, ocspRevoked revoked.
  const serial = (x: Issued): string => new TextDecoder().decode(openssl(['x509', '-in', x.certFile, '-noout', '-serial']).stdout).trim().replace(/^serial=/, '');
  const idx = f.pki.path('ocsp-index.txt');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(idx, [`V\t${stamp(days(365)).slice(2)}\t\t${serial(c.ocspGood)}\tunknown\t/CN=ocspGood`, `R\t${stamp(days(365)).slice(2)}\t${stamp(days(-1)).slice(2)},keyCompromise\t${serial(c.ocspRevoked)}\tunknown\t/CN=ocspRevoked`, ''].join('\n'));
  const responder = spawn('openssl', ['ocsp', '-index', idx, '-port', String(ocspPort), '-rsigner', c.inter.certFile, '-rkey', c.inter.keyFile, '-CA', c.inter.certFile, '-nmin', '60'], { stdio: ['ignore', 'ignore', 'pipe'] });
  ocsp = responder;
  // Ready when it says so (a probe connection would occupy the single-threaded responder).
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('openssl ocsp did not start')), 10_000);
    responder.stderr?.on('data', (d: Buffer) => {
      if (d.toString().includes('waiting for OCSP client connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    responder.once('exit', (code) => reject(new Error(`openssl ocsp exited with ${code}`)));
  });
}, 120_000);

afterAll(async () => {
  ocsp?.kill();
  await new Promise<void>((r) => (http ? http.close(() => r()) : r()));
  f?.pki.cleanup();
});

async function chain(leaf: Issued, inter: Issued, setup: Parameters<typeof createRevocationChecker>[0]): ReturnType<typeof validateChain> {
  return validateChain({ leaf: leaf.der, candidates: [inter.der], userRoots: [f.c.root.der], useBundledRoots: false, now: NOW, purpose: 'smime-sign', revocationChecker: createRevocationChecker(setup) });
}

const online = (cache?: RevocationCache): Parameters<typeof createRevocationChecker>[0] => ({ fetcher: createHttpFetcher({ timeoutMs: 3000 }), ocsp: createOcspCheck(), cache });

describe('online CRLs from a local HTTP server', () => {
  it('a revoked end entity is revoked, from the network', async () => {
    const r = await chain(f.c.revoked, f.c.inter, online());
    expect(r.status).toBe('revoked');
    expect(r.revocationChecks?.[0]).toMatchObject({ status: 'revoked', source: 'network', method: 'crl', reason: 'keyCompromise' });
  });
  it('a revoked intermediate is revoked, from the network', async () => {
    const r = await chain(f.c.underRevokedInter, f.c.inter2, online());
    expect(r.status).toBe('revoked');
    expect(r.revocationChecks?.[1]).toMatchObject({ status: 'revoked', reason: 'cACompromise' });
  });
  it('a good chain is good; the cache answers the next time without the network', async () => {
    const cache = new MemoryCache();
    const first = await chain(f.c.good, f.c.inter, online(cache));
    expect(first.revocation).toBe('good');
    expect(cache.crls.size).toBe(2);
    const before = hits.length;
    const second = await chain(f.c.good, f.c.inter, { cache, ocsp: createOcspCheck() });
    expect(second.revocation).toBe('good');
    expect(second.revocationChecks?.map((x) => x.source)).toEqual(['cache', 'cache']);
    expect(hits.length).toBe(before);
  });
  it('offline (no fetcher) nothing is fetched and the certificate is "not checked"', async () => {
    const before = hits.length;
    const r = await chain(f.c.good, f.c.inter, {});
    expect(r.status).toBe('trusted');
    expect(r.revocationChecks?.[0]).toMatchObject({ status: 'unknown', checked: false, unknownCause: 'offline' });
    expect(hits.length).toBe(before);
  });
});

describe('OCSP against a real openssl ocsp responder', () => {
  it('good when the CRL cannot be had and the responder says good', async () => {
    const cache = new MemoryCache();
    const r = await chain(f.c.ocspGood, f.c.inter, online(cache));
    expect(r.revocationChecks?.[0]).toMatchObject({ status: 'good', method: 'ocsp', source: 'network' });
    expect(cache.ocsp.size).toBe(1);
    const again = await chain(f.c.ocspGood, f.c.inter, { cache, ocsp: createOcspCheck() });
    expect(again.revocationChecks?.[0]).toMatchObject({ status: 'good', method: 'ocsp', source: 'cache' });
  });
  it('revoked when the responder says revoked', async () => {
    const r = await chain(f.c.ocspRevoked, f.c.inter, online());
    expect(r.status).toBe('revoked');
    expect(r.revocationChecks?.[0]).toMatchObject({ status: 'revoked', method: 'ocsp', reason: 'keyCompromise' });
  });
  it('a responder that is down: soft-fail keeps the verdict and says why', async () => {
    const r = await chain(f.c.downGood, f.c.inter, online());
    expect(r.status).toBe('trusted');
    expect(r.revocationChecks?.[0]).toMatchObject({ status: 'unknown', checked: true, unknownCause: 'unreachable' });
    expect(r.revocationChecks?.[0].why).toMatch(/no answer/);
  });
});

describe('verifyMessage with CRLs inside the SignedData, and require mode', () => {
  function signOpaque(leaf: Issued, from: string): Uint8Array {
    const msg = f.pki.path(`${leaf.name}.msg`);
    const out = f.pki.path(`${leaf.name}.p7m`);
    require('node:fs').writeFileSync(msg, `From: ${from}\r\nTo: bob@example.com\r\nSubject: hi\r\n\r\nhello\r\n`);
    const r = openssl(['cms', '-sign', '-nodetach', '-binary', '-in', msg, '-signer', leaf.certFile, '-inkey', leaf.keyFile, '-certfile', f.c.inter.certFile, '-outform', 'DER', '-out', out]);
    if (r.status !== 0) throw new Error(r.stderr);
    return new Uint8Array(require('node:fs').readFileSync(out));
  }
  function withCrls(p7m: Uint8Array, crls: Uint8Array[]): Uint8Array {
    const ci = parseBer(p7m);
    const [oid, wrap] = ci.children;
    const kids = wrap.children[0].children.map(rawBytes);
    const last = kids.length - 1;
    return tlv(0x30, rawBytes(oid), tlv(0xa0, tlv(0x30, ...kids.slice(0, last), tlv(0xa1, ...crls), kids[last])));
  }
  it('a message signed by a revoked certificate with the CRL inside is revoked, offline', async () => {
    const p7m = withCrls(signOpaque(f.c.revoked, 'revoked@example.com'), [served.get('/inter.crl')!, served.get('/root.crl')!]);
    const r = await verifyMessage(p7m, { userRoots: [f.c.root.der], useBundledRoots: false, now: NOW });
    expect(r.signature).toBe('valid');
    expect(r.trust).toBe('revoked');
    expect(r.signers[0].revocationChecks?.[0]).toMatchObject({ status: 'revoked', source: 'message' });
    // The same message without the CRL, offline: not revoked, but not checked either.
    const plain = await verifyMessage(signOpaque(f.c.revoked, 'revoked@example.com'), { userRoots: [f.c.root.der], useBundledRoots: false, now: NOW });
    expect(plain.trust).toBe('trusted');
    expect(plain.signers[0].revocation).toBe('unknown');
  });
  it('require mode turns an unknown revocation status into a non-trusted verdict with a warning', async () => {
    const r = await verifyMessage(signOpaque(f.c.good, 'good@example.com'), { userRoots: [f.c.root.der], useBundledRoots: false, now: NOW, revocation: { require: true } });
    expect(r.trust).toBe('unknown');
    expect(r.warnings.map((w) => w.code)).toContain('revocation-unchecked');
    const online2 = await verifyMessage(signOpaque(f.c.good, 'good@example.com'), { userRoots: [f.c.root.der], useBundledRoots: false, now: NOW, revocation: { require: true, fetcher: createHttpFetcher(), ocsp: createOcspCheck() } });
    expect(online2.trust).toBe('trusted');
    expect(online2.signers[0].revocation).toBe('good');
  });
});

describe('smime verify --crl / --check-revocation / --require-revocation / --json', () => {
  const { join } = require('node:path') as typeof import('node:path');
  const { writeFileSync } = require('node:fs') as typeof import('node:fs');
  const bin = join(__dirname, '..', '..', 'bin', 'smime');
  type Json = { trust: string; signers: Array<{ revocation: string; revocationChecks: Array<{ status: string; source: string; reason?: string }> }> };
  // Asynchronous: the CLI fetches from this process's HTTP server, which must keep serving meanwhile.
  function cli(args: string[]): Promise<{ code: number; json: Json | undefined }> {
    return new Promise((resolve, reject) => {
      const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        let json: Json | undefined;
        try {
          json = JSON.parse(out) as Json;
        } catch {
          json = undefined;
        }
        resolve({ code: code ?? -1, json });
      });
    });
  }
  it('--crl FILE marks a revoked signer revoked and exits 1; --require-revocation fails an unchecked one', async () => {
    const msg = f.pki.path('cli.msg');
    const p7m = f.pki.path('cli.p7m');
    const crlFile = f.pki.path('cli-inter.crl');
    const rootFile = f.pki.path('cli-root.crl');
    writeFileSync(msg, 'From: revoked@example.com\r\nTo: bob@example.com\r\nSubject: hi\r\n\r\nhello\r\n');
    writeFileSync(crlFile, served.get('/inter.crl')!);
    writeFileSync(rootFile, served.get('/root.crl')!);
    expect(openssl(['cms', '-sign', '-nodetach', '-binary', '-in', msg, '-signer', f.c.revoked.certFile, '-inkey', f.c.revoked.keyFile, '-certfile', f.c.inter.certFile, '-outform', 'DER', '-out', p7m]).status).toBe(0);
    const base = ['verify', p7m, '--trust', f.c.root.certFile, '--no-bundled-roots', '--json'];
    const [offline, withCrl, online2, required] = await Promise.all([
      cli(base),
      cli([...base, '--crl', crlFile, '--crl', rootFile]),
      cli([...base, '--check-revocation']),
      cli([...base, '--require-revocation']),
    ]);
    expect(offline.code).toBe(0);
    expect(offline.json?.signers[0].revocation).toBe('unknown');
    expect(withCrl.code).toBe(1);
    expect(withCrl.json?.trust).toBe('revoked');
    expect(withCrl.json?.signers[0].revocationChecks[0]).toMatchObject({ status: 'revoked', source: 'file', reason: 'keyCompromise' });
    expect(online2.json?.trust).toBe('revoked');
    expect(online2.json?.signers[0].revocationChecks[0].source).toBe('network');
    expect(required.code).toBe(1);
    expect(required.json?.trust).toBe('unknown');
  });
});
