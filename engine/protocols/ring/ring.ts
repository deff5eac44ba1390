import type { NodeContext, NodeId, Protocol, Timer } from '../../kernel/protocol';
import { checkRingScenario, configureRing, initialMemberCount, type RingConfig } from './config';

const initialMembersOf = (config: RingConfig, n: number) => Array.from({ length: initialMemberCount(config, n) }, (_, i) => i);
import { ringMonitors } from './monitor';
import { entryBytes, ownersOf } from './placement-cache';
import { applyRangeChange, initialRanges, newerRanges, nextRangeChange, ownersFromRanges, type RangeTable } from './ranges';
import type {
  ChunkEntry,
  Entry,
  KeyOp,
  OpResult,
  OutgoingChunk,
  RingCommand,
  RingMessage,
  RingState,
  StatusEntry,
} from './types';

type Ctx = NodeContext<RingMessage>;

/** How many recent put op ids a key remembers to recognise a duplicated Put. */
const RECENT_PUTS = 16;

// Durable layout: what a storage node would fsync. Keys one record each, so a put writes one.
const STATUSES = 'statuses';
const OUTGOING = 'outgoing';
const ACCEPTED = 'accepted';
const SEQ = 'seq';
const RANGES = 'ranges';
const dataKey = (key: number) => `k${key}`;
const movedKey = (key: number) => `m${key}`;

/**
 * A partitioned key-value store whose placement is one of placement/'s schemes. See README.md:
 * storage nodes own keys by their own view of the membership; any node routes a client's get or
 * put to the owner (following forwarding pointers left by migrations); a membership change moves
 * the keys whose owner changed in acknowledged chunks.
 */
export const ring: Protocol<RingState, RingMessage, RingCommand, RingConfig> = {
  name: 'ring',
  title: 'Hash ring (partitioning)',
  configure: configureRing,
  checkScenario: checkRingScenario,

  init(ctx, config) {
    const n = ctx.nodes.length;
    const stored = ctx.durable.get<StatusEntry[]>(STATUSES);
    const firstBoot = stored === undefined;
    const statuses: StatusEntry[] =
      stored ??
      Array.from({ length: n }, (_, i) => ({ status: i < initialMemberCount(config, n) ? 'member' : 'spare', version: 0 }));
    const state: RingState = {
      config,
      self: ctx.self,
      statuses,
      members: [],
      owners: [],
      ranges:
        config.scheme === 'range'
          ? // Version 0 is the same everywhere: cut among the initial members, whatever happened since.
            (ctx.durable.get<RangeTable>(RANGES) ?? initialRanges(config.keys, initialMembersOf(config, n)))
          : null,
      reports: {},
      data: {},
      movedTo: {},
      outgoing: ctx.durable.get<OutgoingChunk[]>(OUTGOING) ?? [],
      accepted: ctx.durable.get<number[]>(ACCEPTED) ?? Array.from({ length: n }, () => 0),
      transferSeq: ctx.durable.get<number>(SEQ) ?? 0,
      pending: {},
      parked: [],
      migrateTimer: null,
      sweepTimer: null,
      keysSent: 0,
      keysReceived: 0,
      bytesSent: 0,
      bytesReceived: 0,
    };
    recomputeOwners(state);
    if (firstBoot) {
      // Every key exists from the start, at its owner under the initial membership, so each key
      // always has exactly one holder (or is in one acknowledged-or-retried transfer).
      ctx.durable.put(STATUSES, statuses);
      for (let key = 0; key < config.keys; key++) {
        if (state.owners[key] === ctx.self) storeEntry(state, ctx, key, { value: null, version: 0, recent: [] });
      }
    } else {
      for (let key = 0; key < config.keys; key++) {
        const entry = ctx.durable.get<Entry>(dataKey(key));
        if (entry) state.data[key] = entry;
        const moved = ctx.durable.get<NodeId>(movedKey(key));
        if (moved !== undefined) state.movedTo[key] = moved;
      }
      // A crash interrupted these chunks: send them again under the same numbers.
      for (const chunk of state.outgoing) sendChunk(state, ctx, chunk);
    }
    ctx.observe('holding', { keys: heldKeys(state), members: state.members });
    ctx.setTimer(ctx.random.int(0, config.gossipIntervalUs), 'gossip');
    scheduleMigration(state, ctx, 0);
    return state;
  },

  onCommand(state, ctx, command, opId) {
    switch (command.type) {
      case 'get':
      case 'put':
      case 'delete': {
        const key = command.key;
        if (!Number.isInteger(key) || key < 0 || key >= state.config.keys) {
          ctx.reply(opId, { ok: false, error: 'no owner' } satisfies OpResult);
          return;
        }
        state.pending[opId] = true;
        const value = command.type === 'put' ? command.value : null;
        handleOp(state, ctx, { op: command.type === 'get' ? 'get' : 'put', opId, entry: ctx.self, key, value, hops: 0 });
        return;
      }
      case 'join':
      case 'leave': {
        const mine = state.statuses[ctx.self]!;
        const status = command.type === 'join' ? 'member' : 'left';
        if (mine.status !== status) {
          state.statuses[ctx.self] = { status, version: mine.version + 1 };
          ctx.observe('status', { status, version: mine.version + 1 });
          // Tell everyone at once; gossip repairs whatever this broadcast loses.
          for (const peer of ctx.nodes) if (peer !== ctx.self) ctx.send(peer, gossipOf(state));
          membershipChanged(state, ctx);
        }
        ctx.reply(opId, { ok: true, status });
        return;
      }
    }
  },

  onMessage(state, ctx, from, msg) {
    switch (msg.type) {
      case 'Route':
        handleOp(state, ctx, msg.op);
        return;
      case 'Reply':
        answer(state, ctx, msg.opId, msg.result);
        return;
      case 'Gossip':
        onGossip(state, ctx, from, msg.statuses, msg.ranges);
        return;
      case 'Sizes':
        state.reports[from] = { written: msg.written, version: msg.version, author: msg.author, settled: msg.settled };
        return;
      case 'Transfer':
        // Learn the sender's view first: else a receiver that has not heard of the change yet
        // would send the keys straight back.
        if (mergeStatuses(state, msg.statuses).changed || adoptRanges(state, ctx, msg.ranges)) membershipChanged(state, ctx);
        onTransfer(state, ctx, from, msg.seq, msg.keys, msg.bytes);
        return;
      case 'TransferAck':
        onTransferAck(state, ctx, from, msg.seq);
        return;
    }
  },

  onTimer(state, ctx, timer: Timer) {
    switch (timer.name) {
      case 'gossip': {
        const peers = ctx.nodes.filter((p) => p !== ctx.self);
        if (peers.length > 0) ctx.send(ctx.random.pick(peers), gossipOf(state));
        if (state.ranges) rangeTick(state, ctx);
        ctx.setTimer(state.config.gossipIntervalUs, 'gossip');
        return;
      }
      case 'migrate':
        state.migrateTimer = null;
        migrate(state, ctx);
        return;
      case 'retry': {
        const { to, seq } = timer.data as { to: NodeId; seq: number };
        const chunk = state.outgoing.find((c) => c.to === to && c.seq === seq);
        if (chunk) sendChunk(state, ctx, chunk);
        return;
      }
      case 'sweep': {
        state.sweepTimer = null;
        const now = ctx.now();
        const expired = state.parked.filter((p) => p.deadlineUs <= now);
        state.parked = state.parked.filter((p) => p.deadlineUs > now);
        for (const p of expired) respond(state, ctx, p.op, { ok: false, error: 'timeout' });
        scheduleSweep(state, ctx);
        return;
      }
    }
  },

  view(state) {
    const frozen = state.outgoing.flatMap((c) => c.keys.map((k) => k.key));
    const held = heldKeys(state);
    return {
      statuses: state.statuses,
      members: state.members,
      owners: state.owners,
      held,
      frozen,
      /** Keys held here that belong elsewhere under this node's view: the migration still to do. */
      toMove: held.filter((k) => state.owners[k] !== state.self).length,
      outgoing: state.outgoing.map((c) => ({ to: c.to, seq: c.seq, keys: c.keys.map((k) => k.key), bytes: c.bytes })),
      movedTo: state.movedTo,
      versions: Object.fromEntries(held.map((k) => [k, state.data[k]!.version])),
      parked: state.parked.length,
      keysSent: state.keysSent,
      keysReceived: state.keysReceived,
      bytesSent: state.bytesSent,
      bytesReceived: state.bytesReceived,
      scheme: state.config.scheme,
      vnodes: state.config.vnodes,
      loadFactor: state.config.loadFactor,
      keys: state.config.keys,
      ranges: state.ranges,
    };
  },

  monitors(config, nodeCount, run) {
    return ringMonitors(config, nodeCount, run);
  },

  workload(config) {
    return {
      intervalUs: config.workloadIntervalUs,
      makeCommand: (n, random) => {
        const key = random.int(0, config.keys - 1);
        if (random.chance(config.readFraction)) return { type: 'get', key };
        // chance(0) draws nothing: without deletes the stream is what it always was.
        return random.chance(config.deleteFraction) ? { type: 'delete', key } : { type: 'put', key, value: n };
      },
    };
  },
};

// ---- routing -------------------------------------------------------------------------------

function heldKeys(state: RingState): number[] {
  return Object.keys(state.data)
    .map(Number)
    .sort((a, b) => a - b);
}

function isFrozen(state: RingState, key: number): boolean {
  return state.outgoing.some((c) => c.keys.some((k) => k.key === key));
}

/**
 * Where a request for `op.key` goes from here: served if this node holds the key; held back while
 * the key is in a chunk on its way out (it goes on once the chunk is acknowledged); after a
 * forwarding pointer if the key left from here; else to the owner by this node's view, or held
 * back if that owner is this node (the key is on its way here).
 */
function handleOp(state: RingState, ctx: Ctx, op: KeyOp): void {
  const key = op.key;
  const entry = state.data[key];
  if (entry && !isFrozen(state, key)) {
    serve(state, ctx, op, entry);
    return;
  }
  if (entry) {
    park(state, ctx, op);
    return;
  }
  const next = state.movedTo[key] ?? state.owners[key] ?? -1;
  if (next === -1) {
    respond(state, ctx, op, { ok: false, error: 'no owner' });
  } else if (next === ctx.self) {
    park(state, ctx, op);
  } else if (op.hops >= state.config.maxHops) {
    respond(state, ctx, op, { ok: false, error: 'hops' });
  } else {
    ctx.send(next, { type: 'Route', op: { ...op, hops: op.hops + 1 } });
  }
}

function serve(state: RingState, ctx: Ctx, op: KeyOp, entry: Entry): void {
  if (op.op === 'get') {
    respond(state, ctx, op, { ok: true, value: entry.value, version: entry.version, owner: ctx.self });
    return;
  }
  // A duplicated Put (the network may deliver a message twice) is applied once and answered once.
  if (entry.recent.includes(op.opId)) return;
  const next: Entry = {
    value: op.value,
    version: entry.version + 1,
    recent: [...entry.recent, op.opId].slice(-RECENT_PUTS),
  };
  // Durable before acknowledged: a crash after the answer keeps the write.
  storeEntry(state, ctx, op.key, next);
  ctx.observe('apply', { key: op.key, opId: op.opId, version: next.version, value: op.value });
  respond(state, ctx, op, { ok: true, value: next.value, version: next.version, owner: ctx.self });
}

function respond(state: RingState, ctx: Ctx, op: KeyOp, result: OpResult): void {
  if (op.entry === ctx.self) answer(state, ctx, op.opId, result);
  else ctx.send(op.entry, { type: 'Reply', opId: op.opId, result });
}

/** The client's answer, once: a repeated Reply (duplication, two routes) is dropped here. */
function answer(state: RingState, ctx: Ctx, opId: number, result: OpResult): void {
  if (!state.pending[opId]) return;
  delete state.pending[opId];
  ctx.reply(opId, result);
}

function park(state: RingState, ctx: Ctx, op: KeyOp): void {
  state.parked.push({ op, deadlineUs: ctx.now() + state.config.parkTimeoutUs });
  scheduleSweep(state, ctx);
}

function scheduleSweep(state: RingState, ctx: Ctx): void {
  if (state.sweepTimer !== null || state.parked.length === 0) return;
  const earliest = Math.min(...state.parked.map((p) => p.deadlineUs));
  state.sweepTimer = ctx.setTimer(Math.max(0, earliest - ctx.now()), 'sweep');
}

/** Something changed (a key arrived or left, the view moved): held-back requests try again. */
function retryParked(state: RingState, ctx: Ctx, keys?: readonly number[]): void {
  const again = keys ? state.parked.filter((p) => keys.includes(p.op.key)) : state.parked;
  if (again.length === 0) return;
  state.parked = keys ? state.parked.filter((p) => !keys.includes(p.op.key)) : [];
  for (const p of again) handleOp(state, ctx, p.op);
}

// ---- membership ----------------------------------------------------------------------------

function recomputeOwners(state: RingState): void {
  state.members = state.statuses.flatMap((s, i) => (s.status === 'member' ? [i] : []));
  state.owners = state.ranges ? ownersFromRanges(state.ranges, state.config.keys) : ownersOf(state.config, state.members);
}

/** Takes every row of `theirs` that is newer; says whether anything changed and whether they lack something. */
function mergeStatuses(state: RingState, theirs: readonly StatusEntry[]): { changed: boolean; theyLack: boolean } {
  let changed = false;
  let theyLack = false;
  for (let i = 0; i < state.statuses.length; i++) {
    const mine = state.statuses[i]!;
    const other = theirs[i];
    if (!other) continue;
    if (other.version > mine.version) {
      state.statuses[i] = { status: other.status, version: other.version };
      changed = true;
    } else if (other.version < mine.version) {
      theyLack = true;
    }
  }
  return { changed, theyLack };
}

function onGossip(state: RingState, ctx: Ctx, from: NodeId, theirs: StatusEntry[], ranges: RangeTable | undefined): void {
  const { changed, theyLack } = mergeStatuses(state, theirs);
  const rangesLack = !!state.ranges && (!ranges || newerRanges(state.ranges, ranges));
  const rangesChanged = adoptRanges(state, ctx, ranges);
  // Push-pull: the sender learns what it lacked in one round trip.
  if (theyLack || rangesLack) ctx.send(from, gossipOf(state));
  if (changed || rangesChanged) membershipChanged(state, ctx);
}

function gossipOf(state: RingState): RingMessage {
  return state.ranges ? { type: 'Gossip', statuses: state.statuses, ranges: state.ranges } : { type: 'Gossip', statuses: state.statuses };
}

/** Takes a newer range table (durably); true when it did. */
function adoptRanges(state: RingState, ctx: Ctx, theirs: RangeTable | undefined): boolean {
  if (!state.ranges || !theirs || !newerRanges(theirs, state.ranges)) return false;
  state.ranges = theirs;
  ctx.durable.put(RANGES, theirs);
  return true;
}

/**
 * Range partitioning, every gossip round: each node reports the keys it holds with a value to
 * the range master (the lowest-id member it knows), and the master makes at most one change to
 * the table (ranges.ts: a leaver's ranges reassigned, a joiner given half a range, a split, a
 * merge), announced to everyone.
 */
function rangeTick(state: RingState, ctx: Ctx): void {
  const master = state.members[0];
  const table = state.ranges!;
  if (master === undefined) return;
  const report = {
    written: heldKeys(state).filter((k) => state.data[k]!.value !== null),
    version: table.version,
    author: table.author,
    settled: state.outgoing.length === 0 && heldKeys(state).every((k) => state.owners[k] === ctx.self),
  };
  if (master !== ctx.self) {
    ctx.send(master, { type: 'Sizes', ...report });
    return;
  }
  state.reports[ctx.self] = report;
  const isWritten = new Array<boolean>(state.config.keys).fill(false);
  for (const r of Object.values(state.reports)) for (const k of r.written) if (k < isWritten.length) isWritten[k] = true;
  // Sizes are only known once every member has adopted this table and finished its moves: keys
  // in transit are in nobody's report, and judging by them would split and merge in turn.
  const settled = state.members.every((m) => {
    const r = state.reports[m];
    return r !== undefined && r.settled && r.version === table.version && r.author === table.author;
  });
  const change = nextRangeChange(table, state.config.keys, state.members, isWritten, state.config);
  if (!change || (!settled && (change.kind === 'merge' || (change.kind === 'split' && table.owners.includes(change.to) && state.members.every((m) => table.owners.includes(m)))))) return;
  state.ranges = applyRangeChange(table, change, ctx.self);
  ctx.durable.put(RANGES, state.ranges);
  ctx.observe('ranges', { change: change.kind, version: state.ranges.version, starts: state.ranges.starts, owners: state.ranges.owners });
  for (const peer of ctx.nodes) if (peer !== ctx.self) ctx.send(peer, gossipOf(state));
  membershipChanged(state, ctx);
}

function membershipChanged(state: RingState, ctx: Ctx): void {
  const before = state.members.join(',');
  ctx.durable.put(STATUSES, state.statuses);
  recomputeOwners(state);
  if (state.members.join(',') !== before) {
    const held = heldKeys(state);
    ctx.observe('view', {
      members: state.members,
      toMove: held.filter((k) => state.owners[k] !== ctx.self).length,
    });
  }
  retryParked(state, ctx);
  scheduleMigration(state, ctx, 0);
}

// ---- migration -----------------------------------------------------------------------------

function scheduleMigration(state: RingState, ctx: Ctx, delay: number): void {
  if (state.migrateTimer !== null) return;
  state.migrateTimer = ctx.setTimer(delay, 'migrate');
}

/**
 * For each node that owns keys this node holds (by this node's view) and has no chunk of ours in
 * flight, send the next chunk: its keys freeze here until the receiver acknowledges them. One
 * chunk in flight per receiver keeps seq increasing per pair, which is how a receiver tells a
 * repeat from a new chunk.
 */
function migrate(state: RingState, ctx: Ctx): void {
  const byTarget = new Map<NodeId, number[]>();
  for (const key of heldKeys(state)) {
    const owner = state.owners[key]!;
    if (owner === ctx.self || owner === -1 || isFrozen(state, key)) continue;
    const list = byTarget.get(owner) ?? [];
    list.push(key);
    byTarget.set(owner, list);
  }
  for (const [to, keys] of [...byTarget].sort((a, b) => a[0] - b[0])) {
    if (state.outgoing.some((c) => c.to === to)) continue;
    const take = keys.slice(0, state.config.chunkKeys);
    const entries: ChunkEntry[] = take.map((key) => ({ key, entry: state.data[key]! }));
    const bytes = take.reduce((sum, key) => sum + entryBytes(state.config, key), 0);
    state.transferSeq++;
    ctx.durable.put(SEQ, state.transferSeq);
    const chunk: OutgoingChunk = { to, seq: state.transferSeq, keys: entries, bytes };
    state.outgoing.push(chunk);
    ctx.durable.put(OUTGOING, state.outgoing);
    ctx.observe('handoff', { to, seq: chunk.seq, keys: take, bytes, remaining: keys.length - take.length });
    sendChunk(state, ctx, chunk);
  }
}

function sendChunk(state: RingState, ctx: Ctx, chunk: OutgoingChunk): void {
  ctx.send(chunk.to, {
    type: 'Transfer',
    seq: chunk.seq,
    keys: chunk.keys,
    bytes: chunk.bytes,
    statuses: state.statuses,
    ...(state.ranges ? { ranges: state.ranges } : {}),
  });
  ctx.setTimer(state.config.transferRetryUs, 'retry', { to: chunk.to, seq: chunk.seq });
}

/**
 * A chunk arrives: new ones are stored (durably, before the acknowledgement) and served from now
 * on; a repeat (our acknowledgement was lost, or the sender restarted) is only acknowledged again.
 */
function onTransfer(state: RingState, ctx: Ctx, from: NodeId, seq: number, keys: ChunkEntry[], bytes: number): void {
  if (seq > (state.accepted[from] ?? 0)) {
    const arriving = new Set(keys.map((k) => k.key));
    // A key can come back before our own chunk that sent it away is acknowledged (the receiver,
    // with another view, passed it on at once). It came back only because that chunk arrived, so
    // the copy in the chunk is spent: forget it there, or the late acknowledgement would delete
    // the live copy we are about to store.
    if (state.outgoing.some((c) => c.keys.some((k) => arriving.has(k.key)))) {
      state.outgoing = state.outgoing.map((c) => ({ ...c, keys: c.keys.filter((k) => !arriving.has(k.key)) }));
      ctx.durable.put(OUTGOING, state.outgoing);
    }
    for (const { key, entry } of keys) {
      storeEntry(state, ctx, key, entry);
      if (state.movedTo[key] !== undefined) {
        delete state.movedTo[key];
        ctx.durable.delete(movedKey(key));
      }
    }
    state.accepted[from] = seq;
    ctx.durable.put(ACCEPTED, state.accepted);
    state.keysReceived += keys.length;
    state.bytesReceived += bytes;
    ctx.observe('accept', { from, seq, keys: keys.map((k) => k.key), bytes });
    retryParked(state, ctx, keys.map((k) => k.key));
    // Under this node's view some of them may belong elsewhere still: pass them on.
    scheduleMigration(state, ctx, 0);
  }
  ctx.send(from, { type: 'TransferAck', seq });
}

/** The receiver holds the chunk: drop our copies, leave forwarding pointers, send the next chunk. */
function onTransferAck(state: RingState, ctx: Ctx, from: NodeId, seq: number): void {
  const chunk = state.outgoing.find((c) => c.to === from && c.seq === seq);
  if (!chunk) return;
  state.outgoing = state.outgoing.filter((c) => c !== chunk);
  ctx.durable.put(OUTGOING, state.outgoing);
  const keys = chunk.keys.map((k) => k.key);
  for (const key of keys) {
    delete state.data[key];
    ctx.durable.delete(dataKey(key));
    state.movedTo[key] = from;
    ctx.durable.put(movedKey(key), from);
  }
  state.keysSent += keys.length;
  state.bytesSent += chunk.bytes;
  ctx.observe('handed', { to: from, seq, keys, bytes: chunk.bytes });
  retryParked(state, ctx, keys);
  scheduleMigration(state, ctx, state.config.chunkIntervalUs);
}

function storeEntry(state: RingState, ctx: Ctx, key: number, entry: Entry): void {
  state.data[key] = entry;
  ctx.durable.put(dataKey(key), entry);
}
