import type { NodeContext, NodeId, Protocol, Timer } from '../../kernel/protocol';
import { fromMs, type Micros } from '../../kernel/time';
import { pingMonitor } from './monitor';
import { rangedSetting as numberSetting } from '../lib/settings';

/**
 * A heartbeat mesh: every node pings every other node periodically and suspects a peer it has
 * not heard from for a while (the simplest failure detector; SWIM refines it later). It exists to
 * exercise the engine: timers with jitter, all-to-all traffic, durable state across restarts,
 * and client operations (echo).
 */
export interface PingConfig {
  pingIntervalUs: Micros;
  suspectAfterUs: Micros;
  /**
   * Off unless set: a member that starts suspecting a peer asks the environment to start one
   * spare observer (kernel/scaling.ts), the smallest use of nodes asking for nodes. Present in
   * the config only when true, so every other run's config is exactly as before.
   */
  autoscale?: true;
}

export type PingMessage = { type: 'Ping'; nonce: number } | { type: 'Pong'; nonce: number };
export type PingCommand = { type: 'Echo'; value: number };

export interface PingState {
  config: PingConfig;
  /** How many times this node has booted: durable, so it survives crashes. */
  boots: number;
  nonce: number;
  lastHeardUs: (Micros | null)[];
  suspected: boolean[];
  pongs: number;
}

/** The protocol's settings with a group's own, for that group's nodes. */
function withGroupSettings(config: PingConfig, group: Readonly<Record<string, unknown>> | undefined): PingConfig {
  if (!group || Object.keys(group).length === 0) return config;
  for (const key of Object.keys(group)) {
    if (key !== 'pingIntervalMs' && key !== 'suspectAfterMs') throw new RangeError(`a group's config has no setting "${key.slice(0, 40)}"`);
  }
  const pingIntervalUs = group.pingIntervalMs === undefined ? config.pingIntervalUs : fromMs(numberSetting(group, 'pingIntervalMs', 0, 1, 60_000));
  const suspectAfterUs = group.suspectAfterMs === undefined ? config.suspectAfterUs : fromMs(numberSetting(group, 'suspectAfterMs', 0, 1, 600_000));
  return { ...config, pingIntervalUs, suspectAfterUs };
}

export const ping: Protocol<PingState, PingMessage, PingCommand, PingConfig> = {
  name: 'ping',
  title: 'Heartbeat mesh',
  // Members form the mesh. Observers (none unless a scenario asks) watch it from outside: they
  // ping the members and suspect the silent ones, and nobody pings them.
  topology: {
    main: 'member',
    kinds: { member: { prefix: 'S', title: 'Member' }, observer: { prefix: 'O', title: 'Observer' } },
  },

  configure(raw) {
    const r = (raw ?? {}) as Record<string, unknown>;
    const pingIntervalMs = numberSetting(r, 'pingIntervalMs', 100, 1, 60_000);
    const suspectAfterMs = numberSetting(r, 'suspectAfterMs', 400, 1, 600_000);
    const autoscale = r.autoscale ?? false;
    if (typeof autoscale !== 'boolean') throw new RangeError('autoscale must be true or false');
    return { pingIntervalUs: fromMs(pingIntervalMs), suspectAfterUs: fromMs(suspectAfterMs), ...(autoscale ? { autoscale: true as const } : {}) };
  },

  scales(config) {
    return config.autoscale === true;
  },

  // A group may set its own pingIntervalMs and suspectAfterMs (topology.groups[i].config).
  checkScenario(config, { topology }) {
    for (const g of topology.groups) withGroupSettings(config, g.config);
  },

  init(ctx, baseConfig) {
    const config = withGroupSettings(baseConfig, ctx.groupConfig);
    const boots = (ctx.durable.get<number>('boots') ?? 0) + 1;
    ctx.durable.put('boots', boots);
    const n = ctx.nodes.length;
    const state: PingState = {
      config,
      boots,
      nonce: 0,
      lastHeardUs: Array.from({ length: n }, () => null),
      suspected: Array.from({ length: n }, () => false),
      pongs: 0,
    };
    ctx.setTimer(ctx.random.int(0, config.pingIntervalUs), 'ping');
    return state;
  },

  onTimer(state, ctx, timer: Timer) {
    if (timer.name !== 'ping') return;
    const config = state.config;
    // Everyone pings the members (with one group, every node: the order and draws of before).
    for (const peer of ctx.nodesOf('member')) {
      if (peer === ctx.self) continue;
      ctx.send(peer, { type: 'Ping', nonce: ++state.nonce });
      const heard = state.lastHeardUs[peer] ?? null;
      const silentFor = ctx.now() - (heard ?? 0);
      if (!state.suspected[peer] && silentFor > config.suspectAfterUs) {
        state.suspected[peer] = true;
        ctx.observe('suspect', { peer });
        // A member short of a peer calls in a spare (no-op, traced as such, when none is left).
        if (config.autoscale && ctx.kindOf(ctx.self) === 'member' && ctx.nodesOf('observer').length > 0) {
          ctx.requestNodes!({ op: 'start', kind: 'observer', count: 1 });
        }
      }
    }
    // Jitter keeps the nodes from pinging in lock step.
    const jitter = ctx.random.int(0, config.pingIntervalUs / 10);
    ctx.setTimer(config.pingIntervalUs + jitter, 'ping');
  },

  onMessage(state, ctx, from: NodeId, msg) {
    state.lastHeardUs[from] = ctx.now();
    if (state.suspected[from]) {
      state.suspected[from] = false;
      ctx.observe('trust', { peer: from });
    }
    if (msg.type === 'Ping') ctx.send(from, { type: 'Pong', nonce: msg.nonce });
    else state.pongs++;
  },

  onCommand(_state, ctx, command, opId) {
    ctx.reply(opId, { echoed: command.value });
  },

  view(state) {
    return { boots: state.boots, suspected: state.suspected, lastHeardUs: state.lastHeardUs, pongs: state.pongs };
  },

  monitors(_config, nodeCount, run) {
    return [pingMonitor(nodeCount, run.topology)];
  },

  workload() {
    return { intervalUs: fromMs(50), makeCommand: (n) => ({ type: 'Echo', value: n }) };
  },

  /**
   * Two small lies to prove the byzantine path end to end (a heartbeat mesh tolerates no
   * byzantine node; the monitor's "Pong answers a Ping" is what catches the first one).
   */
  byzantine: {
    policies: {
      'forge-nonce': {
        title: 'Forge pongs',
        summary: 'answers pings with pongs whose nonce no ping ever carried',
      },
      silent: {
        title: 'Go silent',
        summary: 'keeps running but withholds every message it would send',
      },
      equivocate: {
        title: 'Equivocate',
        summary: 'pings its odd-numbered peers with nonces it never counted (nothing in ping checks them)',
      },
    },
    forge(policy, msg, to, random) {
      if (policy === 'silent') return [];
      // Different peers get different stories; a heartbeat mesh has no way to compare them.
      if (policy === 'equivocate' && msg.type === 'Ping' && to % 2 === 1) return [{ type: 'Ping', nonce: msg.nonce + 1_000_000 + random.int(0, 999) }];
      // Ping nonces count up from 1, so a negative one answers no ping.
      if (policy === 'forge-nonce' && msg.type === 'Pong') return [{ type: 'Pong', nonce: -1 - random.int(0, 999) }];
      return [msg];
    },
  },
};

