import type { NodeContext, Protocol } from '../../kernel/protocol';
import { nodesOf } from '../../kernel/topology';
import { clientCommand, clientMessage, clientTimer, clientView, initClient } from './client';
import { configureLocks, type LocksConfig } from './config';
import { consensusServerMessage, consensusServerTimer, consensusServerView, initConsensusServer } from './consensus-server';
import { locksMonitors } from './monitor';
import { initRedlockServer, redlockServerMessage, redlockServerTimer, redlockServerView } from './redlock-server';
import { initStorage, storageMessage, storageView } from './storage';
import { CLIENT_KIND, SERVER_KIND, STORAGE_KIND, type LocksCommand, type LocksMessage, type LocksNodeState } from './types';

/**
 * Distributed locks (README.md): lock servers L1..Ln (Redlock's independent servers, or one
 * consensus group), clients C1..Cm that contend for the lock and write while they hold it, and
 * the storage D1 they write to, which checks fencing tokens when fencing is on. This file
 * dispatches by kind.
 */
type Ctx = NodeContext<LocksMessage>;

export const locks: Protocol<LocksNodeState, LocksMessage, LocksCommand, LocksConfig> = {
  name: 'locks',
  title: 'Distributed locks',
  topology: {
    main: SERVER_KIND,
    kinds: {
      server: { prefix: 'L', title: 'Lock server' },
      client: { prefix: 'C', title: 'Client', defaultCount: 2 },
      storage: { prefix: 'D', title: 'Storage', defaultCount: 1 },
    },
  },

  configure: configureLocks,

  checkScenario(_config, { topology }) {
    if (nodesOf(topology, SERVER_KIND).length < 1) throw new RangeError('locks needs at least one lock server');
    if (nodesOf(topology, STORAGE_KIND).length > 1) throw new RangeError('locks runs one storage node (storage=1, or 0 for none)');
  },

  init(ctx: Ctx, config) {
    if (ctx.kind === CLIENT_KIND) return initClient(ctx, config);
    if (ctx.kind === STORAGE_KIND) return initStorage(ctx, config);
    return config.mode === 'consensus' ? initConsensusServer(ctx, config) : initRedlockServer(ctx, config);
  },

  onMessage(state, ctx, from, msg) {
    switch (state.kind) {
      case 'client':
        return clientMessage(state, ctx, from, msg);
      case 'storage':
        return storageMessage(state, ctx, from, msg);
      case 'redlock':
        return redlockServerMessage(state, ctx, from, msg);
      case 'consensus':
        return consensusServerMessage(state, ctx, from, msg);
    }
  },

  onTimer(state, ctx, timer) {
    if (state.kind === 'client') return clientTimer(state, ctx, timer);
    if (state.kind === 'redlock') return redlockServerTimer(state, ctx, timer);
    if (state.kind === 'consensus') return consensusServerTimer(state, ctx, timer);
  },

  onCommand(state, ctx, command, opId) {
    if (state.kind === 'client') return clientCommand(state, ctx, command, opId);
    ctx.reply(opId, { ok: false, error: 'only clients take commands' });
  },

  view(state) {
    switch (state.kind) {
      case 'client':
        return clientView(state);
      case 'storage':
        return storageView(state);
      case 'redlock':
        return redlockServerView(state);
      case 'consensus':
        return consensusServerView(state);
    }
  },

  monitors(config, _nodeCount, run) {
    return locksMonitors(config, run.topology ?? null);
  },
};
