import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TraceEvent } from '../../kernel/trace';
import { InProcessRunner } from '../../runner/inprocess';
import { parseScenario, type Scenario } from '../schema';

/** Where the page's built-in scenarios live (public/scenarios/). */
const BUILTIN_DIR = join(__dirname, '..', '..', '..', 'public', 'scenarios');

type Observation = Extract<TraceEvent, { kind: 'observe' }>;

/** A built-in scenario file, parsed as the page parses it. For tests. */
export function readBuiltin(file: string): Scenario {
  return parseScenario(JSON.parse(readFileSync(join(BUILTIN_DIR, file), 'utf8')));
}

/**
 * A built-in scenario run in process to its end, for the protocols' builtins tests: its summary
 * and its observations of one kind (optionally in [from, to)). The in-process trace is the page's
 * worker trace (the equal-hash tests), so what these find is what the page shows.
 */
export function runBuiltin(file: string) {
  const scenario = readBuiltin(file);
  const trace: TraceEvent[] = [];
  const runner = new InProcessRunner(scenario, { sink: (e) => trace.push(e) }).runUntil(scenario.untilUs);
  const observed = (what: string, from = 0, to = Number.MAX_SAFE_INTEGER) =>
    trace.filter((e): e is Observation => e.kind === 'observe' && e.what === what && e.at >= from && e.at < to);
  return { summary: runner.summary(), observed };
}
