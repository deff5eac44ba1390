import type { NodeContext, NodeId, Timer } from '../../kernel/protocol';
import type { PrimaryReplicaConfig } from './config';
import type { PrMessage, ServerState } from './types';
import { SERVER_KIND } from './types';
import { epochAt, lastIndex } from './wal';

/**
 * Change data capture: a consumer reads the primary's log as a stream of changes (Debezium on
 * Postgres logical decoding), each with its own position. A new consumer first takes a
 * snapshot (every key's value as of some index) and then streams from there. Its position is
 * (index, epoch) when `cdcEpochs` is on: a new primary whose log holds another epoch at that
 * index says where their histories part, and the consumer retracts what it read past that point
 * and reads the new history from there, so no change is lost or read twice. Without epochs it
 * asks by index alone: changes the old primary lost stay in its stream, and the new primary's
 * writes at those indices are never read.
 */
type Ctx = NodeContext<PrMessage>;
const POSITION_KEY = 'cdc/position';
const BATCH = 64;

export interface ConsumedChange {
  index: number;
  epoch: number;
  value: number;
}

export interface ConsumerState {
  readonly kind: 'consumer';
  readonly config: PrimaryReplicaConfig;
  /** The snapshot's index (0 before any), and its epoch there. */
  base: { index: number; epoch: number } | null;
  /** The changes read after the snapshot, in order: entry i is index base + 1 + i. */
  stream: ConsumedChange[];
  /** The server it asks (the primary it last heard of). */
  server: NodeId;
  seq: number;
  awaiting: number | null;
}

export type CdcMessage =
  | { type: 'ChangesSince'; seq: number; index: number; epoch: number; snapshot: boolean }
  | { type: 'ChangeSnapshot'; seq: number; upTo: number; epoch: number; rows: { key: string; value: number }[] }
  | { type: 'ChangeBatch'; seq: number; from: number; entries: ConsumedChange[]; last: number }
  | { type: 'ChangeRewind'; seq: number; to: number }
  | { type: 'ChangesRedirect'; seq: number; primary: NodeId | null };

export function initConsumer(ctx: Ctx, config: PrimaryReplicaConfig): ConsumerState {
  const stored = ctx.durable.get<{ base: ConsumerState['base']; stream: ConsumedChange[] }>(POSITION_KEY);
  const state: ConsumerState = { kind: 'consumer', config, base: stored?.base ?? null, stream: stored?.stream ?? [], server: ctx.nodesOf(SERVER_KIND)[0]!, seq: 0, awaiting: null };
  ctx.setTimer(ctx.random.int(1, config.cdcPollUs), 'cdc-poll', {});
  return state;
}

const position = (s: ConsumerState) => {
  const last = s.stream[s.stream.length - 1];
  return last ? { index: last.index, epoch: last.epoch } : (s.base ?? { index: 0, epoch: 0 });
};

function save(s: ConsumerState, ctx: Ctx) {
  ctx.durable.put(POSITION_KEY, { base: s.base, stream: s.stream });
}

export function consumerTimer(s: ConsumerState, ctx: Ctx, timer: Timer): void {
  if (timer.name !== 'cdc-poll') return;
  if (s.awaiting !== null) {
    // No answer since the last poll: try the next server.
    const servers = ctx.nodesOf(SERVER_KIND);
    s.server = servers[(servers.indexOf(s.server) + 1) % servers.length]!;
  }
  const seq = ++s.seq;
  s.awaiting = seq;
  const p = position(s);
  ctx.send(s.server, { type: 'ChangesSince', seq, index: p.index, epoch: p.epoch, snapshot: s.base === null });
  ctx.setTimer(s.config.cdcPollUs, 'cdc-poll', {});
}

export function consumerMessage(s: ConsumerState, ctx: Ctx, from: NodeId, msg: PrMessage): void {
  const m = msg as CdcMessage;
  if (!('seq' in m) || m.seq !== s.awaiting) return;
  s.awaiting = null;
  switch (m.type) {
    case 'ChangesRedirect':
      if (m.primary !== null) s.server = m.primary;
      return;
    case 'ChangeSnapshot':
      s.base = { index: m.upTo, epoch: m.epoch };
      s.stream = [];
      save(s, ctx);
      ctx.observe('cdc-snapshot', { upTo: m.upTo, epoch: m.epoch, rows: m.rows.length });
      return;
    case 'ChangeBatch': {
      // One request at a time, asked from our position: a batch starts right after it.
      const fresh = m.entries;
      if (fresh.length === 0 || fresh[0]!.index !== position(s).index + 1) return;
      s.stream.push(...fresh);
      save(s, ctx);
      ctx.observe('cdc-consumed', { from: fresh[0]!.index, values: fresh.map((e) => e.value), epochs: fresh.map((e) => e.epoch) });
      return;
    }
    case 'ChangeRewind': {
      const base = s.base?.index ?? 0;
      if (m.to < base) {
        // The history parts before our snapshot: the snapshot itself is void; take a new one.
        ctx.observe('cdc-retracted', { to: m.to, values: s.stream.map((e) => e.value), snapshot: true });
        s.base = null;
        s.stream = [];
      } else {
        const dropped = s.stream.splice(m.to - base);
        ctx.observe('cdc-retracted', { to: m.to, values: dropped.map((e) => e.value), snapshot: false });
      }
      save(s, ctx);
      return;
    }
  }
}

/** The server's side: only the primary serves the stream (as Postgres logical decoding does). */
export function serveChanges(state: ServerState, ctx: Ctx, from: NodeId, m: Extract<CdcMessage, { type: 'ChangesSince' }>): void {
  if (state.role !== 'primary') return ctx.send(from, { type: 'ChangesRedirect', seq: m.seq, primary: state.primary });
  const last = lastIndex(state.log);
  if (m.snapshot) {
    const rows = new Map<string, number>();
    for (const e of state.log) rows.set(e.key, e.value);
    ctx.send(from, { type: 'ChangeSnapshot', seq: m.seq, upTo: last, epoch: epochAt(state.log, last), rows: [...rows].map(([key, value]) => ({ key, value })) });
    return;
  }
  if (state.config.cdcEpochs && (m.index > last || epochAt(state.log, m.index) !== m.epoch)) {
    let to = Math.min(last, m.index - 1);
    while (to > 0 && epochAt(state.log, to) > m.epoch) to--;
    ctx.send(from, { type: 'ChangeRewind', seq: m.seq, to: Math.max(0, to) });
    return;
  }
  const entries = state.log.slice(m.index, m.index + BATCH).map((e) => ({ index: e.index, epoch: e.epoch, value: e.value }));
  ctx.send(from, { type: 'ChangeBatch', seq: m.seq, from: m.index, entries, last });
}

export function consumerView(s: ConsumerState) {
  const p = position(s);
  return { kind: 'consumer', snapshotAt: s.base?.index ?? null, position: p.index, epoch: p.epoch, read: s.stream.length, server: s.server, epochs: s.config.cdcEpochs, tail: s.stream.slice(-8) };
}
