import type { NodeContext, NodeId } from '../../kernel/protocol';
import { ownerOf } from './config';
import { leadFastPath, startPhase1 } from './paxos-commit';
import type { CoordinatorState, CoordinatorTxn, LoggedDecision, Outcome, TwoPcMessage, Write } from './types';

/**
 * The transaction manager of two-phase commit (Gray and Lamport, "Consensus on Transaction
 * Commit", §3; Bernstein, Hadzilacos, Goodman, "Concurrency Control and Recovery", §7.3), with
 * presumed abort (Mohan, Lindsay, Obermarck 1986):
 *
 * - Phase 1: send Prepare to every participant the transaction touches; wait for the votes.
 * - The decision: commit if and only if every participant voted yes. A no vote, or votes not
 *   all in by the vote timeout, aborts. The commit decision is forced to the log BEFORE anyone
 *   hears it: that write is the commit point.
 * - Phase 2: send the decision until every participant acknowledged it, then forget it.
 * - Presumed abort: a transaction the log does not hold (never decided, or decided before a
 *   crash wiped the memory of its votes) is answered "abort" when a participant asks.
 *
 * The blocking the lesson shows is in the participants (participant.ts): one that voted yes may
 * neither commit nor abort on its own, so while the coordinator is down it waits with its locks.
 */
type Ctx = NodeContext<TwoPcMessage>;

const decisionKey = (txid: string) => `decision:${txid}`;
const OPEN = 'open-decisions';

function openDecisions(ctx: Ctx): string[] {
  return ctx.durable.get<string[]>(OPEN) ?? [];
}

/** Forces the decision to the log (the commit point for a commit). */
function logDecision(ctx: Ctx, txid: string, decision: LoggedDecision): void {
  ctx.durable.put(decisionKey(txid), decision);
  ctx.durable.put(OPEN, [...openDecisions(ctx), txid]);
}

function forgetDecision(ctx: Ctx, txid: string): void {
  ctx.durable.delete(decisionKey(txid));
  ctx.durable.put(
    OPEN,
    openDecisions(ctx).filter((t) => t !== txid),
  );
}

export function loggedDecision(ctx: Ctx, txid: string): LoggedDecision | undefined {
  return ctx.durable.get<LoggedDecision>(decisionKey(txid));
}

export function initCoordinator(ctx: Ctx, state: CoordinatorState): void {
  state.seq = ctx.durable.get<number>('seq') ?? 0;
  // Recovery: every decision still on the log is sent again until acknowledged. Transactions
  // that were still collecting votes are gone with the memory: presumed aborted.
  const recovered = openDecisions(ctx);
  for (const txid of recovered) {
    const d = loggedDecision(ctx, txid)!;
    state.txns[txid] = {
      txid,
      opId: null,
      writes: [],
      participants: d.participants,
      votes: {},
      phase: d.outcome === 'commit' ? 'committing' : 'aborting',
      acks: [],
      startedUs: ctx.now(),
      reason: 'recovered from the log',
    };
    sendDecision(ctx, state, state.txns[txid]!);
  }
  if (ctx.now() > 0 || recovered.length > 0) ctx.observe('recover', { txids: recovered });
}

/** A client's transaction: phase 1 begins. */
export function beginTxn(ctx: Ctx, state: CoordinatorState, writes: Write[], opId: number): void {
  state.seq++;
  ctx.durable.put('seq', state.seq);
  const txid = `${ctx.nameOf(ctx.self)}.${state.seq}`;
  const participantIds = ctx.nodesOf('participant');
  const byParticipant = new Map<NodeId, Write[]>();
  for (const w of writes) {
    const owner = ownerOf(w.key, participantIds);
    byParticipant.set(owner, [...(byParticipant.get(owner) ?? []), w]);
  }
  const participants = [...byParticipant.keys()].sort((a, b) => a - b);
  if (state.config.commit === 'paxos') {
    // Paxos Commit (paxos-commit.ts): the participants send their votes to the acceptors; this
    // coordinator only leads ballot 0 and learns the outcome from the acceptors' Phase2b.
    leadFastPath(ctx, state, txid, participants, opId);
    ctx.observe('begin', { txid, participants, keys: writes.map((w) => w.key) });
    for (const p of participants) ctx.send(p, { type: 'Prepare', txid, writes: byParticipant.get(p)!, participants });
    ctx.setTimer(state.config.voteTimeoutUs, 'vote timeout', { txid });
    return;
  }
  // Cooperative termination needs the participants to know each other (whom to ask).
  const extra = state.config.cooperative ? { participants } : {};
  const txn: CoordinatorTxn = { txid, opId, writes, participants, votes: {}, phase: 'preparing', acks: [], startedUs: ctx.now(), reason: null };
  state.txns[txid] = txn;
  ctx.observe('begin', { txid, participants, keys: writes.map((w) => w.key) });
  for (const p of participants) ctx.send(p, { type: 'Prepare', txid, writes: byParticipant.get(p)!, ...extra });
  ctx.setTimer(state.config.voteTimeoutUs, 'vote timeout', { txid });
}

function decide(ctx: Ctx, state: CoordinatorState, txn: CoordinatorTxn, outcome: Outcome, reason: string): void {
  logDecision(ctx, txn.txid, { outcome, participants: txn.participants });
  txn.phase = outcome === 'commit' ? 'committing' : 'aborting';
  txn.reason = reason;
  ctx.observe('decision', { txid: txn.txid, outcome, reason, participants: txn.participants });
  if (txn.opId !== null) {
    ctx.reply(txn.opId, outcome === 'commit' ? { ok: true, txid: txn.txid, outcome: 'committed' } : { ok: false, txid: txn.txid, outcome: 'aborted', reason });
  }
  sendDecision(ctx, state, txn);
}

/** Phase 2: the decision to every participant that has not acknowledged it, again until all have. */
function sendDecision(ctx: Ctx, state: CoordinatorState, txn: CoordinatorTxn): void {
  const type = txn.phase === 'committing' ? 'Commit' : 'Abort';
  for (const p of txn.participants) if (!txn.acks.includes(p)) ctx.send(p, { type, txid: txn.txid });
  ctx.setTimer(state.config.resendUs, 'resend', { txid: txn.txid });
}

export function onVote(ctx: Ctx, state: CoordinatorState, from: NodeId, txid: string, yes: boolean): void {
  const txn = state.txns[txid];
  if (!txn) {
    // A vote for a transaction this coordinator no longer runs: its decision was forgotten after
    // every ack, or it was lost in a crash before a decision (presumed abort).
    if (yes && !loggedDecision(ctx, txid)) ctx.send(from, { type: 'Abort', txid });
    return;
  }
  if (txn.phase !== 'preparing' || !txn.participants.includes(from)) return;
  txn.votes[from] = yes;
  if (!yes) return decide(ctx, state, txn, 'abort', `${ctx.nameOf(from)} voted no`);
  if (txn.participants.every((p) => txn.votes[p] === true)) decide(ctx, state, txn, 'commit', 'every participant voted yes');
}

export function onVoteTimeout(ctx: Ctx, state: CoordinatorState, txid: string): void {
  const lead = state.leading[txid];
  if (lead?.ballot === 0 && lead.phase === 'phase2') {
    // Paxos Commit §4.2: some instance is not chosen yet; a higher ballot proposes Aborted where no vote arrived.
    const silent = lead.participants.filter((p) => lead.chosen[p] === undefined).map((p) => ctx.nameOf(p));
    return startPhase1(ctx, state, txid, lead.participants, 0, `no vote chosen from ${silent.join(', ')} in time`);
  }
  const txn = state.txns[txid];
  if (!txn || txn.phase !== 'preparing') return;
  const missing = txn.participants.filter((p) => txn.votes[p] === undefined).map((p) => ctx.nameOf(p));
  decide(ctx, state, txn, 'abort', `no vote from ${missing.join(', ')} in time`);
}

export function onAck(ctx: Ctx, state: CoordinatorState, from: NodeId, txid: string): void {
  const txn = state.txns[txid];
  if (!txn || txn.phase === 'preparing' || txn.acks.includes(from)) return;
  txn.acks.push(from);
  if (txn.participants.every((p) => txn.acks.includes(p))) {
    forgetDecision(ctx, txid);
    delete state.txns[txid];
    const outcome: Outcome = txn.phase === 'committing' ? 'commit' : 'abort';
    state.finished = [{ txid, outcome, reason: txn.reason, atUs: ctx.now() }, ...state.finished].slice(0, 8);
    ctx.observe('end', { txid, outcome });
  }
}

/** A participant in doubt asks: the log answers, or presumed abort does. */
export function onQuery(ctx: Ctx, state: CoordinatorState, from: NodeId, txid: string): void {
  const txn = state.txns[txid];
  if (txn?.phase === 'preparing') return; // still collecting votes: the decision will come
  const logged = loggedDecision(ctx, txid);
  const outcome: Outcome = logged?.outcome ?? 'abort';
  ctx.send(from, { type: outcome === 'commit' ? 'Commit' : 'Abort', txid });
}

export function onResend(ctx: Ctx, state: CoordinatorState, txid: string): void {
  const txn = state.txns[txid];
  if (txn && txn.phase !== 'preparing') sendDecision(ctx, state, txn);
}
