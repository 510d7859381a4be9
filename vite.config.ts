// Builds the extension into dist/ with @crxjs (manifest-driven bundling) and Preact.
import { defineConfig } from 'vite';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import manifest from './manifest.json' with { type: 'json' };

export default defineConfig({
  plugins: [preact(), crx({ manifest })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
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
