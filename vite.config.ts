// Builds the extension for one browser into dist/<browser>/ with @crxjs (manifest-driven bundling) and Preact.
// TARGET_BROWSER=chrome (default) or firefox picks the generated manifest (build/browser-manifest.ts) and the value
// of src/shared/browser-env.ts; `npm run build` (scripts/build.mjs) builds both.
import { defineConfig } from 'vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import baseManifest from './manifest.json' with { type: 'json' };
import { manifestFor, parseTargetBrowser } from './build/browser-manifest.ts';

const browser = parseTargetBrowser(process.env.TARGET_BROWSER);
const manifest = manifestFor(baseManifest, browser) as unknown as ManifestV3Export;

export default defineConfig({
  plugins: [preact(), crx({ manifest, browser })],
  define: { 'import.meta.env.VITE_TARGET_BROWSER': JSON.stringify(browser) },
  build: {
    // SMIME_DIST_ROOT: packaging and the reproducibility test build elsewhere without touching dist/.
    outDir: `${process.env.SMIME_DIST_ROOT ?? 'dist'}/${browser}`,
    emptyOutDir: true,
    target: browser === 'firefox' ? 'firefox140' : 'chrome120',
    sourcemap: false,
    // The service worker is one chunk on purpose: MV3 service workers may not import() code on demand, so splitting
    // it would only add files evaluated at every start. The limit still catches growth beyond today's ~1.4 MB.
    chunkSizeWarningLimit: 1600,
    // Extension pages the manifest does not bundle (crxjs copies web_accessible_resources pages unbundled).
    rollupOptions: {
      input: {
        'open-file': 'src/open-file/index.html',
        decrypted: 'src/viewer/decrypted.html',
        details: 'src/viewer/details.html',
        composer: 'src/composer/index.html',
      },
    },
  },
  server: { port: 5173, strictPort: true, hmr: { port: 5173 } },
});
