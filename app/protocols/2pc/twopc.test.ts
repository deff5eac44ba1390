import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kindsOf, scenarioLayout } from '../../../engine/kernel/topology';
import type { TraceEvent } from '../../../engine/kernel/trace';
import { twoPc } from '../../../engine/protocols/2pc/twopc';
import { InProcessRunner } from '../../../engine/runner/inprocess';
import { parseScenario } from '../../../engine/scenario/schema';
import { resolveCommand } from '../../commands/dispatch';
import { describeTrace } from '../../narrate/describer';
import { nodeStatesOf } from '../../store/node-states';
import { useSim } from '../../store/store';
import { twoPcUi } from './index';
import { twoPcMessages } from './messages';
import { twoPcLook } from './node';
import { asTwoPcView } from './view';

/** The built-in "2pc-blocks" run up to `untilUs`: TM1 (node 3) crashes at 1.516 s, in the middle of TM1.2. */
function run(untilUs: number) {
  const scenario = parseScenario(JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'public', 'scenarios', '2pc-blocks.json'), 'utf8')));
  const layout = scenarioLayout(scenario, kindsOf(twoPc));
  // The page names nodes by the running scenario's topology (TM1, P1), as the session sets it.
  useSim.setState({ topology: layout });
  const trace: TraceEvent[] = [];
  const runner = new InProcessRunner(scenario, { sink: (e) => trace.push(e) });
  runner.runUntil(untilUs);
  return { trace, nodes: nodeStatesOf(runner) };
}

describe("two-phase commit's view", () => {
  it('reads views defensively', () => {
    expect(asTwoPcView(null)).toBeNull();
    expect(asTwoPcView({ role: 'judge' })).toBeNull();
    const c = asTwoPcView({ role: 'coordinator', txns: [{ txid: 'TM1.1', phase: 'weird', votes: [true, 'x'], participants: [0, 'a'] }], finished: 'no' });
    expect(c).toEqual({
      role: 'coordinator',
      txns: [{ txid: 'TM1.1', phase: 'preparing', participants: [0], votes: [true, null], acks: [], keys: [], startedUs: 0, reason: null }],
      finished: [],
    });
    const p = asTwoPcView({ role: 'participant', locks: { k1: 'TM1.1', k2: 3 }, data: { k1: { value: 'x' } } });
    expect(p).toMatchObject({ role: 'participant', locks: { k1: 'TM1.1' }, data: {}, prepared: [] });
  });

  it('names the blocked participants while the coordinator is down: "P1, participant, in doubt about TM1.2, holds locks on k1"', () => {
    const { nodes } = run(3_000_000);
    expect(twoPcLook(nodes[0], nodes)).toEqual({ tone: 'tpc-doubt', label: 'P1, participant, in doubt about TM1.2, holds locks on k1' });
    expect(twoPcLook(nodes[1], nodes).label).toBe('P2, participant, in doubt about TM1.2, holds locks on k2');
    expect(twoPcLook(nodes[2], nodes)).toEqual({ tone: 'tpc-ready', label: 'P3, participant, no locks held, 1 keys stored' });
    expect(twoPcLook(nodes[3], nodes)).toEqual({ tone: 'down', label: 'TM1, crashed' });
  });

  it('after the coordinator returns, the doubt ends in an abort and the next transaction commits', () => {
    const { nodes, trace } = run(8_000_000);
    expect(twoPcLook(nodes[0], nodes).tone).toBe('tpc-ready');
    expect(twoPcLook(nodes[3], nodes)).toEqual({ tone: 'tpc-coordinator', label: 'TM1, coordinator, no open transactions' });
    const lines = describeTrace(trace, twoPcUi.narrator).filter((l) => l.importance === 'major').map((l) => l.text);
    expect(lines.some((t) => /^P1 hears TM1's Abort; it aborts TM1\.2 \(releases k1 after 4\.\d+ s in doubt\)$/.test(t)), lines.join('\n')).toBe(true);
    expect(lines.some((t) => /decides to commit TM1\.2/.test(t))).toBe(false);
    expect(lines.some((t) => /^TM1 counts P\d's vote; it decides to commit TM1\.3 \(every participant voted yes\)$/.test(t))).toBe(true);
  });

  it('says what a message carries', () => {
    expect(twoPcMessages.details('Prepare', { txid: 'TM1.4', writes: [{ key: 'k1', value: 3 }] })).toEqual(['transaction TM1.4', 'writes k1=3']);
    expect(twoPcMessages.glyph('Vote', { yes: false })).toMatchObject({ shape: 'circle', mark: 'cross' });
    expect(twoPcMessages.facts('Vote', { txid: 'TM1.4', yes: true })).toEqual(['TM1.4', 'yes']);
  });

  it('sends a transaction from the coordinator only', () => {
    const { nodes } = run(1_000_000);
    const world = { nodes, nodeCount: 4 };
    expect(resolveCommand(twoPcUi.commands, world, { nextValue: () => 7 }, 'tpcTransaction', [3])).toEqual({
      kind: 'actions',
      actions: [{ kind: 'command', node: 3, command: { type: 'txn', writes: [{ key: 'k1', value: 7 }, { key: 'k2', value: 7 }] } }],
    });
    const command = twoPcUi.commands.find((c) => c.id === 'tpcTransaction')!;
    expect(command.scope === 'node' && command.enabled!(nodes[0]!)).toBe(false);
  });
});
