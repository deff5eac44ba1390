import type { NodeId } from '../../kernel/protocol';
import { lastIndex, membersAt, saveSnapshot, snapshotIndex, termAt } from './log';
import { becomeFollower, resetElectionTimer } from './election';
import { advanceMatch, noteAckedRound } from './replication';
import { confirmReads } from './client';
import type { RaftContext, RaftMessage, RaftState } from './types';

/**
 * Log compaction (§7 of the extended paper, Figure 12; Ongaro's thesis ch. 5). Each server
 * snapshots on its own once `snapshotThreshold` applied entries follow its last snapshot: the
 * state machine (the register) and the configuration as of its commitIndex (thesis §5.1) replace
 * the log up to there. A leader that has compacted the entries a follower needs next sends it
 * its snapshot instead, with InstallSnapshot (Figure 13), in one chunk: a register and a
 * configuration are a few bytes, so offset and done are left out.
 */

type InstallSnapshot = Extract<RaftMessage, { type: 'InstallSnapshot' }>;
type InstallSnapshotResponse = Extract<RaftMessage, { type: 'InstallSnapshotResponse' }>;

/** The other keys, as a snapshot carries them: only when there are any, so runs without keys keep their messages and hashes. */
function kvOf(kv: Record<string, number>): { kv?: Record<string, number> } {
  return Object.keys(kv).length === 0 ? {} : { kv: { ...kv } };
}

/** After applying: snapshot at commitIndex once enough applied entries piled up since the last one. */
export function maybeSnapshot(state: RaftState, ctx: RaftContext): void {
  const threshold = state.config.snapshotThreshold;
  const index = state.commitIndex;
  if (threshold === 0 || index - snapshotIndex(state) < threshold) return;
  // commitIndex is also the applied index: entries are applied the moment they commit.
  const snapshot = {
    lastIncludedIndex: index,
    lastIncludedTerm: termAt(state, index),
    value: state.appliedValue,
    ...kvOf(state.appliedKv),
    members: [...membersAt(state, index)],
  };
  saveSnapshot(state, ctx, snapshot, true, null);
}

/** The leader's side: `to` needs entries this leader no longer has (its nextIndex is inside the snapshot). */
export function sendSnapshot(state: RaftState, ctx: RaftContext, to: NodeId): void {
  const s = state.snapshot;
  // Sent every heartbeat until answered, like AppendEntries: it is as small as one.
  ctx.send(to, {
    type: 'InstallSnapshot',
    term: state.term,
    lastIncludedIndex: s.lastIncludedIndex,
    lastIncludedTerm: s.lastIncludedTerm,
    data: { value: s.value, ...kvOf(s.kv ?? {}), members: [...s.members] },
    round: state.round,
  });
}

/** The receiver implementation of Figure 13 (steps 2-4, the chunks, are one step here). */
export function handleInstallSnapshot(state: RaftState, ctx: RaftContext, from: NodeId, msg: InstallSnapshot): void {
  // Step 1: reply immediately if term < currentTerm; the stale leader learns ours.
  if (msg.term < state.term) {
    ctx.send(from, { type: 'InstallSnapshotResponse', term: state.term, matchIndex: 0, round: msg.round });
    return;
  }
  // As for AppendEntries: the sender leads this term.
  if (state.role !== 'follower') becomeFollower(state, ctx, msg.term, from);
  state.leader = from;
  state.lastLeaderContactUs = ctx.now();

  const index = msg.lastIncludedIndex;
  // A snapshot that covers nothing we have not applied (a duplicate, a late one) changes
  // nothing: what we committed is in the leader's log too, so say so.
  if (index > state.commitIndex) {
    // Step 5: save it. Step 6: if our log holds its last entry, keep what follows; step 7:
    // otherwise the log goes. Step 8: the state machine and the configuration come from it.
    const keep = index <= lastIndex(state) && termAt(state, index) === msg.lastIncludedTerm;
    const snapshot = { lastIncludedIndex: index, lastIncludedTerm: msg.lastIncludedTerm, value: msg.data.value, ...kvOf(msg.data.kv ?? {}), members: [...msg.data.members] };
    saveSnapshot(state, ctx, snapshot, keep, from);
    state.commitIndex = index;
    state.appliedValue = msg.data.value;
    state.appliedKv = { ...(msg.data.kv ?? {}) };
  }
  ctx.send(from, { type: 'InstallSnapshotResponse', term: state.term, matchIndex: state.commitIndex, round: msg.round });
  resetElectionTimer(state, ctx);
}

/** The leader learns that the follower now holds everything up to the snapshot's index. */
export function handleSnapshotResponse(state: RaftState, ctx: RaftContext, from: NodeId, msg: InstallSnapshotResponse): void {
  if (state.role !== 'leader' || msg.term !== state.term) return;
  state.lastAckUs[from] = ctx.now();
  noteAckedRound(state, from, msg.round);
  advanceMatch(state, ctx, from, msg.matchIndex);
  if (state.role === 'leader' && state.pendingReads.length > 0) confirmReads(state, ctx);
}
