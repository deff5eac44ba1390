import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bundles = new Map<string, Promise<string>>();

/**
 * Node cannot start a worker from TypeScript, so a worker entry is bundled with esbuild once per
 * process (the same adapter code the page runs; only the entry differs). `entry` is relative to
 * workers/; the bundle is plain JavaScript, started with `execArgv: []`.
 */
export function bundleForNode(entry: string): Promise<string> {
  let bundle = bundles.get(entry);
  if (!bundle) {
    bundle = (async () => {
      const { build } = await import('esbuild');
      const dir = join(here, '..', 'node_modules', '.cache', 'quorum-playground');
      mkdirSync(dir, { recursive: true });
      const name = entry.replace(/[/\\]/g, '-').replace(/\.ts$/, '');
      const outfile = join(dir, `${name}-${process.pid}-${Math.floor(performance.now())}.mjs`);
      await build({ entryPoints: [join(here, entry)], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'error' });
      return outfile;
    })();
    bundles.set(entry, bundle);
  }
  return bundle;
}
