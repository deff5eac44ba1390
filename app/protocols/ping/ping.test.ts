import { nodeName } from '../../../engine/kernel/topology';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../engine/kernel/trace';
import { InProcessRunner } from '../../../engine/runner/inprocess';
import { resolveCommand } from '../../commands/dispatch';
import { describeTrace } from '../../narrate/describer';
import type { NodeState } from '../../store/types';
import { pingUi } from './index';
import { pingLook } from './node';
import { asPingView, hearing } from './view';
import { nodeStatesOf } from '../../store/node-states';

const node = (id: number, view: Record<string, unknown> | null): NodeState => ({ id, name: nodeName(null, id), up: view !== null, incarnation: 0, timers: [], view });
const view = (suspected: boolean[], lastHeardUs: (number | null)[]) => ({ boots: 2, suspected, lastHeardUs, pongs: 7 });

/** A real run of the default scenario: S3 crashes at 1 s and restarts at 2 s. */
function run(untilUs: number) {
  const trace: TraceEvent[] = [];
  const scenario = pingUi.defaultScenario({ seed: 7, nodes: null });
  scenario.timeline = [
    { at: 1_000_000, action: { kind: 'crash', node: 2 }, by: 'user' },
    { at: 2_000_000, action: { kind: 'restart', node: 2 }, by: 'user' },
  ];
  const runner = new InProcessRunner(scenario, { sink: (e) => trace.push(e) });
  runner.runUntil(untilUs);
  const nodes = nodeStatesOf(runner, (id) => nodeName(null, id));
  return { trace, nodes };
}

describe("ping's view", () => {
  it('reads the view defensively', () => {
    expect(asPingView(view([false, true], [5, null]))).toEqual({ boots: 2, suspected: [false, true], lastHeardUs: [5, null], pongs: 7 });
    expect(asPingView({ suspected: 'no' })).toBeNull();
    expect(asPingView(null)).toBeNull();
    expect(asPingView({ suspected: [1], lastHeardUs: ['x'], boots: 'many' })).toEqual({ boots: 0, suspected: [false], lastHeardUs: [null], pongs: 0 });
  });

  it('names a node by what it hears: "S2, alive, hears 4 of 4"', () => {
    const all = node(1, view([false, false, false, false, false], [10, null, 12, 13, 14]));
    expect(pingLook(all, [all])).toEqual({ tone: 'alive', label: 'S2, alive, hears 4 of 4' });
    const some = node(1, view([false, false, false, true, false], [10, null, 12, 13, null]));
    expect(hearing(asPingView(some.view)!, 1)).toEqual({ hears: 2, of: 4, suspects: [3] });
    expect(pingLook(some, [some])).toEqual({ tone: 'suspecting', label: 'S2, alive, hears 2 of 4, suspects S4' });
    expect(pingLook(node(1, null), [])).toEqual({ tone: 'down', label: 'S2, crashed' });
  });

  it('runs its default scenario: five nodes that soon hear each other', () => {
    const { nodes } = run(500_000);
    expect(nodes).toHaveLength(5);
    expect(nodes.map((n) => pingLook(n, nodes).label)).toEqual([0, 1, 2, 3, 4].map((id) => `${nodeName(null, id)}, alive, hears 4 of 4`));
  });

  it('narrates a crash: the others suspect the silent node, and trust it again once it is back', () => {
    const { trace, nodes } = run(3_000_000);
    const lines = describeTrace(trace, pingUi.narrator);
    const major = lines.filter((l) => l.importance === 'major').map((l) => l.text);
    expect(major).toContain('The user crashed S3: it keeps only its boot count, and the message on the way to it is lost');
    expect(major).toContain('S1 pings S2, S3, S4 and S5; it suspects S3 (silent for too long); lost on the way: Ping S1→S3 (S3 is down)');
    // The restarted node heard no one yet: its suspicions read as one clause.
    expect(major).toContain('S3 pings S1, S2, S4 and S5; it suspects S2, S4 and S5 (silent for too long)');
    expect(major.some((t) => /^S\d heard a pong from S3; it trusts S3 again$|^S\d answered S3's ping with a pong; it trusts S3 again$/.test(t))).toBe(true);
    expect(lines.find((l) => l.text.includes('suspects S3'))!.topic).toBe('suspect');
    // Routine traffic is minor.
    expect(lines.filter((l) => l.text.includes('heard a pong')).some((l) => l.importance === 'minor')).toBe(true);
    expect(nodes.every((n) => pingLook(n, nodes).tone === 'alive')).toBe(true);
  });

  it("marks suspicions on the timeline and stops 'Step to next' at them", () => {
    const suspect = pingUi.observations.suspect!;
    expect(suspect.interesting).toBe(true);
    expect(suspect.marker!.label({ peer: 2 }, 'S1')).toBe('S1 suspects S3');
    expect(suspect.lane!({ peer: 2 })).toMatchObject({ kind: 'suspect', label: '⚠ S3' });
  });

  it('sends an echo through the dispatcher', () => {
    const nodes = [node(0, view([false, false], [null, 3]))];
    expect(resolveCommand(pingUi.commands, { nodes, nodeCount: 2 }, { nextValue: () => 1001 }, 'echo', [0])).toEqual({
      kind: 'actions',
      actions: [{ kind: 'command', node: 0, command: { type: 'Echo', value: 1001 } }],
    });
  });
});
