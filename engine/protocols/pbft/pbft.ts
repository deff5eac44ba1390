import type { NodeId, Protocol, Timer } from '../../kernel/protocol';
import { nodesOf } from '../../kernel/topology';
import { pbftByzantine } from './byzantine';
import { clientCommand, clientReply, clientTimeout, CLIENT_TIMER, initClient } from './client';
import { configurePbft, faultsTolerated, type PbftConfig } from './config';
import { pbftMonitors } from './monitor';
import {
  highWatermark,
  initReplica,
  lowWatermark,
  onCheckpoint,
  onCommit,
  onFetchState,
  onPrepare,
  onPrePrepare,
  onRequest,
  onRequestTimeout,
  onState,
  persist,
  primaryOf,
  REQUEST_TIMER,
  VIEW_CHANGE_TIMER,
  type Ctx,
} from './replica';
import type { PbftMessage, PbftOp, PbftState, ReplicaState } from './types';
import { onNewView, onViewChange, onViewChangeTimeout } from './view-change';

export const REPLICA_KIND = 'replica';
export const CLIENT_KIND = 'client';

type PbftCommand = { type: string; [field: string]: unknown };

/** A client operation from the workload or a user: a write or a read of one key. */
function opOf(command: PbftCommand): PbftOp | null {
  const key = typeof command.key === 'string' && command.key.length > 0 && command.key.length <= 64 ? command.key : 'x';
  if (command.type === 'write' && typeof command.value === 'number' && Number.isFinite(command.value)) return { type: 'write', key, value: command.value };
  if (command.type === 'read') return { type: 'read', key };
  return null;
}

function replicasOf(ctx: Ctx): NodeId[] {
  return [...ctx.nodesOf(REPLICA_KIND)];
}

/**
 * Castro and Liskov's Practical Byzantine Fault Tolerance (OSDI 1999): n = 3f + 1 replicas order
 * client requests in three phases (pre-prepare, prepare, commit), execute them in order, reply to
 * the clients, take checkpoints, and replace a faulty primary by a view change. See README.md.
 */
export const pbft: Protocol<PbftState, PbftMessage, PbftCommand, PbftConfig> = {
  name: 'pbft',
  title: 'PBFT',
  topology: {
    main: REPLICA_KIND,
    kinds: {
      replica: { prefix: 'R', title: 'Replica' },
      client: { prefix: 'C', title: 'Client', defaultCount: 2 },
    },
  },

  configure: configurePbft,

  checkScenario(_config, { topology }) {
    const replicas = nodesOf(topology, REPLICA_KIND).length;
    if (replicas < 1) throw new RangeError('PBFT needs at least one replica');
    for (const g of topology.groups) {
      if (g.config && Object.keys(g.config).length > 0) throw new RangeError(`PBFT's groups take no settings of their own (group "${g.kind}")`);
    }
  },

  init(ctx, config) {
    const replicas = replicasOf(ctx);
    const f = faultsTolerated(replicas.length);
    if (ctx.kind === CLIENT_KIND) return initClient(ctx, config, replicas, f);
    const s = initReplica(ctx, config, replicas, f);
    ctx.observe('boot', { view: s.view, lastExecuted: s.lastExecuted, f });
    return s;
  },

  onMessage(state, ctx, from, msg) {
    if (state.role === 'client') {
      if (msg.type === 'Reply') clientReply(state, ctx, state.config, from, msg);
      return;
    }
    onReplicaMessage(state, ctx, from, msg);
    persist(state, ctx);
  },

  onTimer(state, ctx, timer: Timer) {
    if (state.role === 'client') {
      if (timer.name === CLIENT_TIMER) clientTimeout(state, ctx, state.config, timer.data as { t: number });
      return;
    }
    if (timer.name === REQUEST_TIMER) onRequestTimeout(state, ctx, state.config, timer.data as { view: number });
    else if (timer.name === VIEW_CHANGE_TIMER) onViewChangeTimeout(state, ctx, state.config, timer.data as { view: number; resend?: boolean });
    persist(state, ctx);
  },

  onCommand(state, ctx, command, opId) {
    if (state.role !== 'client') {
      ctx.reply(opId, { ok: false, error: 'replicas take requests from client nodes (add clients with --group client=N)' });
      return;
    }
    const op = opOf(command);
    if (!op) {
      ctx.reply(opId, { ok: false, error: `PBFT's clients read and write keys; "${String(command.type).slice(0, 40)}" is neither` });
      return;
    }
    clientCommand(state, ctx, state.config, op, opId);
  },

  view(state) {
    if (state.role === 'client') {
      return {
        role: 'client',
        view: state.view,
        t: state.t,
        pending: state.pending && { t: state.pending.t, op: state.pending.op, replies: Object.keys(state.pending.replies).length, broadcast: state.pending.broadcast },
        queued: state.queue.length,
        f: state.f,
        replicas: state.replicas,
      };
    }
    return replicaView(state);
  },

  monitors(_config, _nodeCount, run) {
    return pbftMonitors(run.topology, run.healedAtUs);
  },

  workload(config, topology) {
    const hasClients = topology !== undefined && nodesOf(topology, CLIENT_KIND).length > 0;
    return {
      intervalUs: config.workloadIntervalUs,
      ...(hasClients ? { target: CLIENT_KIND } : {}),
      makeCommand: (n, random) => {
        const read = config.readFraction > 0 && random.float() < config.readFraction;
        const key = `k${random.int(1, config.kvKeys)}`;
        return read ? { type: 'read', key } : { type: 'write', key, value: n };
      },
    };
  },

  byzantine: pbftByzantine,
};

function onReplicaMessage(s: ReplicaState, ctx: Ctx, from: NodeId, msg: PbftMessage): void {
  const c = s.config;
  switch (msg.type) {
    case 'Request':
      // Only clients send requests: a replica's would be one it made up.
      if (ctx.kindOf(from) === CLIENT_KIND) onRequest(s, ctx, c, from, msg.t, msg.op);
      return;
    case 'PrePrepare':
      return onPrePrepare(s, ctx, c, from, msg);
    case 'Prepare':
      return onPrepare(s, ctx, c, from, msg);
    case 'Commit':
      return onCommit(s, ctx, c, from, msg);
    case 'Checkpoint':
      return onCheckpoint(s, ctx, c, from, msg);
    case 'ViewChange':
      return onViewChange(s, ctx, c, from, msg);
    case 'NewView':
      return onNewView(s, ctx, c, from, msg);
    case 'FetchState':
      return onFetchState(s, ctx, from, msg);
    case 'State':
      return onState(s, ctx, c, msg);
    case 'Reply':
      return;
  }
}

function replicaView(s: ReplicaState) {
  return {
    role: 'replica',
    view: s.view,
    primary: primaryOf(s, s.view),
    status: s.status,
    f: s.f,
    replicas: s.replicas,
    h: lowWatermark(s),
    H: highWatermark(s, s.config),
    lastExecuted: s.lastExecuted,
    stableDigest: s.stable.digest,
    slots: Object.entries(s.log)
      .map(([seq, slot]) => ({ seq: Number(seq), view: slot.view, digest: slot.digest, phase: slot.phase }))
      .sort((a, b) => a.seq - b.seq),
    pending: Object.keys(s.pending).length,
    kv: s.kv,
    viewChangesFor: Object.keys(s.viewChanges[s.view] ?? {}).length,
  };
}
