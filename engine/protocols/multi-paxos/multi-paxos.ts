import type { NodeContext, Protocol } from '../../kernel/protocol';
import { nodesOf } from '../../kernel/topology';
import { clientAnswer, clientInvoke, clientTimeout, initClient, type ClientOptions, type ClientRequest } from '../lib/client';
import { ballotLabel } from '../paxos/ballot';
import { nack, promise, accept, recoverAcceptor } from './acceptor';
import { configureMultiPaxos } from './config';
import { becomeCandidate, ELECTION_TIMER, HEARTBEAT_TIMER, onAccepted, onHeartbeatTimer, onPromise, resetElectionTimer, stepDown } from './leader';
import { learn, learnUpTo, onCatchUp } from './learner';
import { multiPaxosMonitors } from './monitor';
import { serveClientNode, serveRequest } from './serve';
import {
  CLIENT_KIND,
  ROUND_KEY,
  SERVER_KIND,
  type ClientNodeState,
  type MultiPaxosCommand,
  type MultiPaxosConfig,
  type MultiPaxosContext,
  type MultiPaxosMessage,
  type MultiPaxosState,
  type ServerState,
} from './types';

export type { MultiPaxosCommand, MultiPaxosConfig, MultiPaxosMessage, MultiPaxosState } from './types';

/** How many of the last slots view() hands the page. */
const VIEW_SLOTS = 40;

function clientOptions(config: MultiPaxosConfig): ClientOptions {
  return { serverKind: SERVER_KIND, timeoutUs: config.electionTimeoutMaxUs, maxAttempts: 10 };
}

/** A message from the leader in `ballot`: refused below the promise, otherwise it names the leader. */
function heardLeader(state: ServerState, ctx: MultiPaxosContext, from: number, ballot: number): boolean {
  if (ballot < state.promised) {
    nack(state, ctx, from, ballot);
    return false;
  }
  if (state.role !== 'follower' && ballot > state.ballot) stepDown(state, ctx, ballot);
  if (state.leader !== from) ctx.observe('follow', { leader: from, ballot, label: ballotLabel(ballot, ctx.nameOf) });
  state.leader = from;
  state.leaderBallot = ballot;
  if (state.role === 'follower') resetElectionTimer(state, ctx);
  return true;
}

function onServerMessage(state: ServerState, ctx: MultiPaxosContext, from: number, msg: MultiPaxosMessage): void {
  switch (msg.type) {
    case 'Prepare': {
      const answer = promise(state, ctx, msg);
      if (answer.type === 'Promise') {
        if (state.role !== 'follower') stepDown(state, ctx, msg.ballot);
        // Granting a promise is like granting a vote: give the candidate time to finish.
        else resetElectionTimer(state, ctx);
      }
      ctx.send(from, answer);
      return;
    }
    case 'Promise':
      return onPromise(state, ctx, from, msg);
    case 'Accept':
      if (!heardLeader(state, ctx, from, msg.ballot)) return;
      if (accept(state, ctx, msg.ballot, msg.slot, msg.value)) ctx.send(from, { type: 'Accepted', ballot: msg.ballot, slot: msg.slot });
      return learnUpTo(state, ctx, from, msg.ballot, msg.chosenUpTo);
    case 'Accepted':
      return onAccepted(state, ctx, from, msg);
    case 'Heartbeat':
      if (!heardLeader(state, ctx, from, msg.ballot)) return;
      return learnUpTo(state, ctx, from, msg.ballot, msg.chosenUpTo);
    case 'Nack':
      if (state.role !== 'follower' && msg.ballot === state.ballot && msg.promised > state.ballot) stepDown(state, ctx, msg.promised);
      return;
    case 'CatchUp':
      return onCatchUp(state, ctx, from, msg.from);
    case 'Chosen':
      for (const e of msg.entries) learn(state, ctx, e.slot, e.value);
      return;
  }
}

/**
 * Multi-Paxos (Lamport, "Paxos Made Simple" §3): servers (acceptors and learners, one of them the
 * leader) keep a replicated log of a key-value store's commands; client nodes send them reads
 * and writes. This file wires; leader.ts, acceptor.ts, learner.ts and serve.ts hold the rules.
 */
export const multiPaxos: Protocol<MultiPaxosState, MultiPaxosMessage, MultiPaxosCommand, MultiPaxosConfig> = {
  name: 'multi-paxos',
  title: 'Multi-Paxos',
  topology: {
    main: SERVER_KIND,
    kinds: { server: { prefix: 'S', title: 'Server' }, client: { prefix: 'C', title: 'Client', defaultCount: 2 } },
  },

  configure: configureMultiPaxos,

  checkScenario(_config, { topology }) {
    if (nodesOf(topology, SERVER_KIND).length === 0) throw new RangeError('topology: Multi-Paxos needs at least one server');
  },

  init(ctx, config) {
    if (ctx.kind === CLIENT_KIND) return { kind: 'client', config, client: initClient() } satisfies ClientNodeState;
    const acceptor = recoverAcceptor(ctx);
    const state: ServerState = {
      kind: 'server',
      config,
      self: ctx.self,
      servers: [...ctx.nodesOf(SERVER_KIND)],
      ...acceptor,
      chosen: {},
      firstUnchosen: 0,
      kv: {},
      results: {},
      catchUpAskedUs: null,
      role: 'follower',
      round: ctx.durable.get<number>(ROUND_KEY) ?? 0,
      ballot: 0,
      leader: null,
      leaderBallot: 0,
      promisesFrom: [],
      promisedEntries: {},
      nextSlot: 0,
      proposals: {},
      waiting: {},
      inFlight: {},
      electionTimer: null,
      heartbeatTimer: null,
    };
    if (acceptor.promised > 0) ctx.observe('recover', { promised: acceptor.promised, slots: acceptor.maxAcceptedSlot + 1 });
    resetElectionTimer(state, ctx);
    return state;
  },

  onMessage(state, ctx, from, msg) {
    if (state.kind === 'client') return void clientAnswer(state.client, ctx as unknown as NodeContext, clientOptions(state.config), from, msg);
    if (ctx.kindOf(from) === CLIENT_KIND) return serveClientNode(state, ctx, from, msg as unknown as ClientRequest<MultiPaxosCommand>);
    onServerMessage(state, ctx, from, msg);
  },

  onTimer(state, ctx, timer) {
    if (state.kind === 'client') return void clientTimeout(state.client, ctx as unknown as NodeContext, clientOptions(state.config), timer);
    if (timer.name === ELECTION_TIMER && timer.id === state.electionTimer) {
      state.electionTimer = null;
      if (state.role !== 'leader') becomeCandidate(state, ctx);
    } else if (timer.name === HEARTBEAT_TIMER && timer.id === state.heartbeatTimer) {
      state.heartbeatTimer = null;
      onHeartbeatTimer(state, ctx);
    }
  },

  onCommand(state, ctx, command, opId) {
    if (state.kind === 'client') {
      if (command.type !== 'read' && command.type !== 'write') return ctx.reply(opId, { ok: false, error: `a client sends reads and writes, not ${String(command.type).slice(0, 40)}` });
      return clientInvoke(state.client, ctx as unknown as NodeContext, clientOptions(state.config), command, opId);
    }
    if (command.type === 'campaign') {
      // The page's "time out now": phase 1 with a higher ballot, even beside a live leader.
      becomeCandidate(state, ctx);
      return ctx.reply(opId, { ok: true, ballot: state.ballot });
    }
    serveRequest(state, ctx, null, opId, command);
  },

  view(state) {
    if (state.kind === 'client') {
      const pending = Object.values(state.client.pending)
        .map((p) => ({ opId: p.opId, command: p.command, server: p.server, attempt: p.attempt }))
        .sort((a, b) => a.opId - b.opId);
      return { kind: 'client', preferred: state.client.preferred, pending };
    }
    const last = Math.max(state.maxAcceptedSlot, state.firstUnchosen - 1, state.nextSlot - 1);
    const first = Math.max(0, last - VIEW_SLOTS + 1);
    const slots = [];
    for (let slot = first; slot <= last; slot++) {
      const a = state.accepted[slot];
      const chosen = state.chosen[slot];
      slots.push({
        slot,
        state: slot < state.firstUnchosen ? 'applied' : chosen !== undefined ? 'chosen' : a ? 'accepted' : 'empty',
        ballot: a?.ballot ?? null,
        value: chosen ?? a?.value ?? null,
      });
    }
    return {
      kind: 'server',
      role: state.role,
      ballot: state.ballot,
      promised: state.promised,
      leader: state.leader,
      leaderBallot: state.leaderBallot,
      firstUnchosen: state.firstUnchosen,
      nextSlot: state.nextSlot,
      kv: { ...state.kv },
      slots,
      waiting: Object.keys(state.waiting).length,
    };
  },

  monitors: (_config, nodeCount, run) => multiPaxosMonitors(nodeCount, run.topology),

  workload(config, topology) {
    const target = topology && nodesOf(topology, CLIENT_KIND).length > 0 ? { target: CLIENT_KIND } : {};
    return {
      intervalUs: config.workloadIntervalUs,
      ...target,
      makeCommand: (n, random) => {
        const read = random.float() < config.readFraction;
        const key = `k${random.int(1, config.kvKeys)}`;
        return read ? { type: 'read', key } : { type: 'write', key, value: n };
      },
    };
  },
};
