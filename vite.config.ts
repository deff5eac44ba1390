import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * Writes precache.json, the list of every built file (source maps aside): the service worker
 * (public/sw.js) fetches them all on install, so the page works offline, the lazily loaded
 * experiments panel and the workers nested in the coordinator's included.
 */
function precacheList(): Plugin {
  return {
    name: 'quorum-precache-list',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((file) => !file.endsWith('.map'))
        .sort();
      this.emitFile({ type: 'asset', fileName: 'precache.json', source: JSON.stringify({ files }) });
    },
  };
}

// Relative base: the built page works from any sub-path (GitHub Pages, a USB stick) with no
// server support. Workers are ES modules so node workers can import the engine directly.
export default defineConfig({
  base: './',
  plugins: [react(), precacheList()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
});
