import type { NodeContext, NodeId } from '../../kernel/protocol';
import { takeBroadcasts } from './broadcast';
import { bumpAwareness, suspectNode } from './membership';
import type { SwimMessage, SwimState } from './types';

/**
 * SWIM's failure detector (§3.1) with its round-robin target selection (§4.3) and Lifeguard's
 * local health (Dadgar et al. 2018, §4.1; memberlist state.go probeNode):
 *
 *   every period: ping the next member of a shuffled list; no ack within probeTimeout: ask k
 *   others to ping-req it; no ack (direct or relayed) by the period's end, which Lifeguard
 *   stretches to probeInterval · (awareness + 1): suspect it.
 *
 * Awareness falls by one after every answered probe and rises by one for every helper that did
 * not even send a nack (the helpers answer, so the target is the problem, not us), or by one
 * when there was nobody to ask.
 */
type Ctx = NodeContext<SwimMessage>;

const probeable = (state: SwimState, node: NodeId) => {
  const s = state.members[node]?.status;
  return node !== state.self && (s === 'alive' || s === 'suspect');
};

/** §4.3: the next member in the shuffled list; at the end of a pass, a fresh shuffle. */
export function nextProbeTarget(state: SwimState, ctx: Ctx): NodeId | null {
  if (!state.config.roundRobin) {
    const candidates = state.members.flatMap((_, node) => (probeable(state, node) ? [node] : []));
    return candidates.length === 0 ? null : ctx.random.pick(candidates);
  }
  for (let tries = 0; tries < 2; tries++) {
    while (state.probeIndex < state.probeOrder.length) {
      const node = state.probeOrder[state.probeIndex++]!;
      if (probeable(state, node)) return node;
    }
    const known = state.members.flatMap((m, node) => (m.status !== null && node !== state.self ? [node] : []));
    state.probeOrder = ctx.random.shuffled(known);
    state.probeIndex = 0;
  }
  return null;
}

/** k members, alive, neither us nor the target, chosen at random (memberlist kRandomNodes). */
export function randomMembers(state: SwimState, ctx: Ctx, k: number, accept: (node: NodeId) => boolean): NodeId[] {
  const candidates = state.members.flatMap((_, node) => (node !== state.self && accept(node) ? [node] : []));
  return ctx.random.shuffled(candidates).slice(0, k);
}

/** The protocol period's tick: start a probe, or wait a period when there is nobody to probe. */
export function startProbe(state: SwimState, ctx: Ctx): void {
  const config = state.config;
  const target = nextProbeTarget(state, ctx);
  if (target === null) {
    ctx.setTimer(config.probeIntervalUs, 'probe');
    return;
  }
  const seq = ++state.seq;
  const periodUs = config.probeIntervalUs * (state.awareness + 1);
  ctx.send(target, { type: 'Ping', seq, updates: takeBroadcasts(state) });
  state.probe = {
    seq,
    target,
    incarnation: state.members[target]!.incarnation,
    startedUs: ctx.now(),
    nacksExpected: 0,
    nacks: 0,
    timeoutTimer: ctx.setTimer(config.probeTimeoutUs, 'ping timeout', { seq }),
    deadlineTimer: ctx.setTimer(periodUs, 'ack deadline', { seq }),
  };
}

/** No direct ack in time: ask k others to ping the target for us (§3.1's ping-req). */
export function probeTimedOut(state: SwimState, ctx: Ctx, seq: number): void {
  const probe = state.probe;
  if (!probe || probe.seq !== seq) return;
  const helpers = randomMembers(state, ctx, state.config.indirectChecks, (n) => n !== probe.target && state.members[n]!.status === 'alive');
  const nack = state.config.lifeguard;
  for (const helper of helpers) {
    ctx.send(helper, { type: 'PingReq', seq, target: probe.target, nack, updates: takeBroadcasts(state) });
  }
  probe.nacksExpected = nack ? helpers.length : 0;
  ctx.observe('pingReq', { target: probe.target, helpers });
}

/** The period ended without an ack: suspect the target (§4.2) and start the next period at once. */
export function probeFailed(state: SwimState, ctx: Ctx, seq: number): void {
  const probe = state.probe;
  if (!probe || probe.seq !== seq) return;
  state.probe = null;
  ctx.cancelTimer(probe.timeoutTimer);
  bumpAwareness(state, probe.nacksExpected > 0 ? Math.max(0, probe.nacksExpected - probe.nacks) : 1);
  // memberlist suspects the incarnation the probe was for: if the target refuted meanwhile,
  // its higher incarnation stands.
  const entry = state.members[probe.target]!;
  if (entry.status === 'alive' || entry.status === 'suspect') {
    suspectNode(state, ctx, { node: probe.target, incarnation: probe.incarnation, from: state.self });
  }
  ctx.setTimer(0, 'probe');
}

/** An ack for our probe, direct or relayed: the target lives; the next period starts on the beat. */
export function probeAcked(state: SwimState, ctx: Ctx, seq: number): boolean {
  const probe = state.probe;
  if (!probe || probe.seq !== seq) return false;
  state.probe = null;
  ctx.cancelTimer(probe.timeoutTimer);
  ctx.cancelTimer(probe.deadlineTimer);
  bumpAwareness(state, -1);
  ctx.setTimer(Math.max(0, probe.startedUs + state.config.probeIntervalUs - ctx.now()), 'probe');
  return true;
}

export function probeNacked(state: SwimState, seq: number): void {
  if (state.probe && state.probe.seq === seq) state.probe.nacks++;
}

/** A ping-req: ping the target with a seq of our own and remember whom to answer. */
export function relayPing(state: SwimState, ctx: Ctx, requester: NodeId, msg: { seq: number; target: NodeId; nack: boolean }): void {
  if (msg.target === state.self || !(msg.target >= 0 && msg.target < state.members.length)) return;
  const seq = ++state.seq;
  ctx.send(msg.target, { type: 'Ping', seq, updates: takeBroadcasts(state) });
  state.relays[seq] = { requester, seq: msg.seq, nack: msg.nack, timer: ctx.setTimer(state.config.probeTimeoutUs, 'relay timeout', { seq }) };
}

/** The relayed ping was answered: pass the ack on to whoever asked. Returns false if it was not a relay's. */
export function relayAcked(state: SwimState, ctx: Ctx, seq: number): boolean {
  const relay = state.relays[seq];
  if (!relay) return false;
  delete state.relays[seq];
  ctx.cancelTimer(relay.timer);
  ctx.send(relay.requester, { type: 'Ack', seq: relay.seq, updates: takeBroadcasts(state) });
  return true;
}

/** Lifeguard: the target did not answer us either; say so, so the requester knows we are fine. */
export function relayTimedOut(state: SwimState, ctx: Ctx, seq: number): void {
  const relay = state.relays[seq];
  if (!relay) return;
  delete state.relays[seq];
  if (relay.nack) ctx.send(relay.requester, { type: 'Nack', seq: relay.seq, updates: takeBroadcasts(state) });
}
