import type { NodeId } from '../../kernel/protocol';
import { answerServed } from './serve';
import type { Command, MultiPaxosContext, ServerState } from './types';

/**
 * The learner and the state machine (§3): chosen values are learned slot by slot, possibly out
 * of order, and applied in slot order to the key-value store; a slot not yet known blocks the
 * ones after it until the leader fills it (with the chosen value, or a no-op).
 */

/** How many chosen values one Chosen message carries to a learner catching up. */
export const CATCH_UP_BATCH = 64;

export function learn(state: ServerState, ctx: MultiPaxosContext, slot: number, value: Command): void {
  if (slot < state.firstUnchosen || state.chosen[slot] !== undefined) return;
  state.chosen[slot] = value;
  ctx.observe('learned', { slot, value });
  while (state.chosen[state.firstUnchosen] !== undefined) {
    const s = state.firstUnchosen;
    apply(state, ctx, s, state.chosen[s]!);
    state.firstUnchosen++;
  }
}

/** Applies one command once: a retried operation chosen in two slots takes effect in the first. */
function apply(state: ServerState, ctx: MultiPaxosContext, slot: number, command: Command): void {
  if (command.kind === 'noop') return;
  let result = state.results[command.op];
  if (result === undefined) {
    if (command.kind === 'write') {
      state.kv[command.key] = command.value;
      result = { ok: true, slot };
    } else {
      result = { ok: true, slot, value: state.kv[command.key] ?? null };
    }
    state.results[command.op] = result;
  }
  delete state.inFlight[command.op];
  answerServed(state, ctx, slot, command.op, result);
}

/**
 * The leader says every slot below `chosenUpTo` is chosen. A slot this node accepted in the
 * leader's own ballot holds the chosen value (the leader proposes one value per slot per ballot);
 * any other is asked for (CatchUp), at most once per heartbeat interval.
 */
export function learnUpTo(state: ServerState, ctx: MultiPaxosContext, leader: NodeId, ballot: number, chosenUpTo: number): void {
  for (let slot = state.firstUnchosen; slot < chosenUpTo; slot++) {
    const a = state.accepted[slot];
    if (state.chosen[slot] === undefined && a && a.ballot === ballot) learn(state, ctx, slot, a.value);
  }
  if (state.firstUnchosen >= chosenUpTo) return;
  const now = ctx.now();
  if (state.catchUpAskedUs !== null && now - state.catchUpAskedUs < state.config.heartbeatIntervalUs) return;
  state.catchUpAskedUs = now;
  ctx.send(leader, { type: 'CatchUp', from: state.firstUnchosen });
}

/** At the leader: the chosen values a learner lacks, a batch at a time. */
export function onCatchUp(state: ServerState, ctx: MultiPaxosContext, from: NodeId, since: number): void {
  const entries: { slot: number; value: Command }[] = [];
  for (let slot = Math.max(0, since); slot < state.firstUnchosen && entries.length < CATCH_UP_BATCH; slot++) {
    entries.push({ slot, value: state.chosen[slot]! });
  }
  if (entries.length > 0) ctx.send(from, { type: 'Chosen', entries });
}
