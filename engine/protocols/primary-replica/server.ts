import type { NodeContext, NodeId, Timer } from '../../kernel/protocol';
import { answerClient, redirectClient, type ClientRequest } from '../lib/client';
import { candidateWaitUs, type PrimaryReplicaConfig } from './config';
import type { PrCommand, PrMessage, ServerState, WalEntry } from './types';
import { DCS_KIND, SERVER_KIND } from './types';
import { serveChanges } from './cdc';
import { appendEntries, epochAt, lastIndex, readKey, recoverLog, truncateAfter } from './wal';

/**
 * A database server: the primary, or a replica of it (README.md). The primary appends each
 * client write to its write-ahead log and ships the log to every replica (Postgres streaming
 * replication; the message has Raft's AppendEntries shape so a replica can find where its log
 * and the primary's part: pg_rewind). It answers the write as the replication mode says: at
 * once (async), once one replica holds it (semi-sync), once all do (sync). It renews its lease at
 * the lease store every loop_wait and demotes itself when a renewal goes unanswered for
 * retry_timeout; replicas probe the lease every loop_wait and, when it expired, the most advanced
 * of them that is not too far behind takes it (Patroni's HA loop).
 */
type Ctx = NodeContext<PrMessage>;
const EPOCH_KEY = 'epoch';
/** Entries per shipment, so a far-behind replica catches up in bounded messages. */
const MAX_BATCH = 64;

/** Timers carry the role term they were set in: becoming or ceasing to be primary ends a term. */
interface TermData {
  term: number;
}

function dcsOf(ctx: Ctx): NodeId | null {
  return ctx.nodesOf(DCS_KIND)[0] ?? null;
}

function otherServers(state: ServerState, ctx: Ctx): NodeId[] {
  return ctx.nodesOf(SERVER_KIND).filter((n) => n !== ctx.self);
}

export function initServer(ctx: Ctx, config: PrimaryReplicaConfig): ServerState {
  const servers = ctx.nodesOf(SERVER_KIND);
  const stored = ctx.durable.get<number>(EPOCH_KEY);
  const log = recoverLog(ctx.durable);
  // Bootstrap: the first server starts as primary of epoch 1, the lease store's key says so.
  const bootstrap = stored === undefined && ctx.now() === 0;
  const epoch = stored ?? (bootstrap ? 1 : 0);
  if (stored === undefined) ctx.durable.put(EPOCH_KEY, epoch);
  const state: ServerState = {
    kind: 'server',
    config,
    role: 'replica',
    epoch,
    log,
    primary: bootstrap ? (servers[0] ?? null) : null,
    primaryLast: lastIndex(log),
    primaryHeardUs: null,
    followers: {},
    waiting: [],
    leaseUntilUs: null,
    renewing: null,
    renewAttempt: 0,
    candidacy: null,
    candidacyRound: 0,
    demotedBecause: null,
    term: 0,
    clockUs: ctx.now(),
  };
  if (bootstrap && servers[0] === ctx.self) becomePrimary(state, ctx, epoch, 0);
  else startReplicaLoop(state, ctx);
  ctx.observe('boot', { role: state.role, epoch, last: lastIndex(log) });
  return state;
}

/* ---------------------------------------------------------------------------- roles */

function becomePrimary(state: ServerState, ctx: Ctx, epoch: number, leaseSentUs: number): void {
  const c = state.config;
  state.role = 'primary';
  state.epoch = epoch;
  ctx.durable.put(EPOCH_KEY, epoch);
  state.term++;
  state.primary = ctx.self;
  state.primaryLast = lastIndex(state.log);
  state.candidacy = null;
  state.demotedBecause = null;
  state.followers = {};
  for (const r of otherServers(state, ctx)) state.followers[r] = { next: lastIndex(state.log) + 1, match: 0, lastAckUs: null };
  state.waiting = [];
  state.renewing = null;
  state.leaseUntilUs = leaseSentUs + c.ttlUs;
  ctx.observe('promoted', { epoch, last: lastIndex(state.log) });
  const term = state.term;
  ctx.setTimer(0, 'ship', { term });
  ctx.setTimer(c.loopWaitUs, 'renew', { term });
  ctx.setTimer(c.lagSampleUs, 'lag-sample', { term });
}

function demote(state: ServerState, ctx: Ctx, reason: string, primary: NodeId | null): void {
  if (state.role !== 'primary') return;
  // Writes still waiting for replicas are not acknowledged: their clients hear they failed (they
  // may survive or not: the client cannot know, as with a real connection dropped mid-commit).
  for (const w of state.waiting) answerRequest(ctx, w.client, w.opId, w.attempt, { ok: false, error: 'the primary stepped down', epoch: state.epoch });
  state.role = 'replica';
  state.term++;
  state.primary = primary;
  state.followers = {};
  state.waiting = [];
  state.leaseUntilUs = null;
  state.renewing = null;
  state.demotedBecause = reason;
  ctx.observe('demoted', { epoch: state.epoch, reason });
  startReplicaLoop(state, ctx);
}

function startReplicaLoop(state: ServerState, ctx: Ctx): void {
  // Patroni's loops are not in step across members: each replica's first probe is staggered.
  ctx.setTimer(ctx.random.int(1, state.config.loopWaitUs), 'probe', { term: state.term });
}

/** Learns a higher epoch (durably); with fencing, a primary that learns one is over. */
function learnEpoch(state: ServerState, ctx: Ctx, epoch: number, primary: NodeId | null, how: string): void {
  if (epoch <= state.epoch) return;
  state.epoch = epoch;
  ctx.durable.put(EPOCH_KEY, epoch);
  if (state.role === 'primary') demote(state, ctx, how, primary);
  else state.primary = primary;
}

/* ------------------------------------------------------------------- the primary's side */

function follower(state: ServerState, id: NodeId) {
  return state.followers[id];
}

function shipTo(state: ServerState, ctx: Ctx, replica: NodeId): void {
  const f = follower(state, replica);
  if (!f) return;
  const prevIndex = Math.min(f.next - 1, lastIndex(state.log));
  const entries = state.log.slice(prevIndex, prevIndex + MAX_BATCH);
  ctx.send(replica, { type: 'Ship', epoch: state.epoch, prevIndex, prevEpoch: epochAt(state.log, prevIndex), entries, primaryLast: lastIndex(state.log) });
  f.next = prevIndex + entries.length + 1;
}

function acksNeeded(state: ServerState): number {
  const replicas = Object.keys(state.followers).length;
  switch (state.config.replication) {
    case 'async':
      return 0;
    case 'semi-sync':
      return Math.min(1, replicas);
    case 'sync':
      return replicas;
  }
}

/** Answers every waiting write that now has the acknowledgements its mode asks for. */
function answerReadyWrites(state: ServerState, ctx: Ctx): void {
  const needed = acksNeeded(state);
  const matches = Object.values(state.followers).map((f) => f.match);
  state.waiting = state.waiting.filter((w) => {
    if (matches.filter((m) => m >= w.index).length < needed) return true;
    const entry = state.log[w.index - 1]!;
    answerRequest(ctx, w.client, w.opId, w.attempt, { ok: true, index: w.index, epoch: entry.epoch, value: entry.value });
    return false;
  });
}

function answerRequest(ctx: Ctx, client: NodeId, opId: number, attempt: number, result: unknown): void {
  answerClient(ctx, client, { type: 'ClientRequest', opId, attempt, command: { type: 'write' } }, result);
}

function primaryWrite(state: ServerState, ctx: Ctx, from: NodeId, request: ClientRequest, key: string, value: number): void {
  const entry: WalEntry = { index: lastIndex(state.log) + 1, epoch: state.epoch, key, value, atUs: ctx.now() };
  appendEntries(state.log, ctx.durable, [entry]);
  state.primaryLast = entry.index;
  ctx.observe('write', { index: entry.index, epoch: entry.epoch, key, value });
  state.waiting.push({ index: entry.index, client: from, opId: request.opId, attempt: request.attempt });
  for (const r of Object.keys(state.followers)) shipTo(state, ctx, Number(r));
  answerReadyWrites(state, ctx);
}

function onAck(state: ServerState, ctx: Ctx, from: NodeId, msg: Extract<PrMessage, { type: 'Ack' }>): void {
  const f = follower(state, from);
  if (!f || msg.epoch !== state.epoch) return;
  f.lastAckUs = ctx.now();
  if (msg.ok) {
    f.match = Math.max(f.match, msg.match);
    f.next = Math.max(f.next, f.match + 1);
    answerReadyWrites(state, ctx);
  } else {
    // The replica's log parts from ours before prevIndex: back up to where it says and resend.
    f.next = Math.max(1, msg.match + 1);
    f.match = Math.min(f.match, msg.match);
    shipTo(state, ctx, from);
  }
}

function renewLease(state: ServerState, ctx: Ctx): void {
  const dcs = dcsOf(ctx);
  const attempt = ++state.renewAttempt;
  state.renewing = { attempt, sentUs: ctx.now() };
  if (dcs !== null) ctx.send(dcs, { type: 'RenewLease', epoch: state.epoch, optime: lastIndex(state.log), attempt });
  ctx.setTimer(state.config.retryTimeoutUs, 'renew-deadline', { term: state.term, sentUs: ctx.now() });
}

function sampleLag(state: ServerState, ctx: Ctx): void {
  const last = lastIndex(state.log);
  for (const [id, f] of Object.entries(state.followers)) {
    const { entries, ms } = lagOf(state, f.match, ctx.now());
    ctx.metric(`lag.${id}.entries`, entries);
    ctx.metric(`lag.${id}.ms`, ms);
    void last;
  }
}

/** A replica's lag as its primary sees it: entries it lacks, and how long ago the first of them was written. */
export function lagOf(state: ServerState, match: number, nowUs: number): { entries: number; ms: number } {
  const last = lastIndex(state.log);
  const entries = Math.max(0, last - match);
  const firstMissing = state.log[match];
  const ms = entries === 0 || !firstMissing ? 0 : Math.round((nowUs - firstMissing.atUs) / 1000);
  return { entries, ms };
}

/* ------------------------------------------------------------------ the replica's side */

function onShip(state: ServerState, ctx: Ctx, from: NodeId, msg: Extract<PrMessage, { type: 'Ship' }>): void {
  const fencing = state.config.fencing;
  if (fencing && msg.epoch < state.epoch) {
    // Fencing: a shipment from an epoch that is over is refused, and its sender told.
    ctx.observe('fenced', { from, epoch: msg.epoch, current: state.epoch });
    ctx.send(from, { type: 'Fenced', epoch: state.epoch, primary: state.primary });
    return;
  }
  if (state.role === 'primary') {
    // Without fencing a primary believes in itself until its lease says otherwise: two of them
    // ship side by side (split brain). With fencing, a higher epoch ends it here.
    if (!fencing || msg.epoch === state.epoch) return;
    learnEpoch(state, ctx, msg.epoch, from, `a shipment of epoch ${msg.epoch} arrived`);
  }
  if (msg.epoch > state.epoch) learnEpoch(state, ctx, msg.epoch, from, 'shipment');
  if (!fencing && msg.epoch !== state.epoch) {
    // Without fencing a replica follows whoever ships, even back to an older epoch.
    state.epoch = msg.epoch;
    ctx.durable.put(EPOCH_KEY, msg.epoch);
  }
  state.primary = from;
  state.primaryHeardUs = ctx.now();
  state.primaryLast = msg.primaryLast;
  state.candidacy = null;
  const last = lastIndex(state.log);
  if (msg.prevIndex > last || epochAt(state.log, msg.prevIndex) !== msg.prevEpoch) {
    // Our logs part before prevIndex: say where ours can still agree (skip entries of epochs
    // newer than the primary's entry there, which cannot be its), and it backs up.
    let hint = Math.min(last, msg.prevIndex - 1);
    while (hint > 0 && epochAt(state.log, hint) > msg.prevEpoch) hint--;
    ctx.send(from, { type: 'Ack', epoch: msg.epoch, ok: false, match: hint });
    return;
  }
  const fresh: WalEntry[] = [];
  for (const e of msg.entries) {
    const mine = state.log[e.index - 1];
    if (mine && mine.epoch === e.epoch && mine.value === e.value) continue;
    if (mine) {
      // pg_rewind: our tail was never the primary's; drop it from the first difference.
      const dropped = truncateAfter(state.log, ctx.durable, e.index - 1);
      ctx.observe('rewound', { to: e.index - 1, dropped: dropped.map((d) => d.value), epochs: dropped.map((d) => d.epoch) });
    }
    fresh.push(e);
  }
  if (fresh.length > 0) {
    appendEntries(state.log, ctx.durable, fresh);
    ctx.observe('appended', { from: fresh[0]!.index, values: fresh.map((e) => e.value), epochs: fresh.map((e) => e.epoch) });
  }
  ctx.send(from, { type: 'Ack', epoch: msg.epoch, ok: true, match: msg.prevIndex + msg.entries.length });
}

function onLeaseState(state: ServerState, ctx: Ctx, msg: Extract<PrMessage, { type: 'LeaseState' }>): void {
  const c = state.config;
  if (state.role === 'primary') {
    // The answer to a renewal that failed: someone else holds the key, or it is ours no more.
    if (msg.attempt === undefined || msg.attempt !== state.renewing?.attempt) return;
    if (msg.holder === ctx.self && msg.epoch === state.epoch) return;
    if (msg.epoch > state.epoch) {
      state.epoch = msg.epoch;
      ctx.durable.put(EPOCH_KEY, msg.epoch);
    }
    demote(state, ctx, `the lease is ${msg.holder === null ? 'free' : `held by ${ctx.nameOf(msg.holder)}`} in epoch ${msg.epoch}`, msg.holder);
    return;
  }
  if (c.fencing && msg.epoch > state.epoch) {
    state.epoch = msg.epoch;
    ctx.durable.put(EPOCH_KEY, msg.epoch);
  }
  if (!msg.expired) {
    if (msg.holder !== null && msg.holder !== ctx.self) state.primary = msg.holder;
    state.candidacy = null;
    return;
  }
  if (!c.autoFailover || state.candidacy !== null) return;
  // Patroni's _is_healthiest_node: too far behind the last primary's position, never run.
  const behind = msg.optime - lastIndex(state.log);
  if (behind > c.maximumLagOnFailover) {
    ctx.observe('not-eligible', { behind, limit: c.maximumLagOnFailover });
    return;
  }
  const round = ++state.candidacyRound;
  state.candidacy = { round, positions: {}, leaderOptime: msg.optime };
  ctx.observe('candidate', { round, last: lastIndex(state.log) });
  for (const r of otherServers(state, ctx)) ctx.send(r, { type: 'PositionProbe', round });
  ctx.setTimer(candidateWaitUs(c), 'candidacy', { term: state.term, round });
}

/** The candidate's decision: run only if no replica that answered is further ahead (ties: the lower id). */
function decideCandidacy(state: ServerState, ctx: Ctx, round: number): void {
  const cand = state.candidacy;
  if (!cand || cand.round !== round || state.role === 'primary') return;
  const mine = lastIndex(state.log);
  const ahead = Object.entries(cand.positions).find(([id, p]) => p.last > mine || (p.last === mine && Number(id) < ctx.self));
  if (ahead) {
    ctx.observe('defer', { to: Number(ahead[0]), theirs: ahead[1].last, mine });
    state.candidacy = null;
    return;
  }
  const dcs = dcsOf(ctx);
  if (dcs !== null) ctx.send(dcs, { type: 'AcquireLease', epoch: state.epoch, last: mine, force: false });
  // The answer (granted, or the key as someone else took it) decides; if it is lost, the next
  // probe that finds the lease expired runs again.
  state.candidacy = null;
}

/* ------------------------------------------------------------------------- dispatch */

export function serverMessage(state: ServerState, ctx: Ctx, from: NodeId, msg: PrMessage): void {
  switch (msg.type) {
    case 'ClientRequest':
      return serverRequest(state, ctx, from, msg as ClientRequest);
    case 'Ship':
      return onShip(state, ctx, from, msg);
    case 'Ack':
      if (state.config.fencing && msg.epoch > state.epoch) return learnEpoch(state, ctx, msg.epoch, null, `an acknowledgement of epoch ${msg.epoch}`);
      if (state.role === 'primary') onAck(state, ctx, from, msg);
      return;
    case 'Fenced':
      if (state.config.fencing) learnEpoch(state, ctx, msg.epoch, msg.primary, `fenced by ${ctx.nameOf(from)} (epoch ${msg.epoch})`);
      return;
    case 'LeaseRenewed':
      if (state.role === 'primary' && msg.epoch === state.epoch && state.renewing?.attempt === msg.attempt) {
        state.leaseUntilUs = state.renewing.sentUs + msg.ttlUs;
        state.renewing = null;
      }
      return;
    case 'LeaseState':
      return onLeaseState(state, ctx, msg);
    case 'LeaseGranted':
      if (state.role !== 'primary') becomePrimary(state, ctx, msg.epoch, ctx.now());
      return;
    case 'PositionProbe':
      ctx.send(from, { type: 'Position', round: msg.round, last: lastIndex(state.log), epoch: state.epoch });
      return;
    case 'ChangesSince':
      return serveChanges(state, ctx, from, msg);
    case 'Position':
      if (state.candidacy && state.candidacy.round === msg.round) state.candidacy.positions[from] = { last: msg.last, epoch: msg.epoch };
      return;
    default:
      return;
  }
}

function serverRequest(state: ServerState, ctx: Ctx, from: NodeId, request: ClientRequest): void {
  const command = request.command as PrCommand;
  const c = state.config;
  const clientEpoch = 'epoch' in command && typeof command.epoch === 'number' ? command.epoch : 0;
  if (c.fencing && clientEpoch > state.epoch) {
    // A client has seen a newer epoch than ours: whoever we think is primary, it is not us.
    learnEpoch(state, ctx, clientEpoch, null, `a client knows epoch ${clientEpoch}`);
    redirectClient(ctx, from, request, null);
    return;
  }
  if (command.type === 'write') {
    if (state.role !== 'primary') return redirectClient(ctx, from, request, state.primary);
    return primaryWrite(state, ctx, from, request, String(command.key), Number(command.value));
  }
  if (command.type === 'read') {
    if (state.role !== 'primary' && c.maxReadLagEntries > 0 && state.primaryLast - lastIndex(state.log) > c.maxReadLagEntries) {
      // Lag-aware routing: too far behind to answer; the primary will.
      return redirectClient(ctx, from, request, state.primary);
    }
    const { value, index } = readKey(state.log, String(command.key));
    answerClient(ctx, from, request, { ok: true, value, index, epoch: state.epoch, server: ctx.self });
    return;
  }
  answerClient(ctx, from, request, { ok: false, error: `unknown request ${String(command.type)}` });
}

export function serverTimer(state: ServerState, ctx: Ctx, timer: Timer): void {
  const data = timer.data as TermData & { sentUs?: number; round?: number };
  if (data?.term !== state.term) return;
  const c = state.config;
  switch (timer.name) {
    case 'ship':
      for (const r of Object.keys(state.followers)) shipTo(state, ctx, Number(r));
      ctx.setTimer(c.shipIntervalUs, 'ship', { term: state.term });
      return;
    case 'renew':
      renewLease(state, ctx);
      ctx.setTimer(c.loopWaitUs, 'renew', { term: state.term });
      return;
    case 'renew-deadline':
      // retry_timeout passed with no renewal sent at or after this one answered: Patroni demotes.
      if (state.leaseUntilUs !== null && state.leaseUntilUs - c.ttlUs >= data.sentUs!) return;
      demote(state, ctx, 'the lease store did not answer within retry_timeout', null);
      return;
    case 'lag-sample':
      sampleLag(state, ctx);
      ctx.setTimer(c.lagSampleUs, 'lag-sample', { term: state.term });
      return;
    case 'probe': {
      const dcs = dcsOf(ctx);
      if (dcs !== null) ctx.send(dcs, { type: 'ReadLease' });
      ctx.setTimer(c.loopWaitUs, 'probe', { term: state.term });
      return;
    }
    case 'candidacy':
      decideCandidacy(state, ctx, data.round!);
      return;
  }
}

/** The user's `promote`: a manual failover (patronictl failover), the lease taken by force. */
export function serverCommand(state: ServerState, ctx: Ctx, command: PrCommand, opId: number): void {
  if (command.type !== 'promote') return ctx.reply(opId, { ok: false, error: `a server takes promote, not ${command.type}` });
  if (state.role === 'primary') return ctx.reply(opId, { ok: false, error: 'already the primary' });
  const dcs = dcsOf(ctx);
  if (dcs === null) return ctx.reply(opId, { ok: false, error: 'no lease store' });
  ctx.observe('manual-failover', { last: lastIndex(state.log) });
  ctx.send(dcs, { type: 'AcquireLease', epoch: state.epoch, last: lastIndex(state.log), force: true });
  ctx.reply(opId, { ok: true });
}

export function serverView(state: ServerState) {
  const nowUs = state.clockUs;
  const followers = Object.entries(state.followers).map(([id, f]) => ({ node: Number(id), match: f.match, ...lagOf(state, f.match, nowUs), lastAckUs: f.lastAckUs }));
  const last = lastIndex(state.log);
  return {
    kind: 'server',
    role: state.role,
    epoch: state.epoch,
    last,
    lastEpoch: epochAt(state.log, last),
    primary: state.primary,
    behind: state.role === 'primary' ? 0 : Math.max(0, state.primaryLast - last),
    primaryHeardUs: state.primaryHeardUs,
    followers,
    waiting: state.waiting.map((w) => w.index),
    leaseUntilUs: state.leaseUntilUs,
    candidate: state.candidacy !== null,
    demotedBecause: state.demotedBecause,
    replication: state.config.replication,
    fencing: state.config.fencing,
    tail: state.log.slice(-12).map((e) => ({ index: e.index, epoch: e.epoch, key: e.key, value: e.value })),
  };
}
