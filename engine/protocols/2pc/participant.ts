import type { NodeContext, NodeId } from '../../kernel/protocol';
import type { Outcome, ParticipantState, PreparedTxn, TwoPcMessage, Write } from './types';

/**
 * A resource manager of two-phase commit (Gray and Lamport, §3): it holds the locks and the data
 * of its keys.
 *
 * - On Prepare it takes the write locks of the transaction's keys (no-wait: a key locked by
 *   another transaction means a no vote at once, which rules out deadlock), forces a prepared
 *   record to its disk, and votes yes. Or it votes no: a conflict, or the application refuses.
 * - Having voted yes it is *uncertain* (Bernstein et al. §7.3): it may not commit or abort on
 *   its own, since the others may have decided either way. It keeps its locks, across crashes
 *   too (rebuilt from the prepared records), and asks the coordinator again and again. This is
 *   two-phase commit's blocking: while the coordinator is down, nobody can touch those keys.
 * - On the decision it applies the writes (commit) or drops them (abort), releases the locks,
 *   remembers the outcome (a late or duplicated Prepare of a finished transaction must not
 *   prepare it again) and acknowledges.
 */
type Ctx = NodeContext<TwoPcMessage>;

const PREPARED = 'prepared';
const outcomeKey = (txid: string) => `outcome:${txid}`;
const dataKey = (key: string) => `data:${key}`;

function storedPrepared(ctx: Ctx): Record<string, PreparedTxn> {
  return ctx.durable.get<Record<string, PreparedTxn>>(PREPARED) ?? {};
}

export function initParticipant(ctx: Ctx, state: ParticipantState): void {
  // Locks are rebuilt from the prepared records: an uncertain participant keeps them across a crash.
  state.prepared = storedPrepared(ctx);
  for (const [txid, p] of Object.entries(state.prepared)) {
    for (const w of p.writes) state.locks[w.key] = txid;
    ctx.setTimer(state.config.queryUs, 'in doubt', { txid });
  }
  for (let i = 1; i <= state.config.keys; i++) {
    const stored = ctx.durable.get<{ value: number; txid: string }>(dataKey(`k${i}`));
    if (stored) state.data[`k${i}`] = stored;
  }
  const inDoubt = Object.keys(state.prepared);
  if (ctx.now() > 0) ctx.observe('recover', { txids: inDoubt, keys: Object.keys(state.locks) });
}

/**
 * Sends this participant's vote: to the coordinator (classic), or in Paxos Commit (paxos-commit.ts)
 * as ballot 0 of its own instance, straight to every acceptor, the coordinator gathering their Phase2b.
 */
function sendVote(ctx: Ctx, state: ParticipantState, coordinator: NodeId, txid: string, yes: boolean, participants: NodeId[] | undefined): void {
  if (state.config.commit !== 'paxos') return ctx.send(coordinator, { type: 'Vote', txid, yes });
  const phase2a: TwoPcMessage = { type: 'Phase2a', txid, ballot: 0, votes: [{ rm: ctx.self, prepared: yes }], participants: participants ?? [], leader: coordinator };
  for (const a of ctx.nodesOf('acceptor')) ctx.send(a, phase2a);
}

export function onPrepare(ctx: Ctx, state: ParticipantState, from: NodeId, txid: string, writes: Write[], participants?: NodeId[]): void {
  if (state.prepared[txid]) return sendVote(ctx, state, from, txid, true, participants);
  const known = ctx.durable.get<Outcome>(outcomeKey(txid));
  if (known) return sendVote(ctx, state, from, txid, known === 'commit', participants);
  const keys = writes.map((w) => w.key);
  const conflict = keys.find((k) => state.locks[k] !== undefined);
  const refuses = conflict === undefined && ctx.random.chance(state.config.refuseRate);
  if (conflict !== undefined || refuses) {
    // A no vote is a unilateral abort: this participant may forget the transaction at once.
    const reason = conflict !== undefined ? `${conflict} is locked by ${state.locks[conflict]}` : 'the application refuses';
    remember(ctx, state, txid, 'abort');
    ctx.observe('vote', { txid, yes: false, keys, reason });
    return sendVote(ctx, state, from, txid, false, participants);
  }
  for (const k of keys) state.locks[k] = txid;
  state.prepared[txid] = participants ? { coordinator: from, writes, preparedUs: ctx.now(), participants } : { coordinator: from, writes, preparedUs: ctx.now() };
  ctx.durable.put(PREPARED, state.prepared);
  ctx.observe('vote', { txid, yes: true, keys });
  sendVote(ctx, state, from, txid, true, participants);
  ctx.setTimer(state.config.queryUs, 'in doubt', { txid });
}

export function onDecision(ctx: Ctx, state: ParticipantState, from: NodeId, txid: string, outcome: Outcome): void {
  const prepared = state.prepared[txid];
  if (prepared) {
    if (outcome === 'commit') {
      for (const w of prepared.writes) {
        state.data[w.key] = { value: w.value, txid };
        ctx.durable.put(dataKey(w.key), state.data[w.key]);
      }
    }
    for (const w of prepared.writes) if (state.locks[w.key] === txid) delete state.locks[w.key];
    delete state.prepared[txid];
    ctx.durable.put(PREPARED, state.prepared);
    remember(ctx, state, txid, outcome);
    ctx.observe('decide', { txid, outcome, keys: prepared.writes.map((w) => w.key), blockedUs: ctx.now() - prepared.preparedUs });
  } else if (!ctx.durable.get<Outcome>(outcomeKey(txid))) {
    // Never prepared: only an abort can come (a commit needs this participant's yes). Remember
    // it, so that a Prepare still on its way is refused rather than locking for nothing.
    remember(ctx, state, txid, outcome);
  }
  // Only a classic coordinator waits for acks (to forget its log record); Paxos Commit's
  // acceptors keep their records, and a peer that answered an inquiry wants nothing back.
  if (state.config.commit === 'coordinator' && !ctx.nodesOf('participant').includes(from)) ctx.send(from, { type: 'Ack', txid });
}

/** Uncertain: ask the coordinator what it decided (the only one that may say). */
export function onInDoubt(ctx: Ctx, state: ParticipantState, txid: string): void {
  const prepared = state.prepared[txid];
  if (!prepared) return;
  ctx.observe('query', { txid, waitedUs: ctx.now() - prepared.preparedUs, keys: prepared.writes.map((w) => w.key) });
  if (state.config.commit === 'paxos') {
    // Paxos Commit: the acceptors know the votes; one that does not know the outcome takes over.
    for (const a of ctx.nodesOf('acceptor')) ctx.send(a, { type: 'Inquire', txid, participants: prepared.participants ?? [] });
  } else {
    ctx.send(prepared.coordinator, { type: 'Query', txid });
    // Cooperative termination (Bernstein et al. §7.4): the other participants may know, or may
    // not have voted yet and so may still abort. From the second ask on: the coordinator may
    // just be slow the first time.
    if (state.config.cooperative && ctx.now() - prepared.preparedUs > state.config.queryUs) {
      for (const p of prepared.participants ?? []) if (p !== ctx.self) ctx.send(p, { type: 'AskPeer', txid });
    }
  }
  ctx.setTimer(state.config.queryUs, 'in doubt', { txid });
}

/**
 * Cooperative termination, asked by a peer in doubt: the outcome if this participant knows it;
 * an abort if it has not voted (it may still abort unilaterally: it will vote no when the
 * Prepare comes); silence if it is itself uncertain. When every participant is uncertain, all
 * stay blocked until the coordinator returns.
 */
export function onAskPeer(ctx: Ctx, state: ParticipantState, from: NodeId, txid: string): void {
  const known = ctx.durable.get<Outcome>(outcomeKey(txid));
  if (known) return ctx.send(from, { type: known === 'commit' ? 'Commit' : 'Abort', txid });
  if (state.prepared[txid]) {
    ctx.observe('uncertain', { txid, asker: from });
    return;
  }
  remember(ctx, state, txid, 'abort');
  ctx.observe('vote', { txid, yes: false, keys: [], reason: `asked by ${ctx.nameOf(from)} before voting, aborts unilaterally` });
  ctx.send(from, { type: 'Abort', txid });
}

function remember(ctx: Ctx, state: ParticipantState, txid: string, outcome: Outcome): void {
  ctx.durable.put(outcomeKey(txid), outcome);
  state.recent = [{ txid, outcome, atUs: ctx.now() }, ...state.recent].slice(0, 8);
}
