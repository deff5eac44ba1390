import type { NodeContext, NodeId } from '../../kernel/protocol';
import { majorityOf } from './config';
import type { AcceptorRecord, AcceptorState, CoordinatorState, InstanceVote, LeaderTxn, Outcome, TwoPcMessage } from './types';

/**
 * Paxos Commit (Gray and Lamport, "Consensus on Transaction Commit", 2006, §4), the
 * `commit: 'paxos'` mode of this system. Instead of one coordinator deciding, each participant's
 * vote (Prepared or Aborted) is the value of its own Paxos instance, run by the `acceptor` nodes
 * (2F + 1 of them tolerate F crashes). The transaction commits iff every instance chose Prepared.
 *
 * - §4.1, ballot 0: a participant is the only proposer of ballot 0 of its instance, so it skips
 *   phase 1 and sends its vote straight to the acceptors (Phase2a). Each acceptor accepts (it has
 *   promised nothing higher), forces that to its disk and tells the leader (Phase2b). The leader,
 *   normally the coordinator, learns an instance chosen from a majority of Phase2b; once every
 *   instance is chosen Prepared, or one Aborted, it knows the outcome and tells everyone.
 *   Commit latency: Prepare, Phase2a, Phase2b, Commit: one message delay more than 2PC.
 * - §4.2, another leader: if the coordinator is silent (a vote timeout at the coordinator; a
 *   participant in doubt inquiring at the acceptors), a leader runs phase 1 with a higher ballot
 *   for every instance of the transaction at once (Phase1a / Phase1b), proposes for each the
 *   value with the highest ballot a promise reported, or Aborted where none did (safe: no value
 *   can have been chosen there), and runs phase 2. Any leader that learns the outcome decides.
 *   The acceptors are the leader candidates here; their takeovers are staggered by rank, and two
 *   leaders that duel are both safe (Paxos), the loser giving up on a Nack.
 *
 * Leaders keep nothing on disk: the acceptors hold every vote, so a coordinator that crashes and
 * returns has nothing to recover.
 */
type Ctx = NodeContext<TwoPcMessage>;
type Leads = CoordinatorState | AcceptorState;

/** Ballots above 0 are round * SPAN + rank: unique per leader, ordered by round first. */
const SPAN = 64;
const recordKey = (txid: string) => `acceptor:${txid}`;

/** A leader's rank: coordinators first, then acceptors (each a leader candidate). */
function rankOf(ctx: Ctx, state: Leads): number {
  if (state.role === 'coordinator') return ctx.nodesOf('coordinator').indexOf(ctx.self) % (SPAN / 2);
  return SPAN / 2 + (ctx.nodesOf('acceptor').indexOf(ctx.self) % (SPAN / 2));
}

function acceptorsOf(ctx: Ctx): readonly NodeId[] {
  return ctx.nodesOf('acceptor');
}

const tallyKey = (rm: NodeId, ballot: number, prepared: boolean) => `${rm} ${ballot} ${prepared ? 'P' : 'A'}`;

function newLeaderTxn(ballot: number, participants: NodeId[], opId: number | null, startedUs: number): LeaderTxn {
  return { ballot, phase: ballot === 0 ? 'phase2' : 'phase1', participants, promises: {}, tally: {}, chosen: {}, opId, startedUs };
}

/** The coordinator's part at a transaction's start: lead ballot 0, whose proposers are the participants. */
export function leadFastPath(ctx: Ctx, state: CoordinatorState, txid: string, participants: NodeId[], opId: number): void {
  state.leading[txid] = newLeaderTxn(0, participants, opId, ctx.now());
}

/**
 * Phase 1 for every instance of `txid` with a ballot above `above`: the recovery of §4.2.
 * `why` says what made this leader step in (for the trace and the page).
 */
export function startPhase1(ctx: Ctx, state: Leads, txid: string, participants: NodeId[], above: number, why: string): void {
  const old = state.leading[txid];
  const floor = Math.max(above, old?.ballot ?? 0);
  const round = Math.floor(floor / SPAN) + 1;
  const ballot = round * SPAN + rankOf(ctx, state);
  state.leading[txid] = newLeaderTxn(ballot, participants, old?.opId ?? null, ctx.now());
  ctx.observe('takeover', { txid, ballot, why, participants });
  for (const a of acceptorsOf(ctx)) ctx.send(a, { type: 'Phase1a', txid, ballot });
}

export function onPhase1b(ctx: Ctx, state: Leads, from: NodeId, txid: string, ballot: number, accepted: (InstanceVote & { ballot: number })[], participants: NodeId[]): void {
  const lt = state.leading[txid];
  if (!lt || lt.phase !== 'phase1' || lt.ballot !== ballot) return;
  lt.promises[from] = accepted;
  if (lt.participants.length === 0) lt.participants = participants;
  if (Object.keys(lt.promises).length < majorityOf(acceptorsOf(ctx).length)) return;
  // §4.2: per instance, the value of the highest ballot any promise reported; Aborted where none.
  const best = new Map<NodeId, { ballot: number; prepared: boolean }>();
  for (const list of Object.values(lt.promises)) {
    for (const a of list) {
      const seen = best.get(a.rm);
      if (!seen || a.ballot > seen.ballot) best.set(a.rm, { ballot: a.ballot, prepared: a.prepared });
    }
  }
  const votes = lt.participants.map((rm) => ({ rm, prepared: best.get(rm)?.prepared ?? false }));
  lt.phase = 'phase2';
  ctx.observe('propose', { txid, ballot, votes });
  for (const a of acceptorsOf(ctx)) ctx.send(a, { type: 'Phase2a', txid, ballot, votes, participants: lt.participants, leader: ctx.self });
}

export function onPhase2b(ctx: Ctx, state: Leads, from: NodeId, txid: string, ballot: number, votes: InstanceVote[]): void {
  const lt = state.leading[txid];
  if (!lt || lt.phase === 'decided') return;
  const quorum = majorityOf(acceptorsOf(ctx).length);
  for (const v of votes) {
    const key = tallyKey(v.rm, ballot, v.prepared);
    const by = (lt.tally[key] ??= []);
    if (by.includes(from)) continue;
    by.push(from);
    // A majority accepted one value in one ballot: it is chosen (Paxos Made Simple §2.3).
    if (by.length >= quorum && lt.chosen[v.rm] === undefined) lt.chosen[v.rm] = v.prepared;
  }
  const aborted = lt.participants.find((rm) => lt.chosen[rm] === false);
  if (aborted !== undefined) return decideAsLeader(ctx, state, txid, lt, 'abort', `${ctx.nameOf(aborted)}'s instance chose Aborted`);
  if (lt.participants.length > 0 && lt.participants.every((rm) => lt.chosen[rm] === true)) {
    decideAsLeader(ctx, state, txid, lt, 'commit', 'every instance chose Prepared');
  }
}

/** A higher ballot is about: this leader steps aside (whoever holds it will decide). */
export function onNack(ctx: Ctx, state: Leads, txid: string, ballot: number): void {
  const lt = state.leading[txid];
  if (!lt || lt.phase === 'decided' || ballot <= lt.ballot) return;
  lt.phase = 'preempted';
  ctx.observe('preempted', { txid, ballot: lt.ballot, by: ballot });
}

function decideAsLeader(ctx: Ctx, state: Leads, txid: string, lt: LeaderTxn, outcome: Outcome, reason: string): void {
  lt.phase = 'decided';
  ctx.observe('decision', { txid, outcome, reason, participants: lt.participants, ballot: lt.ballot });
  if (lt.opId !== null) {
    ctx.reply(lt.opId, outcome === 'commit' ? { ok: true, txid, outcome: 'committed' } : { ok: false, txid, outcome: 'aborted', reason });
  }
  const type = outcome === 'commit' ? 'Commit' : 'Abort';
  for (const p of lt.participants) ctx.send(p, { type, txid });
  for (const a of acceptorsOf(ctx)) if (a !== ctx.self) ctx.send(a, { type: 'Decided', txid, outcome });
  delete state.leading[txid];
  if (state.role === 'acceptor') learn(state, txid, outcome);
  else state.finished = [{ txid, outcome, reason, atUs: ctx.now() }, ...state.finished].slice(0, 8);
}

// ---- The acceptor (Paxos Made Simple §2.2, one record for all the instances of a transaction) ----

export function initAcceptor(ctx: Ctx, state: AcceptorState): void {
  // The records are read on demand (recordOf); a restart loses only leading and learned outcomes.
  if (ctx.now() > 0) ctx.observe('recover', { txids: [] });
}

function recordOf(ctx: Ctx, state: AcceptorState, txid: string): AcceptorRecord | undefined {
  const cached = state.records[txid];
  if (cached) return cached;
  const stored = ctx.durable.get<AcceptorRecord>(recordKey(txid));
  if (stored) state.records[txid] = stored;
  return stored;
}

function persist(ctx: Ctx, state: AcceptorState, txid: string, record: AcceptorRecord): void {
  state.records[txid] = record;
  ctx.durable.put(recordKey(txid), record);
  state.recent = [txid, ...state.recent.filter((t) => t !== txid)].slice(0, 6);
}

export function onPhase2a(ctx: Ctx, state: AcceptorState, from: NodeId, txid: string, ballot: number, votes: InstanceVote[], participants: NodeId[], leader: NodeId): void {
  const record = recordOf(ctx, state, txid) ?? { promised: -1, accepted: {}, participants, leader };
  if (ballot < record.promised) {
    if (ballot > 0) ctx.send(from, { type: 'Nack', txid, ballot: record.promised });
    return;
  }
  const accepted = { ...record.accepted };
  for (const v of votes) accepted[v.rm] = { ballot, prepared: v.prepared };
  // Forced to disk before the Phase2b: an acceptor must not forget what it accepted.
  persist(ctx, state, txid, { ...record, promised: ballot, accepted, participants: record.participants.length ? record.participants : participants });
  ctx.observe('accept', { txid, ballot, votes });
  ctx.send(ballot === 0 ? record.leader : leader, { type: 'Phase2b', txid, ballot, votes });
}

export function onPhase1a(ctx: Ctx, state: AcceptorState, from: NodeId, txid: string, ballot: number): void {
  const record = recordOf(ctx, state, txid) ?? { promised: -1, accepted: {}, participants: [], leader: from };
  if (ballot <= record.promised) return ctx.send(from, { type: 'Nack', txid, ballot: record.promised });
  persist(ctx, state, txid, { ...record, promised: ballot });
  ctx.observe('promise', { txid, ballot });
  const accepted = Object.entries(record.accepted).map(([rm, a]) => ({ rm: Number(rm), ballot: a.ballot, prepared: a.prepared }));
  ctx.send(from, { type: 'Phase1b', txid, ballot, accepted, participants: record.participants });
}

function learn(state: AcceptorState, txid: string, outcome: Outcome): void {
  state.decided[txid] = outcome;
}

export function onDecided(state: AcceptorState, txid: string, outcome: Outcome): void {
  learn(state, txid, outcome);
  delete state.leading[txid];
}

/**
 * A participant in doubt asks. An acceptor that learned the outcome answers; otherwise it steps
 * in as leader, after a pause that grows with its rank (so that usually one takes over).
 */
export function onInquire(ctx: Ctx, state: AcceptorState, from: NodeId, txid: string, participants: NodeId[]): void {
  const known = state.decided[txid];
  if (known) return ctx.send(from, { type: known === 'commit' ? 'Commit' : 'Abort', txid });
  const rank = ctx.nodesOf('acceptor').indexOf(ctx.self);
  ctx.setTimer(rank * state.config.resendUs, 'takeover', { txid, participants });
}

export function onTakeover(ctx: Ctx, state: AcceptorState, txid: string, participants: NodeId[]): void {
  if (state.decided[txid]) return;
  const lt = state.leading[txid];
  // Already leading a live attempt: let it finish (its messages may still be on their way).
  if (lt && (lt.phase === 'phase1' || lt.phase === 'phase2') && ctx.now() - lt.startedUs < 2 * state.config.resendUs) return;
  const record = recordOf(ctx, state, txid);
  startPhase1(ctx, state, txid, participants.length ? participants : (record?.participants ?? []), record?.promised ?? 0, 'a participant in doubt asked');
}
