import { appendToLog, lastIndex, termAt } from './log';
import { maybeCommit } from './replication';
import type { RaftCommand, RaftContext, RaftState } from './types';

/**
 * Single-server membership changes (Ongaro's thesis §4.1): adding or removing one server at a
 * time keeps every majority of the old configuration overlapping every majority of the new, so
 * no joint consensus is needed. A configuration entry takes effect on each server as soon as it
 * is in its log (log.ts applies it), committed or not.
 */
export function proposeConfigChange(
  state: RaftState,
  ctx: RaftContext,
  command: Extract<RaftCommand, { type: 'addServer' | 'removeServer' }>,
  opId: number,
): void {
  const refuse = (error: string) => ctx.reply(opId, { ok: false, error });
  const lastConfig = state.configIndices[state.configIndices.length - 1] ?? 0;
  // One change at a time: the previous one must be committed before the next is proposed.
  if (lastConfig > state.commitIndex) return refuse('a configuration change is in progress');
  // Ongaro's 2015 correction to §4.1 (raft-dev, "bug in single-server membership changes"): a
  // leader first commits an entry of its own term, or a change from a deposed leader's term
  // could still be pending and two disjoint majorities could form.
  if (termAt(state, state.commitIndex) !== state.term) return refuse('leader not ready');

  const node = command.node;
  const present = state.members.includes(node);
  if (command.type === 'addServer' && present) return refuse(`${ctx.nameOf(node)} is already a member`);
  if (command.type === 'removeServer' && !present) return refuse(`${ctx.nameOf(node)} is not a member`);
  if (command.type === 'removeServer' && state.members.length === 1) return refuse('cannot remove the last member');

  const members =
    command.type === 'addServer'
      ? [...state.members, node].sort((a, b) => a - b)
      : state.members.filter((id) => id !== node);
  appendToLog(state, ctx, [{ term: state.term, kind: 'config', members }]);
  state.pendingWrites.push({ index: lastIndex(state), opId });
  if (command.type === 'addServer') {
    // A new server starts from nothing known: probe from the end and let the hints walk back.
    state.nextIndex[node] = lastIndex(state) + 1;
    state.matchIndex[node] = 0;
    state.ackedRound[node] = 0;
    state.lastAckUs[node] = ctx.now();
  }
  // Removing a server shrinks the majority: entries may be committed by that alone.
  maybeCommit(state, ctx);
}
