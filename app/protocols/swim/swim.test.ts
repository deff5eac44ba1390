import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../engine/kernel/trace';
import { InProcessRunner } from '../../../engine/runner/inprocess';
import { resolveCommand } from '../../commands/dispatch';
import { describeTrace } from '../../narrate/describer';
import { swimUi } from './index';
import { swimMessages } from './messages';
import { swimLook } from './node';
import { asSwimView, detections, groupOpinion } from './view';
import { nodeStatesOf } from '../../store/node-states';

/** A real run of the default scenario (8 members) where S4 crashes at 3 s. */
function run(untilUs: number, crashAt = 3_000_000) {
  const trace: TraceEvent[] = [];
  const scenario = swimUi.defaultScenario({ seed: 7, nodes: null });
  scenario.timeline = [{ at: crashAt, action: { kind: 'crash', node: 3 }, by: 'user' }];
  const runner = new InProcessRunner(scenario, { sink: (e) => trace.push(e) });
  runner.runUntil(untilUs);
  const nodes = nodeStatesOf(runner);
  return { trace, nodes };
}

describe("swim's view", () => {
  it('reads the view defensively', () => {
    expect(asSwimView(null)).toBeNull();
    expect(asSwimView({ members: 'x' })).toBeNull();
    const v = asSwimView({ members: [{ status: 'weird', incarnation: 'x' }, { status: 'suspect', incarnation: 2, sinceUs: 5 }], broadcasts: [{ kind: 'nope' }, { kind: 'alive', node: 1, incarnation: 3, transmits: 2 }] })!;
    expect(v.members).toEqual([
      { status: 'unknown', incarnation: 0, sinceUs: 0 },
      { status: 'suspect', incarnation: 2, sinceUs: 5 },
    ]);
    expect(v.broadcasts).toEqual([{ kind: 'alive', node: 1, incarnation: 3, from: null, transmits: 2 }]);
    expect(v.left).toBe(false);
  });

  it('names every member of a fresh run: "S1, alive, incarnation 0, suspected by 0 of 7"', () => {
    const { nodes } = run(2_000_000);
    expect(nodes).toHaveLength(8);
    expect(swimLook(nodes[0], nodes)).toEqual({ tone: 'swim-alive', label: 'S1, alive, incarnation 0, suspected by 0 of 7' });
  });

  it('draws a crashed member as the group sees it, and times its detection and dissemination', () => {
    const early = run(3_000_000 + 4_500_000);
    const g = groupOpinion(3, early.nodes);
    expect(g.observers).toBe(7);
    expect(g.counts.suspect + g.counts.dead).toBeGreaterThan(0);
    const { trace, nodes } = run(30_000_000);
    expect(swimLook(nodes[3], nodes)).toEqual({ tone: 'down', label: 'S4, crashed, seen dead by 7 of 7' });
    const [d] = detections(trace, nodes);
    expect(d).toMatchObject({ node: 3, crashedUs: 3_000_000, knownBy: 7, of: 7 });
    expect(d!.detectedUs! - d!.crashedUs).toBeLessThan(3_000_000);
    expect(d!.allDeadUs).toBeGreaterThan(d!.detectedUs!);
  });

  it('narrates suspicion and death as news', () => {
    const { trace } = run(30_000_000);
    const lines = describeTrace(trace, swimUi.narrator);
    const major = lines.filter((l) => l.importance === 'major').map((l) => l.text);
    expect(major.some((t) => /suspects S4 \(incarnation 0, by S\d\)/.test(t))).toBe(true);
    expect(major.some((t) => /declares S4 dead/.test(t))).toBe(true);
    const routine = lines.filter((l) => /^S\d answered S\d's ping with an ack$/.test(l.text));
    expect(routine.length).toBeGreaterThan(10);
    expect(routine.every((l) => l.importance === 'minor')).toBe(true);
    expect(major.some((t) => /^S\d's ack deadline timer fired; it suspects S4/.test(t))).toBe(true);
  });

  it('lists the rumours a message carries', () => {
    const msg = { seq: 4, updates: [{ kind: 'suspect', node: 3, incarnation: 2, from: 0 }, { kind: 'dead', node: 5, incarnation: 1, from: 5 }] };
    expect(swimMessages.details('Ping', msg)).toEqual(['probe #4', '2 rumours', 'rumour: S4 suspect, incarnation 2, by S1', 'rumour: S6 left, incarnation 1']);
    expect(swimMessages.glyph('Ping', msg)).toMatchObject({ shape: 'circle', text: '2' });
    expect(swimMessages.facts('PingReq', { target: 2, updates: [] })).toEqual(['for S3']);
  });

  it('makes a member leave through the dispatcher, and only a member that left may join again', () => {
    const { nodes } = run(1_000_000);
    const world = { nodes, nodeCount: 8 };
    expect(resolveCommand(swimUi.commands, world, { nextValue: () => 1 }, 'swimLeave', [2])).toEqual({
      kind: 'actions',
      actions: [{ kind: 'command', node: 2, command: { type: 'leave' } }],
    });
    const join = swimUi.commands.find((c) => c.id === 'swimJoin')!;
    expect(join.scope === 'node' && join.enabled!(nodes[2]!)).toBe(false);
  });
});
