import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../engine/kernel/trace';
import { InProcessRunner } from '../../../engine/runner/inprocess';
import { parseScenario, type Scenario } from '../../../engine/scenario/schema';
import { describeTrace } from '../../narrate/describer';
import { layoutOf, nodeName, useSim } from '../../store/store';
import type { NodeState } from '../../store/types';
import { pbftUi } from './index';
import { pbftLook } from './node';
import { asPbftView, digestText } from './view';

/** A real run: the page's store holds the run's topology, so nodes are named R1.., C1... */
function run(scenario: Scenario, untilUs: number) {
  useSim.setState({ topology: layoutOf(scenario) });
  const trace: TraceEvent[] = [];
  const runner = new InProcessRunner(scenario, { sink: (e) => trace.push(e) });
  runner.runUntil(untilUs);
  const nodes: NodeState[] = runner.views().map((v) => ({
    id: v.id,
    name: nodeName(v.id),
    up: v.up,
    incarnation: v.incarnation,
    view: (v.view?.protocol as Record<string, unknown> | null) ?? null,
    timers: v.view?.timers ?? [],
  }));
  return { trace, nodes };
}
const builtin = (file: string) => parseScenario(JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'public', 'scenarios', file), 'utf8')));

describe("PBFT's view", () => {
  it('reads the view defensively', () => {
    expect(asPbftView(null)).toBeNull();
    expect(asPbftView({ role: 'replica', slots: 'x' })).toBeNull();
    const v = asPbftView({ role: 'replica', view: 2, primary: 2, slots: [{ seq: 1, digest: 'c4.1', phase: 'weird' }, { seq: 2, view: 2, digest: 'null', phase: 'prepared' }], kv: { a: 1, b: 'x' } })!;
    expect(v.role).toBe('replica');
    if (v.role !== 'replica') return;
    expect(v.slots).toEqual([{ seq: 2, view: 2, digest: 'null', phase: 'prepared' }]);
    expect(v.kv).toEqual({ a: 1 });
    expect(v.status).toBe('normal');
  });

  it('names replicas and clients by what they do: the primary, a backup, the phase of the current request', () => {
    const scenario = pbftUi.defaultScenario({ seed: 3, nodes: null });
    const { nodes } = run(scenario, 2_000_000);
    expect(nodes.map((n) => n.name)).toEqual(['R1', 'R2', 'R3', 'R4', 'C1', 'C2']);
    expect(pbftLook(nodes[0], nodes).label).toMatch(/^R1, primary of view 0, executed \d+/);
    expect(pbftLook(nodes[1], nodes)).toMatchObject({ tone: 'pbft-backup' });
    expect(pbftLook(nodes[1], nodes).label).toMatch(/watermarks \d+ to \d+$/);
    expect(pbftLook(nodes[4], nodes).label).toMatch(/^C1, client, /);
    expect(digestText('c4.3')).toBe('C1#3');
    expect(digestText('null~c5.2')).toBe('null for C2#2');
  });

  it('narrates the equivocating primary: the view change and the new view are news', () => {
    const { trace, nodes } = run(builtin('pbft-equivocating-primary.json'), 3_000_000);
    const lines = describeTrace(trace, pbftUi.narrator);
    const major = lines.filter((l) => l.importance === 'major').map((l) => l.text);
    expect(major.some((t) => /^R\d asks for view 1/.test(t) || /sends a view change/.test(t))).toBe(true);
    expect(major.some((t) => /enters view 1/.test(t))).toBe(true);
    expect(major.some((t) => /commits C\d#\d+/.test(t))).toBe(true);
    expect(pbftLook(nodes[1], nodes).label).toMatch(/^R2, primary of view 1/);
  });
});
