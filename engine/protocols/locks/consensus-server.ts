import type { NodeContext, NodeId, Timer } from '../../kernel/protocol';
import type { LocksConfig } from './config';
import { copyTable, tryAcquire, tryRelease, tryRenew } from './lease-table';
import { SERVER_KIND, type ConsensusServerState, type LeaseTable, type LocksMessage, type PendingReply, type Replicate } from './types';

/**
 * The lease table replicated by a small leader-based majority protocol: Raft's election
 * (§5.2, with §5.4.1's up-to-date vote rule) and replication (§5.3, committing only entries
 * of the leader's own term, §5.4.2, which a no-op at the start of each term makes possible,
 * §8). The log is kept compacted into the state it produces (§7's snapshot, one entry long):
 * a follower takes the leader's whole table, which is a few leases. A grant's fencing token is
 * the index of the entry that granted it, so tokens only grow (README "Why not Raft itself").
 */
type Ctx = NodeContext<LocksMessage>;
const TERM_KEY = 'term';
const VOTE_KEY = 'votedFor';
const STATE_KEY = 'state';

interface DurableState {
  index: number;
  stateTerm: number;
  clockUs: number;
  table: LeaseTable;
}

export function initConsensusServer(ctx: Ctx, config: LocksConfig): ConsensusServerState {
  const saved = ctx.durable.get<DurableState>(STATE_KEY);
  const state: ConsensusServerState = {
    kind: 'consensus',
    config,
    term: ctx.durable.get<number>(TERM_KEY) ?? 0,
    votedFor: ctx.durable.get<number | null>(VOTE_KEY) ?? null,
    role: 'follower',
    leader: null,
    index: saved?.index ?? 0,
    stateTerm: saved?.stateTerm ?? 0,
    clockUs: saved?.clockUs ?? 0,
    table: copyTable(saved?.table ?? {}),
    commitIndex: 0,
    votes: [],
    matchIndex: {},
    pending: [],
    electionTimer: null,
    heartbeatTimer: null,
  };
  resetElectionTimer(state, ctx);
  return state;
}

const majority = (ctx: Ctx) => Math.floor(ctx.nodesOf(SERVER_KIND).length / 2) + 1;
const peers = (ctx: Ctx) => ctx.nodesOf(SERVER_KIND).filter((id) => id !== ctx.self);

function persistTerm(state: ConsensusServerState, ctx: Ctx): void {
  ctx.durable.put(TERM_KEY, state.term);
  ctx.durable.put(VOTE_KEY, state.votedFor);
}

function persistState(state: ConsensusServerState, ctx: Ctx): void {
  ctx.durable.put(STATE_KEY, { index: state.index, stateTerm: state.stateTerm, clockUs: state.clockUs, table: state.table });
}

function resetElectionTimer(state: ConsensusServerState, ctx: Ctx): void {
  if (state.electionTimer !== null) ctx.cancelTimer(state.electionTimer);
  const { electionTimeoutMinUs: min, electionTimeoutMaxUs: max } = state.config;
  state.electionTimer = ctx.setTimer(ctx.random.int(min, max), 'election');
}

/** §5.1: a higher term makes us a follower of it. */
function adoptTerm(state: ConsensusServerState, ctx: Ctx, term: number): void {
  state.term = term;
  state.votedFor = null;
  persistTerm(state, ctx);
  becomeFollower(state, ctx, null);
}

function becomeFollower(state: ConsensusServerState, ctx: Ctx, leader: number | null): void {
  const wasLeader = state.role === 'leader';
  state.role = 'follower';
  state.leader = leader;
  // Requests waiting for a commit this server can no longer make: the clients' timeouts retry them.
  state.pending = [];
  if (state.heartbeatTimer !== null) ctx.cancelTimer(state.heartbeatTimer);
  state.heartbeatTimer = null;
  if (wasLeader) ctx.observe('steppedDown', { term: state.term });
}

function onElectionTimeout(state: ConsensusServerState, ctx: Ctx): void {
  if (state.role === 'leader') return;
  state.term++;
  state.role = 'candidate';
  state.leader = null;
  state.votedFor = ctx.self;
  state.votes = [ctx.self];
  persistTerm(state, ctx);
  ctx.observe('election', { term: state.term });
  for (const to of peers(ctx)) ctx.send(to, { type: 'RequestVote', term: state.term, lastTerm: state.stateTerm, lastIndex: state.index });
  resetElectionTimer(state, ctx);
  if (state.votes.length >= majority(ctx)) becomeLeader(state, ctx);
}

function becomeLeader(state: ConsensusServerState, ctx: Ctx): void {
  state.role = 'leader';
  state.leader = ctx.self;
  if (state.electionTimer !== null) ctx.cancelTimer(state.electionTimer);
  state.electionTimer = null;
  state.matchIndex = {};
  ctx.observe('leader', { term: state.term });
  // §8: a no-op of the new term, so that what earlier terms left uncommitted commits with it (§5.4.2).
  append(state, ctx);
  broadcast(state, ctx);
}

/** Moves the state machine one entry on, at the proposal's clock; the caller changes the table. */
function append(state: ConsensusServerState, ctx: Ctx): number {
  state.index++;
  state.stateTerm = state.term;
  state.clockUs = Math.max(state.clockUs, ctx.now());
  state.matchIndex[ctx.self] = state.index;
  return state.index;
}

function broadcast(state: ConsensusServerState, ctx: Ctx): void {
  persistState(state, ctx);
  const msg: Replicate = {
    type: 'Replicate',
    term: state.term,
    index: state.index,
    stateTerm: state.stateTerm,
    clockUs: state.clockUs,
    table: copyTable(state.table),
    commitIndex: state.commitIndex,
  };
  for (const to of peers(ctx)) ctx.send(to, msg);
  if (state.heartbeatTimer !== null) ctx.cancelTimer(state.heartbeatTimer);
  state.heartbeatTimer = ctx.setTimer(state.config.heartbeatUs, 'heartbeat');
  maybeCommit(state, ctx);
}

/** §5.3/§5.4.2: the highest index of this term a majority holds is committed; answer what waited for it. */
function maybeCommit(state: ConsensusServerState, ctx: Ctx): void {
  const held = ctx.nodesOf(SERVER_KIND).map((id) => state.matchIndex[id] ?? 0).sort((a, b) => b - a);
  const committed = held[majority(ctx) - 1] ?? 0;
  if (committed <= state.commitIndex) return;
  state.commitIndex = committed;
  const ready: PendingReply[] = [];
  const waiting: PendingReply[] = [];
  for (const p of state.pending) (p.index <= committed ? ready : waiting).push(p);
  state.pending = waiting;
  for (const p of ready) {
    const r = p.reply;
    if (r.type === 'Grant') {
      const lease = state.table[r.lock]?.lease;
      ctx.observe('granted', { lock: r.lock, client: p.client, attempt: r.attempt, token: r.token, expiresAtUs: lease?.token === r.token ? lease.expiresAtUs : null });
    } else if (r.type === 'Renewed' && r.ok) ctx.observe('renewed', { lock: r.lock, client: p.client, attempt: r.attempt });
    ctx.send(p.client, r);
  }
}

function onClientRequest(state: ConsensusServerState, ctx: Ctx, from: NodeId, msg: Extract<LocksMessage, { type: 'Acquire' | 'Renew' | 'Release' }>): void {
  if (state.role !== 'leader') {
    ctx.send(from, { type: 'NotLeader', lock: msg.lock, attempt: msg.attempt, leader: state.leader });
    return;
  }
  // Every request is an entry: its answer is given only once a majority holds the state it made.
  const index = append(state, ctx);
  const at = state.clockUs;
  let reply: PendingReply['reply'];
  if (msg.type === 'Acquire') {
    const lease = tryAcquire(state.table, msg.lock, from, msg.attempt, at, msg.ttlUs, index);
    if (lease) reply = { type: 'Grant', lock: msg.lock, attempt: msg.attempt, token: lease.token };
    else {
      const live = state.table[msg.lock]!.lease!;
      reply = { type: 'Refuse', lock: msg.lock, attempt: msg.attempt, holder: live.holder, remainingUs: live.expiresAtUs - at };
    }
  } else if (msg.type === 'Renew') {
    reply = { type: 'Renewed', lock: msg.lock, attempt: msg.attempt, ok: tryRenew(state.table, msg.lock, from, msg.attempt, at, msg.ttlUs) };
  } else {
    if (tryRelease(state.table, msg.lock, from, msg.attempt)) ctx.observe('freed', { lock: msg.lock, client: from, attempt: msg.attempt, why: 'released' });
    reply = { type: 'Released', lock: msg.lock, attempt: msg.attempt };
  }
  state.pending.push({ index, client: from, reply });
  broadcast(state, ctx);
}

export function consensusServerMessage(state: ConsensusServerState, ctx: Ctx, from: NodeId, msg: LocksMessage): void {
  switch (msg.type) {
    case 'Acquire':
    case 'Renew':
    case 'Release':
      return onClientRequest(state, ctx, from, msg);
    case 'RequestVote': {
      if (msg.term > state.term) adoptTerm(state, ctx, msg.term);
      // §5.4.1: vote only for a candidate whose state is at least as up to date as ours.
      const upToDate = msg.lastTerm > state.stateTerm || (msg.lastTerm === state.stateTerm && msg.lastIndex >= state.index);
      const granted = msg.term === state.term && (state.votedFor === null || state.votedFor === from) && upToDate;
      if (granted) {
        state.votedFor = from;
        persistTerm(state, ctx);
        resetElectionTimer(state, ctx);
      }
      ctx.send(from, { type: 'Vote', term: state.term, granted });
      return;
    }
    case 'Vote': {
      if (msg.term > state.term) return adoptTerm(state, ctx, msg.term);
      if (state.role !== 'candidate' || msg.term !== state.term || !msg.granted) return;
      if (!state.votes.includes(from)) state.votes.push(from);
      if (state.votes.length >= majority(ctx)) becomeLeader(state, ctx);
      return;
    }
    case 'Replicate': {
      if (msg.term < state.term) {
        ctx.send(from, { type: 'ReplicateAck', term: state.term, index: 0, ok: false });
        return;
      }
      if (msg.term > state.term) adoptTerm(state, ctx, msg.term);
      if (state.role !== 'follower' || state.leader !== from) becomeFollower(state, ctx, from);
      resetElectionTimer(state, ctx);
      // The leader's state supersedes ours unless ours is already as far on (a reordered older message).
      if (msg.stateTerm > state.stateTerm || (msg.stateTerm === state.stateTerm && msg.index > state.index)) {
        state.index = msg.index;
        state.stateTerm = msg.stateTerm;
        state.clockUs = msg.clockUs;
        state.table = copyTable(msg.table);
        persistState(state, ctx);
      }
      if (state.stateTerm === msg.stateTerm && state.index >= msg.commitIndex) state.commitIndex = Math.max(state.commitIndex, msg.commitIndex);
      ctx.send(from, { type: 'ReplicateAck', term: state.term, index: state.stateTerm === state.term ? state.index : 0, ok: true });
      return;
    }
    case 'ReplicateAck': {
      if (msg.term > state.term) return adoptTerm(state, ctx, msg.term);
      if (state.role !== 'leader' || msg.term !== state.term || !msg.ok) return;
      state.matchIndex[from] = Math.max(state.matchIndex[from] ?? 0, msg.index);
      maybeCommit(state, ctx);
      return;
    }
  }
}

export function consensusServerTimer(state: ConsensusServerState, ctx: Ctx, timer: Timer): void {
  if (timer.name === 'election' && timer.id === state.electionTimer) {
    state.electionTimer = null;
    onElectionTimeout(state, ctx);
  } else if (timer.name === 'heartbeat' && timer.id === state.heartbeatTimer) {
    state.heartbeatTimer = null;
    if (state.role === 'leader') broadcast(state, ctx);
  }
}

export function consensusServerView(state: ConsensusServerState): Record<string, unknown> {
  const lease = state.table.L?.lease ?? null;
  return {
    role: state.role,
    ttlUs: state.config.leaseTtlUs,
    term: state.term,
    leader: state.leader,
    index: state.index,
    commitIndex: state.commitIndex,
    holder: lease?.holder ?? null,
    expiresAtUs: lease?.expiresAtUs ?? null,
    token: lease?.token ?? null,
    counter: state.table.L?.counter ?? 0,
  };
}
