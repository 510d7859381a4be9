// `npm run test:e2e`: build both extensions, then run the end-to-end tests (Chromium and Firefox).
import { spawnSync } from 'node:child_process';
import { ensureTools } from './ensure-tools.mjs';
import { BROWSERS, buildExtension } from './build.mjs';

ensureTools();
for (const b of BROWSERS) buildExtension(b);
const r = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
