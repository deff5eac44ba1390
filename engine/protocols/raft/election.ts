import type { NodeId } from '../../kernel/protocol';
import { appendToLog, isUpToDate, lastIndex, lastTerm, TERM_KEY, VOTE_KEY } from './log';
import { hasQuorum, quorumLost } from './quorum';
import { abandonClientRequests } from './client';
import { bcastAppend, maybeCommit } from './replication';
import type { RaftContext, RaftMessage, RaftState, Role } from './types';

type RequestVote = Extract<RaftMessage, { type: 'RequestVote' }>;

/**
 * Leader election (§5.2) with the voting restriction (§5.4.1) and Pre-Vote (thesis §9.6).
 * Role changes are etcd's: becomeFollower / becomePreCandidate / becomeCandidate / becomeLeader.
 */

export function isMember(state: RaftState, id: NodeId = state.self): boolean {
  return state.members.includes(id);
}

/** The index of the latest configuration entry in the log; 0 when it is the initial one. */
export function latestConfigIndex(state: RaftState): number {
  return state.configIndices[state.configIndices.length - 1] ?? 0;
}

/**
 * Whether this server starts elections. A member of its latest configuration does. Thesis
 * §4.2.2: "a server that is not part of its own latest configuration should still start new
 * elections, as it might still be needed until the Cnew entry is committed" (a leader that
 * appended its own removal and lost its leadership may hold the only copy of Cnew, and the
 * servers still in Cold may need its vote, which it must refuse them: its log is longer). It
 * does not count its own vote (quorum.ts counts members only). Once it knows that configuration
 * committed, no majority needs it: a spare (the initial configuration, index 0, is committed
 * from the start) and a server whose removal it saw committed stay quiet. Without
 * thesisMembership (format-1 scenarios) only members campaign, which can deadlock (issue 9).
 */
export function mayCampaign(state: RaftState): boolean {
  if (isMember(state)) return true;
  return state.config.thesisMembership && latestConfigIndex(state) > state.commitIndex;
}

/**
 * Re-arms the randomized election timeout (§5.2: random so that split votes are rare).
 * A server that may not campaign (see mayCampaign) gets no timer: it waits to be added, or it
 * was removed and must not disturb the cluster.
 */
export function resetElectionTimer(state: RaftState, ctx: RaftContext): void {
  if (state.electionTimer !== null) ctx.cancelTimer(state.electionTimer);
  state.electionTimer = null;
  if (state.role === 'leader' || !mayCampaign(state)) return;
  const { electionTimeoutMinUs, electionTimeoutMaxUs } = state.config;
  state.electionTimer = ctx.setTimer(ctx.random.int(electionTimeoutMinUs, electionTimeoutMaxUs), 'election');
}

/** currentTerm and votedFor are durable (Figure 2): written before any message says otherwise. */
function setTerm(state: RaftState, ctx: RaftContext, term: number): void {
  state.term = term;
  state.votedFor = null;
  ctx.durable.put(TERM_KEY, term);
  ctx.durable.put(VOTE_KEY, null);
  ctx.observe('term', { term });
}

function voteFor(state: RaftState, ctx: RaftContext, candidate: NodeId): void {
  state.votedFor = candidate;
  ctx.durable.put(VOTE_KEY, candidate);
  ctx.observe('vote', { term: state.term, for: candidate });
}

function setRole(state: RaftState, ctx: RaftContext, role: Role): void {
  if (state.role === role) return;
  state.role = role;
  ctx.observe('role', { role, term: state.term });
}

function resetVotes(state: RaftState): void {
  state.votes = Array.from({ length: state.nodeCount }, () => null);
  state.votes[state.self] = true;
}

/** Leaving leadership: no more heartbeats, and the requests waiting on this term are let go. */
function stopLeading(state: RaftState, ctx: RaftContext): void {
  if (state.role !== 'leader') return;
  if (state.heartbeatTimer !== null) ctx.cancelTimer(state.heartbeatTimer);
  state.heartbeatTimer = null;
  abandonClientRequests(state, ctx);
}

/** `keepTimer`: an election timer already running goes on running (see adoptTerm). */
export function becomeFollower(state: RaftState, ctx: RaftContext, term: number, leader: NodeId | null, keepTimer = false): void {
  if (term > state.term) setTerm(state, ctx, term);
  stopLeading(state, ctx);
  setRole(state, ctx, 'follower');
  state.leader = leader;
  if (!keepTimer || state.electionTimer === null) resetElectionTimer(state, ctx);
}

/**
 * §5.1: a message of a higher term makes us a follower of that term. Figure 2 restarts a
 * follower's election timeout only when AppendEntries arrives from the current leader or when
 * it grants a vote (both handlers do), so with keepTimerOnNewTerm a timer already running keeps
 * running. Restarting it here, as the first releases did (and etcd does), lets a candidate
 * whose log is too short to win push back, again and again, the timeout of the one server that
 * could win: without Pre-Vote a two-server cluster stayed leaderless for seconds.
 */
export function adoptTerm(state: RaftState, ctx: RaftContext, term: number, leader: NodeId | null): void {
  becomeFollower(state, ctx, term, leader, state.config.keepTimerOnNewTerm);
}

/** Pre-Vote: ask whether we could win before raising the term, so a node that was cut off and
 *  rejoins (or a removed one) cannot force the healthy cluster into a new term (thesis §9.6). */
export function becomePreCandidate(state: RaftState, ctx: RaftContext): void {
  setRole(state, ctx, 'precandidate');
  state.leader = null;
  resetVotes(state);
  resetElectionTimer(state, ctx);
  const request: Omit<Extract<RaftMessage, { type: 'PreVote' }>, 'type'> = {
    term: state.term + 1,
    lastLogIndex: lastIndex(state),
    lastLogTerm: lastTerm(state),
  };
  for (const peer of state.members) {
    if (peer !== state.self) ctx.send(peer, { type: 'PreVote', ...request });
  }
  countVotes(state, ctx);
}

/**
 * §5.2: increment currentTerm, vote for self, reset the election timer, send RequestVote.
 * `forced`: the user's forceElection, which may disrupt a healthy leader, as leadership
 * transfer does; with thesisMembership its requests carry the flag of thesis §4.2.3.
 */
export function becomeCandidate(state: RaftState, ctx: RaftContext, forced = false): void {
  setTerm(state, ctx, state.term + 1);
  voteFor(state, ctx, state.self);
  stopLeading(state, ctx);
  setRole(state, ctx, 'candidate');
  ctx.observe('election', { term: state.term });
  state.leader = null;
  resetVotes(state);
  resetElectionTimer(state, ctx);
  const request: RequestVote = { type: 'RequestVote', term: state.term, lastLogIndex: lastIndex(state), lastLogTerm: lastTerm(state) };
  if (forced && state.config.thesisMembership) request.forced = true;
  for (const peer of state.members) {
    if (peer !== state.self) ctx.send(peer, request);
  }
  countVotes(state, ctx);
}

export function becomeLeader(state: RaftState, ctx: RaftContext): void {
  if (state.electionTimer !== null) ctx.cancelTimer(state.electionTimer);
  state.electionTimer = null;
  setRole(state, ctx, 'leader');
  state.leader = state.self;
  ctx.observe('leader', { term: state.term });
  // Figure 2: nextIndex starts just after the leader's last entry, matchIndex at 0.
  const next = lastIndex(state) + 1;
  const now = ctx.now();
  state.nextIndex = state.nextIndex.map(() => next);
  state.matchIndex = state.matchIndex.map(() => 0);
  state.lastAckUs = state.lastAckUs.map(() => now);
  state.ackedRound = state.ackedRound.map(() => 0);
  if (state.config.readAcksThisTermOnly) state.firstRoundOfTerm = state.round + 1;
  else state.round = 0;
  state.pendingWrites = [];
  state.pendingReads = [];
  // §8: a no-op of its own term lets the new leader commit, and so learn what is committed.
  appendToLog(state, ctx, [{ term: state.term, kind: 'noop' }]);
  bcastAppend(state, ctx);
  state.heartbeatTimer = ctx.setTimer(state.config.heartbeatIntervalUs, 'heartbeat');
  maybeCommit(state, ctx);
}

/** The election timer fired: no leader was heard from for a whole timeout (§5.2). */
export function onElectionTimeout(state: RaftState, ctx: RaftContext): void {
  if (state.role === 'leader' || !mayCampaign(state)) return;
  if (state.config.preVote) becomePreCandidate(state, ctx);
  else becomeCandidate(state, ctx);
}

/**
 * Thesis §4.2.3, disruptive servers: "if a server receives a RequestVote request within the
 * minimum election timeout of hearing from a current leader, it does not update its term or
 * grant its vote". A removed server that never learned of its removal (the leader stops
 * sending to it at once) times out again and again; without Pre-Vote its ever higher terms
 * would depose every leader. A forced election is let through, as the thesis lets leadership
 * transfer through. Runs before the term of the request is adopted; true when it refused.
 */
export function refuseWithinLease(state: RaftState, ctx: RaftContext, from: NodeId, msg: RequestVote): boolean {
  if (!state.config.thesisMembership || msg.forced || !withinLeaderLease(state, ctx)) return false;
  ctx.send(from, { type: 'RequestVoteResponse', term: state.term, granted: false });
  return true;
}

/** This server leads, or heard from its leader within the minimum election timeout. */
function withinLeaderLease(state: RaftState, ctx: RaftContext): boolean {
  const contact = state.lastLeaderContactUs;
  return (
    state.role === 'leader' ||
    (state.leader !== null && contact !== null && ctx.now() - contact < state.config.electionTimeoutMinUs)
  );
}

export function handleRequestVote(state: RaftState, ctx: RaftContext, from: NodeId, msg: RequestVote): void {
  // A higher term was adopted before this point; a lower one is refused with ours (§5.1).
  const granted =
    msg.term === state.term &&
    (state.votedFor === null || state.votedFor === from) &&
    isUpToDate(state, msg.lastLogIndex, msg.lastLogTerm);
  if (granted) {
    if (state.votedFor !== from) voteFor(state, ctx, from);
    // Granting a vote restarts the timer: the candidate deserves a chance to win (§5.2).
    resetElectionTimer(state, ctx);
  }
  ctx.send(from, { type: 'RequestVoteResponse', term: state.term, granted });
}

/**
 * Thesis §9.6: grant a pre-vote when the candidate could win a real vote (its log is
 * up-to-date, its next term is above ours) and we have not heard from a leader within the
 * minimum election timeout. The second condition is what stops a rejoining node whose log is
 * complete (no writes happened meanwhile) from deposing a healthy leader (thesis §4.2.3).
 */
export function handlePreVote(
  state: RaftState,
  ctx: RaftContext,
  from: NodeId,
  msg: Extract<RaftMessage, { type: 'PreVote' }>,
): void {
  const granted = msg.term > state.term && !withinLeaderLease(state, ctx) && isUpToDate(state, msg.lastLogIndex, msg.lastLogTerm);
  ctx.send(from, { type: 'PreVoteResponse', term: state.term, granted });
}

export function handleVoteResponse(
  state: RaftState,
  ctx: RaftContext,
  from: NodeId,
  msg: Extract<RaftMessage, { type: 'RequestVoteResponse' | 'PreVoteResponse' }>,
): void {
  if (msg.type === 'PreVoteResponse') {
    // A voter may be in a lower term than ours: its grant still counts for our next term.
    if (state.role !== 'precandidate' || msg.term > state.term) return;
  } else if (state.role !== 'candidate' || msg.term !== state.term) {
    return;
  }
  // Votes are kept per voter, not counted: the network may duplicate a response.
  state.votes[from] = msg.granted;
  countVotes(state, ctx);
}

function countVotes(state: RaftState, ctx: RaftContext): void {
  const members = state.members;
  if (hasQuorum(members, (id) => state.votes[id] === true)) {
    if (state.role === 'precandidate') becomeCandidate(state, ctx);
    else if (state.role === 'candidate') becomeLeader(state, ctx);
  } else if (quorumLost(members, (id) => state.votes[id] === false)) {
    // Lost: wait as a follower for a leader, or for the next timeout.
    becomeFollower(state, ctx, state.term, null);
  }
}
