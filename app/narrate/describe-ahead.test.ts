import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../engine/kernel/trace';
import { InProcessRunner } from '../../engine/runner/inprocess';
import { defaultScenario } from '../../engine/scenario/schema';
import { protocolUi } from '../protocols/registry';
import { describeTrace, IncrementalDescriber } from './describer';

/**
 * The event log describes a big trace (a link opened late hands it 20,000 events at once) in
 * slices between frames (`describeAhead`), then `update` does the rest: the lines must be those
 * `describeTrace` writes for the whole trace, wherever the slices fall, and whether the trace
 * grows or starts over meanwhile.
 */
describe('IncrementalDescriber.describeAhead', () => {
  const narrator = protocolUi('raft').narrator;
  // A real run with an election, a crash and re-election, a cut link, a restart and client writes.
  const events: TraceEvent[] = [];
  const scenario = defaultScenario({
    protocol: 'raft',
    nodes: 5,
    seed: 3,
    timeline: [
      { at: 1_800_000, action: { kind: 'crash', node: 4 }, by: 'user' },
      { at: 2_050_000, action: { kind: 'cut', from: 1, to: 2, oneWay: true }, by: 'user' },
      { at: 2_200_000, action: { kind: 'restart', node: 4 }, by: 'user' },
      { at: 2_400_000, action: { kind: 'command', node: 0, command: { type: 'write', value: 1001 } }, by: 'user' },
    ],
  });
  new InProcessRunner(scenario, { sink: (e) => events.push(e) }).runUntil(3_000_000);

  it.each([1, 7, 100, 1_000])('in slices of %i events, says exactly what describeTrace says', (most) => {
    const inc = new IncrementalDescriber(narrator);
    let slices = 0;
    while (inc.describeAhead(events, most)) slices++;
    expect(slices).toBeGreaterThan(most < 1_000 ? 5 : 0);
    expect(inc.backlog(events)).toBeLessThan(events.length);
    const lines = inc.update(events);
    expect(lines).toEqual(describeTrace(events, narrator));
    expect(lines.some((l) => l.text.startsWith('The user crashed S5'))).toBe(true);
    expect(inc.backlog(events)).toBe(0);
  });

  it('goes on when the trace grows between slices, and starts over when it no longer extends', () => {
    const inc = new IncrementalDescriber(narrator);
    const half = events.slice(0, Math.floor(events.length / 2));
    inc.describeAhead(half, 300);
    inc.describeAhead(half, 300);
    expect(inc.update(half)).toEqual(describeTrace(half, narrator));
    // Grown: described ahead from where it stood.
    while (inc.describeAhead(events, 500));
    expect(inc.update(events)).toEqual(describeTrace(events, narrator));
    // Another trace, starting later (a link opened mid-run): from scratch, mid-run.
    const cut = structuredClone(events.filter((e) => e.at >= 2_000_000));
    while (inc.describeAhead(cut, 250));
    expect(inc.update(cut)).toEqual(describeTrace(cut, narrator, { startsMidRun: true }));
  });

  it.each(['swim', 'pbft', 'multi-paxos', 'dynamo'])('says what describeTrace says in slices for %s too', (protocol) => {
    const trace: TraceEvent[] = [];
    new InProcessRunner(defaultScenario({ protocol, nodes: 5, seed: 2 }), { sink: (e) => trace.push(e) }).runUntil(2_000_000);
    const own = protocolUi(protocol).narrator;
    const inc = new IncrementalDescriber(own);
    while (inc.describeAhead(trace, 97));
    expect(inc.update(trace)).toEqual(describeTrace(trace, own));
  });

  it('leaves the last instant to update (more of it may still come)', () => {
    const inc = new IncrementalDescriber(narrator);
    while (inc.describeAhead(events, 10_000));
    const lastAt = events[events.length - 1]!.at;
    expect(inc.backlog(events)).toBe(events.filter((e) => e.at === lastAt).length);
  });
});
