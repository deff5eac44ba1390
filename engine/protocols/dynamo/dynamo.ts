import type { Protocol, Timer } from '../../kernel/protocol';
import { fromMs } from '../../kernel/time';
import { onMerkleTree, onMerkleVersions, startExchange } from './anti-entropy';
import { checkDynamoScenario, configureDynamo, keyName, type DynamoConfig } from './config';
import { onAck, onOperationTimeout, onReplicaTimeout, startOperation, storeLocally, type Env } from './coordinator';
import { NO_FLAWS, type Flaws } from './flaws';
import { dynamoMonitors } from './monitor';
import { forgetHints, hintCount, offerHints, storeReplica, versionsOf } from './replica';
import { changeMembership, dynamicRing, initialStatuses, learnStatuses, membersOf, membershipTick, onTransfer, onTransferAck } from './membership';
import { buildRingOf } from './ring';
import type { ActorGeneration, DynamoCommand, DynamoMessage, DynamoState, MemberStatus } from './types';
import type { CausalContext, Version } from './versions';

/**
 * A Dynamo-style key-value store (DeCandia et al., SOSP 2007): consistent hashing with virtual
 * nodes (§4.2), N replicas per key on its preference list (§4.3), vector clocks and siblings
 * (§4.4), quorums of R and W over delivered messages (§4.5), sloppy quorum and hinted handoff
 * (§4.6), read repair (§5), nodes joining and leaving the ring (§4.9). See README.md.
 */
const KEY_PATTERN = /^[A-Za-z0-9:_.-]{1,40}$/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function validKey(key: unknown): key is string {
  return typeof key === 'string' && KEY_PATTERN.test(key) && !FORBIDDEN_KEYS.has(key);
}

function validContext(raw: unknown): CausalContext | null {
  if (raw === undefined) return { clock: [], seen: [] };
  if (typeof raw !== 'object' || raw === null) return null;
  const c = raw as { clock?: unknown; seen?: unknown };
  if (!Array.isArray(c.clock) || c.clock.length > 1000) return null;
  const clock = [];
  for (const e of c.clock as unknown[]) {
    const entry = e as { actor?: unknown; counter?: unknown; atUs?: unknown };
    if (typeof entry?.actor !== 'string' || entry.actor.length > 20) return null;
    if (!Number.isSafeInteger(entry.counter) || (entry.counter as number) < 0) return null;
    clock.push({ actor: entry.actor, counter: entry.counter as number, atUs: Number.isSafeInteger(entry.atUs) ? (entry.atUs as number) : 0 });
  }
  const seen = Array.isArray(c.seen) ? (c.seen as unknown[]).filter((d): d is string => typeof d === 'string').slice(0, 1000) : [];
  clock.sort((x, y) => (x.actor < y.actor ? -1 : x.actor > y.actor ? 1 : 0));
  return { clock, seen };
}

/**
 * A request's own R and W (§4.5: "configurable"; the per-request N/R/W), each 1..N,
 * defaulting to the store's; an error text for a bad one.
 */
export function requestQuorum(config: DynamoConfig, c: Partial<Record<string, unknown>>): { r: number; w: number } | string {
  const pick = (field: 'r' | 'w', fallback: number): number | string => {
    const v = c[field];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > config.n) return `${field} must be a whole number from 1 to N (${config.n})`;
    return v;
  };
  const r = pick('r', config.r);
  const w = pick('w', config.w);
  if (typeof r === 'string') return r;
  if (typeof w === 'string') return w;
  return { r, w };
}

export function makeDynamo(flaws: Flaws = NO_FLAWS): Protocol<DynamoState, DynamoMessage, DynamoCommand, DynamoConfig> {
  const env = (state: DynamoState, ctx: Env['ctx']): Env => ({ state, ctx, flaws });
  return {
    name: 'dynamo',
    title: 'Dynamo quorum store',
    configure: configureDynamo,
    checkScenario: checkDynamoScenario,

    init(ctx, config) {
      const statuses = ctx.durable.get<MemberStatus[]>('statuses') ?? initialStatuses(ctx.nodes.length, config);
      const state: DynamoState = {
        config,
        ring: buildRingOf(membersOf(statuses), config.vnodes),
        statuses,
        outgoing: ctx.durable.get<Record<string, Record<string, Version[]>>>('outgoing') ?? {},
        replicas: ctx.durable.get<Record<string, Version[]>>('replicas') ?? {},
        hints: ctx.durable.get<Record<string, Record<string, Version[]>>>('hints') ?? {},
        actors: ctx.durable.get<Record<string, ActorGeneration[]>>('actors') ?? {},
        suspected: ctx.nodes.map(() => false),
        ops: {},
        stats: { coordinated: 0, failed: 0, sloppyRequests: 0, handedOff: 0, repairs: 0, truncations: 0 },
      };
      ctx.setTimer(ctx.random.int(0, config.handoffIntervalUs), 'handoff');
      if (config.antiEntropyIntervalUs > 0) ctx.setTimer(ctx.random.int(0, config.antiEntropyIntervalUs), 'anti-entropy');
      return state;
    },

    onMessage(state, ctx, from, msg) {
      const e = env(state, ctx);
      // Hearing from a peer is the failure detector's evidence that it is back (§4.6's handoff waits for this).
      if (state.suspected[from]) {
        state.suspected[from] = false;
        ctx.observe('trust', { peer: from });
      }
      switch (msg.type) {
        case 'Get':
          ctx.send(from, { type: 'GetAck', key: msg.key, op: msg.op, phase: msg.phase, versions: versionsOf(state, msg.key) });
          return;
        case 'Put':
          storeLocally(e, msg.key, msg.version, msg.hintFor);
          ctx.send(from, { type: 'PutAck', key: msg.key, op: msg.op, phase: msg.phase });
          return;
        case 'GetAck':
          onAck(e, from, msg.op, msg.phase, msg.versions);
          return;
        case 'PutAck':
          onAck(e, from, msg.op, msg.phase, null);
          return;
        case 'Repair':
          storeReplica(state, ctx, msg.key, msg.versions, 'repair', flaws);
          return;
        case 'Handoff':
          storeReplica(state, ctx, msg.key, msg.versions, 'handoff', flaws);
          ctx.send(from, { type: 'HandoffAck', key: msg.key, dots: msg.versions.map((v) => v.dot) });
          return;
        case 'HandoffAck':
          forgetHints(state, ctx, msg.key, from, msg.dots);
          return;
        case 'MerkleTree':
          onMerkleTree(state, ctx, from, msg.root, msg.leaves);
          return;
        case 'MerkleDiff':
          onMerkleVersions(state, ctx, from, msg.leaves, msg.versions, true, flaws);
          return;
        case 'MerkleSync':
          onMerkleVersions(state, ctx, from, msg.leaves, msg.versions, false, flaws);
          return;
        case 'Membership':
          learnStatuses(state, ctx, msg.statuses, flaws);
          return;
        case 'Transfer':
          onTransfer(state, ctx, from, msg.key, msg.versions, msg.statuses, flaws);
          return;
        case 'TransferAck':
          onTransferAck(state, ctx, from, msg.key, msg.dots, msg.statuses, flaws);
          return;
      }
    },

    onTimer(state, ctx, timer: Timer) {
      const e = env(state, ctx);
      const data = timer.data as { op: number; phase: 'read' | 'write'; node: number };
      if (timer.name === 'replica') onReplicaTimeout(e, data.op, data.phase, data.node);
      else if (timer.name === 'operation') onOperationTimeout(e, data.op);
      else if (timer.name === 'handoff') {
        offerHints(state, ctx, flaws);
        if (dynamicRing(state)) membershipTick(state, ctx);
        ctx.setTimer(state.config.handoffIntervalUs, 'handoff');
      } else if (timer.name === 'anti-entropy') {
        startExchange(state, ctx);
        ctx.setTimer(state.config.antiEntropyIntervalUs, 'anti-entropy');
      }
    },

    onCommand(state, ctx, command, opId) {
      const e = env(state, ctx);
      const c = command as Partial<Record<string, unknown>>;
      if (c.type === 'join' || c.type === 'leave') {
        changeMembership(state, ctx, c.type === 'join', flaws);
        ctx.reply(opId, { ok: true, kind: c.type, member: state.statuses[ctx.self]!.member });
        return;
      }
      if (!validKey(c.key)) {
        ctx.reply(opId, { ok: false, key: String(c.key ?? ''), error: 'a key is 1-40 letters, digits or :_.-' });
        return;
      }
      const value = typeof c.value === 'string' ? c.value.slice(0, 64) : typeof c.value === 'number' ? String(c.value) : null;
      const quorum = requestQuorum(state.config, c);
      if (typeof quorum === 'string') {
        ctx.reply(opId, { ok: false, key: c.key, error: quorum });
        return;
      }
      if (c.type === 'get') startOperation(e, opId, 'get', c.key, null, null, 'mine', quorum);
      else if ((c.type === 'put' || c.type === 'update') && value !== null) {
        const context = c.type === 'put' ? validContext(c.context) : null;
        if (c.type === 'put' && context === null) ctx.reply(opId, { ok: false, key: c.key, error: 'context must be a context a get returned' });
        else startOperation(e, opId, c.type, c.key, value, context, c.resolve === 'union' || c.resolve === 'lww' ? c.resolve : 'mine', quorum);
      } else ctx.reply(opId, { ok: false, key: c.key, error: `unknown operation "${String(c.type)}" (get, put or update with a value)` });
    },

    view(state) {
      return {
        n: state.config.n,
        r: state.config.r,
        w: state.config.w,
        vnodes: state.config.vnodes,
        sloppy: state.config.sloppy,
        readRepair: state.config.readRepair,
        replicas: state.replicas,
        hints: state.hints,
        hintCount: hintCount(state),
        suspected: state.suspected,
        members: membersOf(state.statuses),
        outgoing: state.outgoing,
        ops: Object.values(state.ops).map((op) => ({
          opId: op.opId,
          kind: op.kind,
          key: op.key,
          phase: op.phase,
          lingering: op.lingering,
          acks: op.acks,
          need: op.need,
          sloppy: op.sloppy,
          targets: op.targets.map((t) => ({ node: t.node, hintFor: t.hintFor, state: t.state })),
          dot: op.version?.dot ?? null,
        })),
        stats: state.stats,
      };
    },

    monitors(config, nodeCount) {
      return dynamoMonitors(config, nodeCount);
    },

    workload(config) {
      return {
        intervalUs: fromMs(50),
        makeCommand: (n, random): DynamoCommand => {
          const key = keyName(random.int(0, config.keys - 1));
          return random.chance(config.readFraction) ? { type: 'get', key } : { type: 'update', key, value: `v${n}` };
        },
      };
    },
  };
}

export const dynamo = makeDynamo();
