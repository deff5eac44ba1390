import type { NodeContext, NodeId } from '../../kernel/protocol';
import { redirectClient, type ClientRequest, type ClientResponse } from '../lib/client';
import { appendToLog, lastIndex, termAt } from './log';
import { hasQuorum } from './quorum';
import { becomeCandidate, mayCampaign } from './election';
import { appliedAt, bcastAppend, maybeCommit } from './replication';
import { proposeConfigChange } from './membership';
import type { RaftCommand, RaftContext, RaftMessage, RaftState } from './types';

/**
 * Client operations (§8). Writes and reads go to the leader: a follower forwards them to the
 * leader it knows, or refuses when it knows none. The leader answers a write when its entry
 * commits, and a read after a heartbeat round confirms it still leads (ReadIndex). An operation
 * whose leader loses its term may never be answered: its entry may or may not commit later, and
 * only a reply that is certain is given.
 */

/** How many forwarded op ids each node remembers to drop a duplicated ClientRequest. */
const RECENT_OPS = 64;

/** A command from the workload or the user, at any node. */
export function handleCommand(state: RaftState, ctx: RaftContext, command: RaftCommand, opId: number): void {
  const problem = validate(state, command);
  if (problem) return ctx.reply(opId, { ok: false, error: problem });
  if (command.type === 'forceElection') {
    // The UI's "time out now": a real election, bypassing Pre-Vote, as etcd's leadership
    // transfer does, so the user sees what an expired timer does even beside a healthy leader.
    if (!mayCampaign(state)) return ctx.reply(opId, { ok: false, error: 'not a member' });
    becomeCandidate(state, ctx, true);
    return ctx.reply(opId, { ok: true, term: state.term });
  }
  if (state.role === 'leader') return serveAtLeader(state, ctx, command, opId);
  if (state.leader === null) return ctx.reply(opId, { ok: false, error: 'no leader' });
  // Handed over (kernel/hand-over.ts): `command` is this node's own copy, and it keeps no reference.
  ctx.send(state.leader, { type: 'ClientRequest', term: state.term, opId, command }, true);
}

/** A request a follower forwarded: served here if this node leads, refused otherwise. */
export function handleClientRequest(
  state: RaftState,
  ctx: RaftContext,
  msg: Extract<RaftMessage, { type: 'ClientRequest' }>,
): void {
  if (state.recentOps.includes(msg.opId)) return;
  state.recentOps[state.recentOpsNext] = msg.opId;
  state.recentOpsNext = (state.recentOpsNext + 1) % RECENT_OPS;
  const problem = validate(state, msg.command);
  if (problem) return ctx.reply(msg.opId, { ok: false, error: problem });
  // Forwarded once only: a second hop could chase a moving leader around a partition.
  if (state.role !== 'leader' || msg.command.type === 'forceElection') {
    return ctx.reply(msg.opId, { ok: false, error: 'not leader', leader: state.leader });
  }
  serveAtLeader(state, ctx, msg.command, msg.opId);
}

/**
 * A request from a client node (§8; thesis §6.2). A follower redirects the client to the
 * leader it knows; one that knows none stays silent, and the client's timeout is its back-off.
 * The leader serves reads by ReadIndex and writes by appending them, once (thesis §6.3, below).
 */
export function handleClientNodeRequest(state: RaftState, ctx: RaftContext, from: NodeId, request: ClientRequest<RaftCommand>): void {
  const command = request.command;
  const problem = validate(state, command) ?? (command.type === 'read' || command.type === 'write' ? null : 'a client sends reads and writes');
  if (problem) return answer(ctx, from, request.opId, { ok: false, error: problem });
  if (state.role !== 'leader') {
    if (state.leader !== null && state.leader !== state.self) redirectClient(ctx as unknown as NodeContext, from, request, state.leader);
    return;
  }
  if (command.type === 'read') return startRead(state, ctx, request.opId, command.key, from);
  if (command.type !== 'write') return;
  // Thesis §6.3: a client retries a write whose answer it did not get, so the same command may
  // arrive twice. Here the leader looks for it in its log first. That is enough for the entries
  // the log holds: a later leader's log holds the prefix of this one that it matches (Log
  // Matching), so two copies of one write can only both commit if one leader's log had both,
  // and a leader appends only when its log has none. A copy already compacted into a snapshot
  // is not found (the thesis keeps a session table in the snapshot for that; README.md).
  const found = findClientWrite(state, from, request.opId);
  if (found !== null) {
    if (found <= state.commitIndex) return answer(ctx, from, request.opId, { ok: true, index: found });
    const at = state.pendingWrites.findIndex((w) => w.index > found);
    const pending = { index: found, opId: request.opId, client: from };
    if (at < 0) state.pendingWrites.push(pending);
    else state.pendingWrites.splice(at, 0, pending);
    return;
  }
  // The key travels only when the command names one, as for writes invoked at a server.
  const entry = { term: state.term, kind: 'write' as const, value: command.value, client: from, op: request.opId };
  appendToLog(state, ctx, [command.key === undefined ? entry : { ...entry, key: command.key }]);
  state.pendingWrites.push({ index: lastIndex(state), opId: request.opId, client: from });
  if (state.members.length === 1) maybeCommit(state, ctx);
}

/** The index of the entry carrying client `client`'s operation `op` in the log (after the snapshot), or null. */
function findClientWrite(state: RaftState, client: NodeId, op: number): number | null {
  const base = state.snapshot.lastIncludedIndex;
  for (let i = state.log.length - 1; i >= 0; i--) {
    const entry = state.log[i]!;
    if (entry.kind === 'write' && entry.op === op && entry.client === client) return base + i + 1;
  }
  return null;
}

/** The answer to an operation: to the client node that sent it, or to the environment. */
function answer(ctx: RaftContext, client: NodeId | undefined, opId: number, result: unknown): void {
  // Every caller passes a fresh result: handed over, not copied (kernel/hand-over.ts).
  if (client === undefined) return ctx.reply(opId, result, true);
  const response: ClientResponse = { type: 'ClientResponse', opId, result };
  (ctx as unknown as NodeContext).send(client, response, true);
}

function serveAtLeader(state: RaftState, ctx: RaftContext, command: RaftCommand, opId: number): void {
  switch (command.type) {
    case 'write':
      // The key travels only when the command names one, so entries without keys stay as they were.
      appendToLog(state, ctx, [command.key === undefined ? { term: state.term, kind: 'write', value: command.value } : { term: state.term, kind: 'write', value: command.value, key: command.key }]);
      state.pendingWrites.push({ index: lastIndex(state), opId });
      // The leader's own copy decides a commit only when it alone is the majority.
      if (state.members.length === 1) maybeCommit(state, ctx);
      return;
    case 'read':
      return startRead(state, ctx, opId, command.key);
    case 'addServer':
    case 'removeServer':
      return proposeConfigChange(state, ctx, command, opId);
    case 'forceElection':
      return;
  }
}

/**
 * ReadIndex (§8, thesis §6.4): remember commitIndex, prove leadership with one heartbeat round
 * started after the read arrived, then answer with the state as of that index. The leader must
 * first have committed an entry of its term, or its commitIndex may lag the cluster's.
 */
function startRead(state: RaftState, ctx: RaftContext, opId: number, key: string | undefined, client?: NodeId): void {
  if (termAt(state, state.commitIndex) !== state.term) {
    return answer(ctx, client, opId, { ok: false, error: 'leader not ready' });
  }
  // The client's id is named only when there is one, so runs without client nodes trace as before.
  const read = { opId, round: state.round + 1, readIndex: state.commitIndex, value: appliedAt(state, key) };
  state.pendingReads.push(client === undefined ? read : { ...read, client });
  bcastAppend(state, ctx);
  confirmReads(state, ctx);
}

/** Answers the reads whose round a majority has acknowledged (reads wait in round order). */
export function confirmReads(state: RaftState, ctx: RaftContext): void {
  const self = state.self;
  while (state.pendingReads.length > 0) {
    const read = state.pendingReads[0]!;
    if (!hasQuorum(state.members, (id) => id === self || state.ackedRound[id]! >= read.round)) return;
    state.pendingReads.shift();
    answer(ctx, read.client, read.opId, { ok: true, index: read.readIndex, value: read.value });
  }
}

/** Replies to the writes (and configuration changes) committed so far in this term. */
export function replyCommitted(state: RaftState, ctx: RaftContext): void {
  const pending = state.pendingWrites;
  while (pending.length > 0 && pending[0]!.index <= state.commitIndex) {
    const { index, opId, client } = pending.shift()!;
    answer(ctx, client, opId, { ok: true, index });
  }
}

/**
 * The term ended. A pending write may still commit under a later leader, so it gets no answer
 * (an indeterminate operation, as histories allow); a read has no effect, so it fails.
 */
export function abandonClientRequests(state: RaftState, ctx: RaftContext): void {
  for (const read of state.pendingReads) answer(ctx, read.client, read.opId, { ok: false, error: 'leadership lost' });
  state.pendingReads = [];
  state.pendingWrites = [];
}

/** Commands come from share links too: check their shape before anything acts on them. */
function validate(state: RaftState, command: RaftCommand): string | null {
  switch (command.type) {
    case 'write':
      if (!(typeof command.value === 'number' && Number.isFinite(command.value))) return 'write needs a numeric value';
      return keyProblem(command.key);
    case 'read':
      return keyProblem(command.key);
    case 'forceElection':
      return null;
    case 'addServer':
    case 'removeServer':
      return isNode(state, command.node) ? null : `${command.type} needs a node between 0 and ${state.nodeCount - 1}`;
    default:
      return `unknown command "${String((command as { type: unknown }).type)}"`;
  }
}

/** A key, when a command names one: a short name (a share link may carry anything). */
function keyProblem(key: unknown): string | null {
  if (key === undefined) return null;
  return typeof key === 'string' && /^[A-Za-z0-9_.-]{1,32}$/.test(key) ? null : 'key must be 1 to 32 letters, digits, ".", "_" or "-"';
}

function isNode(state: RaftState, node: NodeId): boolean {
  return Number.isInteger(node) && node >= 0 && node < state.nodeCount;
}
