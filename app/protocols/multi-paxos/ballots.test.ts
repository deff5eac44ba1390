import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../engine/kernel/trace';
import { ballotFor } from '../../../engine/protocols/paxos/ballot';
import { InProcessRunner } from '../../../engine/runner/inprocess';
import { scenarioFromFile } from '../../../engine/scenario/file';
import { ballotRows, promisedNow } from '../../views/ballots/ballot-rows';
import { multiPaxosBallotModel, multiPaxosBallotStep } from './ballots';

/** The built-in leader crash (public/scenarios/multi-paxos-leader-crash.json): S5 leads, crashes at 3 s, S4 takes over. */
function leaderCrashTrace(untilUs: number): TraceEvent[] {
  const file = 'multi-paxos-leader-crash.json';
  const { scenario } = scenarioFromFile(readFileSync(join(process.cwd(), 'public', 'scenarios', file), 'utf8'), file);
  const trace: TraceEvent[] = [];
  new InProcessRunner(scenario, { sink: (e) => trace.push(e) }).runUntil(untilUs);
  return trace;
}

let seq = 0;
const base = (at: number, node: number) => ({ at, node, incarnation: 1, seq: seq++ });
const observe = (at: number, node: number, what: string, data: Record<string, unknown>): TraceEvent => ({ kind: 'observe', ...base(at, node), what, data });
const promiseSent = (at: number, acceptor: number, to: number, ballot: number): TraceEvent => ({
  kind: 'send',
  ...base(at, acceptor),
  to,
  id: { from: acceptor, fromIncarnation: 1, fromSeq: seq },
  dueAt: at + 10,
  msg: { type: 'Promise', ballot, accepted: [] } as { type: string },
});

describe('the Multi-Paxos ballot adapter', () => {
  it('reads a campaign as a ballot its own acceptor promises, Promise messages as promises, and ignores other sends', () => {
    const b = ballotFor(1, 0);
    expect(multiPaxosBallotStep(observe(1, 0, 'campaign', { ballot: b, from: 0 }))).toEqual([
      { kind: 'start', proposer: 0, ballot: b },
      { kind: 'promise', acceptor: 0, ballot: b },
    ]);
    expect(multiPaxosBallotStep(promiseSent(2, 2, 0, b))).toEqual({ kind: 'promise', acceptor: 2, ballot: b });
    expect(multiPaxosBallotStep({ ...promiseSent(2, 2, 0, b), msg: { type: 'Heartbeat' } } as TraceEvent)).toBeNull();
    expect(multiPaxosBallotStep(observe(3, 1, 'role', { role: 'follower', ballot: b }))).toEqual({ kind: 'preempted', proposer: 1, ballot: null, by: b });
    expect(multiPaxosBallotStep(observe(3, 1, 'learned', { slot: 0, value: {} }))).toBeNull();
  });

  it('keeps a leader\'s ballot running while it collects chosen slots, until a higher ballot deposes it', () => {
    const b1 = ballotFor(1, 0);
    const b2 = ballotFor(2, 1);
    const accepted = (at: number, node: number, ballot: number, slot: number) => observe(at, node, 'accepted', { slot, ballot, value: { kind: 'noop' } });
    const rows = ballotRows(
      [
        observe(10, 0, 'campaign', { ballot: b1, from: 0 }),
        promiseSent(12, 1, 0, b1),
        observe(20, 0, 'leader', { ballot: b1, from: 0, to: -1 }),
        accepted(21, 0, b1, 0),
        accepted(25, 1, b1, 0), // slot 0 chosen: S1 and S2 of three
        accepted(26, 0, b1, 1), // slot 1: only S1, not chosen
        observe(40, 1, 'campaign', { ballot: b2, from: 1 }),
        promiseSent(42, 2, 1, b2),
        observe(50, 0, 'role', { role: 'follower', ballot: b2 }),
      ],
      multiPaxosBallotModel,
      3,
    );
    expect(rows.map((r) => r.ballots.map((s) => ({ ballot: s.ballot, outcome: s.outcome, endUs: s.endUs, by: s.by, promisedBy: s.promisedBy, chosenSlots: s.chosenSlots, acceptUs: s.acceptUs })))).toEqual([
      [{ ballot: b1, outcome: 'preempted', endUs: 50, by: b2, promisedBy: [0, 1], chosenSlots: [0], acceptUs: 20 }],
      [{ ballot: b2, outcome: 'open', endUs: null, by: null, promisedBy: [1, 2], chosenSlots: [], acceptUs: null }],
    ]);
  });

  it('draws the leader crash: S5 led until its crash with every slot but 14 chosen, S4 leads after with S1 to S4 promised', () => {
    const trace = leaderCrashTrace(3_400_000);
    const rows = ballotRows(trace, multiPaxosBallotModel, 5);
    const [s5] = rows.find((r) => r.proposer === 4)!.ballots;
    expect(s5!.outcome).toBe('abandoned'); // its crash at 3 s
    expect(s5!.endUs).toBeGreaterThanOrEqual(3_000_000);
    // The write only S1 and S2 took (slot 15) was chosen in S5's ballot, though S5 never knew it.
    expect(s5!.chosenSlots).toContain(15);
    expect(s5!.chosenSlots).not.toContain(14);
    const s4 = rows.find((r) => r.proposer === 3)!.ballots.at(-1)!;
    expect(s4.outcome).toBe('open');
    expect(s4.acceptUs).not.toBeNull();
    expect(s4.ballot).toBeGreaterThan(s5!.ballot);
    expect([...s4.promisedBy].sort()).toEqual([0, 1, 2, 3]);
    // The new leader re-proposes slot 15 and fills slot 14 with its no-op: both chosen in its ballot.
    expect(s4.chosenSlots).toEqual(expect.arrayContaining([14, 15]));
    // Whom each acceptor has promised now: the crashed S5 still its own ballot, the rest S4's.
    const promised = promisedNow(trace, multiPaxosBallotModel);
    expect(promised.get(4)).toBe(s5!.ballot);
    for (const acceptor of [0, 1, 2, 3]) expect(promised.get(acceptor)).toBe(s4.ballot);
  });
});
