import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnyProtocol } from '../../engine/kernel/protocol';
import { InProcessRunner } from '../../engine/runner/inprocess';
import type { RunSummary } from '../../engine/runner/summary';
import type { Scenario } from '../../engine/scenario/schema';
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

/**
 * The bundler's planting of a mutant whose own function rewrites its file (none: the code as
 * it is): `bundler(plantingWith(applyMutant)(mutant))`.
 */
export const plantingWith =
  <M extends { readonly id: string; readonly file: string }>(apply: (source: string, mutant: M) => string) =>
  (mutant: M | null): Planting | null =>
    mutant && { id: mutant.id, file: mutant.file, rewrite: (source) => apply(source, mutant) };

/** The bundler's planting of an edit mutant (none: the code as it is). */
export const plantingOf = (mutant: EditMutant | null): Planting | null =>
  mutant && { id: mutant.id, file: mutant.file, rewrite: (source) => applyEdits(source, mutant) };

type Violation = RunSummary['violations'][number];

/** What a mutation test needs of a planted bug: a name for its test and its row of the table. */
export interface SweptMutant {
  readonly id: string;
  readonly bug: string;
}

export interface MutantSweep<M extends SweptMutant> {
  /** The system's name in the titles and the table ("planted SWIM bugs"). */
  readonly name: string;
  readonly mutants: readonly M[];
  /** The protocol with `mutant` planted (null: the unmutated code, bundled the same way). */
  readonly bundle: (mutant: M | null) => Promise<AnyProtocol>;
  /** The seeds each mutant runs over, in order; a mutant's first catch ends its test. */
  readonly seeds: readonly number[];
  /**
   * One seed's scenario; it runs in process to its `untilUs` with the bundled protocol. The
   * mutant (null for the unmutated code) is passed for systems whose bugs live in a mode.
   */
  readonly scenarioFor: (seed: number, mutant: M | null) => Scenario;
  /** Which violation of a mutant's run is its catch (default: the first). */
  readonly catchOf?: (mutant: M, violations: readonly Violation[]) => Violation | undefined;
  /** The checks on a catch (vitest `expect`): that the bug broke what it should. */
  readonly judge: (mutant: M, caught: Violation) => void;
  /** How messages name the seeds (default `first..last`). */
  readonly seedsLabel?: string;
  /** The describe block's note in parentheses (default `N seeds each`). */
  readonly titleNote?: string;
  /** The id column's width in the table printed at the end. */
  readonly idWidth: number;
  /** Each test's timeout (default 120 s). */
  readonly timeoutMs?: number;
}

/**
 * The mutation test of a protocol, declared at a test file's top level: the unmutated bundle
 * must pass every seed, and each planted bug must be caught by some seed, its catch judged by
 * `judge`; a table of which seed caught which bug is printed after the file's tests.
 *
 *     const bundler = mutantBundler(__dirname, 'twopc.ts', 'twoPc', twoPc.monitors);
 *     mutantSweep({
 *       name: '2pc', mutants: TWO_PC_MUTANTS, bundle: (m) => bundler(plantingOf(m)),
 *       seeds: seedRange(1, 40), scenarioFor: twoPcChaosScenario, idWidth: 24,
 *       judge: (mutant, caught) => expect(mutant.symptoms).toContain(caught.invariant),
 *     });
 */
export function mutantSweep<M extends SweptMutant>(sweep: MutantSweep<M>): void {
  const { seeds, timeoutMs = 120_000 } = sweep;
  const label = sweep.seedsLabel ?? `${seeds[0]}..${seeds.at(-1)}`;
  const catchOf = sweep.catchOf ?? ((_mutant: M, violations: readonly Violation[]) => violations[0]);
  const violations = (protocol: AnyProtocol, seed: number, mutant: M | null) => {
    const scenario = sweep.scenarioFor(seed, mutant);
    return new InProcessRunner(scenario, { protocol }).runUntil(scenario.untilUs).summary().violations;
  };

  const table: string[] = [];
  afterAll(() => {
    if (table.length) console.log(`the first of seeds ${label} that catches each planted ${sweep.name} bug\n${table.join('\n')}`);
  });

  describe(`the chaos runs catch planted ${sweep.name} bugs (${sweep.titleNote ?? `${seeds.length} seeds each`})`, () => {
    it('the unmutated code, bundled the same way, passes every seed', async () => {
      const protocol = await sweep.bundle(null);
      for (const seed of seeds) {
        const found = violations(protocol, seed, null);
        expect(found, `seed ${seed}: ${found[0]?.message}`).toEqual([]);
      }
    }, timeoutMs);

    for (const mutant of sweep.mutants) {
      it(`${mutant.id}: ${mutant.bug}`, async () => {
        const protocol = await sweep.bundle(mutant);
        for (const seed of seeds) {
          const caught = catchOf(mutant, violations(protocol, seed, mutant));
          if (caught) {
            table.push(`${mutant.id.padEnd(sweep.idWidth)} seed ${String(seed).padStart(3)}  ${caught.invariant}`);
            sweep.judge(mutant, caught);
            return;
          }
        }
        throw new Error(`mutant ${mutant.id} survived seeds ${label}`);
      }, timeoutMs);
    }
  });
}
