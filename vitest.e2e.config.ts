import { defineConfig } from 'vitest/config';

// e2e tests drive the built extensions (dist/chrome/ in Debian's Chromium, dist/firefox/ in Firefox ESR); one at a
// time, since each starts a browser.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
