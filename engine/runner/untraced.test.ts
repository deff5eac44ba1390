import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../scenario/lesson';
import { parseScenario } from '../scenario/schema';
import { InProcessRunner, type InProcessSnapshot } from './inprocess';

/**
 * Tracing only watches: a run with tracing, hashing and monitors off (the bench's baseline, and
 * what a catch-up could run first to show a link's cluster before its checks are done) reaches
 * exactly the state of the traced run, for every built-in scenario of every system. Only the
 * collector's and monitors' parts of a snapshot differ.
 */
const dir = join(__dirname, '..', '..', 'public', 'scenarios');
const read = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
const catalog = parseCatalog(read('index.json'), 'scenarios');

/** What a node, the network, the timeline and the workload hold: everything but the checks. */
function stateOf(s: InProcessSnapshot): unknown {
  const { collector: _collector, monitors: _monitors, ...state } = s;
  return JSON.parse(JSON.stringify(state));
}

/** The states of the run at half-way and at `end`: a mid-run state has timers pending and messages in flight. */
function statesOf(runner: InProcessRunner, end: number): unknown[] {
  return [Math.floor(end / 2), end].map((at) => {
    runner.runUntil(at);
    return runner.violation ? 'broken' : stateOf(runner.snapshot());
  });
}

describe('a run without tracing reaches the traced run’s state', () => {
  it.each(catalog.map((entry) => entry.file))('%s', (file) => {
    const scenario = parseScenario(read(file));
    let end = scenario.untilUs;
    let traced = new InProcessRunner(scenario);
    let expected = statesOf(traced, end);
    if (traced.violation) {
      // A scenario that shows a broken invariant stops there when traced: compare just before it.
      end = (traced.violation.event?.at ?? traced.now) - 1;
      traced = new InProcessRunner(scenario);
      expected = statesOf(traced, end);
    }
    expect(traced.violation).toBeNull();
    expect(statesOf(new InProcessRunner(scenario, { traced: false }), end)).toEqual(expected);
  });
});
