import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mutantBundlerWithCode } from '../../../workers/test-support/mutant-bundle';
import type { AnyProtocol } from '../../kernel/protocol';
import { InProcessRunner } from '../../runner/inprocess';
import type { RunSummary } from '../../runner/summary';
import { isNemesisName, NEMESIS_NAMES, type NemesisName } from '../../scenario/nemesis';
import type { Scenario } from '../../scenario/schema';
import { raftChaosRun, raftChaosScenario } from './chaos-scenario';
import { applyMutant, MutantAnchorError, RAFT_MUTANTS, type RaftMutant } from './mutants';
import { raft } from './raft';

/**
 * Does the nemesis find real bugs? Each textbook Raft bug of mutants.ts is planted in a copy of
 * this folder's code (esbuild bundles raft.ts, and a plugin hands it the mutated text of one
 * file), and the same seeded chaotic runs (chaos-scenario.ts, the steering nemesis) must catch
 * every one: a safety violation reported by the real monitors (the unmutated monitor.ts of this
 * process, whatever the bundle holds). The unmutated code, bundled the same way, must pass the
 * same seeds with no violation at all, so a catch means the bug, not the harness.
 *
 *   npx vitest run engine/protocols/raft/mutation.test.ts
 *   MUTANT_SEEDS=500 npx vitest run engine/protocols/raft/mutation.test.ts       more seeds
 *   MUTANT_COMPARE=1 npx vitest run engine/protocols/raft/mutation.test.ts       every seed, both nemeses: the catch table
 *   MUTANT=double-vote MUTANT_SEED=7 npx vitest run engine/protocols/raft/mutation.test.ts
 *                                       replay one run and print its episodes and violation
 *                                       (MUTANT=original: no bug; MUTANT_NEMESIS=random: chaos.ts)
 *
 * By default a mutant's sweep stops at its first catch (the assertion is "caught within seeds
 * 1..N"), which keeps the test to seconds; MUTANT_COMPARE=1 counts every seed for both the
 * steering nemesis and the random one (chaos.ts) and prints them side by side.
 */
const SEEDS = Number(process.env.MUTANT_SEEDS ?? 100);
/** Also sweep the random nemesis, and count every seed's verdict instead of stopping at the first catch. */
const COMPARE = process.env.MUTANT_COMPARE === '1';
const REPLAY = process.env.MUTANT_SEED === undefined ? null : { id: process.env.MUTANT ?? 'original', seed: Number(process.env.MUTANT_SEED) };
const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);

const raftDir = __dirname;
const bundler = mutantBundlerWithCode(raftDir, 'raft.ts', 'raft', raft.monitors);

/** The source of `mutant`'s file with its bug planted (throws, naming the anchor, if it moved). */
function mutatedSource(mutant: RaftMutant): string {
  return applyMutant(readFileSync(resolve(raftDir, mutant.file), 'utf8'), mutant);
}

/**
 * Raft bundled from this folder with `mutant` planted (none: the code as it is), and the bundle's
 * text, built once per mutant. The monitors are this process's own: a mutant never touches what
 * judges it.
 */
function bundleRaft(mutant: RaftMutant | null): Promise<{ protocol: AnyProtocol; code: string }> {
  const id = mutant?.id ?? 'original';
  let bundle = bundles.get(id);
  if (!bundle) {
    bundle = bundler(mutant && { id, file: mutant.file, rewrite: (source) => applyMutant(source, mutant) });
    bundles.set(id, bundle);
  }
  return bundle;
}
const bundles = new Map<string, Promise<{ protocol: AnyProtocol; code: string }>>();

function run(protocol: AnyProtocol, scenario: Scenario): RunSummary {
  return new InProcessRunner(scenario, { protocol }).runUntil(scenario.untilUs).summary();
}

/** A safety violation stops the run at the event that broke it; liveness is judged at the end. */
const isSafety = (v: RunSummary['violations'][number]) => v.event !== undefined;

/** The chaotic run of `seed` with the mutant's Raft settings (reads, for a bug only reads show). */
function mutantScenario(mutant: RaftMutant | null, seed: number, nemesis: NemesisName): Scenario {
  const scenario = raftChaosScenario(seed, nemesis);
  if (!mutant?.config) return scenario;
  const config = { ...(scenario.protocol.config as Record<string, unknown>), ...mutant.config };
  return { ...scenario, protocol: { ...scenario.protocol, config } };
}

/** Whether `v` counts as catching `mutant` (see RaftMutant.caughtBy). */
function catches(mutant: RaftMutant, v: RunSummary['violations'][number]): boolean {
  if (mutant.caughtBy === 'linearizability') return v.invariant === 'Linearizability';
  return isSafety(v) || mutant.caughtBy === 'safety-or-liveness';
}

interface Sweep {
  caught: number[];
  tried: number;
  /** How each seed's run was caught: the first violated invariant. */
  invariants: Map<string, number>;
  /** Violations that do not count as catching this mutant (liveness of a safety bug). */
  uncounted: string[];
}

/** Runs the seeds in order; `everySeed` false stops at the first catch. */
function sweep(mutant: RaftMutant, protocol: AnyProtocol, nemesis: NemesisName, everySeed: boolean): Sweep {
  const result: Sweep = { caught: [], tried: 0, invariants: new Map(), uncounted: [] };
  for (const seed of seeds) {
    if (!everySeed && result.caught.length > 0) break;
    result.tried++;
    let summary: RunSummary;
    try {
      summary = run(protocol, mutantScenario(mutant, seed, nemesis));
    } catch (error) {
      // A catch is a monitor's verdict; a mutant that makes the simulator throw is ill-formed.
      throw new Error(`mutant ${mutant.id} threw at seed ${seed} (${nemesis} nemesis): ${(error as Error).message}\n${replayHint(mutant.id, seed)}`);
    }
    const counted = summary.violations.find((v) => catches(mutant, v));
    if (counted) {
      result.caught.push(seed);
      result.invariants.set(counted.invariant, (result.invariants.get(counted.invariant) ?? 0) + 1);
    } else if (summary.violations.length > 0) {
      result.uncounted.push(`seed ${seed}: ${summary.violations[0]!.invariant}`);
    }
  }
  return result;
}

const replayHint = (id: string, seed: number) =>
  `replay: MUTANT=${id} MUTANT_SEED=${seed} npx vitest run engine/protocols/raft/mutation.test.ts`;

/** For the closing table: one row per mutant. */
const rows: { mutant: RaftMutant; steering: Sweep; random: Sweep | null }[] = [];

afterAll(() => {
  if (rows.length === 0) return;
  const count = (s: Sweep) => (COMPARE ? `${s.caught.length}/${s.tried}` : `seed ${s.caught[0] ?? '-'}`);
  const lines = [
    COMPARE
      ? `bugs caught (a safety violation of the real monitors), out of seeds 1..${SEEDS}`
      : `the first of seeds 1..${SEEDS} that catches each bug (MUTANT_COMPARE=1 counts every seed)`,
    `${'mutant'.padEnd(34)} ${'steering'.padStart(10)}${COMPARE ? ` ${'random'.padStart(10)}` : ''}  how (steering)`,
    ...rows.map(({ mutant, steering, random }) => {
      const how = [...steering.invariants].map(([name, n]) => `${name} ${n}`).join(', ');
      return `${mutant.id.padEnd(34)} ${count(steering).padStart(10)}${random ? ` ${count(random).padStart(10)}` : ''}  ${how}`;
    }),
  ];
  console.log(lines.join('\n'));
});

describe('applyMutant', () => {
  const mutant = (find: string, replace = 'x'): RaftMutant => ({
    id: 'example',
    bug: '',
    rule: '',
    file: 'example.ts',
    edits: [{ find, replace }],
    caughtBy: 'safety',
    symptoms: [],
  });

  it('replaces an anchor found exactly once, whatever its whitespace', () => {
    expect(applyMutant('if (a &&\n    b) {', mutant('a && b', 'true'))).toBe('if (true) {');
    expect(applyMutant('f($1)', mutant('f($1)', '$&$&'))).toBe('$&$&');
  });

  it('fails loudly, naming the mutant, its file and the anchor, when the anchor is gone or ambiguous', () => {
    expect(() => applyMutant('if (a || b) {', mutant('a && b'))).toThrow(MutantAnchorError);
    expect(() => applyMutant('if (a || b) {', mutant('a && b'))).toThrow(/mutant example: anchor "a && b" occurs 0 times in example\.ts/);
    expect(() => applyMutant('a && b; a && b;', mutant('a && b'))).toThrow(/occurs 2 times/);
    expect(() => applyMutant('a && b', mutant('a && b', 'a && b'))).toThrow(/leave example\.ts unchanged/);
  });
});

// A replay (MUTANT_SEED set) runs only the replay; otherwise the replay is not defined at all,
// so the suite never reports a skipped test.
if (REPLAY === null) describe(`the nemesis catches planted Raft bugs (${SEEDS} seeds each)`, () => {
  it(`the unmutated code, bundled the same way, passes every seed without a violation`, async () => {
    const { protocol } = await bundleRaft(null);
    for (const seed of seeds) {
      const scenario = raftChaosScenario(seed, 'steering');
      const summary = run(protocol, scenario);
      if (summary.violations.length > 0) {
        const file = join(tmpdir(), `raft-steering-seed-${seed}.json`);
        writeFileSync(file, JSON.stringify(scenario));
        const v = summary.violations[0]!;
        throw new Error(
          `seed ${seed}: ${v.invariant}: ${v.message}\n${replayHint('original', seed)}\nor: npm run sim -- --scenario ${file}`,
        );
      }
      expect(summary.stats.committed as number, `seed ${seed}: nothing committed`).toBeGreaterThan(0);
    }
  });

  for (const mutant of RAFT_MUTANTS) {
    it(`${mutant.id}: each anchor is found exactly once in ${mutant.file}, and the bundle differs`, async () => {
      expect(mutatedSource(mutant)).not.toBe(readFileSync(resolve(raftDir, mutant.file), 'utf8'));
      const [original, mutated] = [await bundleRaft(null), await bundleRaft(mutant)];
      expect(mutated.code).not.toBe(original.code);
    });

    it(`${mutant.id}: ${mutant.bug} (${mutant.rule}) is caught`, async () => {
      const { protocol } = await bundleRaft(mutant);
      const steering = sweep(mutant, protocol, 'steering', COMPARE);
      const random = COMPARE ? sweep(mutant, protocol, 'random', true) : null;
      rows.push({ mutant, steering, random });
      expect(
        steering.caught.length,
        `${mutant.id} was not caught by any of seeds 1..${SEEDS} of the steering nemesis (expected: ${mutant.symptoms.join(' or ')})` +
          (steering.uncounted.length > 0 ? ` (violations that do not count: ${steering.uncounted.slice(0, 3).join('; ')})` : ''),
      ).toBeGreaterThan(0);
      if (mutant.config) {
        // These runs differ from the unmutated sweep's (other settings): the unmutated code must
        // pass the catching seed's run too, so the catch is the bug's, not the settings'.
        const { protocol: original } = await bundleRaft(null);
        const clean = run(original, mutantScenario(mutant, steering.caught[0]!, 'steering'));
        expect(clean.violations, `the unmutated code under ${mutant.id}'s settings, seed ${steering.caught[0]}`).toEqual([]);
        expect(clean.stats.linearizable, `seed ${steering.caught[0]}: the unmutated history`).toBe(true);
      }
      console.log(`${mutant.id}: caught by ${steering.caught.length} of ${steering.tried} seeds tried, first ${steering.caught[0]}; ${replayHint(mutant.id, steering.caught[0]!)}`);
    });
  }
});

if (REPLAY !== null) describe('replay', () => {
  it(`replays ${REPLAY?.id} at seed ${REPLAY?.seed}`, async () => {
    const { id, seed } = REPLAY!;
    const mutant = id === 'original' ? null : RAFT_MUTANTS.find((m) => m.id === id);
    if (mutant === undefined) throw new Error(`no mutant "${id}" (known: original, ${RAFT_MUTANTS.map((m) => m.id).join(', ')})`);
    const nemesis = process.env.MUTANT_NEMESIS ?? 'steering';
    if (!isNemesisName(nemesis)) throw new Error(`MUTANT_NEMESIS must be one of ${NEMESIS_NAMES.join(', ')}`);
    const { episodes } = raftChaosRun(seed, nemesis);
    const scenario = mutantScenario(mutant, seed, nemesis);
    const { protocol } = await bundleRaft(mutant);
    const summary = run(protocol, scenario);
    console.log(
      JSON.stringify(
        {
          mutant: mutant ? { id: mutant.id, bug: mutant.bug } : 'original',
          seed,
          nemesis,
          episodes: episodes.map((e) => `${e.schedule} ${(e.fromUs / 1000).toFixed(1)}-${(e.toUs / 1000).toFixed(1)} ms`),
          stats: summary.stats,
          violations: summary.violations,
        },
        null,
        2,
      ),
    );
  });
});
