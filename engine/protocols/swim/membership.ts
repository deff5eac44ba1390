import type { NodeContext, NodeId } from '../../kernel/protocol';
import { knownMembers, queueBroadcast } from './broadcast';
import { suspicionTimeoutUs } from './config';
import { suspicionRemainingUs } from './suspicion';
import type { MemberStatus, MemberSummary, SwimMessage, SwimState, Update } from './types';

/**
 * The membership list and SWIM's rules for rumours (§4.2, with memberlist's state.go):
 *
 * - Alive{M, i} replaces what a member holds about M only if i is higher (or M was unknown).
 * - Suspect{M, i} replaces Alive{M, j} when i >= j, and confirms a suspicion of the same i.
 * - Dead{M, i} (SWIM's Confirm) replaces Alive or Suspect when i >= j; once dead, only an
 *   Alive of a higher incarnation brings M back.
 * - A member that hears itself suspected or declared dead refutes it: it raises its own
 *   incarnation above the accusation and spreads Alive (§4.2).
 */
type Ctx = NodeContext<SwimMessage>;

/** Records a change of this member's view of `node` (monitors and the page read these). */
function setEntry(state: SwimState, ctx: Ctx, node: NodeId, status: MemberStatus, incarnation: number, from?: NodeId): void {
  const entry = state.members[node]!;
  const wasKnown = entry.status !== null;
  entry.status = status;
  entry.incarnation = incarnation;
  entry.sinceUs = ctx.now();
  ctx.observe(status, { subject: node, incarnation, ...(from !== undefined ? { from } : {}) });
  // §4.3: a member that joins goes into the probe list at a random place.
  if (!wasKnown && node !== state.self && !state.probeOrder.includes(node)) {
    state.probeOrder.splice(ctx.random.int(0, state.probeOrder.length), 0, node);
  }
}

function cancelSuspicion(state: SwimState, ctx: Ctx, node: NodeId): void {
  const s = state.suspicions[node];
  if (s) ctx.cancelTimer(s.timer);
  state.suspicions[node] = null;
}

/** Raises this member's incarnation above `accused` and spreads it (§4.2's refutation). */
export function refute(state: SwimState, ctx: Ctx, accused: number, why: 'refute' | 'join'): void {
  state.incarnation = Math.max(state.incarnation, accused) + 1;
  ctx.durable.put('incarnation', state.incarnation);
  state.members[state.self]!.incarnation = state.incarnation;
  ctx.observe(why, { incarnation: state.incarnation });
  queueBroadcast(state, { kind: 'alive', node: state.self, incarnation: state.incarnation });
  // Lifeguard §4.1: being suspected hints that this member is the slow one.
  if (why === 'refute') bumpAwareness(state, 1);
}

export function bumpAwareness(state: SwimState, delta: number): void {
  if (!state.config.lifeguard) return;
  state.awareness = Math.min(state.config.awarenessMaxMultiplier - 1, Math.max(0, state.awareness + delta));
}

export function aliveNode(state: SwimState, ctx: Ctx, a: { node: NodeId; incarnation: number }): void {
  if (a.node === state.self) {
    // Only this member raises its incarnation; an Alive about it above its own means it lost count.
    if (a.incarnation > state.incarnation && !state.left) refute(state, ctx, a.incarnation, 'refute');
    return;
  }
  const entry = state.members[a.node];
  if (!entry) return;
  if (entry.status !== null && a.incarnation <= entry.incarnation) return;
  cancelSuspicion(state, ctx, a.node);
  setEntry(state, ctx, a.node, 'alive', a.incarnation);
  queueBroadcast(state, { kind: 'alive', node: a.node, incarnation: a.incarnation });
}

export function suspectNode(state: SwimState, ctx: Ctx, s: { node: NodeId; incarnation: number; from: NodeId }): void {
  const entry = state.members[s.node];
  if (!entry || entry.status === null || s.incarnation < entry.incarnation) return;
  if (s.node === state.self) {
    if (!state.left) refute(state, ctx, s.incarnation, 'refute');
    return;
  }
  const current = state.suspicions[s.node];
  if (entry.status === 'suspect' && current) {
    confirmSuspicion(state, ctx, s.node, s.incarnation, s.from);
    return;
  }
  if (entry.status !== 'alive') return;
  startSuspicion(state, ctx, s.node, s.incarnation, s.from);
}

/** memberlist's suspectNode: k = suspicionMult − 2 confirmations expected, if the group has them. */
function startSuspicion(state: SwimState, ctx: Ctx, node: NodeId, incarnation: number, from: NodeId): void {
  const config = state.config;
  const n = knownMembers(state);
  let k = config.lifeguard ? config.suspicionMult - 2 : 0;
  if (n - 2 < k) k = 0;
  const minUs = suspicionTimeoutUs(config, n);
  const maxUs = config.lifeguard ? config.suspicionMaxTimeoutMult * minUs : minUs;
  const suspicion = { incarnation, startedUs: ctx.now(), minUs, maxUs, k, confirmers: [from], timer: 0 };
  suspicion.timer = ctx.setTimer(suspicionRemainingUs(suspicion, ctx.now()), 'suspicion', { node, incarnation });
  state.suspicions[node] = suspicion;
  setEntry(state, ctx, node, 'suspect', incarnation, from);
  queueBroadcast(state, { kind: 'suspect', node, incarnation, from });
}

/** An independent accuser shortens the suspicion (Lifeguard §4.2) and is passed on. */
function confirmSuspicion(state: SwimState, ctx: Ctx, node: NodeId, incarnation: number, from: NodeId): void {
  const s = state.suspicions[node]!;
  if (incarnation !== s.incarnation || s.confirmers.length - 1 >= s.k || s.confirmers.includes(from)) return;
  s.confirmers.push(from);
  ctx.cancelTimer(s.timer);
  s.timer = ctx.setTimer(suspicionRemainingUs(s, ctx.now()), 'suspicion', { node, incarnation });
  ctx.observe('confirm', { subject: node, incarnation, from, confirmations: s.confirmers.length - 1 });
  queueBroadcast(state, { kind: 'suspect', node, incarnation, from });
}

/** The suspicion ran out unrefuted: declare the member dead (§4.2's Confirm). */
export function suspicionExpired(state: SwimState, ctx: Ctx, data: { node: NodeId; incarnation: number }): void {
  const entry = state.members[data.node];
  const s = state.suspicions[data.node];
  if (!entry || !s || entry.status !== 'suspect' || s.incarnation !== data.incarnation) return;
  deadNode(state, ctx, { node: data.node, incarnation: data.incarnation, from: state.self });
}

export function deadNode(state: SwimState, ctx: Ctx, d: { node: NodeId; incarnation: number; from: NodeId }): void {
  const entry = state.members[d.node];
  if (!entry || entry.status === null || d.incarnation < entry.incarnation) return;
  if (entry.status === 'dead' || entry.status === 'left') return;
  if (d.node === state.self) {
    // Its own leave is the one dead rumour about itself a member lets stand.
    if (!state.left) refute(state, ctx, d.incarnation, 'refute');
    return;
  }
  cancelSuspicion(state, ctx, d.node);
  setEntry(state, ctx, d.node, d.from === d.node ? 'left' : 'dead', d.incarnation, d.from);
  queueBroadcast(state, { kind: 'dead', node: d.node, incarnation: d.incarnation, from: d.from });
}

/** Applies a piggybacked rumour. */
export function applyUpdate(state: SwimState, ctx: Ctx, u: Update): void {
  if (!(u.node >= 0 && u.node < state.members.length)) return;
  if (u.kind === 'alive') aliveNode(state, ctx, u);
  else if (u.kind === 'suspect') suspectNode(state, ctx, u);
  else deadNode(state, ctx, u);
}

/** This member's list for a push-pull (memberlist sends every known member). */
export function localStates(state: SwimState): MemberSummary[] {
  const out: MemberSummary[] = [];
  state.members.forEach((m, node) => {
    if (m.status !== null) out.push({ node, status: m.status, incarnation: m.incarnation });
  });
  return out;
}

/**
 * memberlist's mergeState: a remote "dead" is only a suspicion here (the sender may be the one
 * cut off), a remote "left" is taken as said, by the member that left.
 */
export function mergeStates(state: SwimState, ctx: Ctx, from: NodeId, states: readonly MemberSummary[]): void {
  for (const r of states) {
    if (!(r.node >= 0 && r.node < state.members.length)) continue;
    if (r.status === 'alive') aliveNode(state, ctx, r);
    else if (r.status === 'left') deadNode(state, ctx, { node: r.node, incarnation: r.incarnation, from: r.node });
    else suspectNode(state, ctx, { node: r.node, incarnation: r.incarnation, from: r.node === state.self ? from : state.self });
  }
}
