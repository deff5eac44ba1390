import type { NodeId } from '../../kernel/protocol';
import type { PbftConfig } from './config';
import { NULL_DIGEST } from './digest';
import {
  armRequestTimer,
  assignRequests,
  broadcast,
  checkProgress,
  disarmRequestTimer,
  isPrimary,
  makeStable,
  onPrePrepare,
  primaryOf,
  quorum,
  sendPrepare,
  VIEW_CHANGE_TIMER,
  type Ctx,
} from './replica';
import type { OrderedAt, PbftMessage, ReplicaState, ViewChangeMessage } from './types';

type NewView = Extract<PbftMessage, { type: 'NewView' }>;

/**
 * View changes (§4.4, with the timers of §4.5.2). A backup whose request timer runs out moves
 * to view v + 1: it stops taking part in the normal case and multicasts a VIEW-CHANGE carrying
 * its last stable checkpoint and a prepared certificate for every request it prepared above it.
 * The primary of v + 1 waits for 2f + 1 of them (its own included), computes O, the pre-prepares
 * of the new view, and multicasts NEW-VIEW; every replica checks O against the VIEW-CHANGE
 * messages it carries and enters the view.
 */
/** ⟨VIEW-CHANGE, v, n, C, P, i⟩ (§4.4): the last stable checkpoint and the prepared certificates above it. */
function ownViewChange(s: ReplicaState, view: number): ViewChangeMessage {
  const h = s.stable.seq;
  return {
    type: 'ViewChange',
    view,
    stableSeq: h,
    stableDigest: s.stable.digest,
    prepared: Object.values(s.certs)
      .filter((c) => c.seq > h)
      .sort((a, b) => a.seq - b.seq),
  };
}

export function startViewChange(s: ReplicaState, ctx: Ctx, config: PbftConfig, view: number): void {
  if (view <= s.view) return;
  s.view = view;
  s.status = 'view-change';
  disarmRequestTimer(s, ctx);
  cancelViewChangeTimer(s, ctx);
  const vc = ownViewChange(s, view);
  (s.viewChanges[view] ??= {})[ctx.self] = vc;
  ctx.observe('view-change', { view, primary: primaryOf(s, view) });
  broadcast(s, ctx, vc);
  // Until 2f + 1 VIEW-CHANGEs for this view arrive, the timer only resends ours (§4.5.1's
  // retransmission): a replica cut off from the rest must not climb views on its own (§4.5.2).
  s.viewChangeTimer = ctx.setTimer(config.viewChangeTimeoutUs, VIEW_CHANGE_TIMER, { view, resend: true });
  afterViewChangeArrived(s, ctx, config);
}

/**
 * A replica restarted in the middle of a view change to its view v (it crashed after sending its
 * VIEW-CHANGE for v and before a NEW-VIEW for v). It has not entered v: it stays out of the
 * normal case (§4.4) and sends its VIEW-CHANGE for v again (§4.5.1: messages are retransmitted
 * until they take effect). Before, it came back 'normal' in v. As the primary of v it then took
 * the others' VIEW-CHANGEs for v for a laggard's and dropped them, and it never sent its own:
 * with one of the rest faulty, v never had its 2f + 1 (seed 474641380 of chaos.test.ts).
 */
export function resumeViewChange(s: ReplicaState, ctx: Ctx, config: PbftConfig, own: ViewChangeMessage | null): void {
  s.status = 'view-change';
  const vc: ViewChangeMessage = own && own.view === s.view ? own : ownViewChange(s, s.view);
  (s.viewChanges[s.view] ??= {})[ctx.self] = vc;
  ctx.observe('view-change', { view: s.view, primary: primaryOf(s, s.view), resumed: true });
  broadcast(s, ctx, vc);
  s.viewChangeTimer = ctx.setTimer(config.viewChangeTimeoutUs, VIEW_CHANGE_TIMER, { view: s.view, resend: true });
}

function cancelViewChangeTimer(s: ReplicaState, ctx: Ctx): void {
  if (s.viewChangeTimer === null) return;
  ctx.cancelTimer(s.viewChangeTimer);
  s.viewChangeTimer = null;
}

export function onViewChange(s: ReplicaState, ctx: Ctx, config: PbftConfig, from: NodeId, msg: ViewChangeMessage): void {
  if (msg.view < s.view || (msg.view === s.view && s.status === 'normal')) {
    // The sender is behind: it missed the NEW-VIEW that moved us on (§4.5.1: messages are
    // retransmitted). Our NEW-VIEW is its own proof, so the sender can check and take it. Also
    // while we are changing views again: a NEW-VIEW for its view or a later one still takes it
    // there (before, a primary that had moved on to v + 1 kept its NEW-VIEW for v from the
    // replicas that missed it, and they waited in v for good: chaos seed 1809920883).
    if (s.lastNewView && (s.status === 'normal' || s.lastNewView.view >= msg.view)) ctx.send(from, s.lastNewView);
    // Still changing views ourselves: our VIEW-CHANGE for its view, if we sent one, may be the
    // one its new primary lacks.
    else if (s.status === 'view-change') {
      const ours = s.viewChanges[msg.view]?.[ctx.self];
      if (ours) ctx.send(from, ours);
    }
    return;
  }
  (s.viewChanges[msg.view] ??= {})[from] = msg;
  noteLaterView(s, ctx, config, from, msg.view);
  afterViewChangeArrived(s, ctx, config);
}

/**
 * A replica heard `from` in a later view (a VIEW-CHANGE for it, or a pre-prepare, prepare or
 * commit of it). §4.5.2: a replica that holds VIEW-CHANGE messages from f + 1 other replicas for
 * views above its own moves to the smallest of those views, even if its timer has not run out:
 * one of them is correct, so the primary really is suspected. The same holds for normal-case
 * messages of a later view, which tell a replica cut off during a view change that it missed
 * one: it asks for that view, and the replicas already there answer with their NEW-VIEW.
 */
export function noteLaterView(s: ReplicaState, ctx: Ctx, config: PbftConfig, from: NodeId, view: number): void {
  if (from === ctx.self || !s.replicas.includes(from) || view <= s.view) return;
  if ((s.laterViews[from] ?? -1) < view) s.laterViews[from] = view;
  // The (f + 1)-th latest view heard: at least f + 1 replicas, one of them correct, are at it or later.
  const views = Object.values(s.laterViews)
    .filter((v) => v > s.view)
    .sort((a, b) => b - a);
  if (views.length < s.f + 1) return;
  startViewChange(s, ctx, config, views[s.f]!);
}

/** With 2f + 1 VIEW-CHANGE messages for its view, the new primary sends NEW-VIEW. */
function afterViewChangeArrived(s: ReplicaState, ctx: Ctx, config: PbftConfig): void {
  if (s.status !== 'view-change') return;
  const vcs = s.viewChanges[s.view] ?? {};
  if (!vcs[ctx.self] || Object.keys(vcs).length < quorum(s)) return;
  if (primaryOf(s, s.view) === ctx.self) {
    sendNewView(s, ctx, config, vcs);
    return;
  }
  // §4.5.2: with 2f + 1 VIEW-CHANGEs the replica starts the timer for the NEW-VIEW.
  if (s.newViewTimerFor !== s.view) {
    if (s.viewChangeTimer !== null) ctx.cancelTimer(s.viewChangeTimer);
    s.newViewTimerFor = s.view;
    s.viewChangeTimer = ctx.setTimer(s.viewChangeTimeoutUs, VIEW_CHANGE_TIMER, { view: s.view, resend: false });
  }
}

/**
 * The view-change timer ran out. Before 2f + 1 VIEW-CHANGEs arrived it only resends ours and
 * waits on. After, the new primary had what it needed and sent no NEW-VIEW in time: on to view
 * v + 1, waiting twice as long this time (§4.5.2), so that replicas that started apart end up
 * waiting in the same view long enough. The doubling stops at 4 times the setting (the paper's
 * has no cap), so a long outage does not leave the replicas waiting minutes after the heal.
 */
export function onViewChangeTimeout(s: ReplicaState, ctx: Ctx, config: PbftConfig, data: { view: number; resend?: boolean }): void {
  s.viewChangeTimer = null;
  if (s.status !== 'view-change' || data.view !== s.view) return;
  if (data.resend !== false) {
    const own = s.viewChanges[s.view]?.[ctx.self];
    if (own) broadcast(s, ctx, own);
    s.viewChangeTimer = ctx.setTimer(config.viewChangeTimeoutUs, VIEW_CHANGE_TIMER, { view: s.view, resend: true });
    return;
  }
  s.viewChangeTimeoutUs = Math.min(2 * s.viewChangeTimeoutUs, 4 * config.viewChangeTimeoutUs);
  startViewChange(s, ctx, config, s.view + 1);
}

function sendNewView(s: ReplicaState, ctx: Ctx, config: PbftConfig, vcs: Record<string, ViewChangeMessage>): void {
  // V: its own VIEW-CHANGE and the first 2f others by replica order (any 2f + 1 will do).
  const others = Object.keys(vcs)
    .map(Number)
    .filter((r) => r !== ctx.self)
    .sort((a, b) => a - b)
    .slice(0, quorum(s) - 1);
  const viewChanges = [ctx.self, ...others].map((from) => ({ from, vc: vcs[from]! }));
  const nv: NewView = { type: 'NewView', view: s.view, viewChanges, O: computeO(viewChanges.map((v) => v.vc)) };
  broadcast(s, ctx, nv);
  enterNewView(s, ctx, config, nv);
}

/**
 * O (§4.4): min-s is the latest stable checkpoint in V, max-s the highest sequence number of a
 * prepared certificate in V. For each n between them, the request of the certificate for n with
 * the highest view, or the null request when no VIEW-CHANGE in V prepared anything at n.
 */
export function computeO(V: readonly ViewChangeMessage[]): OrderedAt[] {
  const minS = Math.max(0, ...V.map((vc) => vc.stableSeq));
  let maxS = minS;
  for (const vc of V) for (const c of vc.prepared) if (c.seq > maxS) maxS = c.seq;
  const O: OrderedAt[] = [];
  for (let n = minS + 1; n <= maxS; n++) {
    let best: ViewChangeMessage['prepared'][number] | null = null;
    for (const vc of V) for (const c of vc.prepared) if (c.seq === n && (best === null || c.view > best.view)) best = c;
    O.push(best ? { seq: n, digest: best.digest, m: best.m } : { seq: n, digest: NULL_DIGEST, m: { kind: 'null' } });
  }
  return O;
}

/** A backup takes a NEW-VIEW from the new view's primary if V holds 2f + 1 VIEW-CHANGEs for it and O is what V gives (§4.4). */
export function onNewView(s: ReplicaState, ctx: Ctx, config: PbftConfig, from: NodeId, nv: NewView): void {
  if (nv.view < s.view || (nv.view === s.view && s.status === 'normal')) return;
  if (from !== primaryOf(s, nv.view)) return;
  const senders = new Set(nv.viewChanges.map((v) => v.from));
  const valid =
    senders.size === nv.viewChanges.length &&
    senders.size >= quorum(s) &&
    nv.viewChanges.every((v) => s.replicas.includes(v.from) && v.vc.view === nv.view) &&
    JSON.stringify(computeO(nv.viewChanges.map((v) => v.vc))) === JSON.stringify(nv.O);
  if (!valid) {
    // A primary that sends a bad NEW-VIEW is faulty: on to the next view.
    startViewChange(s, ctx, config, Math.max(s.view, nv.view) + 1);
    return;
  }
  enterNewView(s, ctx, config, nv);
}

function enterNewView(s: ReplicaState, ctx: Ctx, config: PbftConfig, nv: NewView): void {
  s.view = nv.view;
  s.status = 'normal';
  s.lastNewView = nv;
  cancelViewChangeTimer(s, ctx);
  s.viewChangeTimeoutUs = config.viewChangeTimeoutUs;
  s.newViewTimerFor = null;
  for (const key of Object.keys(s.viewChanges)) if (Number(key) <= nv.view) delete s.viewChanges[key];
  for (const [r, v] of Object.entries(s.laterViews)) if (v <= nv.view) delete s.laterViews[r];
  for (const key of Object.keys(s.votes)) if (Number(key.split('/')[0]) < nv.view) delete s.votes[key];

  // The latest stable checkpoint among V (its proof travels in the VIEW-CHANGE's C).
  const best = nv.viewChanges.reduce((a, b) => (b.vc.stableSeq > a.vc.stableSeq ? b : a));
  const minS = best.vc.stableSeq;
  if (minS > s.stable.seq) {
    s.certifiedByViewChange[minS] = best.vc.stableDigest;
    const own = s.ownCheckpoints[minS];
    if (own && own.digest === best.vc.stableDigest) makeStable(s, ctx, config, minS, own.digest, own.kv, own.replies);
    else if (s.lastExecuted < minS && best.from !== ctx.self) {
      s.fetching = minS;
      ctx.send(best.from, { type: 'FetchState', seq: minS });
    }
  }

  // Pre-prepares of older views are replaced by O; the backups prepare each entry of O.
  for (const key of Object.keys(s.log)) if (s.log[key]!.view < nv.view) delete s.log[key];
  const primary = isPrimary(s, ctx);
  let maxS = minS;
  for (const o of nv.O) {
    maxS = Math.max(maxS, o.seq);
    if (o.seq <= s.stable.seq) continue;
    s.log[o.seq] = { view: nv.view, digest: o.digest, m: o.m, phase: 'pre-prepared' };
    ctx.observe('pre-prepared', { seq: o.seq, view: nv.view, digest: o.digest });
    if (!primary) sendPrepare(s, ctx, o.seq, o.digest);
  }
  s.lastAssigned = Math.max(maxS, s.stable.seq);
  ctx.observe('new-view', { view: nv.view, primary: primaryOf(s, nv.view) });
  for (const o of nv.O) if (o.seq > s.stable.seq) checkProgress(s, ctx, config, o.seq);

  // Pre-prepares of this view that arrived before its NEW-VIEW.
  const early = s.early.filter((m) => m.view === nv.view);
  s.early = s.early.filter((m) => m.view > nv.view);
  for (const m of early) onPrePrepare(s, ctx, config, primaryOf(s, nv.view), m);

  if (primary) {
    // The new primary orders the requests it knows that O does not hold.
    const inO = new Set(nv.O.map((o) => o.digest));
    s.queue = Object.keys(s.pending)
      .filter((d) => !inO.has(d))
      .sort(compareDigests(s));
    assignRequests(s, ctx, config);
  } else {
    s.queue = [];
    armRequestTimer(s, ctx, config);
  }
}

/** Requests in a canonical order (client, then timestamp), so every run orders them alike. */
function compareDigests(s: ReplicaState) {
  return (a: string, b: string) => {
    const ra = s.pending[a]!;
    const rb = s.pending[b]!;
    return ra.client - rb.client || ra.t - rb.t;
  };
}
