import type { NodeContext, NodeId } from '../../kernel/protocol';
import type { PbftConfig } from './config';
import { digestOf, requestDigest, stateDigest } from './digest';
import type { ClientRequest, LastReply, Ordered, PbftMessage, PbftOp, PbftResult, ReplicaState, Slot, Votes, ViewChangeMessage } from './types';
import { noteLaterView, resumeViewChange, startViewChange } from './view-change';

/**
 * A PBFT replica's normal case (§4.2), execution and replies (§4.1), checkpoints and garbage
 * collection (§4.3). View changes are view-change.ts. Each function reads like the paper's
 * rule it implements; quorum sizes are spelt out where they are used (2f, 2f + 1).
 */
export type Ctx = NodeContext<PbftMessage>;

export const REQUEST_TIMER = 'request';
export const VIEW_CHANGE_TIMER = 'view-change';

/** The primary of view v is replica p = v mod |R| (§4.1). */
export function primaryOf(s: ReplicaState, view: number): NodeId {
  return s.replicas[view % s.replicas.length]!;
}

export function isPrimary(s: ReplicaState, ctx: Ctx): boolean {
  return primaryOf(s, s.view) === ctx.self;
}

/**
 * The quorum: 2f + 1 of n = 3f + 1 replicas (§4.2, §4.3, §4.4). The paper fixes n = 3f + 1; a
 * run may have other n (5 or 6 replicas tolerate one fault, like 4), and then two quorums must
 * still share f + 1 replicas, one of them correct: ⌈(n + f + 1) / 2⌉, which is 2f + 1 at n = 3f + 1.
 * "2f matching prepares" is this less one (the pre-prepare stands for the primary's vote).
 */
export function quorum(s: ReplicaState): number {
  return Math.ceil((s.replicas.length + s.f + 1) / 2);
}

/** The low watermark h (the last stable checkpoint) and the high watermark H = h + L (§4.3). */
export function lowWatermark(s: ReplicaState): number {
  return s.stable.seq;
}
export function highWatermark(s: ReplicaState, config: PbftConfig): number {
  return s.stable.seq + config.logWindow;
}

export function broadcast(s: ReplicaState, ctx: Ctx, msg: PbftMessage): void {
  for (const r of s.replicas) if (r !== ctx.self) ctx.send(r, msg);
}

function voteKey(view: number, seq: number, digest: string): string {
  return `${view}/${seq}/${digest}`;
}

function votesFor(s: ReplicaState, view: number, seq: number, digest: string): Votes {
  const key = voteKey(view, seq, digest);
  return (s.votes[key] ??= { prepares: [], commits: [] });
}

function addVoter(list: NodeId[], who: NodeId): void {
  if (!list.includes(who)) list.push(who);
}

/** What survives a crash: everything this replica said or did (so it never says otherwise after a restart). */
export function persist(s: ReplicaState, ctx: Ctx): void {
  ctx.durable.put('replica', {
    view: s.view,
    log: s.log,
    certs: s.certs,
    lastAssigned: s.lastAssigned,
    lastExecuted: s.lastExecuted,
    kv: s.kv,
    replies: s.replies,
    stable: s.stable,
    ownCheckpoints: s.ownCheckpoints,
    // §4.4: a replica between its VIEW-CHANGE for v + 1 and the NEW-VIEW is not in view v + 1
    // yet. Kept, so a restart resumes the view change instead of believing the view started.
    status: s.status,
    ownViewChange: s.status === 'view-change' ? (s.viewChanges[s.view]?.[ctx.self] ?? null) : null,
  });
}

type Persisted = Pick<ReplicaState, 'view' | 'log' | 'certs' | 'lastAssigned' | 'lastExecuted' | 'kv' | 'replies' | 'stable' | 'ownCheckpoints'> & {
  /** Absent in what an older version stored: 'normal', as it was read then. */
  status?: ReplicaState['status'];
  ownViewChange?: ViewChangeMessage | null;
};

export function initReplica(ctx: Ctx, config: PbftConfig, replicas: NodeId[], f: number): ReplicaState {
  const saved = ctx.durable.get<Persisted>('replica');
  const empty = { seq: 0, digest: stateDigest({}, {}), kv: {}, replies: {} };
  const s: ReplicaState = {
    role: 'replica',
    config,
    replicas,
    f,
    view: saved?.view ?? 0,
    status: 'normal',
    log: saved?.log ?? {},
    certs: saved?.certs ?? {},
    votes: {},
    lastAssigned: saved?.lastAssigned ?? 0,
    lastExecuted: saved?.lastExecuted ?? 0,
    kv: saved?.kv ?? {},
    replies: saved?.replies ?? {},
    stable: saved?.stable ?? empty,
    ownCheckpoints: saved?.ownCheckpoints ?? {},
    checkpointVotes: {},
    pending: {},
    queue: [],
    viewChanges: {},
    lastNewView: null,
    laterViews: {},
    early: [],
    certifiedByViewChange: {},
    requestTimer: null,
    viewChangeTimer: null,
    newViewTimerFor: null,
    viewChangeTimeoutUs: config.viewChangeTimeoutUs,
    fetching: null,
  };
  if (saved?.status === 'view-change') resumeViewChange(s, ctx, config, saved.ownViewChange ?? null);
  return s;
}

// ---------------------------------------------------------------------------------------------
// §4.1 and §4.2: requests and the three phases

/** A client's REQUEST (§4.1): answered from the last reply if already executed, else ordered. */
export function onRequest(s: ReplicaState, ctx: Ctx, config: PbftConfig, client: NodeId, t: number, op: PbftOp): void {
  const last = s.replies[client];
  if (last && t <= last.t) {
    // §4.1: a replica keeps the last reply to each client and resends it for a retransmission.
    if (t === last.t) ctx.send(client, { type: 'Reply', view: s.view, t, result: last.result });
    return;
  }
  const request: ClientRequest = { client, t, op };
  const digest = requestDigest(client, t);
  s.pending[digest] ??= request;
  if (s.status === 'normal' && isPrimary(s, ctx)) {
    if (!s.queue.includes(digest) && !assignedInView(s, digest)) s.queue.push(digest);
    assignRequests(s, ctx, config);
  }
  // §4.4: a backup that knows of a request it has not executed starts its timer.
  armRequestTimer(s, ctx, config);
}

function assignedInView(s: ReplicaState, digest: string): boolean {
  for (const slot of Object.values(s.log)) if (slot.view === s.view && slot.digest === digest) return true;
  return false;
}

/** The primary assigns the next sequence numbers to queued requests, within the watermarks (§4.2, §4.3). */
export function assignRequests(s: ReplicaState, ctx: Ctx, config: PbftConfig): void {
  while (s.queue.length > 0 && s.lastAssigned + 1 <= highWatermark(s, config)) {
    const digest = s.queue.shift()!;
    const request = s.pending[digest];
    if (!request || executedAlready(s, request)) continue;
    const seq = ++s.lastAssigned;
    const m: Ordered = { kind: 'request', request };
    s.log[seq] = { view: s.view, digest, m, phase: 'pre-prepared' };
    ctx.observe('pre-prepared', { seq, view: s.view, digest });
    broadcast(s, ctx, { type: 'PrePrepare', view: s.view, seq, digest, m });
    checkProgress(s, ctx, config, seq);
  }
}

function executedAlready(s: ReplicaState, r: ClientRequest): boolean {
  const last = s.replies[r.client];
  return last !== undefined && r.t <= last.t;
}

/**
 * A backup accepts ⟨PRE-PREPARE, v, n, d⟩ (§4.2) when it is in view v, the message comes from
 * v's primary, d is m's digest, h < n ≤ H, and it has accepted no other pre-prepare for v and n
 * with a different digest. It then multicasts a PREPARE.
 */
export function onPrePrepare(s: ReplicaState, ctx: Ctx, config: PbftConfig, from: NodeId, msg: Extract<PbftMessage, { type: 'PrePrepare' }>): void {
  if (msg.view > s.view || (msg.view === s.view && s.status === 'view-change')) {
    // It may have overtaken the NEW-VIEW of its view: kept (a few) until we enter that view.
    if (from === primaryOf(s, msg.view) && s.early.length < 64) s.early.push(msg);
    return noteLaterView(s, ctx, config, from, msg.view);
  }
  if (s.status !== 'normal' || msg.view !== s.view || from !== primaryOf(s, s.view) || from === ctx.self) return;
  if (msg.digest !== digestOf(msg.m)) return;
  if (msg.seq <= lowWatermark(s) || msg.seq > highWatermark(s, config)) return;
  const existing = s.log[msg.seq];
  if (existing && existing.view === msg.view) return; // a duplicate, or a conflicting second story: ignored
  s.log[msg.seq] = { view: msg.view, digest: msg.digest, m: msg.m, phase: 'pre-prepared' };
  ctx.observe('pre-prepared', { seq: msg.seq, view: msg.view, digest: msg.digest });
  if (msg.m.kind === 'request' && !executedAlready(s, msg.m.request)) s.pending[msg.digest] ??= msg.m.request;
  sendPrepare(s, ctx, msg.seq, msg.digest);
  armRequestTimer(s, ctx, config);
  checkProgress(s, ctx, config, msg.seq);
}

export function sendPrepare(s: ReplicaState, ctx: Ctx, seq: number, digest: string): void {
  addVoter(votesFor(s, s.view, seq, digest).prepares, ctx.self);
  broadcast(s, ctx, { type: 'Prepare', view: s.view, seq, digest });
}

/** A replica accepts PREPAREs of its view within the watermarks from backups (§4.2). */
export function onPrepare(s: ReplicaState, ctx: Ctx, config: PbftConfig, from: NodeId, msg: Extract<PbftMessage, { type: 'Prepare' }>): void {
  if (msg.view < s.view || from === primaryOf(s, msg.view)) return;
  if (msg.seq <= lowWatermark(s) || msg.seq > highWatermark(s, config)) return;
  // Votes of a later view are kept too (keyed by view): they may have overtaken its NEW-VIEW.
  addVoter(votesFor(s, msg.view, msg.seq, msg.digest).prepares, from);
  if (msg.view > s.view) return noteLaterView(s, ctx, config, from, msg.view);
  if (s.status === 'normal') checkProgress(s, ctx, config, msg.seq);
}

/** A replica accepts COMMITs of its view within the watermarks (§4.2). */
export function onCommit(s: ReplicaState, ctx: Ctx, config: PbftConfig, from: NodeId, msg: Extract<PbftMessage, { type: 'Commit' }>): void {
  if (msg.view < s.view) return;
  if (msg.seq <= lowWatermark(s) || msg.seq > highWatermark(s, config)) return;
  addVoter(votesFor(s, msg.view, msg.seq, msg.digest).commits, from);
  if (msg.view > s.view) return noteLaterView(s, ctx, config, from, msg.view);
  if (s.status === 'normal') checkProgress(s, ctx, config, msg.seq);
}

/**
 * prepared(m, v, n, i) (§4.2): the pre-prepare for m in view v with number n, and 2f prepares
 * from different backups that match it. Then a COMMIT. committed-local(m, v, n, i): prepared,
 * and 2f + 1 matching commits from different replicas (possibly its own). Then execution.
 */
export function checkProgress(s: ReplicaState, ctx: Ctx, config: PbftConfig, seq: number): void {
  const slot = s.log[seq];
  if (!slot || slot.view !== s.view) return;
  const votes = votesFor(s, slot.view, seq, slot.digest);
  if (slot.phase === 'pre-prepared' && votes.prepares.length >= quorum(s) - 1) {
    slot.phase = 'prepared';
    s.certs[seq] = { seq, view: slot.view, digest: slot.digest, m: slot.m };
    ctx.observe('prepared', { seq, view: slot.view, digest: slot.digest });
    addVoter(votes.commits, ctx.self);
    broadcast(s, ctx, { type: 'Commit', view: slot.view, seq, digest: slot.digest });
  }
  if (slot.phase === 'prepared' && votes.commits.length >= quorum(s)) {
    slot.phase = 'committed';
    ctx.observe('committed', { seq, view: slot.view, digest: slot.digest });
    executeReady(s, ctx, config);
  }
}

// ---------------------------------------------------------------------------------------------
// §4.1 and §4.2: execution in sequence order, replies

/** Executes committed requests in order: n only once every request below n has executed (§4.2). */
export function executeReady(s: ReplicaState, ctx: Ctx, config: PbftConfig): void {
  let progressed = false;
  for (;;) {
    const seq = s.lastExecuted + 1;
    const slot: Slot | undefined = s.log[seq];
    if (!slot || slot.phase !== 'committed') break;
    execute(s, ctx, seq, slot);
    progressed = true;
    if (seq % config.checkpointInterval === 0) takeCheckpoint(s, ctx, config, seq);
  }
  if (progressed) {
    // §4.4: the timer stops when the backup is no longer waiting, and restarts while it still is.
    disarmRequestTimer(s, ctx);
    armRequestTimer(s, ctx, config);
    if (isPrimary(s, ctx) && s.status === 'normal') assignRequests(s, ctx, config);
  }
}

function execute(s: ReplicaState, ctx: Ctx, seq: number, slot: Slot): void {
  s.lastExecuted = seq;
  if (slot.m.kind === 'null') {
    ctx.observe('executed', { seq, digest: slot.digest });
    return;
  }
  const r = slot.m.request;
  delete s.pending[slot.digest];
  // A request ordered twice (re-sent across a view change) executes once (§4.1's timestamps).
  if (executedAlready(s, r)) {
    ctx.observe('executed', { seq, digest: slot.digest, duplicate: true });
    return;
  }
  const result = apply(s.kv, r.op);
  s.replies[r.client] = { t: r.t, result };
  ctx.observe('executed', { seq, digest: slot.digest, client: r.client, t: r.t, result: { ...result } });
  ctx.send(r.client, { type: 'Reply', view: s.view, t: r.t, result });
}

/** The service: a key-value store. */
function apply(kv: Record<string, number>, op: PbftOp): PbftResult {
  if (op.type === 'write') {
    kv[op.key] = op.value;
    return { ok: true };
  }
  return { ok: true, value: Object.prototype.hasOwnProperty.call(kv, op.key) ? kv[op.key]! : null };
}

// ---------------------------------------------------------------------------------------------
// §4.3: checkpoints, stable checkpoints, garbage collection, state transfer

function takeCheckpoint(s: ReplicaState, ctx: Ctx, config: PbftConfig, seq: number): void {
  const digest = stateDigest(s.kv, s.replies);
  s.ownCheckpoints[seq] = { digest, kv: { ...s.kv }, replies: copyReplies(s.replies) };
  broadcast(s, ctx, { type: 'Checkpoint', seq, stateDigest: digest });
  recordCheckpoint(s, ctx, config, ctx.self, seq, digest);
}

function copyReplies(replies: Record<string, LastReply>): Record<string, LastReply> {
  const out: Record<string, LastReply> = {};
  for (const [c, r] of Object.entries(replies)) out[c] = { t: r.t, result: { ...r.result } };
  return out;
}

export function onCheckpoint(s: ReplicaState, ctx: Ctx, config: PbftConfig, from: NodeId, msg: Extract<PbftMessage, { type: 'Checkpoint' }>): void {
  if (msg.seq <= lowWatermark(s)) return;
  recordCheckpoint(s, ctx, config, from, msg.seq, msg.stateDigest);
}

/**
 * A checkpoint with 2f + 1 matching CHECKPOINT messages is stable (§4.3): h moves up to it and
 * every message and checkpoint at or below it is discarded. A replica that has not executed
 * that far fetches the state from one that has (it can check it against the digest).
 */
function recordCheckpoint(s: ReplicaState, ctx: Ctx, config: PbftConfig, from: NodeId, seq: number, digest: string): void {
  const bySeq = (s.checkpointVotes[seq] ??= {});
  const voters = (bySeq[digest] ??= []);
  addVoter(voters, from);
  if (voters.length < quorum(s) || seq <= lowWatermark(s)) return;
  const own = s.ownCheckpoints[seq];
  if (own && own.digest === digest) {
    makeStable(s, ctx, config, seq, digest, own.kv, own.replies);
  } else if (s.lastExecuted < seq && s.fetching !== seq) {
    s.fetching = seq;
    const from = voters.find((v) => v !== ctx.self)!;
    ctx.send(from, { type: 'FetchState', seq });
  }
}

/** The certified digest of a checkpoint: 2f + 1 CHECKPOINT messages agree on it. */
function certifiedDigest(s: ReplicaState, seq: number): string | null {
  for (const [digest, voters] of Object.entries(s.checkpointVotes[seq] ?? {})) if (voters.length >= quorum(s)) return digest;
  return null;
}

export function makeStable(s: ReplicaState, ctx: Ctx, config: PbftConfig, seq: number, digest: string, kv: Record<string, number>, replies: Record<string, LastReply>): void {
  if (seq <= s.stable.seq) return;
  s.stable = { seq, digest, kv: { ...kv }, replies: copyReplies(replies) };
  for (const key of Object.keys(s.log)) if (Number(key) <= seq) delete s.log[key];
  for (const key of Object.keys(s.certs)) if (Number(key) <= seq) delete s.certs[key];
  for (const key of Object.keys(s.ownCheckpoints)) if (Number(key) <= seq) delete s.ownCheckpoints[key];
  for (const key of Object.keys(s.checkpointVotes)) if (Number(key) <= seq) delete s.checkpointVotes[key];
  for (const key of Object.keys(s.votes)) if (Number(key.split('/')[1]) <= seq) delete s.votes[key];
  if (s.fetching !== null && s.fetching <= seq) s.fetching = null;
  ctx.observe('checkpoint-stable', { seq, digest });
  // The window moved: the primary may order what waited for it.
  if (s.status === 'normal' && isPrimary(s, ctx)) assignRequests(s, ctx, config);
}

export function onFetchState(s: ReplicaState, ctx: Ctx, from: NodeId, msg: Extract<PbftMessage, { type: 'FetchState' }>): void {
  const own = s.ownCheckpoints[msg.seq] ?? (s.stable.seq === msg.seq ? s.stable : undefined);
  if (!own) return;
  ctx.send(from, { type: 'State', seq: msg.seq, stateDigest: own.digest, kv: own.kv, replies: own.replies });
}

/** A fetched state is taken only if it matches a certified checkpoint's digest. */
export function onState(s: ReplicaState, ctx: Ctx, config: PbftConfig, msg: Extract<PbftMessage, { type: 'State' }>): void {
  if (msg.seq <= s.lastExecuted) return;
  const certified = certifiedDigest(s, msg.seq) ?? s.certifiedByViewChange[msg.seq] ?? null;
  if (certified !== msg.stateDigest || stateDigest(msg.kv, msg.replies) !== msg.stateDigest) return;
  s.kv = { ...msg.kv };
  s.replies = copyReplies(msg.replies);
  s.lastExecuted = msg.seq;
  if (s.lastAssigned < msg.seq) s.lastAssigned = msg.seq;
  for (const [digest, r] of Object.entries(s.pending)) if (executedAlready(s, r)) delete s.pending[digest];
  ctx.observe('state-transfer', { seq: msg.seq, digest: msg.stateDigest });
  makeStable(s, ctx, config, msg.seq, msg.stateDigest, msg.kv, msg.replies);
  s.fetching = null;
  executeReady(s, ctx, config);
  disarmRequestTimer(s, ctx);
  armRequestTimer(s, ctx, config);
}

// ---------------------------------------------------------------------------------------------
// §4.4: the backups' timer

/** Waiting: a request known and not executed, or an accepted pre-prepare not executed yet. */
function waiting(s: ReplicaState): boolean {
  if (Object.keys(s.pending).length > 0) return true;
  for (const key of Object.keys(s.log)) if (Number(key) > s.lastExecuted) return true;
  return false;
}

/**
 * §4.4 has the backups run this timer. Here the primary runs it too: a primary that cannot get
 * its own requests executed (it missed a view change while cut off, or its window is full because
 * it lost the checkpoint messages in a crash) asks for the next view, and the replicas already
 * there answer with their NEW-VIEW. A healthy primary's requests execute long before it runs out.
 */
export function armRequestTimer(s: ReplicaState, ctx: Ctx, config: PbftConfig): void {
  if (s.requestTimer !== null || s.status !== 'normal' || !waiting(s)) return;
  s.requestTimer = ctx.setTimer(config.requestTimeoutUs, REQUEST_TIMER, { view: s.view });
}

export function disarmRequestTimer(s: ReplicaState, ctx: Ctx): void {
  if (s.requestTimer === null) return;
  ctx.cancelTimer(s.requestTimer);
  s.requestTimer = null;
}

/** The request timer ran out in view v: the primary is suspected, so the backup moves to v + 1. */
export function onRequestTimeout(s: ReplicaState, ctx: Ctx, config: PbftConfig, data: { view: number }): void {
  s.requestTimer = null;
  if (s.status !== 'normal' || data.view !== s.view || !waiting(s)) return;
  startViewChange(s, ctx, config, s.view + 1);
}
