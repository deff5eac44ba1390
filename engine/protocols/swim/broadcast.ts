import { retransmitLimit } from './config';
import type { SwimState, Update } from './types';

/**
 * Infection-style dissemination (§4.1): every update waits in a queue and is piggybacked on the
 * next messages this member sends, each at most λ·log n times (memberlist's
 * TransmitLimitedQueue): the least sent first, the newest first among equals, and a newer update
 * about a member replaces an older one still queued.
 */
export function queueBroadcast(state: SwimState, update: Update): void {
  state.broadcasts = state.broadcasts.filter((b) => b.update.node !== update.node);
  state.broadcasts.push({ update, transmits: 0, id: ++state.broadcastId });
}

/** Members this one knows of (dead ones included), memberlist's estNumNodes. */
export function knownMembers(state: SwimState): number {
  let n = 0;
  for (const m of state.members) if (m.status !== null) n++;
  return n;
}

/** Takes the updates for one outgoing message, counting a transmission for each. */
export function takeBroadcasts(state: SwimState): Update[] {
  if (state.broadcasts.length === 0) return [];
  const limit = retransmitLimit(state.config, knownMembers(state));
  state.broadcasts.sort((a, b) => a.transmits - b.transmits || b.id - a.id);
  const chosen = state.broadcasts.slice(0, state.config.maxPiggybacked);
  for (const b of chosen) b.transmits++;
  state.broadcasts = state.broadcasts.filter((b) => b.transmits < limit);
  return chosen.map((b) => ({ ...b.update }));
}
