import type { NodeContext, NodeId, Timer } from '../../kernel/protocol';
import { validUntilUs, type LocksConfig } from './config';
import { LOCK, SERVER_KIND, STORAGE_KIND, type ClientState, type LocksCommand, type LocksMessage } from './types';

/**
 * A client that wants the lock, does some work while it holds it and writes the result to the
 * storage node. Redlock mode follows the algorithm's steps (redis.io "Distributed Locks with
 * Redis"): 1. note the start time; 2. ask every lock server with the same TTL; 3. hold the lock
 * only if a majority granted and the time left, TTL − elapsed − drift, is positive; 4. the
 * validity is that time; 5. on failure, unlock every server. Consensus mode asks the group's
 * leader and holds once the grant is committed, with the same arithmetic. With fencing, a
 * Redlock client writes its token back to the servers that granted it before it holds the lock
 * (README "Fencing tokens from Redlock").
 *
 * The client checks its lease before each piece of work, never between the work and the write:
 * a check there would narrow the window a pause can fall into, never close it.
 */
type Ctx = NodeContext<LocksMessage>;

export function initClient(ctx: Ctx, config: LocksConfig): ClientState {
  const state: ClientState = {
    kind: 'client',
    config,
    phase: 'idle',
    attempt: 0,
    startUs: 0,
    grants: {},
    answered: [],
    target: null,
    token: null,
    validUntilUs: 0,
    acquiredAtUs: null,
    writesLeft: 0,
    writesDone: 0,
    renewing: false,
    renewStartUs: 0,
    renewGrants: [],
    fenceAcks: [],
    timer: null,
    workTimer: null,
    lastOutcome: null,
  };
  setTimer(state, ctx, ctx.random.int(0, config.thinkUs), 'start');
  return state;
}

const servers = (ctx: Ctx) => ctx.nodesOf(SERVER_KIND);
const majority = (ctx: Ctx) => Math.floor(servers(ctx).length / 2) + 1;

function setTimer(state: ClientState, ctx: Ctx, delay: number, name: string): void {
  if (state.timer !== null) ctx.cancelTimer(state.timer);
  state.timer = ctx.setTimer(delay, name);
}

function clearWork(state: ClientState, ctx: Ctx): void {
  if (state.workTimer !== null) ctx.cancelTimer(state.workTimer);
  state.workTimer = null;
}

/** Step 1 and 2: a new attempt, asked of every server (redlock) or of the leader as far as we know (consensus). */
function beginAttempt(state: ClientState, ctx: Ctx): void {
  state.attempt++;
  state.phase = 'acquiring';
  state.startUs = ctx.now();
  state.grants = {};
  state.answered = [];
  state.token = null;
  state.fenceAcks = [];
  const msg = { type: 'Acquire' as const, lock: LOCK, attempt: state.attempt, ttlUs: state.config.leaseTtlUs };
  if (state.config.mode === 'redlock') for (const s of servers(ctx)) ctx.send(s, msg);
  else ctx.send(consensusTarget(state, ctx), msg);
  setTimer(state, ctx, state.config.requestTimeoutUs, 'decide');
}

function consensusTarget(state: ClientState, ctx: Ctx): NodeId {
  const all = servers(ctx);
  if (state.target === null || !all.includes(state.target)) state.target = all[(ctx.self + state.attempt) % all.length]!;
  return state.target;
}

function nextTarget(state: ClientState, ctx: Ctx): void {
  const all = servers(ctx);
  const at = state.target === null ? -1 : all.indexOf(state.target);
  state.target = all[(at + 1) % all.length]!;
}

/** Step 5: give up this attempt; every server is told, in case it granted. */
function fail(state: ClientState, ctx: Ctx, why: string): void {
  ctx.observe('failed', { lock: LOCK, attempt: state.attempt, granted: Object.keys(state.grants).length, why });
  state.lastOutcome = why;
  sendRelease(state, ctx);
  rest(state, ctx, state.config.retryDelayUs);
}

function sendRelease(state: ClientState, ctx: Ctx): void {
  const msg = { type: 'Release' as const, lock: LOCK, attempt: state.attempt };
  if (state.config.mode === 'redlock') for (const s of servers(ctx)) ctx.send(s, msg);
  else ctx.send(consensusTarget(state, ctx), msg);
}

function rest(state: ClientState, ctx: Ctx, base: number): void {
  state.phase = 'idle';
  state.token = null;
  state.acquiredAtUs = null;
  state.renewing = false;
  clearWork(state, ctx);
  setTimer(state, ctx, base + ctx.random.int(0, base), 'start');
}

/** Steps 3 and 4, once enough has been heard (or the wait is over). */
function decide(state: ClientState, ctx: Ctx, final: boolean): void {
  const granted = Object.values(state.grants);
  const validUntil = validUntilUs(state.config, state.startUs);
  // Redlock counts a majority of independent servers; the consensus group's one committed grant is the majority's.
  const needed = state.config.mode === 'redlock' ? majority(ctx) : 1;
  if (granted.length >= needed && ctx.now() < validUntil) {
    state.token = Math.max(...granted);
    // A consensus token is a log index, already above every earlier one; a Redlock token is not until written back.
    if (state.config.fencing && state.config.mode === 'redlock') {
      state.phase = 'fencing';
      for (const s of Object.keys(state.grants)) ctx.send(Number(s), { type: 'Fence', lock: LOCK, attempt: state.attempt, token: state.token });
      setTimer(state, ctx, state.config.requestTimeoutUs, 'decide');
      return;
    }
    return hold(state, ctx);
  }
  if (final || granted.length >= needed) fail(state, ctx, granted.length >= needed ? 'too slow: validity ran out' : `granted by ${granted.length} of ${servers(ctx).length}`);
}

function hold(state: ClientState, ctx: Ctx): void {
  state.phase = 'holding';
  state.validUntilUs = validUntilUs(state.config, state.startUs);
  state.acquiredAtUs = ctx.now();
  state.writesLeft = state.config.writesPerHold;
  state.lastOutcome = null;
  if (state.timer !== null) ctx.cancelTimer(state.timer);
  state.timer = null;
  ctx.observe('acquired', { lock: LOCK, attempt: state.attempt, token: state.token, startUs: state.startUs, validUntilUs: state.validUntilUs });
  startWork(state, ctx);
}

/** Before each piece of work: is the lease still valid? Renew it when half of it is gone. */
function startWork(state: ClientState, ctx: Ctx): void {
  const now = ctx.now();
  if (now >= state.validUntilUs) {
    ctx.observe('lostLock', { lock: LOCK, attempt: state.attempt, token: state.token });
    state.lastOutcome = 'lease ran out before the work';
    sendRelease(state, ctx);
    return rest(state, ctx, state.config.retryDelayUs);
  }
  if (!state.renewing && state.validUntilUs - now < state.config.leaseTtlUs / 2) {
    state.renewing = true;
    state.renewStartUs = now;
    state.renewGrants = [];
    const msg = { type: 'Renew' as const, lock: LOCK, attempt: state.attempt, ttlUs: state.config.leaseTtlUs };
    if (state.config.mode === 'redlock') for (const s of servers(ctx)) ctx.send(s, msg);
    else ctx.send(consensusTarget(state, ctx), msg);
  }
  clearWork(state, ctx);
  state.workTimer = ctx.setTimer(state.config.workUs, 'work');
}

function release(state: ClientState, ctx: Ctx): void {
  ctx.observe('released', { lock: LOCK, attempt: state.attempt, token: state.token, writes: state.writesDone });
  sendRelease(state, ctx);
  rest(state, ctx, state.config.thinkUs);
}

export function clientMessage(state: ClientState, ctx: Ctx, from: NodeId, msg: LocksMessage): void {
  if (!('attempt' in msg) || msg.attempt !== state.attempt) return;
  switch (msg.type) {
    case 'Grant':
    case 'Refuse':
      if (state.phase !== 'acquiring') return;
      if (!state.answered.includes(from)) state.answered.push(from);
      if (msg.type === 'Grant') state.grants[from] = msg.token;
      if (state.config.mode === 'consensus') {
        if (msg.type === 'Refuse') return fail(state, ctx, 'the lock is held');
        return decide(state, ctx, true);
      }
      return decide(state, ctx, state.answered.length === servers(ctx).length);
    case 'NotLeader':
      if (state.phase !== 'acquiring') return;
      if (msg.leader !== null && msg.leader !== from) state.target = msg.leader;
      else nextTarget(state, ctx);
      // Asked again after a beat, so a leaderless group is not flooded.
      setTimer(state, ctx, msg.leader !== null ? 0 : state.config.heartbeatUs, 'resend');
      return;
    case 'FenceAck':
      if (state.phase !== 'fencing') return;
      if (!state.fenceAcks.includes(from)) state.fenceAcks.push(from);
      if (state.fenceAcks.length === Object.keys(state.grants).length) {
        if (ctx.now() < validUntilUs(state.config, state.startUs)) return hold(state, ctx);
        return fail(state, ctx, 'too slow: validity ran out while fencing');
      }
      return;
    case 'Renewed': {
      if (state.phase !== 'holding' || !state.renewing || !msg.ok) return;
      if (!state.renewGrants.includes(from)) state.renewGrants.push(from);
      const renewalsNeeded = state.config.mode === 'redlock' ? majority(ctx) : 1;
      if (state.renewGrants.length === renewalsNeeded) {
        state.renewing = false;
        const until = validUntilUs(state.config, state.renewStartUs);
        if (ctx.now() < until && until > state.validUntilUs) {
          state.validUntilUs = until;
          ctx.observe('extended', { lock: LOCK, attempt: state.attempt, token: state.token, validUntilUs: until });
        }
      }
      return;
    }
    case 'WriteAck':
      if (state.phase !== 'holding' || msg.token !== state.token) return;
      state.writesDone++;
      state.writesLeft--;
      if (state.timer !== null) ctx.cancelTimer(state.timer);
      state.timer = null;
      return state.writesLeft > 0 ? startWork(state, ctx) : release(state, ctx);
    case 'WriteRefused':
      if (state.phase !== 'holding' || msg.token !== state.token) return;
      ctx.observe('fenced', { lock: LOCK, attempt: state.attempt, token: msg.token, highest: msg.highest });
      state.lastOutcome = `write refused: token ${msg.token} < ${msg.highest}`;
      sendRelease(state, ctx);
      return rest(state, ctx, state.config.retryDelayUs);
  }
}

export function clientTimer(state: ClientState, ctx: Ctx, timer: Timer): void {
  if (timer.name === 'work') {
    if (timer.id !== state.workTimer) return;
    state.workTimer = null;
    if (state.phase !== 'holding') return;
    // The write goes out with the token of the lease checked before the work, however long the work took.
    const storage = ctx.nodesOf(STORAGE_KIND)[0];
    if (storage === undefined) return release(state, ctx);
    ctx.send(storage, { type: 'Write', lock: LOCK, token: state.token!, attempt: state.attempt, value: state.attempt * 100 + state.writesDone });
    setTimer(state, ctx, state.config.requestTimeoutUs * 4, 'writeTimeout');
    return;
  }
  if (timer.id !== state.timer) return;
  state.timer = null;
  switch (timer.name) {
    case 'start':
      if (state.phase === 'idle') beginAttempt(state, ctx);
      return;
    case 'decide':
      if (state.phase === 'fencing') return fail(state, ctx, 'not every granting server took the token');
      if (state.phase !== 'acquiring') return;
      if (state.config.mode === 'redlock') return decide(state, ctx, true);
      // Consensus: no answer in time; ask the next server while the attempt can still succeed.
      nextTarget(state, ctx);
      if (ctx.now() >= validUntilUs(state.config, state.startUs)) return fail(state, ctx, 'no answer from the group');
      return resend(state, ctx);
    case 'resend':
      if (state.phase !== 'acquiring') return;
      if (ctx.now() >= validUntilUs(state.config, state.startUs)) return fail(state, ctx, 'no leader answered');
      return resend(state, ctx);
    case 'writeTimeout':
      if (state.phase !== 'holding') return;
      state.writesLeft--;
      return state.writesLeft > 0 ? startWork(state, ctx) : release(state, ctx);
  }
}

function resend(state: ClientState, ctx: Ctx): void {
  ctx.send(consensusTarget(state, ctx), { type: 'Acquire', lock: LOCK, attempt: state.attempt, ttlUs: state.config.leaseTtlUs });
  setTimer(state, ctx, state.config.requestTimeoutUs, 'decide');
}

export function clientCommand(state: ClientState, ctx: Ctx, command: LocksCommand, opId: number): void {
  if (command.type === 'acquire') {
    if (state.phase !== 'idle') return ctx.reply(opId, { ok: false, error: `already ${state.phase}` });
    beginAttempt(state, ctx);
    return ctx.reply(opId, { ok: true });
  }
  if (state.phase !== 'holding') return ctx.reply(opId, { ok: false, error: 'holds no lock' });
  release(state, ctx);
  ctx.reply(opId, { ok: true });
}

export function clientView(state: ClientState): Record<string, unknown> {
  return {
    role: 'client',
    phase: state.phase,
    attempt: state.attempt,
    token: state.token,
    validUntilUs: state.phase === 'holding' ? state.validUntilUs : null,
    acquiredAtUs: state.acquiredAtUs,
    writesDone: state.writesDone,
    lastOutcome: state.lastOutcome,
  };
}
