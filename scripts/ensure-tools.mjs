// Makes sure the external tools the tests use are present: Chromium and Firefox ESR (e2e), OpenSSL and gpgsm
// (interop peers).
// Installs Debian's packages with apt-get when we can, otherwise stops with a message saying what to do.
import { spawnSync } from 'node:child_process';

const TOOLS = [
  { bin: 'openssl', pkg: 'openssl', why: 'interop tests run the real OpenSSL' },
  { bin: 'gpgsm', pkg: 'gpgsm', why: 'interop tests check our signatures with gpgsm' },
  { bin: 'chromium', pkg: 'chromium', why: 'e2e tests drive the built extension in Chromium', path: '/usr/bin/chromium' },
  { bin: 'firefox-esr', pkg: 'firefox-esr', why: 'e2e tests drive the Firefox build in Firefox ESR', path: '/usr/bin/firefox-esr' },
];

// Only `npm run test:future` needs it: it runs the unit suite with the clock years ahead.
const FAKETIME = { bin: 'faketime', pkg: 'faketime', why: 'test:future runs the unit suite at a future date' };

// Not needed for any assertion, but without a CJK font the Japanese screenshots show empty boxes.
// Without these, the NSS interop suites (NSS is Thunderbird's S/MIME engine) skip and say so; without a CJK font the
// Japanese screenshots show empty boxes. Installed when we can, never fatal.
const OPTIONAL = [
  { check: 'command -v certutil && command -v pk12util && command -v cmsutil', pkg: 'libnss3-tools' },
  { check: 'fc-list :lang=ja | grep -q .', pkg: 'fonts-ipafont-gothic' },
  // Password-locked ZIP fixtures come from the real tools (ZipCrypto: Info-ZIP, AES: 7-Zip); zip.js writes them otherwise.
  { check: 'command -v zip', pkg: 'zip' },
  { check: 'command -v 7z', pkg: 'p7zip-full' },
];

const has = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;

export function ensureTools({ faketime = false } = {}) {
  const needed = faketime ? [...TOOLS, FAKETIME] : TOOLS;
  const missing = needed.filter((t) => !has(t.bin));
  const optional = OPTIONAL.filter((o) => spawnSync('sh', ['-c', o.check], { stdio: 'ignore' }).status !== 0).map((o) => o.pkg);
  if (missing.length === 0 && optional.length === 0) return;
  const pkgs = [...missing.map((t) => t.pkg), ...optional];
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = isRoot ? [] : has('sudo') ? ['sudo', '-n'] : null;
  if (sudo && has('apt-get')) {
    console.log(`[tools] installing ${pkgs.join(', ')} with apt-get ...`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const run = (args) => spawnSync(args[0], args.slice(1), { stdio: 'inherit', env }).status === 0;
    // Another apt-get may hold the lock for a while: wait for it, and try a few times.
    const wait = ['-o', 'DPkg::Lock::Timeout=120'];
    for (let attempt = 1; attempt <= 4; attempt++) {
      const updated = run([...sudo, 'apt-get', ...wait, 'update', '-qq']);
      if (updated && run([...sudo, 'apt-get', ...wait, 'install', '-y', '-qq', ...pkgs]) && missing.every((t) => has(t.bin))) return;
      if (missing.every((t) => has(t.bin))) break; // only optional packages failed: no reason to wait
      if (attempt < 4) spawnSync('sleep', ['15']);
    }
    if (missing.every((t) => has(t.bin))) {
      console.warn(`[tools] could not install ${optional.join(', ')}: the NSS interop tests skip, or Japanese screenshots show empty boxes.`);
      return;
    }
  }
  if (missing.length === 0) {
    console.warn(`[tools] could not install ${optional.join(', ')}: the NSS interop tests skip, or Japanese screenshots show empty boxes.`);
    return;
  }
  console.error('Missing tools needed by the tests:');
  for (const t of missing) console.error(`  - ${t.bin}: ${t.why}. Install it with: sudo apt-get install ${t.pkg}`);
  process.exit(2);
}

if (import.meta.url === `file://${process.argv[1]}`) ensureTools({ faketime: true });
