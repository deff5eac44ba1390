import type { TraceEvent } from '../../../engine/kernel/trace';
import { kindOf } from '../../../engine/kernel/topology';
import { useSim } from '../../store/store';
import type { NodeState } from '../../store/types';
import type { BallotAdapter } from '../../views/ballots/BallotTimeline';
import type { BallotModel, BallotStep } from '../../views/ballots/ballot-rows';
import { asMultiPaxosView, ballotText } from './view';

/**
 * Multi-Paxos for the ballot timeline (app/views/ballots/): a row per server, a bar per ballot
 * it campaigned with (Paxos Made Simple §3: phase 1 once for every slot from the first it has
 * not seen chosen). `campaign` starts the ballot, and the server's own acceptor promises it at
 * once (leader.ts asks it first, with a round above any it saw, so it always does); every
 * Promise another acceptor sends promises it too; `leader` is its phase 2 (a majority
 * promised); `role` (back to follower) is the higher ballot that deposed or pre-empted it. An
 * acceptor's `accepted` names the ballot and slot, so a majority of them chooses that slot in
 * that ballot. A leader's ballot does not end when a slot is chosen: it runs, collecting chosen
 * slots, until a higher ballot passes it. Duelling leaders read as rows of ballots taking turns,
 * each deposed after few or no slots, and the summary names whom each acceptor promised now.
 */
export function multiPaxosBallotStep(e: TraceEvent): BallotStep | readonly BallotStep[] | null {
  if (e.kind === 'crash') return { kind: 'down', node: e.node };
  if (e.kind === 'send') {
    const msg = e.msg as { type: string; ballot?: unknown };
    return msg.type === 'Promise' && typeof msg.ballot === 'number' ? { kind: 'promise', acceptor: e.node, ballot: msg.ballot } : null;
  }
  if (e.kind !== 'observe' || !e.data) return null;
  const ballot = e.data.ballot;
  if (typeof ballot !== 'number') return null;
  switch (e.what) {
    case 'campaign':
      return [
        { kind: 'start', proposer: e.node, ballot },
        { kind: 'promise', acceptor: e.node, ballot },
      ];
    case 'leader':
      return { kind: 'phase2', ballot, value: null };
    case 'role':
      return e.data.role === 'follower' ? { kind: 'preempted', proposer: e.node, ballot: null, by: ballot } : null;
    case 'accepted':
      return typeof e.data.slot === 'number' ? { kind: 'accepted', acceptor: e.node, ballot, slot: e.data.slot } : null;
    default:
      return null;
  }
}

export const multiPaxosBallotModel: BallotModel = { stepOf: multiPaxosBallotStep, endsWhenChosen: false };

/** The servers (the topology's kind "server"; clients run no ballots and accept nothing). */
function servers(nodes: readonly NodeState[]): number[] {
  const topology = useSim.getState().topology;
  return nodes.filter((n) => (topology ? kindOf(topology, n.id) === 'server' : asMultiPaxosView(n.view)?.kind !== 'client')).map((n) => n.id);
}

export const multiPaxosBallots: BallotAdapter = {
  model: multiPaxosBallotModel,
  acceptorCount: (nodes) => servers(nodes).length,
  // Five servers' rows would squeeze the chart at 1280x720: a server gets a row while a ballot
  // of its is in view (the leader's runs as long as it leads).
  proposers: () => [],
  ballotText,
};
