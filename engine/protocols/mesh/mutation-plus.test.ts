import { afterAll, describe, expect, it } from 'vitest';
import type { AnyProtocol } from '../../kernel/protocol';
import { mutantBundler } from '../../../workers/test-support/mutant-bundle';
import { InProcessRunner } from '../../runner/inprocess';
import type { RunSummary } from '../../runner/summary';
import { meshChaosPlusScenario } from './chaos-plus';
import { mesh } from './mesh';
import { applyMutant, MESH_PLUS_MUTANTS, type MeshMutant } from './mutants';

/**
 * Do the monitors of the later features (mTLS, header routes, mirrors, the leaky bucket) find
 * real bugs? As mutation.test.ts, over chaos-plus.ts's runs: each bug of MESH_PLUS_MUTANTS is
 * planted in a bundled copy and judged by this process's own, unmutated monitors.
 *
 *   MUTANT_SEEDS=40 npx vitest run engine/protocols/mesh/mutation-plus.test.ts
 */
const SEEDS = Number(process.env.MUTANT_SEEDS ?? 6);
const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
const bundler = mutantBundler(__dirname, 'mesh.ts', 'mesh', mesh.monitors);
const bundleMesh = (mutant: MeshMutant | null) => bundler(mutant && { id: mutant.id, file: mutant.file, rewrite: (source) => applyMutant(source, mutant) });

function run(protocol: AnyProtocol, seed: number): RunSummary {
  const scenario = meshChaosPlusScenario(seed);
  return new InProcessRunner(scenario, { protocol }).runUntil(scenario.untilUs).summary();
}

const table: string[] = [];
afterAll(() => {
  if (table.length) console.log(`the first of seeds 1..${SEEDS} that catches each planted bug\n${table.join('\n')}`);
});

describe(`the chaos runs catch planted bugs in mTLS, header routes, mirrors and the leaky bucket (${SEEDS} seeds each)`, () => {
  it('the unmutated code, bundled the same way, passes every seed', async () => {
    const protocol = await bundleMesh(null);
    for (const seed of seeds) expect(run(protocol, seed).violations, `seed ${seed}`).toEqual([]);
  }, 60_000);

  for (const mutant of MESH_PLUS_MUTANTS) {
    it(`${mutant.id}: ${mutant.bug}`, async () => {
      const protocol = await bundleMesh(mutant);
      for (const seed of seeds) {
        const caught = run(protocol, seed).violations[0];
        if (caught) {
          table.push(`${mutant.id.padEnd(36)} seed ${String(seed).padStart(3)}  ${caught.invariant}`);
          expect(caught.invariant).toBe(mutant.symptom);
          return;
        }
      }
      throw new Error(`mutant ${mutant.id} survived seeds 1..${SEEDS}`);
    }, 60_000);
  }
});
