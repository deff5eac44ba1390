import type { NodeContext, Protocol } from '../../kernel/protocol';
import { nodesOf } from '../../kernel/topology';
import { consumerMessage, consumerTimer, consumerView, initConsumer } from './cdc';
import { clientCommand, clientMessage, clientTimer, clientView, initClientNode } from './client-node';
import { configurePrimaryReplica, type PrimaryReplicaConfig } from './config';
import { dcsMessage, dcsView, initDcs } from './dcs';
import { primaryReplicaMonitors } from './monitor';
import { initServer, serverCommand, serverMessage, serverTimer, serverView } from './server';
import { CLIENT_KIND, CONSUMER_KIND, DCS_KIND, SERVER_KIND, type PrCommand, type PrMessage, type PrNodeState } from './types';

/**
 * Primary and replicas with failover (README.md): servers S1..Sn (S1 starts primary), the lease
 * store D1 (Patroni's DCS), client nodes C1..Cm. This file dispatches by kind; server.ts holds
 * replication and failover, dcs.ts the lease, client-node.ts the clients, monitor.ts the invariants.
 */
type Ctx = NodeContext<PrMessage>;

export const primaryReplica: Protocol<PrNodeState, PrMessage, PrCommand, PrimaryReplicaConfig> = {
  name: 'primary-replica',
  title: 'Primary and replicas',
  topology: {
    main: SERVER_KIND,
    kinds: {
      server: { prefix: 'S', title: 'Server' },
      dcs: { prefix: 'D', title: 'Lease store', defaultCount: 1 },
      client: { prefix: 'C', title: 'Client', defaultCount: 2 },
      // Change-data-capture consumers (cdc.ts): only when a scenario asks (`--group consumer=2`).
      consumer: { prefix: 'K', title: 'Change consumer', defaultCount: 0 },
    },
  },

  configure: configurePrimaryReplica,

  checkScenario(_config, { topology }) {
    const servers = nodesOf(topology, SERVER_KIND).length;
    const stores = nodesOf(topology, DCS_KIND).length;
    if (servers < 1) throw new RangeError('primary-replica needs at least one server');
    if (stores > 1) throw new RangeError('primary-replica runs one lease store (dcs=1, or dcs=0 for none: no failover)');
  },

  init(ctx: Ctx, config) {
    if (ctx.kind === DCS_KIND) return initDcs(ctx, config, ctx.nodesOf(SERVER_KIND)[0] ?? null);
    if (ctx.kind === CLIENT_KIND) return initClientNode(ctx, config);
    if (ctx.kind === CONSUMER_KIND) return initConsumer(ctx, config);
    return initServer(ctx, config);
  },

  onMessage(state, ctx, from, msg) {
    if (state.kind === 'server') {
      state.clockUs = ctx.now();
      return serverMessage(state, ctx, from, msg);
    }
    if (state.kind === 'dcs') return dcsMessage(state, ctx, from, msg);
    if (state.kind === 'consumer') return consumerMessage(state, ctx, from, msg);
    return clientMessage(state, ctx, from, msg);
  },

  onTimer(state, ctx, timer) {
    if (state.kind === 'server') {
      state.clockUs = ctx.now();
      return serverTimer(state, ctx, timer);
    }
    if (state.kind === 'client') return clientTimer(state, ctx, timer);
    if (state.kind === 'consumer') return consumerTimer(state, ctx, timer);
  },

  onCommand(state, ctx, command, opId) {
    if (state.kind === 'server') {
      state.clockUs = ctx.now();
      return serverCommand(state, ctx, command, opId);
    }
    if (state.kind === 'client') return clientCommand(state, ctx, command, opId);
    ctx.reply(opId, { ok: false, error: `a ${state.kind === 'dcs' ? 'lease store' : 'change consumer'} takes no commands` });
  },

  view(state) {
    if (state.kind === 'server') return serverView(state);
    if (state.kind === 'dcs') return dcsView(state);
    if (state.kind === 'consumer') return consumerView(state);
    return clientView(state);
  },

  monitors(config, _nodeCount, run) {
    return primaryReplicaMonitors(config, run.topology ?? null, run.healedAtUs);
  },

  workload(config, topology) {
    // Clients write and read; with no client nodes there is no load (a server is not a client).
    if (!topology || nodesOf(topology, CLIENT_KIND).length === 0) return null;
    return {
      intervalUs: config.operationIntervalUs,
      target: CLIENT_KIND,
      makeCommand(n, random): PrCommand {
        const key = `k${random.int(1, config.keys)}`;
        return random.float() < config.readFraction ? { type: 'read', key } : { type: 'write', key, value: n };
      },
    };
  },
};
