import { describe, expect, it } from 'vitest';
import { nodeName } from '../../../engine/kernel/topology';
import type { TraceEvent } from '../../../engine/kernel/trace';
import { InProcessRunner } from '../../../engine/runner/inprocess';
import { describeTrace } from '../../narrate/describer';
import type { NodeState } from '../../store/types';
import { multiPaxosUi } from './index';
import { multiPaxosLook } from './node';
import { asMultiPaxosView, commandText } from './view';

/** A real run of the default scenario (three servers, two clients). */
function run(untilUs: number) {
  const trace: TraceEvent[] = [];
  const scenario = multiPaxosUi.defaultScenario({ seed: 7, nodes: null });
  const runner = new InProcessRunner(scenario, { sink: (e) => trace.push(e) });
  runner.runUntil(untilUs);
  const nodes: NodeState[] = runner.views().map((v) => ({
    id: v.id,
    name: nodeName(null, v.id),
    up: v.up,
    incarnation: v.incarnation,
    view: (v.view?.protocol as Record<string, unknown> | null) ?? null,
    timers: v.view?.timers ?? [],
  }));
  return { trace, nodes };
}

describe("Multi-Paxos' view", () => {
  it('reads the view defensively', () => {
    expect(asMultiPaxosView(null)).toBeNull();
    expect(asMultiPaxosView({ kind: 'other' })).toBeNull();
    const v = asMultiPaxosView({ kind: 'server', role: 'king', kv: { a: 1, b: 'x' }, slots: [{ slot: 0, state: 'chosen', value: { kind: 'noop' } }, 'junk'] })!;
    expect(v).toMatchObject({ kind: 'server', role: 'follower', kv: { a: 1 } });
    expect(v.kind === 'server' && v.slots.map((s) => commandText(s.value))).toEqual(['no-op']);
  });

  it('names a leader, its followers and the clients; narrates the election', () => {
    const { trace, nodes } = run(3_000_000);
    const looks = nodes.map((n) => multiPaxosLook(n, nodes));
    expect(looks.filter((l) => l.tone === 'leader')).toHaveLength(1);
    expect(looks.find((l) => l.tone === 'leader')!.label).toMatch(/^S\d, leader, ballot \d+\.S\d, promised \d+\.S\d, \d+ slots chosen$/);
    expect(looks.filter((l) => l.tone === 'client').map((l) => l.label.split(',')[0])).toHaveLength(2);
    const lines = describeTrace(trace, multiPaxosUi.narrator).filter((l) => l.importance === 'major').map((l) => l.text);
    expect(lines.some((t) => /runs phase 1 with ballot \d+\.S\d/.test(t))).toBe(true);
    expect(lines.some((t) => /leads with ballot \d+\.S\d/.test(t))).toBe(true);
  });
});
