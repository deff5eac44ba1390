import type { TraceEvent } from '../../../engine/kernel/trace';
import { proposerOf } from '../../../engine/protocols/paxos/ballot';
import type { BallotAdapter } from '../../views/ballots/BallotTimeline';
import type { BallotModel, BallotStep } from '../../views/ballots/ballot-rows';
import { asPaxosView, ballotText } from './view';

/**
 * Single-decree Paxos for the ballot timeline (app/views/ballots/): its observations
 * (engine/protocols/paxos/) as ballot steps. A proposer's `prepare` starts a ballot, `propose`
 * is its phase 2 (a majority promised; the value it proposes), `preempted` a Nack's higher
 * ballot; an acceptor's `promised` and `accepted` and a learner's `learned` follow the ballot
 * they name. A ballot ends once its one value is chosen.
 */
export function paxosBallotStep(e: TraceEvent): BallotStep | null {
  if (e.kind === 'crash') return { kind: 'down', node: e.node };
  if (e.kind !== 'observe' || !e.data) return null;
  const ballot = e.data.ballot;
  if (typeof ballot !== 'number') return null;
  switch (e.what) {
    case 'prepare':
      return { kind: 'start', proposer: proposerOf(ballot), ballot };
    case 'promised':
      return { kind: 'promise', acceptor: e.node, ballot };
    case 'propose':
      return { kind: 'phase2', ballot, value: typeof e.data.value === 'number' ? e.data.value : null };
    case 'preempted':
      return { kind: 'preempted', proposer: proposerOf(ballot), ballot, by: typeof e.data.by === 'number' ? e.data.by : null };
    case 'accepted':
      return { kind: 'accepted', acceptor: e.node, ballot, slot: 0 };
    case 'learned':
      return { kind: 'learned', ballot, slot: 0 };
    default:
      return null;
  }
}

export const paxosBallotModel: BallotModel = { stepOf: paxosBallotStep, endsWhenChosen: true };

export const paxosBallots: BallotAdapter = {
  model: paxosBallotModel,
  acceptorCount: (nodes) => nodes.map((n) => asPaxosView(n.view)?.acceptorCount ?? 0).find((c) => c > 0) ?? nodes.length,
  proposers: (nodes) => nodes.filter((n) => asPaxosView(n.view)?.roles.proposer).map((n) => n.id),
  ballotText,
};
