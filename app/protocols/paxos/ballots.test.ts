import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../engine/kernel/trace';
import { ballotFor } from '../../../engine/protocols/paxos/ballot';
import { InProcessRunner } from '../../../engine/runner/inprocess';
import { scenarioFromFile } from '../../../engine/scenario/file';
import { ballotRows, promisedNow } from '../../views/ballots/ballot-rows';
import { paxosBallotModel } from './ballots';

/** The built-in duelling scenario (public/scenarios/paxos-duelling.json): duel, cure at 2 s. */
function duellingTrace(untilUs: number): TraceEvent[] {
  const file = 'paxos-duelling.json';
  const { scenario } = scenarioFromFile(readFileSync(join(process.cwd(), 'public', 'scenarios', file), 'utf8'), file);
  const trace: TraceEvent[] = [];
  new InProcessRunner(scenario, { sink: (e) => trace.push(e) }).runUntil(untilUs);
  return trace;
}

const observe = (at: number, node: number, what: string, data: Record<string, unknown>): TraceEvent => ({ kind: 'observe', at, node, incarnation: 1, seq: at, what, data });

describe('the ballot timeline model, fed by the Paxos adapter', () => {
  it('follows one ballot through prepare, accept and chosen by a majority of accepts', () => {
    const b = ballotFor(1, 0);
    const rows = ballotRows(
      [
        observe(10, 0, 'prepare', { ballot: b }),
        observe(12, 0, 'promised', { ballot: b }),
        observe(20, 2, 'promised', { ballot: b }),
        observe(30, 0, 'propose', { ballot: b, value: 7, adopted: false }),
        observe(40, 1, 'accepted', { slot: 0, ballot: b, value: 7 }),
        observe(45, 1, 'accepted', { slot: 0, ballot: b, value: 7 }), // a duplicate counts once
        observe(50, 2, 'accepted', { slot: 0, ballot: b, value: 7 }),
        observe(60, 2, 'learned', { slot: 0, ballot: b, value: 7 }),
      ],
      paxosBallotModel,
      3,
    );
    expect(rows).toEqual([
      {
        proposer: 0,
        ballots: [
          { ballot: b, proposer: 0, startUs: 10, acceptUs: 30, value: 7, endUs: 50, outcome: 'chosen', by: null, promisedBy: [0, 2], acceptedBy: [1, 2], chosenSlots: [0], firstChosenUs: 50 },
        ],
      },
    ]);
  });

  it('ends a ballot pre-empted by a higher one, abandoned by a new prepare, and at a crash', () => {
    const b1 = ballotFor(1, 0);
    const b2 = ballotFor(2, 1);
    const b3 = ballotFor(3, 0);
    const rows = ballotRows(
      [
        observe(10, 0, 'prepare', { ballot: b1 }),
        observe(12, 1, 'prepare', { ballot: b2 }),
        observe(20, 0, 'preempted', { ballot: b1, by: b2 }),
        observe(25, 1, 'prepare', { ballot: ballotFor(4, 1) }),
        observe(30, 0, 'prepare', { ballot: b3 }),
        { kind: 'crash', at: 40, node: 0, incarnation: 1, seq: 99 },
      ],
      paxosBallotModel,
      3,
    );
    expect(rows.map((r) => r.ballots.map((s) => [s.ballot, s.outcome, s.endUs, s.by]))).toEqual([
      [
        [b1, 'preempted', 20, b2],
        [b3, 'abandoned', 40, null],
      ],
      [
        [b2, 'abandoned', 25, null],
        [ballotFor(4, 1), 'open', null, null],
      ],
    ]);
  });

  it('draws the duelling scenario as a livelock: alternating pre-emptions and nothing chosen before the cure', () => {
    const rows = ballotRows(duellingTrace(1_999_000), paxosBallotModel, 3);
    expect(rows.map((r) => r.proposer)).toEqual([0, 1]); // S1 and S2; A1 proposes nothing
    const spans = rows.flatMap((r) => r.ballots).sort((a, b) => a.startUs - b.startUs);
    expect(spans.some((s) => s.outcome === 'chosen')).toBe(false);
    const preempted = spans.filter((s) => s.outcome === 'preempted');
    expect(preempted.length).toBeGreaterThanOrEqual(10);
    // Each proposer is pre-empted by the other's ballot, and the two take turns.
    for (const s of preempted) expect(s.proposer).not.toBe(s.by! % 1000);
    const turns = preempted.sort((a, b) => a.endUs! - b.endUs!).map((s) => s.proposer);
    const switches = turns.filter((p, i) => i > 0 && p !== turns[i - 1]).length;
    expect(switches).toBeGreaterThanOrEqual(turns.length / 2);
  });

  it('draws the cured scenario with exactly one chosen ballot', () => {
    const rows = ballotRows(duellingTrace(3_000_000), paxosBallotModel, 3);
    const chosen = rows.flatMap((r) => r.ballots).filter((s) => s.outcome === 'chosen');
    expect(chosen).toHaveLength(1);
    // The ballot that wins may have started just before the cure; it is chosen after it.
    expect(chosen[0]!.endUs).toBeGreaterThanOrEqual(2_000_000);
    expect(chosen[0]!.acceptUs).not.toBeNull();
    // A majority promised the chosen ballot, and every acceptor ends promised to it or above.
    expect(chosen[0]!.promisedBy.length).toBeGreaterThanOrEqual(2);
    const promised = promisedNow(duellingTrace(3_000_000), paxosBallotModel);
    expect([...promised.values()].filter((b) => b >= chosen[0]!.ballot).length).toBeGreaterThanOrEqual(2);
  });
});
