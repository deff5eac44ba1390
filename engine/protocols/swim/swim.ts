import type { NodeContext, NodeId, Protocol, Timer } from '../../kernel/protocol';
import { queueBroadcast, takeBroadcasts } from './broadcast';
import { configureSwim, type SwimConfig } from './config';
import { applyUpdate, localStates, mergeStates, refute, suspicionExpired } from './membership';
import { swimMonitors } from './monitor';
import { probeAcked, probeFailed, probeNacked, probeTimedOut, randomMembers, relayAcked, relayPing, relayTimedOut, startProbe } from './probe';
import type { MemberEntry, SwimCommand, SwimMessage, SwimState } from './types';

/**
 * SWIM (Das, Gupta, Motivala 2002) as HashiCorp memberlist runs it, with Lifeguard (Dadgar et
 * al. 2018): see README.md. This file wires the parts: the failure detector (probe.ts), the
 * membership rules (membership.ts), dissemination (broadcast.ts) and Lifeguard's suspicion
 * (suspicion.ts); it adds the periodic gossip, push-pull, joining and leaving.
 */
type Ctx = NodeContext<SwimMessage>;

/** Periodic timers carry the epoch they were set in: a leave ends an epoch, a join starts one. */
interface EpochData {
  epoch: number;
}

function startPeriodicTimers(state: SwimState & { epoch: number }, ctx: Ctx): void {
  const c = state.config;
  const epoch = state.epoch;
  // memberlist staggers each loop's first tick at random, so members do not act in lock step.
  ctx.setTimer(ctx.random.int(0, c.probeIntervalUs - 1), 'probe', { epoch });
  if (c.gossipIntervalUs > 0 && c.gossipNodes > 0) ctx.setTimer(ctx.random.int(0, c.gossipIntervalUs - 1), 'gossip', { epoch });
  if (c.pushPullIntervalUs > 0) ctx.setTimer(ctx.random.int(0, c.pushPullIntervalUs - 1), 'push-pull', { epoch });
  if (c.reconnectIntervalUs > 0) ctx.setTimer(ctx.random.int(0, c.reconnectIntervalUs - 1), 'reconnect', { epoch });
}

/** Push-pull with a random member of the topology until one answers (memberlist Join). */
function sendJoin(state: SwimState & { epoch: number }, ctx: Ctx): void {
  const others = ctx.nodes.filter((n) => n !== state.self);
  if (others.length > 0) ctx.send(ctx.random.pick(others), { type: 'PushPull', join: true, states: localStates(state) });
  ctx.setTimer(state.config.probeIntervalUs, 'join', { epoch: state.epoch });
}

function gossip(state: SwimState, ctx: Ctx): void {
  if (state.broadcasts.length === 0) return;
  const now = ctx.now();
  const targets = randomMembers(state, ctx, state.config.gossipNodes, (n) => {
    const m = state.members[n]!;
    return m.status === 'alive' || m.status === 'suspect' || (m.status === 'dead' && now - m.sinceUs <= state.config.gossipToTheDeadUs);
  });
  for (const to of targets) {
    const updates = takeBroadcasts(state);
    if (updates.length === 0) break;
    ctx.send(to, { type: 'Gossip', updates });
  }
}

export type SwimNodeState = SwimState & { epoch: number };

export const swim: Protocol<SwimNodeState, SwimMessage, SwimCommand, SwimConfig> = {
  name: 'swim',
  title: 'SWIM membership',

  configure: configureSwim,

  init(ctx, config) {
    const stored = ctx.durable.get<number>('incarnation');
    // A restart comes back with a higher incarnation than any rumour about its previous life.
    const incarnation = stored === undefined ? 0 : stored + 1;
    ctx.durable.put('incarnation', incarnation);
    // The group as configured at time 0; anyone booting later joins through a push-pull.
    const bootstrap = stored === undefined && ctx.now() === 0;
    const members: MemberEntry[] = ctx.nodes.map((node) =>
      node === ctx.self
        ? { status: 'alive', incarnation, sinceUs: ctx.now() }
        : { status: bootstrap ? 'alive' : null, incarnation: 0, sinceUs: ctx.now() },
    );
    const state: SwimNodeState = {
      config,
      self: ctx.self,
      incarnation,
      left: false,
      joining: !bootstrap,
      members,
      probeOrder: bootstrap ? ctx.random.shuffled(ctx.nodes.filter((n) => n !== ctx.self)) : [],
      probeIndex: 0,
      seq: 0,
      probe: null,
      relays: {},
      suspicions: ctx.nodes.map(() => null),
      broadcasts: [],
      broadcastId: 0,
      awareness: 0,
      bootedUs: ctx.now(),
      epoch: 0,
    };
    ctx.observe('boot', { incarnation, bootstrap });
    startPeriodicTimers(state, ctx);
    if (!bootstrap) {
      queueBroadcast(state, { kind: 'alive', node: ctx.self, incarnation });
      sendJoin(state, ctx);
    }
    return state;
  },

  onMessage(state, ctx, from: NodeId, msg) {
    if (state.left) return;
    if ('updates' in msg) for (const u of msg.updates) applyUpdate(state, ctx, u);
    switch (msg.type) {
      case 'Ping':
        ctx.send(from, { type: 'Ack', seq: msg.seq, updates: takeBroadcasts(state) });
        return;
      case 'Ack':
        if (!probeAcked(state, ctx, msg.seq)) relayAcked(state, ctx, msg.seq);
        return;
      case 'PingReq':
        relayPing(state, ctx, from, msg);
        return;
      case 'Nack':
        probeNacked(state, msg.seq);
        return;
      case 'Gossip':
        return;
      case 'PushPull':
        mergeStates(state, ctx, from, msg.states);
        ctx.send(from, { type: 'PushPullReply', states: localStates(state) });
        return;
      case 'PushPullReply':
        mergeStates(state, ctx, from, msg.states);
        state.joining = false;
        return;
    }
  },

  onTimer(state, ctx, timer: Timer) {
    if (state.left) return;
    const data = timer.data as Partial<EpochData> & { seq?: number; node?: number; incarnation?: number };
    if (data && typeof data.epoch === 'number' && data.epoch !== state.epoch) return;
    const c = state.config;
    switch (timer.name) {
      case 'probe':
        startProbe(state, ctx);
        return;
      case 'ping timeout':
        probeTimedOut(state, ctx, data.seq!);
        return;
      case 'ack deadline':
        probeFailed(state, ctx, data.seq!);
        return;
      case 'relay timeout':
        relayTimedOut(state, ctx, data.seq!);
        return;
      case 'suspicion':
        suspicionExpired(state, ctx, { node: data.node!, incarnation: data.incarnation! });
        return;
      case 'gossip':
        gossip(state, ctx);
        ctx.setTimer(c.gossipIntervalUs, 'gossip', { epoch: state.epoch });
        return;
      case 'push-pull': {
        const [to] = randomMembers(state, ctx, 1, (n) => state.members[n]!.status === 'alive');
        if (to !== undefined) ctx.send(to, { type: 'PushPull', join: false, states: localStates(state) });
        ctx.setTimer(c.pushPullIntervalUs, 'push-pull', { epoch: state.epoch });
        return;
      }
      case 'reconnect': {
        // Serf's reconnect: a member we think dead may only have been cut off; try one. The
        // topology is also the seed list: a seed missing from our list (two restarted members
        // that joined through different seeds make two groups) is tried the same way.
        const [to] = randomMembers(state, ctx, 1, (n) => state.members[n]!.status === 'dead' || state.members[n]!.status === null);
        if (to !== undefined) ctx.send(to, { type: 'PushPull', join: false, states: localStates(state) });
        ctx.setTimer(c.reconnectIntervalUs, 'reconnect', { epoch: state.epoch });
        return;
      }
      case 'join':
        if (state.joining) sendJoin(state, ctx);
        return;
    }
  },

  onCommand(state, ctx, command, opId) {
    if (command.type === 'leave') {
      if (state.left) return ctx.reply(opId, { ok: false, error: 'already left' });
      // memberlist Leave: a dead rumour about itself, from itself, sent before going quiet.
      queueBroadcast(state, { kind: 'dead', node: state.self, incarnation: state.incarnation, from: state.self });
      gossip(state, ctx);
      state.left = true;
      state.joining = false;
      state.probe = null;
      state.epoch++;
      state.members[state.self]!.status = 'left';
      ctx.observe('leave', { incarnation: state.incarnation });
      return ctx.reply(opId, { ok: true });
    }
    if (command.type === 'join') {
      if (!state.left) return ctx.reply(opId, { ok: false, error: 'already a member' });
      state.left = false;
      state.epoch++;
      state.members[state.self]!.status = 'alive';
      refute(state, ctx, state.incarnation, 'join');
      state.joining = true;
      startPeriodicTimers(state, ctx);
      sendJoin(state, ctx);
      return ctx.reply(opId, { ok: true });
    }
    ctx.reply(opId, { ok: false, error: `unknown command ${String((command as { type: unknown }).type)}` });
  },

  view(state) {
    return {
      incarnation: state.incarnation,
      left: state.left,
      joining: state.joining,
      awareness: state.awareness,
      members: state.members.map((m) => ({ status: m.status ?? 'unknown', incarnation: m.incarnation, sinceUs: m.sinceUs })),
      probeTarget: state.probe?.target ?? null,
      suspicions: state.suspicions.flatMap((s, node) =>
        s ? [{ node, incarnation: s.incarnation, confirmations: s.confirmers.length - 1, expected: s.k, startedUs: s.startedUs }] : [],
      ),
      broadcasts: state.broadcasts.map((b) => ({ ...b.update, transmits: b.transmits })),
    };
  },

  monitors(config, nodeCount, run) {
    return swimMonitors(config, nodeCount, run);
  },

  workload() {
    return null;
  },
};
