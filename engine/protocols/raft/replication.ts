import type { NodeId } from '../../kernel/protocol';
import { appendToLog, entryAt, findConflictByTerm, lastIndex, snapshotIndex, termAt, truncateLog } from './log';
import { hasQuorum, quorumIndex } from './quorum';
import { becomeFollower, isMember, resetElectionTimer } from './election';
import { confirmReads, replyCommitted } from './client';
import { maybeSnapshot, sendSnapshot } from './snapshot';
import type { RaftContext, RaftMessage, RaftState } from './types';

/**
 * Log replication (§5.3) and commitment (§5.4.2).
 *
 * Pacing: the leader appends client writes at once but ships them with the next heartbeat, so
 * one AppendEntries carries every entry that arrived in between (a batch per follower per
 * heartbeat instead of a message per write). It sends at once only when that shortens a wait
 * the heartbeat would not: a follower that rejected (back off and probe again) or is more than
 * a full batch behind (stream the next batch), and its first round as leader. nextIndex moves
 * forward only on a success, so a lost message costs one heartbeat and no bookkeeping.
 */

type AppendEntries = Extract<RaftMessage, { type: 'AppendEntries' }>;
type AppendEntriesResponse = Extract<RaftMessage, { type: 'AppendEntriesResponse' }>;

/**
 * Sends `to` the entries from its nextIndex on (at most maxEntriesPerAppend), or a heartbeat;
 * or the snapshot, when the entries it needs next were compacted away (§7).
 */
export function sendAppend(state: RaftState, ctx: RaftContext, to: NodeId): void {
  const base = snapshotIndex(state);
  if (state.nextIndex[to]! <= base) return sendSnapshot(state, ctx, to);
  const prevLogIndex = state.nextIndex[to]! - 1;
  const end = Math.min(lastIndex(state), prevLogIndex + state.config.maxEntriesPerAppend);
  const msg: AppendEntries = {
    type: 'AppendEntries',
    term: state.term,
    prevLogIndex,
    prevLogTerm: termAt(state, prevLogIndex),
    // A slice of the log, never the log: the receiver keeps the array it gets.
    entries: end > prevLogIndex ? state.log.slice(prevLogIndex - base, end - base) : [],
    leaderCommit: state.commitIndex,
    round: state.round,
  };
  // Handed over, not copied (kernel/hand-over.ts): a fresh message and slice, and entries are
  // never changed once made.
  ctx.send(to, msg, true);
}

/** One round to every other member: replication and heartbeat at once (§5.2, §5.3). */
export function bcastAppend(state: RaftState, ctx: RaftContext): void {
  state.round++;
  for (const peer of state.members) {
    if (peer !== state.self) sendAppend(state, ctx, peer);
  }
}

/** The heartbeat timer: step down if cut off from a majority, else send the next round. */
export function onHeartbeat(state: RaftState, ctx: RaftContext): void {
  if (state.role !== 'leader') return;
  // Check-quorum: a leader that has not heard from a majority for a whole election timeout
  // steps down, so it neither serves stale reads nor holds followers in its Pre-Vote lease.
  const since = ctx.now() - state.config.electionTimeoutMaxUs;
  if (state.config.checkQuorum && !hasQuorum(state.members, (id) => id === state.self || state.lastAckUs[id]! >= since)) {
    becomeFollower(state, ctx, state.term, null);
    return;
  }
  bcastAppend(state, ctx);
  state.heartbeatTimer = ctx.setTimer(state.config.heartbeatIntervalUs, 'heartbeat');
}

/** The receiver implementation of AppendEntries, Figure 2 steps 1-5. */
export function handleAppendEntries(state: RaftState, ctx: RaftContext, from: NodeId, msg: AppendEntries): void {
  if (msg.term < state.term) {
    // Step 1: a stale leader learns our term from the answer and steps down.
    ctx.send(from, reject(state, msg, 0, 0), true);
    return;
  }
  // Same term: the sender won this term's election. A candidate yields to it (§5.2).
  if (state.role !== 'follower') becomeFollower(state, ctx, msg.term, from);
  state.leader = from;
  state.lastLeaderContactUs = ctx.now();

  let prev = msg.prevLogIndex;
  let entries = msg.entries;
  const base = snapshotIndex(state);
  const intoSnapshot = prev < base;
  if (intoSnapshot) {
    // A late message reaching into our snapshot. What the snapshot covers is committed, so the
    // leader's log holds it too (Leader Completeness): skip those entries; the logs then match
    // at the snapshot's last index (etcd answers such a message with its commit index).
    entries = entries.slice(Math.min(entries.length, base - prev));
    prev = base;
  }
  if (!intoSnapshot && (prev > lastIndex(state) || termAt(state, prev) !== msg.prevLogTerm)) {
    // Step 2: the consistency check failed. Hint the last index that may still match: the
    // largest one whose term is not above prevLogTerm (etcd's findConflictByTerm).
    const hintIndex = findConflictByTerm(state, Math.min(prev, lastIndex(state)), msg.prevLogTerm);
    ctx.send(from, reject(state, msg, hintIndex, termAt(state, hintIndex)), true);
  } else {
    // Steps 3-4: skip entries we already have, cut at the first conflict, append the rest.
    // A stale or duplicated message thus never removes anything that matches.
    let i = 0;
    for (; i < entries.length; i++) {
      const index = prev + 1 + i;
      if (index > lastIndex(state)) break;
      if (termAt(state, index) !== entries[i]!.term) {
        truncateLog(state, ctx, index);
        break;
      }
    }
    if (i < entries.length) appendToLog(state, ctx, i === 0 ? entries : entries.slice(i));
    // Step 5: commit up to the last entry this message proved to match, not beyond: entries
    // after it may be stale leftovers of an older term.
    const matchIndex = prev + entries.length;
    const commit = Math.min(msg.leaderCommit, matchIndex);
    if (commit > state.commitIndex) advanceCommit(state, ctx, commit);
    ctx.send(from, { type: 'AppendEntriesResponse', term: state.term, success: true, matchIndex, round: msg.round }, true);
  }
  resetElectionTimer(state, ctx);
}

function reject(state: RaftState, msg: AppendEntries, hintIndex: number, hintTerm: number): AppendEntriesResponse {
  return {
    type: 'AppendEntriesResponse',
    term: state.term,
    success: false,
    rejectedIndex: msg.prevLogIndex,
    hintIndex,
    hintTerm,
    round: msg.round,
  };
}

export function handleAppendResponse(state: RaftState, ctx: RaftContext, from: NodeId, msg: AppendEntriesResponse): void {
  if (state.role !== 'leader' || msg.term !== state.term) return;
  state.lastAckUs[from] = ctx.now();
  noteAckedRound(state, from, msg.round);
  if (msg.success) {
    advanceMatch(state, ctx, from, msg.matchIndex);
  } else if (msg.rejectedIndex === state.nextIndex[from]! - 1) {
    // etcd's MaybeDecrTo: back off to just after the hinted agreement point, never below what
    // is known to match. A rejection of an older probe (rejectedIndex differs) is stale.
    const probe = msg.hintTerm > 0 ? findConflictByTerm(state, msg.hintIndex, msg.hintTerm) : msg.hintIndex;
    state.nextIndex[from] = Math.max(Math.min(msg.rejectedIndex, probe + 1), state.matchIndex[from]! + 1);
    if (isMember(state, from)) sendAppend(state, ctx, from);
  }
  if (state.role === 'leader' && state.pendingReads.length > 0) confirmReads(state, ctx);
}

/** A follower's log is known to match ours up to `matchIndex` (an AppendEntries or InstallSnapshot succeeded). */
export function advanceMatch(state: RaftState, ctx: RaftContext, from: NodeId, matchIndex: number): void {
  if (matchIndex > state.matchIndex[from]!) {
    state.matchIndex[from] = matchIndex;
    // Only a match beyond commitIndex can move it.
    if (matchIndex > state.commitIndex) maybeCommit(state, ctx);
  }
  if (state.nextIndex[from]! <= state.matchIndex[from]!) state.nextIndex[from] = state.matchIndex[from]! + 1;
  // Far behind (a restarted or new server): stream full batches instead of one per heartbeat.
  if (state.role === 'leader' && isMember(state, from) && lastIndex(state) - state.matchIndex[from]! >= state.config.maxEntriesPerAppend) {
    sendAppend(state, ctx, from);
  }
}

/**
 * §5.4.2: the leader commits the highest index stored on a majority, but only if that entry is
 * of its own term; earlier entries are then committed with it (Figure 8 shows why counting
 * replicas of an older term's entry is not enough).
 */
export function maybeCommit(state: RaftState, ctx: RaftContext): boolean {
  const self = state.self;
  const index = quorumIndex(state.members, (id) => (id === self ? lastIndex(state) : state.matchIndex[id]!));
  if (index <= state.commitIndex || termAt(state, index) !== state.term) return false;
  advanceCommit(state, ctx, index);
  return true;
}

/** The state machine: the register `x`, or another key of the store. */
export function applyWrite(state: RaftState, entry: { value: number; key?: string }): void {
  if (entry.key === undefined || entry.key === DEFAULT_KEY) state.appliedValue = entry.value;
  else state.appliedKv[entry.key] = entry.value;
}

/** What the state machine holds for `key` (absent: the register `x`). */
export function appliedAt(state: RaftState, key: string | undefined): number | null {
  return key === undefined || key === DEFAULT_KEY ? state.appliedValue : (state.appliedKv[key] ?? null);
}

/** The key a command without one addresses (engine/check/client-history.ts reads it so too). */
export const DEFAULT_KEY = 'x';

/** Moves commitIndex forward and applies the newly committed entries to the register. */
export function advanceCommit(state: RaftState, ctx: RaftContext, index: number): void {
  for (let i = state.commitIndex + 1; i <= index; i++) {
    const entry = entryAt(state, i)!;
    if (entry.kind === 'write') applyWrite(state, entry);
  }
  state.commitIndex = index;
  ctx.observe('commit', { index, term: termAt(state, index) }, true);
  maybeSnapshot(state, ctx);
  if (state.role !== 'leader') return;
  replyCommitted(state, ctx);
  // Thesis §4.2.2: a leader removed from the configuration steps down once that is committed.
  const configIndex = state.configIndices[state.configIndices.length - 1] ?? 0;
  if (!isMember(state) && configIndex <= index) becomeFollower(state, ctx, state.term, null);
}

/**
 * A peer answered broadcast round `round`. Only rounds of this term count (readAcksThisTermOnly):
 * a rejection of the previous term's AppendEntries carries the follower's new term, which may be
 * this leader's, but proves nothing about the leadership a ReadIndex read needs.
 */
export function noteAckedRound(state: RaftState, from: NodeId, round: number): void {
  if (round >= state.firstRoundOfTerm && round > state.ackedRound[from]!) state.ackedRound[from] = round;
}
