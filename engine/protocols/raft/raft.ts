import type { NodeContext, Protocol } from '../../kernel/protocol';
import { nodesOf } from '../../kernel/topology';
import type { ClientRequest } from '../lib/client';
import { clientCommand, clientMessage, clientTimer, clientView, CLIENT_KIND, initClientNode, SERVER_KIND, type RaftClientState } from './client-node';
import { checkRaftScenario, configureRaft, RAFT_FORMER_DEFAULTS, type RaftConfig } from './config';
import {
  adoptTerm,
  handlePreVote,
  handleRequestVote,
  handleVoteResponse,
  onElectionTimeout,
  refuseWithinLease,
  resetElectionTimer,
} from './election';
import { handleClientNodeRequest, handleClientRequest, handleCommand } from './client';
import { entryDigest, initialMembers, lastIndex, membersFromLog, recoverLog, TERM_KEY, VOTE_KEY } from './log';
import { raftMonitors } from './monitor';
import { handleAppendEntries, handleAppendResponse, onHeartbeat } from './replication';
import { handleInstallSnapshot, handleSnapshotResponse } from './snapshot';
import type { RaftCommand, RaftMessage, RaftState } from './types';

export type { RaftCommand, RaftMessage, RaftState } from './types';
export type { RaftClientState, RaftClientView } from './client-node';

/** A node's state: a server's (Figure 2), or a client node's (client-node.ts). */
export type RaftNodeState = RaftState | RaftClientState;

export function isClientState(state: RaftNodeState): state is RaftClientState {
  return (state as RaftClientState).kind === 'client';
}
export type { RaftConfig } from './config';

/** How many of the last log entries view() hands the UI. */
const VIEW_LOG_ENTRIES = 200;

/**
 * Raft (Ongaro & Ousterhout, "In Search of an Understandable Consensus Algorithm", extended
 * version): leader election (§5.2), log replication (§5.3), the safety rules (§5.4), client
 * interaction (§8), Pre-Vote and single-server membership changes from Ongaro's thesis. This
 * file only dispatches; election.ts, replication.ts, client.ts and membership.ts hold the rules.
 */
export const raft: Protocol<RaftNodeState, RaftMessage, RaftCommand, RaftConfig> = {
  name: 'raft',
  title: 'Raft',
  // Servers, S1, S2, ... as in the paper; client nodes (C1, C2, ...) only when a scenario asks
  // for them (`--group client=3`): without, the workload invokes operations at the servers.
  topology: {
    main: SERVER_KIND,
    kinds: { server: { prefix: 'S', title: 'Server' }, client: { prefix: 'C', title: 'Client', defaultCount: 0 } },
  },

  configure: configureRaft,
  checkScenario: checkRaftScenario,
  formerDefaults: RAFT_FORMER_DEFAULTS,

  init(ctx, config) {
    if (ctx.kind === CLIENT_KIND) return initClientNode(config);
    // Figure 2's persistent state survives a crash; everything else starts over.
    const term = ctx.durable.get<number>(TERM_KEY) ?? 0;
    const votedFor = ctx.durable.get<number | null>(VOTE_KEY) ?? null;
    // Only servers are members; client nodes come after them (checkRaftScenario) and vote in nothing.
    const n = ctx.nodesOf(SERVER_KIND).length;
    // §7: a restart begins from the snapshot: its entries are committed and its state applied.
    const { snapshot, log } = recoverLog(ctx, initialMembers({ config, nodeCount: n }));
    const state: RaftState = {
      config,
      self: ctx.self,
      nodeCount: n,
      term,
      votedFor,
      snapshot,
      log,
      role: 'follower',
      leader: null,
      commitIndex: snapshot.lastIncludedIndex,
      appliedValue: snapshot.value,
      appliedKv: { ...(snapshot.kv ?? {}) },
      members: [],
      configIndices: [],
      electionTimer: null,
      heartbeatTimer: null,
      lastLeaderContactUs: null,
      votes: Array.from({ length: n }, () => null),
      nextIndex: Array.from({ length: n }, () => 1),
      matchIndex: Array.from({ length: n }, () => 0),
      lastAckUs: Array.from({ length: n }, () => 0),
      ackedRound: Array.from({ length: n }, () => 0),
      // Rounds that only grow across terms and incarnations: a broadcast takes far more than a
      // microsecond, so starting at the start time keeps every round above all earlier ones.
      round: config.readAcksThisTermOnly ? ctx.now() : 0,
      firstRoundOfTerm: 0,
      pendingWrites: [],
      pendingReads: [],
      recentOps: [],
      recentOpsNext: 0,
    };
    const base = snapshot.lastIncludedIndex;
    log.forEach((entry, i) => entry.kind === 'config' && state.configIndices.push(base + i + 1));
    state.members = [...membersFromLog(state)];
    if (term > 0 || lastIndex(state) > 0) {
      // The snapshot's index is named only when there is one, so runs without compaction trace as before.
      ctx.observe('recover', { term, votedFor, logLength: lastIndex(state), ...(base > 0 ? { snapshotIndex: base } : {}) });
    }
    resetElectionTimer(state, ctx);
    return state;
  },

  onMessage(state, ctx, from, msg) {
    if (isClientState(state)) return clientMessage(state, ctx as unknown as NodeContext, state.config, from, msg);
    // A client node's request carries no term: it is served or redirected, and moves nothing.
    if (ctx.kindOf(from) === CLIENT_KIND) return handleClientNodeRequest(state, ctx, from, msg as unknown as ClientRequest<RaftCommand>);
    // PreVote carries the term its sender would take, not one it has: it must not move ours.
    if (msg.type === 'PreVote') return handlePreVote(state, ctx, from, msg);
    // Thesis §4.2.3: a vote request heard beside a live leader must not move our term either.
    if (msg.type === 'RequestVote' && refuseWithinLease(state, ctx, from, msg)) return;
    // §5.1: a higher term in any message makes us a follower of that term; an AppendEntries
    // names the leader of it.
    if (msg.term > state.term) adoptTerm(state, ctx, msg.term, msg.type === 'AppendEntries' ? from : null);
    switch (msg.type) {
      case 'RequestVote':
        return handleRequestVote(state, ctx, from, msg);
      case 'RequestVoteResponse':
      case 'PreVoteResponse':
        return handleVoteResponse(state, ctx, from, msg);
      case 'AppendEntries':
        return handleAppendEntries(state, ctx, from, msg);
      case 'AppendEntriesResponse':
        return handleAppendResponse(state, ctx, from, msg);
      case 'InstallSnapshot':
        return handleInstallSnapshot(state, ctx, from, msg);
      case 'InstallSnapshotResponse':
        return handleSnapshotResponse(state, ctx, from, msg);
      case 'ClientRequest':
        return handleClientRequest(state, ctx, msg);
    }
  },

  onTimer(state, ctx, timer) {
    if (isClientState(state)) return clientTimer(state, ctx as unknown as NodeContext, state.config, timer);
    if (timer.name === 'election' && timer.id === state.electionTimer) {
      state.electionTimer = null;
      onElectionTimeout(state, ctx);
    } else if (timer.name === 'heartbeat' && timer.id === state.heartbeatTimer) {
      state.heartbeatTimer = null;
      onHeartbeat(state, ctx);
    }
  },

  onCommand(state, ctx, command, opId) {
    if (isClientState(state)) return clientCommand(state, ctx as unknown as NodeContext, state.config, command, opId);
    handleCommand(state, ctx, command, opId);
  },

  view(state) {
    if (isClientState(state)) return clientView(state);
    const first = Math.max(0, state.log.length - VIEW_LOG_ENTRIES);
    const base = state.snapshot.lastIncludedIndex;
    const leading = state.role === 'leader';
    return {
      role: state.role,
      term: state.term,
      votedFor: state.votedFor,
      leader: state.leader,
      members: [...state.members],
      commitIndex: state.commitIndex,
      appliedValue: state.appliedValue,
      logLength: lastIndex(state),
      snapshotIndex: base,
      snapshotTerm: state.snapshot.lastIncludedTerm,
      log: state.log.slice(first).map((entry, i) => ({
        index: base + first + i + 1,
        term: entry.term,
        kind: entry.kind,
        value: entryDigest(entry),
      })),
      nextIndex: leading ? [...state.nextIndex] : null,
      matchIndex: leading ? [...state.matchIndex] : null,
      votes: state.role === 'candidate' || state.role === 'precandidate' ? [...state.votes] : null,
    };
  },

  // The safety monitor follows the servers only; the history monitor reads the operations
  // wherever they were invoked (at client nodes when there are some).
  monitors: (config, nodeCount, run) => raftMonitors(config, run.topology ? nodesOf(run.topology, SERVER_KIND).length : nodeCount, run),

  workload(config, topology) {
    const { readFraction, kvKeys } = config;
    // With client nodes, operations go to them and they ask the servers (client-node.ts);
    // without, to the servers as always.
    const target = topology && nodesOf(topology, CLIENT_KIND).length > 0 ? { target: CLIENT_KIND } : {};
    // With no reads and no keys nothing is drawn, so the workload's stream (and every hash)
    // stays as it was; with reads and no keys, only the read-or-write draw, as before keys.
    if (readFraction === 0 && kvKeys === 0) return { intervalUs: 10_000, ...target, makeCommand: (n) => ({ type: 'write', value: n }) };
    if (kvKeys === 0) {
      return {
        intervalUs: 10_000,
        ...target,
        makeCommand: (n, random) => (random.float() < readFraction ? { type: 'read' } : { type: 'write', value: n }),
      };
    }
    // A key-value store: the operation (read or write), then its key k1..kn.
    return {
      intervalUs: 10_000,
      ...target,
      makeCommand: (n, random) => {
        const read = readFraction > 0 && random.float() < readFraction;
        const key = `k${random.int(1, kvKeys)}`;
        return read ? { type: 'read', key } : { type: 'write', value: n, key };
      },
    };
  },
};
