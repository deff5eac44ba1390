import type { Protocol } from '../../kernel/protocol';
import { ballotLabel } from './ballot';
import { configurePaxos } from './config';
import { dispatch } from './dispatch';
import { paxosMonitors } from './monitor';
import { recoverAcceptor } from './acceptor';
import { BACKOFF_TIMER, ownValue, onProposerTimer, PHASE_TIMER, recoverProposer, START_TIMER, startBallot } from './proposer';
import {
  ACCEPTOR_KIND,
  LEARNER_KIND,
  nodesWithRole,
  PROPOSER_KIND,
  rolesOfKind,
  SERVER_KIND,
  type PaxosCommand,
  type PaxosConfig,
  type PaxosMessage,
  type PaxosState,
} from './types';

export type { PaxosCommand, PaxosConfig, PaxosMessage, PaxosState } from './types';

/**
 * Single-decree Paxos, as "Paxos Made Simple" (Lamport, 2001) states it: proposers, acceptors
 * and learners agree on one value. A node's roles come from its kind: a server plays all three
 * (the paper's §2.4 remark that a process may play several roles); proposer, acceptor and
 * learner nodes play one each (`--group acceptor=3`). This file only wires; proposer.ts,
 * acceptor.ts and learner.ts hold the rules, dispatch.ts routes between them.
 */
export const paxos: Protocol<PaxosState, PaxosMessage, PaxosCommand, PaxosConfig> = {
  name: 'paxos',
  title: 'Paxos (single decree)',
  topology: {
    main: SERVER_KIND,
    kinds: {
      server: { prefix: 'S', title: 'Server (proposer, acceptor, learner)' },
      proposer: { prefix: 'P', title: 'Proposer', defaultCount: 0 },
      acceptor: { prefix: 'A', title: 'Acceptor', defaultCount: 0 },
      learner: { prefix: 'L', title: 'Learner', defaultCount: 0 },
    },
  },

  configure: configurePaxos,

  checkScenario(_config, { topology }) {
    const count = (kind: string) => topology.groups.filter((g) => g.kind === kind).reduce((n, g) => n + g.count, 0);
    const servers = count(SERVER_KIND);
    if (servers + count(ACCEPTOR_KIND) === 0) throw new RangeError('topology: Paxos needs acceptors (servers or acceptor nodes)');
    if (servers + count(PROPOSER_KIND) === 0) throw new RangeError('topology: Paxos needs a proposer (servers or proposer nodes)');
    if (servers + count(LEARNER_KIND) === 0) throw new RangeError('topology: Paxos needs a learner (servers or learner nodes)');
  },

  init(ctx, config) {
    const roles = rolesOfKind(ctx.kind);
    const state: PaxosState = {
      config,
      strategy: config.strategy,
      roles,
      acceptors: nodesWithRole(ctx, 'acceptor'),
      learners: nodesWithRole(ctx, 'learner'),
      // §2.3: only the acceptor's promise and acceptance (and the proposer's round) survive a crash.
      acceptor: roles.acceptor ? recoverAcceptor(ctx) : null,
      proposer: roles.proposer ? recoverProposer(ctx) : null,
      learner: roles.learner ? { votes: {}, learned: null } : null,
    };
    if (state.acceptor && state.acceptor.promised > 0) {
      ctx.observe('recover', { promised: state.acceptor.promised, accepted: state.acceptor.accepted });
    }
    // Every proposer brings a value of its own, and starts after a short random delay: two or
    // more proposers at once is exactly the situation §2.4 is about. A restarted proposer waits
    // to be asked again (a user's "propose").
    if (state.proposer && !ctx.durable.get<boolean>('started')) {
      ctx.durable.put('started', true);
      state.proposer.value = ownValue(ctx.self);
      state.proposer.timer = ctx.setTimer(ctx.random.int(0, config.startJitterUs), START_TIMER);
    }
    return state;
  },

  onMessage(state, ctx, from, msg) {
    dispatch(state, ctx, from, msg);
  },

  onTimer(state, ctx, timer) {
    if (!state.proposer || timer.id !== state.proposer.timer) return;
    if (timer.name === START_TIMER || timer.name === PHASE_TIMER || timer.name === BACKOFF_TIMER) onProposerTimer(state, ctx, timer.name);
  },

  onCommand(state, ctx, command, opId) {
    if (command.type === 'strategy') {
      if (command.strategy !== 'duelling' && command.strategy !== 'distinguished') return ctx.reply(opId, { ok: false, error: 'strategy must be "duelling" or "distinguished"' });
      state.strategy = command.strategy;
      ctx.observe('strategy', { strategy: command.strategy });
      return ctx.reply(opId, { ok: true });
    }
    if (command.type !== 'propose') return ctx.reply(opId, { ok: false, error: `unknown command "${String((command as { type: unknown }).type).slice(0, 40)}"` });
    const p = state.proposer;
    if (!p) return ctx.reply(opId, { ok: false, error: 'not a proposer' });
    if (!(typeof command.value === 'number' && Number.isFinite(command.value))) return ctx.reply(opId, { ok: false, error: 'propose needs a numeric value' });
    if (p.phase === 'done') return ctx.reply(opId, { ok: false, error: 'this proposer already saw a value chosen' });
    p.value = command.value;
    if (p.phase === 'idle' || p.phase === 'backoff') startBallot(state, ctx);
    ctx.reply(opId, { ok: true, ballot: p.ballot });
  },

  view(state) {
    const p = state.proposer;
    const a = state.acceptor;
    const l = state.learner;
    return {
      roles: state.roles,
      strategy: state.strategy,
      acceptorCount: state.acceptors.length,
      proposer: p && {
        phase: p.phase,
        value: p.value,
        ballot: p.ballot,
        proposing: p.proposing,
        promises: [...p.promises],
        accepts: [...p.accepts],
        ballotsStarted: p.ballotsStarted,
        preemptions: p.preemptions,
      },
      acceptor: a && { promised: a.promised, accepted: a.accepted },
      learner: l && { learned: l.learned },
    };
  },

  monitors: (_config, nodeCount, run) => paxosMonitors(nodeCount, run.topology),
};

/** For views and narration: "3.S2". */
export { ballotLabel };
