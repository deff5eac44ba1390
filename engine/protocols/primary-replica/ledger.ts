import type { NodeId } from '../../kernel/protocol';
import type { Micros } from '../../kernel/time';
import type { TraceEvent } from '../../kernel/trace';

/**
 * What a run did to its clients' writes, folded from the trace event by event: each server's
 * log as its observations say (write, appended, rewound), the writes acknowledged to clients,
 * the ones lost at a failover, stale reads, and the lag samples. The monitors judge with it and
 * the page draws from it (the same fold over the page's recorded trace), so both always agree.
 */
export interface AckedWrite {
  value: number;
  key: string;
  index: number;
  epoch: number;
  ackedUs: Micros;
  client: NodeId;
}

export interface LostWrite extends AckedWrite {
  lostUs: Micros;
  /** How it was lost, in words ("S2 took over in epoch 2 without it"). */
  how: 'failover' | 'rewound' | 'late' | 'end';
  /** The server whose promotion or rewind lost it. */
  at: NodeId | null;
  /** The epoch that went on without it. */
  inEpoch: number;
}

export interface LagSample {
  atUs: Micros;
  replica: NodeId;
  entries: number;
  ms: number;
}

interface Invoke {
  type: string;
  key: string;
  atUs: Micros;
}

export interface LedgerState {
  /** Each server's log as (value, epoch) pairs, entry i at [i - 1]. */
  logs: Record<string, { value: number; epoch: number }[]>;
  invokes: Record<string, Invoke>;
  acked: Record<string, AckedWrite>;
  lost: LostWrite[];
  /** Per key, the acknowledged writes' (ack time, index), in ack order, to judge reads. */
  ackedByKey: Record<string, [Micros, number][]>;
  reads: number;
  staleReads: number;
  /** Who is primary, by epoch, as promotions said (epoch 1's first primary from its first write). */
  primaryOfEpoch: Record<string, NodeId>;
  current: { node: NodeId; epoch: number } | null;
  promotions: number;
  /** Writes accepted by a primary after a newer epoch began (split brain). */
  staleEpochWrites: number;
  highestEpoch: number;
  lag: LagSample[];
  /** Change-data-capture consumers: the snapshot's index and the changes read since (cdc.ts). */
  consumers: Record<string, { base: number | null; stream: { index: number; value: number; epoch?: number }[]; retracted?: number }>;
  /** When the history's entry i was written by a primary, at [i - 1] (a consumer's lag in ms); absent in older snapshots. */
  writtenUs?: Micros[];
}

export function freshLedger(): LedgerState {
  return { logs: {}, invokes: {}, acked: {}, lost: [], ackedByKey: {}, reads: 0, staleReads: 0, primaryOfEpoch: {}, current: null, promotions: 0, staleEpochWrites: 0, highestEpoch: 0, lag: [], consumers: {} };
}

/** How many lag samples the ledger keeps (the page's chart, the stats' maxima are kept apart). */
export const LAG_SAMPLES_KEPT = 4000;

const num = (v: unknown, fallback = 0) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

function logOf(state: LedgerState, node: NodeId) {
  return (state.logs[node] ??= []);
}

export function holds(state: LedgerState, node: NodeId, w: { index: number; value: number }): boolean {
  return state.logs[node]?.[w.index - 1]?.value === w.value;
}

function markLost(state: LedgerState, w: AckedWrite, lost: Omit<LostWrite, keyof AckedWrite>): LostWrite {
  delete state.acked[w.value];
  const entry = { ...w, ...lost };
  state.lost.push(entry);
  return entry;
}

/** Folds one event; returns the writes it lost (for the monitors' verdicts). */
export function foldLedger(state: LedgerState, e: TraceEvent): LostWrite[] {
  switch (e.kind) {
    case 'invoke': {
      const c = e.command as { type: string; key?: unknown };
      state.invokes[e.opId] = { type: c.type, key: String(c.key ?? ''), atUs: e.at };
      return [];
    }
    case 'return':
      return onReturn(state, e);
    case 'metric': {
      const m = /^lag\.(\d+)\.(entries|ms)$/.exec(e.name);
      if (!m) return [];
      const replica = Number(m[1]);
      if (m[2] === 'entries') state.lag.push({ atUs: e.at, replica, entries: e.value, ms: 0 });
      else {
        const last = state.lag[state.lag.length - 1];
        if (last && last.atUs === e.at && last.replica === replica) last.ms = e.value;
      }
      if (state.lag.length > LAG_SAMPLES_KEPT) state.lag.splice(0, state.lag.length - LAG_SAMPLES_KEPT);
      return [];
    }
    case 'observe':
      return onObserve(state, e.node, e.at, e.what, e.data ?? {});
    default:
      return [];
  }
}

function onReturn(state: LedgerState, e: Extract<TraceEvent, { kind: 'return' }>): LostWrite[] {
  const inv = state.invokes[e.opId];
  delete state.invokes[e.opId];
  const r = e.result as Record<string, unknown> | null;
  if (!inv || !r || r.ok !== true) return [];
  if (inv.type === 'write' && typeof r.index === 'number') {
    const w: AckedWrite = { value: num(r.value), key: inv.key, index: r.index, epoch: num(r.epoch), ackedUs: e.at, client: e.node };
    state.acked[w.value] = w;
    (state.ackedByKey[w.key] ??= []).push([e.at, w.index]);
    // An old primary's acknowledgement that reaches its client after the history went on without
    // the write (a failover, then the old primary's rewind): lost the moment it is acknowledged,
    // by the rule a promotion applies. Before, only the end of a run counted these.
    const now = state.current;
    if (now && w.epoch < now.epoch && !holds(state, now.node, w)) return [markLost(state, w, { lostUs: e.at, how: 'late', at: now.node, inEpoch: now.epoch })];
    return [];
  }
  if (inv.type === 'read') {
    state.reads++;
    // Stale: a write to this key was acknowledged before the read began, and the read saw an older one.
    const got = num(r.index);
    const before = (state.ackedByKey[inv.key] ?? []).filter(([at]) => at < inv.atUs);
    if (before.some(([, index]) => index > got)) state.staleReads++;
  }
  return [];
}

function onObserve(state: LedgerState, node: NodeId, at: Micros, what: string, d: Record<string, unknown>): LostWrite[] {
  switch (what) {
    case 'write': {
      const log = logOf(state, node);
      log.length = Math.min(log.length, num(d.index) - 1);
      log.push({ value: num(d.value), epoch: num(d.epoch) });
      // The latest write at an index is the history's there (a later epoch writes over a lost one).
      const written = (state.writtenUs ??= []);
      written.length = Math.min(written.length, log.length - 1);
      written[log.length - 1] = at;
      const epoch = num(d.epoch);
      state.primaryOfEpoch[epoch] ??= node;
      if (epoch < state.highestEpoch) state.staleEpochWrites++;
      return [];
    }
    case 'appended': {
      const log = logOf(state, node);
      const values = (d.values as number[]) ?? [];
      const epochs = (d.epochs as number[]) ?? [];
      log.length = Math.min(log.length, num(d.from) - 1);
      values.forEach((value, i) => log.push({ value, epoch: epochs[i] ?? 0 }));
      return [];
    }
    case 'rewound': {
      const log = logOf(state, node);
      log.length = Math.min(log.length, num(d.to));
      // An acknowledged write dropped here and missing from the current primary is gone.
      const out: LostWrite[] = [];
      for (const value of (d.dropped as number[]) ?? []) {
        const w = state.acked[value];
        if (w && state.current && !holds(state, state.current.node, w)) out.push(markLost(state, w, { lostUs: at, how: 'rewound', at: node, inEpoch: state.current.epoch }));
      }
      return out;
    }
    case 'promoted': {
      const epoch = num(d.epoch);
      state.primaryOfEpoch[epoch] = node;
      state.current = { node, epoch };
      state.highestEpoch = Math.max(state.highestEpoch, epoch);
      if (epoch > 1) state.promotions++;
      // The new primary's log is the history from now on: what it lacks is lost.
      const out: LostWrite[] = [];
      for (const w of Object.values(state.acked)) if (!holds(state, node, w)) out.push(markLost(state, w, { lostUs: at, how: 'failover', at: node, inEpoch: epoch }));
      return out;
    }
    case 'cdc-snapshot':
      state.consumers[node] = { base: num(d.upTo), stream: [] };
      return [];
    case 'cdc-consumed': {
      const c = (state.consumers[node] ??= { base: null, stream: [] });
      const epochs = (d.epochs as number[]) ?? [];
      ((d.values as number[]) ?? []).forEach((value, i) => c.stream.push({ index: num(d.from) + i, value, epoch: num(epochs[i]) }));
      return [];
    }
    case 'cdc-retracted': {
      const c = state.consumers[node];
      if (!c) return [];
      const retracted = (c.retracted ?? 0) + ((d.values as unknown[]) ?? []).length;
      if (d.snapshot === true) state.consumers[node] = { base: null, stream: [], retracted };
      else {
        c.stream.splice(Math.max(0, num(d.to) - (c.base ?? 0)));
        c.retracted = retracted;
      }
      return [];
    }
    default:
      return [];
  }
}

/**
 * Each change consumer's stream against the history the current primary holds: changes read
 * that the history does not have at their index (a lost write read as if it happened, or a
 * later write at that index never read).
 */
export interface CdcReport {
  snapshotAt: number | null;
  position: number;
  read: number;
  /** Changes read that the history does not hold at their index (each hides the real change there, never read). */
  wrong: number;
  /** Entries of the current primary's log past the consumer's position. */
  lagEntries: number;
  /** Changes read twice: one write's value at two indices of its stream (a client's retry of a write a failover lost). */
  duplicates: number;
  /** Changes it read and then took back when a new primary said where the histories part (epochs). */
  retracted: number;
}

export function cdcReport(state: LedgerState): Record<string, CdcReport> {
  const out: Record<string, CdcReport> = {};
  const log = state.current ? state.logs[state.current.node] ?? [] : [];
  for (const [node, c] of Object.entries(state.consumers)) {
    const wrong = c.stream.filter((e) => e.index <= log.length && log[e.index - 1]?.value !== e.value).length;
    const last = c.stream[c.stream.length - 1];
    const position = last?.index ?? c.base ?? 0;
    const seen = new Set<number>();
    let duplicates = 0;
    for (const e of c.stream) {
      if (seen.has(e.value)) duplicates++;
      seen.add(e.value);
    }
    out[node] = { snapshotAt: c.base, position, read: c.stream.length, wrong, lagEntries: Math.max(0, log.length - position), duplicates, retracted: c.retracted ?? 0 };
  }
  return out;
}

/** How long the oldest change a consumer has not read has waited at `nowUs` (0 when it has read everything). */
export function cdcLagMs(state: LedgerState, position: number, nowUs: Micros): number {
  const log = state.current ? state.logs[state.current.node] ?? [] : [];
  if (position >= log.length) return 0;
  const writtenUs = state.writtenUs?.[position];
  return writtenUs === undefined ? 0 : Math.max(0, Math.round((nowUs - writtenUs) / 1000));
}

/** At the end of a run: acknowledged writes that the last primary's log does not hold are lost too. */
export function settleLedger(state: LedgerState, atUs: Micros): LostWrite[] {
  if (!state.current) return [];
  const { node, epoch } = state.current;
  const out: LostWrite[] = [];
  for (const w of Object.values(state.acked)) if (!holds(state, node, w)) out.push(markLost(state, w, { lostUs: atUs, how: 'end', at: null, inEpoch: epoch }));
  return out;
}
