import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * Writes precache.json, the list of every built file (source maps aside): the service worker
 * (public/sw.js) fetches them all on install, so the page works offline, the lazily loaded
 * panels and experiments panel and the workers nested in the coordinator's included.
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

/**
 * The modules the page needs before its first picture: everything app/boot.tsx imports
 * statically, and what those import, except what the entry script (app/main.tsx) holds already.
 * The build keeps them in the page's own chunks (`pageChunk`): left to itself, it cut out every
 * module a lazily loaded panel shares with the page into chunks of its own, a dozen small files
 * more for the page to wait for.
 */
function pageModules() {
  const page = new Set<string>();
  const plugin: Plugin = {
    name: 'quorum-page-modules',
    apply: 'build',
    buildEnd() {
      const closure = (from: string) => {
        const seen = new Set<string>();
        const stack = [from];
        while (stack.length > 0) {
          const id = stack.pop()!;
          if (seen.has(id)) continue;
          seen.add(id);
          stack.push(...(this.getModuleInfo(id)?.importedIds ?? []));
        }
        return seen;
      };
      const ids = [...this.getModuleIds()];
      const entry = ids.find((id) => id.endsWith('/app/main.tsx'));
      const boot = ids.find((id) => id.endsWith('/app/boot.tsx'));
      if (!entry || !boot) return;
      const inEntry = closure(entry);
      page.clear();
      for (const id of closure(boot)) if (!inEntry.has(id)) page.add(id);
    },
  };
  /**
   * The page's chunk for a module, or null for the build to place it (entry, lazy chunks). Style
   * sheets all go with the page's code, in one file in the order they are imported, as before:
   * a library's sheet in a file of its own would come first and change which equal rules win.
   */
  const pageChunk = (id: string) => (!page.has(id) ? null : /[\\/]node_modules[\\/]/.test(id) && !/\.css$/.test(id) ? 'vendor' : 'boot');
  return { plugin, pageChunk };
}

/**
 * Names the page's chunks in index.html (modulepreload, and a preload of their style sheets), so
 * the browser fetches and compiles them while it fetches the entry script, instead of after the
 * entry has run and asked for them (app/main.tsx imports app/boot.tsx dynamically, to start the
 * coordinator's worker first).
 */
function preloadPage(): Plugin {
  return {
    name: 'quorum-preload-page',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        if (!bundle) return [];
        const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
        const boot = chunks.find((c) => c.moduleIds.some((id) => id.endsWith('/app/boot.tsx')));
        if (!boot) return [];
        const scripts: string[] = [];
        const styles = new Set<string>();
        const visit = (fileName: string) => {
          const chunk = chunks.find((c) => c.fileName === fileName);
          if (!chunk || chunk.isEntry || scripts.includes(fileName)) return;
          scripts.push(fileName);
          for (const css of chunk.viteMetadata?.importedCss ?? []) styles.add(css);
          for (const imported of chunk.imports) visit(imported);
        };
        visit(boot.fileName);
        return [
          ...[...styles].map((href) => ({ tag: 'link', attrs: { rel: 'preload', as: 'style', crossorigin: '', href: `./${href}` }, injectTo: 'head' as const })),
          ...scripts.map((href) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: '', href: `./${href}` }, injectTo: 'head' as const })),
        ];
      },
    },
  };
}

const page = pageModules();

// Relative base: the built page works from any sub-path (GitHub Pages, a USB stick) with no
// server support. Workers are ES modules so node workers can import the engine directly.
export default defineConfig({
  base: './',
  plugins: [react(), precacheList(), page.plugin, preloadPage()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      // Two chunks of the page's own modules, libraries and the page's code, fetched and
      // compiled side by side. Only the modules named: with their dependencies, the entry's own
      // (Comlink, the coordinator's client) would follow into the page's chunk, and the entry
      // would wait for all of it before starting the coordinator.
      output: { codeSplitting: { groups: [{ name: (id: string) => page.pageChunk(id), includeDependenciesRecursively: false }] } },
    },
  },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
});
