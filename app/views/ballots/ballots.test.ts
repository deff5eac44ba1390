import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../engine/kernel/trace';
import { ballotRows, promisedNow, type BallotModel, type BallotStep } from './ballot-rows';
import { outcomeText, promisedText } from './BallotTimeline';

/**
 * The generic ballot fold and its words, with a toy protocol whose observations name the steps
 * directly (`data.step`): what any adapter's steps do, apart from any one protocol.
 */
const toy = (endsWhenChosen: boolean): BallotModel => ({
  stepOf: (e) => (e.kind === 'observe' ? ((e.data?.steps as BallotStep[] | undefined) ?? null) : null),
  endsWhenChosen,
});
let seq = 0;
const at = (us: number, ...steps: BallotStep[]): TraceEvent => ({ kind: 'observe', at: us, node: 0, incarnation: 1, seq: seq++, what: 'toy', data: { steps } });
const text = (ballot: number) => `b${ballot}`;

describe('the generic ballot timeline', () => {
  const trace = [
    at(10, { kind: 'start', proposer: 0, ballot: 1 }, { kind: 'promise', acceptor: 0, ballot: 1 }),
    at(12, { kind: 'promise', acceptor: 1, ballot: 1 }),
    at(20, { kind: 'phase2', ballot: 1, value: null }),
    at(22, { kind: 'accepted', acceptor: 0, ballot: 1, slot: 0 }),
    at(23, { kind: 'accepted', acceptor: 1, ballot: 1, slot: 0 }),
    at(24, { kind: 'accepted', acceptor: 0, ballot: 1, slot: 1 }),
    at(25, { kind: 'learned', ballot: 1, slot: 2 }),
    at(30, { kind: 'accepted', acceptor: 2, ballot: 9, slot: 0 }), // a ballot begun before the trace: passed over
    at(40, { kind: 'start', proposer: 1, ballot: 2 }, { kind: 'promise', acceptor: 2, ballot: 2 }),
  ];

  it('ends a ballot at its first chosen value when the protocol decides one, and keeps a leader\'s running', () => {
    const [paxosLike] = ballotRows(trace, toy(true), 3);
    expect(paxosLike!.ballots[0]).toMatchObject({ outcome: 'chosen', endUs: 23, chosenSlots: [0, 2], promisedBy: [0, 1], acceptedBy: [0, 1] });
    const [leaderLike] = ballotRows(trace, toy(false), 3);
    expect(leaderLike!.ballots[0]).toMatchObject({ outcome: 'open', endUs: null, chosenSlots: [0, 2], firstChosenUs: 23, acceptUs: 20 });
    expect(outcomeText(leaderLike!.ballots[0]!, 50, { model: toy(false), ballotText: text })).toBe('leading since 0.000 s, 2 slots chosen');
  });

  it('says whom the acceptors have promised now, highest ballot first', () => {
    const promised = promisedNow(trace, toy(false));
    expect([...promised.entries()].sort()).toEqual([
      [0, 1],
      [1, 1],
      [2, 9],
    ]);
    expect(promisedText(promised, text)).toBe('Promised now: b9 by S3; b1 by S1, S2.');
    expect(promisedText(new Map(), text)).toBe('');
  });
});
