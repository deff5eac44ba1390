import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TraceEvent } from '../../kernel/trace';
import { InProcessRunner } from '../../runner/inprocess';
import { parseScenario, type Scenario } from '../schema';

/** Where the page's built-in scenarios live (public/scenarios/). */
const BUILTIN_DIR = join(__dirname, '..', '..', '..', 'public', 'scenarios');

export type Observation = Extract<TraceEvent, { kind: 'observe' }>;

/** A built-in scenario file (`name.json`), parsed as the page parses it. For tests. */
export function readBuiltin(file: string): Scenario {
  return parseScenario(JSON.parse(readFileSync(join(BUILTIN_DIR, file), 'utf8')));
}

/**
 * A built-in scenario ready to run in process, for the protocols' builtins tests: its runner (run
 * it as far as the test wants), the trace so far, and its observations of one kind (optionally
 * in [from, to)). The in-process trace is the page's worker trace (the equal-hash tests), so
 * what these find is what the page shows.
 */
export function startBuiltin(file: string) {
  const scenario = readBuiltin(file);
  const trace: TraceEvent[] = [];
  const runner = new InProcessRunner(scenario, { sink: (e) => trace.push(e) });
  const observed = (what: string, from = 0, to = Number.MAX_SAFE_INTEGER) =>
    trace.filter((e): e is Observation => e.kind === 'observe' && e.what === what && e.at >= from && e.at < to);
  return { scenario, runner, trace, observed };
}

/** startBuiltin, run to the scenario's end (or `untilUs`), with the run's summary. */
export function runBuiltin(file: string, untilUs?: number) {
  const started = startBuiltin(file);
  started.runner.runUntil(untilUs ?? started.scenario.untilUs);
  return { ...started, summary: started.runner.summary() };
}
