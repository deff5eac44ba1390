import { ballotFor, ballotLabel, majority, roundOf, type Ballot } from '../paxos/ballot';
import type { NodeId } from '../../kernel/protocol';
import { accept, promise } from './acceptor';
import { learn } from './learner';
import { ROUND_KEY, type Command, type MultiPaxosContext, type MultiPaxosMessage, type ServerState } from './types';

/**
 * The distinguished proposer, or leader (§3). A server whose election timer fires (it heard no
 * leader for a while) runs phase 1 once, with a new ballot, for every slot from the first it
 * has not seen chosen. With promises from a majority it leads: it proposes again, in its own
 * ballot, the highest-ballot value reported in each of those slots, fills every slot nobody
 * reported with a no-op (§3: "the leader proposes ... a special no-op command"), and from then
 * on skips phase 1: a client's command costs only phase 2 in the next free slot. It keeps its
 * followers patient with heartbeats and steps down as soon as it hears of a higher ballot.
 */

export const ELECTION_TIMER = 'election';
export const HEARTBEAT_TIMER = 'heartbeat';
/** How many unanswered proposals a heartbeat sends again (lost Accepts would leave gaps for ever). */
const RESEND_MAX = 64;

export function resetElectionTimer(state: ServerState, ctx: MultiPaxosContext): void {
  if (state.electionTimer !== null) ctx.cancelTimer(state.electionTimer);
  const { electionTimeoutMinUs, electionTimeoutMaxUs } = state.config;
  state.electionTimer = ctx.setTimer(ctx.random.int(electionTimeoutMinUs, electionTimeoutMaxUs), ELECTION_TIMER);
}

/** Phase 1a over the rest of the log, with a ballot above every one this node used or saw. */
export function becomeCandidate(state: ServerState, ctx: MultiPaxosContext): void {
  if (state.heartbeatTimer !== null) ctx.cancelTimer(state.heartbeatTimer);
  state.heartbeatTimer = null;
  state.round = Math.max(state.round, roundOf(state.promised), roundOf(state.leaderBallot)) + 1;
  ctx.durable.put(ROUND_KEY, state.round);
  state.ballot = ballotFor(state.round, state.self);
  state.role = 'candidate';
  state.leader = null;
  state.promisesFrom = [];
  state.promisedEntries = {};
  abandonRequests(state);
  ctx.observe('campaign', { ballot: state.ballot, from: state.firstUnchosen, label: ballotLabel(state.ballot, ctx.nameOf) });
  const prepare = { type: 'Prepare' as const, ballot: state.ballot, from: state.firstUnchosen };
  for (const peer of state.servers) if (peer !== state.self) ctx.send(peer, prepare);
  resetElectionTimer(state, ctx);
  const own = promise(state, ctx, prepare);
  if (own.type === 'Promise') onPromise(state, ctx, state.self, own);
}

export function onPromise(state: ServerState, ctx: MultiPaxosContext, from: NodeId, msg: Extract<MultiPaxosMessage, { type: 'Promise' }>): void {
  if (state.role !== 'candidate' || msg.ballot !== state.ballot || state.promisesFrom.includes(from)) return;
  state.promisesFrom.push(from);
  for (const a of msg.accepted) {
    const known = state.promisedEntries[a.slot];
    if (!known || a.ballot > known.ballot) state.promisedEntries[a.slot] = { ballot: a.ballot, value: a.value };
  }
  if (state.promisesFrom.length >= majority(state.servers.length)) becomeLeader(state, ctx);
}

function becomeLeader(state: ServerState, ctx: MultiPaxosContext): void {
  state.role = 'leader';
  state.leader = state.self;
  state.leaderBallot = state.ballot;
  if (state.electionTimer !== null) ctx.cancelTimer(state.electionTimer);
  state.electionTimer = null;
  let last = state.firstUnchosen - 1;
  for (const slot of Object.keys(state.promisedEntries)) last = Math.max(last, Number(slot));
  state.nextSlot = last + 1;
  state.proposals = {};
  ctx.observe('leader', { ballot: state.ballot, label: ballotLabel(state.ballot, ctx.nameOf), from: state.firstUnchosen, to: last });
  for (let slot = state.firstUnchosen; slot <= last && state.role === 'leader'; slot++) {
    const known = state.chosen[slot] ?? state.promisedEntries[slot]?.value;
    if (known === undefined) ctx.observe('noop', { slot });
    propose(state, ctx, slot, known ?? { kind: 'noop' });
  }
  state.promisedEntries = {};
  if (state.role === 'leader') onHeartbeatTimer(state, ctx);
}

/** Phase 2a for one slot in this leader's ballot: its own acceptor first, then the others. */
export function propose(state: ServerState, ctx: MultiPaxosContext, slot: number, value: Command): void {
  if (!accept(state, ctx, state.ballot, slot, value)) return stepDown(state, ctx, state.promised);
  state.proposals[slot] = { value, acks: [state.self] };
  const msg = { type: 'Accept' as const, ballot: state.ballot, slot, value, chosenUpTo: state.firstUnchosen };
  for (const peer of state.servers) if (peer !== state.self) ctx.send(peer, msg);
  checkChosen(state, ctx, slot);
}

export function onAccepted(state: ServerState, ctx: MultiPaxosContext, from: NodeId, msg: Extract<MultiPaxosMessage, { type: 'Accepted' }>): void {
  if (state.role !== 'leader' || msg.ballot !== state.ballot) return;
  const p = state.proposals[msg.slot];
  if (!p || p.acks.includes(from)) return;
  p.acks.push(from);
  checkChosen(state, ctx, msg.slot);
}

function checkChosen(state: ServerState, ctx: MultiPaxosContext, slot: number): void {
  const p = state.proposals[slot];
  if (!p || p.acks.length < majority(state.servers.length)) return;
  delete state.proposals[slot];
  learn(state, ctx, slot, p.value);
}

/** Heartbeats, and Accepts again for proposals some acceptor has not answered. */
export function onHeartbeatTimer(state: ServerState, ctx: MultiPaxosContext): void {
  if (state.role !== 'leader') return;
  const beat = { type: 'Heartbeat' as const, ballot: state.ballot, chosenUpTo: state.firstUnchosen };
  for (const peer of state.servers) if (peer !== state.self) ctx.send(peer, beat);
  let resent = 0;
  for (const [slotKey, p] of Object.entries(state.proposals)) {
    if (resent++ >= RESEND_MAX) break;
    const slot = Number(slotKey);
    const msg = { type: 'Accept' as const, ballot: state.ballot, slot, value: p.value, chosenUpTo: state.firstUnchosen };
    for (const peer of state.servers) if (!p.acks.includes(peer)) ctx.send(peer, msg);
  }
  state.heartbeatTimer = ctx.setTimer(state.config.heartbeatIntervalUs, HEARTBEAT_TIMER);
}

/** A higher ballot exists: this node neither leads nor campaigns any more. */
export function stepDown(state: ServerState, ctx: MultiPaxosContext, higher: Ballot): void {
  const was = state.role;
  state.round = Math.max(state.round, roundOf(higher));
  state.role = 'follower';
  if (state.heartbeatTimer !== null) ctx.cancelTimer(state.heartbeatTimer);
  state.heartbeatTimer = null;
  state.proposals = {};
  state.promisesFrom = [];
  state.promisedEntries = {};
  abandonRequests(state);
  if (was !== 'follower') ctx.observe('role', { role: 'follower', ballot: higher, label: ballotLabel(higher, ctx.nameOf) });
  resetElectionTimer(state, ctx);
}

/**
 * Requests waiting on slots this node will no longer see through get no answer: their slots may
 * or may not be chosen later, and the client's retry finds out (a write applies once: learner.ts).
 */
function abandonRequests(state: ServerState): void {
  state.waiting = {};
  state.inFlight = {};
}
