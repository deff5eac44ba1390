import fc from 'fast-check';
import { expect } from 'vitest';
import type { Scenario } from '../../engine/scenario/schema';
import { InProcessRunner } from '../../engine/runner/inprocess';
import type { RunSummary } from '../../engine/runner/summary';

/**
 * Test support for every protocol's chaos.test.ts: seeds from fast-check, one seeded chaotic run
 * each (in process, to the scenario's end), every monitor's violations fail the seed, and every
 * failure prints the command that replays that one seed. A test file reads:
 *
 *     const chaos = chaosProperty({
 *       env: 'SWIM', file: 'engine/protocols/swim/chaos.test.ts',
 *       scenarioFor: swimChaosScenario, numRuns: 120,
 *     });
 *     it(chaos.title('stays safe after the heal'), () => {
 *       chaos.check({ perSeed: (seed, summary) => { ... throw new Error(`seed ${seed}: ...`) } });
 *     });
 *
 *   SWIM_SEEDS=2000 npx vitest run engine/protocols/swim/chaos.test.ts   more seeds
 *   SWIM_SEED=1234 npx vitest run engine/protocols/swim/chaos.test.ts    replay one seed
 */
export interface ChaosOptions {
  /** The environment variables' prefix: 'SWIM' reads SWIM_SEEDS (how many) and SWIM_SEED (replay one). */
  readonly env: string;
  /** The test file, as the replay command names it (from the repository's root). */
  readonly file: string;
  readonly scenarioFor: (seed: number) => Scenario;
  /** fast-check's number of runs when `${env}_SEEDS` is not set. */
  readonly numRuns: number;
  /** Also print the trace event of the first violation (when the monitor names one). */
  readonly showEvent?: boolean;
  /** What else the run depends on, named in the test's title: 'steering nemesis' gives `(N seeds, steering nemesis)`. */
  readonly titleNote?: string;
  /** Variables the replay command sets before the seed (say 'RAFT_NEMESIS=steering'); none when empty. */
  readonly replayEnv?: string;
}

export interface ChaosCheck {
  /** More checks of one seed's run; throw an Error that says what went wrong (the replay command is added). */
  readonly perSeed?: (seed: number, summary: RunSummary) => void;
  /** Checks over all seeds once the property has run (coverage); skipped when one seed is replayed. */
  readonly coverage?: () => void;
}

export interface ChaosProperty {
  /** How many seeds the property runs. */
  readonly runs: number;
  /** The seed to replay, from `${env}_SEED`; null: run the property. */
  readonly replay: number | null;
  /** The test's name: `what (N seeds)`, or `replays seed S` (with the title note, if any). */
  title(what: string): string;
  /** One seed's run, summarised. */
  run(seed: number): RunSummary;
  /** The property (or the replay of one seed): no violations, then `perSeed`, then `coverage`. */
  check(checks?: ChaosCheck): void;
  /** The "sometimes" properties that held in at least one run of `seeds`. */
  sometimesHeld(seeds: Iterable<number>): Set<string>;
}

export function chaosProperty(options: ChaosOptions): ChaosProperty {
  const runs = Number(process.env[`${options.env}_SEEDS`] ?? options.numRuns);
  const replaySeed = process.env[`${options.env}_SEED`];
  const replay = replaySeed === undefined ? null : Number(replaySeed);
  const replayEnv = options.replayEnv ? `${options.replayEnv} ` : '';
  const replayCommand = (seed: number) => `replay: ${replayEnv}${options.env}_SEED=${seed} npx vitest run ${options.file}`;
  const note = options.titleNote ? `, ${options.titleNote}` : '';

  const run = (seed: number): RunSummary => {
    const scenario = options.scenarioFor(seed);
    return new InProcessRunner(scenario).runUntil(scenario.untilUs).summary();
  };

  const explain = (seed: number, summary: RunSummary): string => {
    const v = summary.violations[0]!;
    const event = options.showEvent && v.event ? ` (event ${JSON.stringify(v.event)})` : '';
    return `seed ${seed}: ${v.invariant}: ${v.message}${event}\n${replayCommand(seed)}`;
  };

  const perSeedWithReplay = (checks: ChaosCheck, seed: number, summary: RunSummary) => {
    try {
      checks.perSeed?.(seed, summary);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${replayCommand(seed)}`);
    }
  };

  return {
    runs,
    replay,
    title: (what) => (replay === null ? `${what} (${runs} seeds${note})` : `replays seed ${replay}${options.titleNote ? ` (${options.titleNote})` : ''}`),
    run,
    check(checks = {}) {
      if (replay !== null) {
        const summary = run(replay);
        console.log(JSON.stringify({ stats: summary.stats, violations: summary.violations }, null, 2));
        expect(summary.violations, summary.violations.length ? explain(replay, summary) : '').toEqual([]);
        perSeedWithReplay(checks, replay, summary);
        return;
      }
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
          const summary = run(seed);
          if (summary.violations.length > 0) throw new Error(explain(seed, summary));
          perSeedWithReplay(checks, seed, summary);
        }),
        { numRuns: runs },
      );
      checks.coverage?.();
    },
    sometimesHeld(seeds) {
      const held = new Set<string>();
      for (const seed of seeds) for (const s of run(seed).sometimes ?? []) if (s.held) held.add(s.property);
      return held;
    },
  };
}

/** Seeds from..to, both included. */
export const seedRange = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
