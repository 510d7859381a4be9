// `npx tsx bench/revocation.ts` (also run by `npm run bench`): what revocation checking adds to a verdict.
// A 3-certificate chain made by OpenSSL; CRLs from `openssl ca -gencrl` served by a local HTTP server on 127.0.0.1.
// Prints the median verify time with no revocation source, with the CRLs inside the message, with a warm cache,
// and the first online check (empty cache, CRLs fetched from the local server).
import { createServer } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import type { RevocationCache } from '../src/crypto/revocation/chain-revocation';
import { createOcspCheck } from '../src/crypto/revocation/ocsp-client';
import { verifyMessage } from '../src/crypto/smime/verify-message';
import { createHttpFetcher } from '../src/shared/http-fetcher';
import { openssl } from '../test/helpers/openssl';
import { leafExt, Pki, ROOT_EXT } from '../test/trust/pki-fixture';
import { median, nowMs, fmtMs } from './stats';


const RUNS = Number(process.env.BENCH_RUNS) || 15;
const NOW = new Date();
const stamp = (d: Date): string => d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
const days = (n: number): Date => new Date(NOW.getTime() + n * 86_400_000);

class MemoryCache implements RevocationCache {
  m = new Map<string, Uint8Array>();
  async getCrl(url: string): Promise<Uint8Array | undefined> {
    return this.m.get(url);
  }
  async putCrl(url: string, der: Uint8Array): Promise<void> {
    this.m.set(url, der);
  }
}

async function main(): Promise<void> {
  const served = new Map<string, Uint8Array>();
  const server = createServer((req, res) => {
    const b = served.get(req.url ?? '');
    if (b) res.writeHead(200).end(Buffer.from(b));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const pki = new Pki();
  try {
    const dates = { start: stamp(days(-30)), end: stamp(days(365)) };
    const CA = ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign', 'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid'];
    const root = pki.issue({ name: 'root', subject: '/CN=Bench Root', ext: ROOT_EXT, ...dates });
    const inter = pki.issue({ name: 'inter', subject: '/CN=Bench Inter', issuer: root, ext: [...CA, `crlDistributionPoints = URI:${base}/root.crl`], ...dates });
    const leaf = pki.issue({ name: 'leaf', subject: '/CN=leaf/emailAddress=leaf@example.com', issuer: inter, ext: [...leafExt('leaf@example.com'), `crlDistributionPoints = URI:${base}/inter.crl`], ...dates });
    // A CRL with 20 other revoked certificates.
    const others = Array.from({ length: 20 }, (_, i) => pki.issue({ name: `x${i}`, subject: `/CN=x${i}`, issuer: inter, ext: ['basicConstraints = CA:FALSE'], ...dates }));
    const window = { lastUpdate: stamp(days(-1)), nextUpdate: stamp(days(6)) };
    served.set('/inter.crl', pki.crl({ name: 'inter', issuer: inter, revoked: others.map((cert) => ({ cert, date: stamp(days(-5)) })), ...window }));
    served.set('/root.crl', pki.crl({ name: 'root', issuer: root, revoked: [], ...window }));
    const msg = pki.path('bench.msg');
    writeFileSync(msg, 'From: leaf@example.com\r\nTo: b@example.com\r\nSubject: bench\r\n\r\nhello\r\n');
    const out = pki.path('bench.p7m');
    const r = openssl(['cms', '-sign', '-nodetach', '-binary', '-in', msg, '-signer', leaf.certFile, '-inkey', leaf.keyFile, '-certfile', inter.certFile, '-outform', 'DER', '-out', out]);
    if (r.status !== 0) throw new Error(r.stderr);
    const p7m = new Uint8Array(readFileSync(out));
    const base0 = { userRoots: [root.der], useBundledRoots: false, now: NOW };

    const time = async (label: string, opts: () => Parameters<typeof verifyMessage>[1], expect: string): Promise<void> => {
      const t: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const o = opts();
        const s0 = nowMs();
        const v = await verifyMessage(p7m, o);
        t.push(nowMs() - s0);
        if (v.signers[0].revocation !== expect) throw new Error(`${label}: revocation ${v.signers[0].revocation}, expected ${expect}`);
      }
      console.log(`${label.padEnd(52)} ${fmtMs(median(t)).padStart(10)}`);
    };
    console.log(`revocation (3-certificate chain, CRL of 20 entries, median of ${RUNS})`);
    await time('no revocation source (offline, not checked)', () => base0, 'unknown');
    const warm = new MemoryCache();
    for (const [p, der] of served) warm.m.set(`${base}${p}`, der);
    await time('warm cache (CRLs cached earlier)', () => ({ ...base0, revocation: { cache: warm } }), 'good');
    await time('first online check (empty cache, local HTTP server)', () => ({ ...base0, revocation: { cache: new MemoryCache(), fetcher: createHttpFetcher(), ocsp: createOcspCheck() } }), 'good');
  } finally {
    pki.cleanup();
    server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
