import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll } from 'vitest';
import type { AnyProtocol } from '../../engine/kernel/protocol';
import { applyEdits, type EditMutant } from '../../engine/protocols/lib/mutant-edits';

/** One planted bug: the source file it lives in and how to rewrite that file's text. */
export interface Planting {
  readonly id: string;
  readonly file: string;
  readonly rewrite: (source: string) => string;
}

/**
 * Test support for the mutation tests of every protocol: bundles a protocol's entry file with
 * esbuild, one source file rewritten to carry a planted bug (or none, for the control), imports
 * the bundle and returns its protocol object with the real monitors of this process attached,
 * so the bug is judged by code it cannot have changed. Call at a test file's top level: the
 * bundles go to a temporary folder removed after the file's tests.
 */
export function mutantBundler(protocolDir: string, entry: string, exportName: string, monitors: AnyProtocol['monitors']) {
  const withCode = mutantBundlerWithCode(protocolDir, entry, exportName, monitors);
  return async (planting: Planting | null): Promise<AnyProtocol> => (await withCode(planting)).protocol;
}

/**
 * As `mutantBundler`, and also the bundle's text: a test can then check that a planting
 * changed the code that runs, not only the source file.
 */
export function mutantBundlerWithCode(protocolDir: string, entry: string, exportName: string, monitors: AnyProtocol['monitors']) {
  const bundleDir = mkdtempSync(join(tmpdir(), `${exportName}-mutants-`));
  afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));
  return async (planting: Planting | null): Promise<{ protocol: AnyProtocol; code: string }> => {
    const { build } = await import('esbuild');
    const outfile = join(bundleDir, `${planting?.id ?? 'original'}.mjs`);
    const target = planting ? resolve(protocolDir, planting.file) : null;
    let planted = false;
    await build({
      entryPoints: [join(protocolDir, entry)],
      bundle: true,
      format: 'esm',
      platform: 'node',
      outfile,
      logLevel: 'error',
      plugins: [
        {
          name: 'plant-mutant',
          setup(b) {
            b.onLoad({ filter: /\.ts$/ }, (args) => {
              if (planting === null || resolve(args.path) !== target) return undefined;
              planted = true;
              return { contents: planting.rewrite(readFileSync(target, 'utf8')), loader: 'ts' };
            });
          },
        },
      ],
    });
    if (planting && !planted) throw new Error(`mutant ${planting.id}: ${planting.file} is not part of ${entry}'s bundle`);
    const module = (await import(pathToFileURL(outfile).href)) as Record<string, AnyProtocol | undefined>;
    const protocol = module[exportName];
    if (!protocol) throw new Error(`the bundle of ${planting?.id ?? 'original'} exports no ${exportName}`);
    return { protocol: { ...protocol, monitors }, code: readFileSync(outfile, 'utf8') };
  };
}

/** The bundler's planting of an edit mutant (none: the code as it is). */
export const plantingOf = (mutant: EditMutant | null): Planting | null =>
  mutant && { id: mutant.id, file: mutant.file, rewrite: (source) => applyEdits(source, mutant) };
