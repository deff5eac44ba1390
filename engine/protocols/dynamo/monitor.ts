import type { Monitor, Violation } from '../../kernel/protocol';
import type { TraceEvent } from '../../kernel/trace';
import { descends, type VectorClock } from './clock';
import type { DynamoConfig } from './config';
import type { DynamoResult } from './types';
import { nodeName } from '../../kernel/topology';

/**
 * The store's invariants as code, over the trace alone (what nodes observe, what clients get).
 * The monitor keeps each version's true causal history from the stamps (`seen`: the versions the
 * writer's context held), independent of vector clocks, so it also judges the clocks (truncation).
 *
 * - *always* **Acknowledged write kept**: a put acknowledged to its client stays held (as a
 *   replica or a hinted replica; storage is durable, so a crashed node still holds it) until a
 *   version that truly descends it is held instead. Any N, R, W, sloppy or not, any faults.
 * - *always* **Replica clock monotonic**: the merged clock of the versions a node holds for a
 *   key never loses an entry's count.
 * - *always when R + W > N* **Strict quorum reads are fresh**: a get whose R counted answers all
 *   came from the key's first N nodes returns, for every put acknowledged before it began by W
 *   of those nodes (no stand-in counted), that version or one that descends it. Durable storage
 *   and quorums that fail rather than shrink make this hold under crashes, loss and partitions.
 *   A sloppy quorum (§4.6) gives no such promise: a write acknowledged by stand-ins may be
 *   invisible to a read of the home nodes until the hint is handed off (eventual consistency);
 *   such reads are counted as stale, never a violation. With R + W <= N likewise.
 * - Ring membership changes (§4.9): a node that stops replicating a key hands its versions to
 *   the key's new homes (`relocate`) and deletes each only when that node acknowledged it
 *   (`transferred`); "Acknowledged write kept" watches those in-flight copies as held. A get
 *   that overlaps a move (the nodes disagree on the ring, or a transfer is unacknowledged, at
 *   its start or end) is not held to the freshness promise: it is counted in `moveReads`.
 * - A request may carry its own R and W: the freshness promise covers a get of R and a put of W
 *   when R + W > N; stale reads are counted apart by the request's R + W against N.
 * - stats: versions per successful get (1, 2, 3, 4+: the paper's §6.3 figure), stale reads,
 *   failed operations, sloppy acknowledgements.
 */
interface VersionRecord {
  parents: string[];
  /** The W its put was acknowledged with. */
  w?: number;
  atUs: number;
  acked: boolean;
  holders: string[];
}

interface PendingRead {
  key: string;
  r: number;
  frontier: string[];
  strict: string[];
  /** The ring was settled when the get began; `epoch` counts ring changes seen. */
  settled: boolean;
  epoch: number;
}

interface DynamoMonitorState {
  versions: Record<string, VersionRecord>;
  held: Record<string, string[]>;
  frontier: Record<string, string[]>;
  /** Per W, the maximal puts acknowledged by W home replicas. */
  strictFrontier: Record<string, Record<string, string[]>>;
  pending: Record<string, PendingRead>;
  /** The W each put or update asked for, by operation id. */
  putW: Record<string, number>;
  /** Each node's ring view, once it changed (absent: the initial ring every node starts with). */
  views: Record<string, string>;
  /** Transfers sent and not yet acknowledged (`node=>to|key|dot`). */
  moving: Record<string, true>;
  epoch: number;
  joins: Record<string, VectorClock>;
  stats: {
    gets: number;
    putsAcked: number;
    failed: number;
    versionsPerRead: [number, number, number, number];
    emptyReads: number;
    staleReads: number;
    staleByQuorum: { overlapping: number; partial: number };
    moveReads: number;
    transfers: number;
    strictReads: number;
    sloppyAcks: number;
    truncations: number;
    handoffs: number;
  };
}

const id = (key: string, dot: string) => `${key}|${dot}`;

export function dynamoMonitor(config: DynamoConfig, nodeCount = 0): Monitor {
  const strictApplies = config.r + config.w > config.n;
  let s: DynamoMonitorState = fresh();

  function fresh(): DynamoMonitorState {
    return {
      versions: {},
      held: {},
      frontier: {},
      strictFrontier: {},
      pending: {},
      putW: {},
      views: {},
      moving: {},
      epoch: 0,
      joins: {},
      stats: {
        gets: 0, putsAcked: 0, failed: 0, versionsPerRead: [0, 0, 0, 0], emptyReads: 0, staleReads: 0,
        staleByQuorum: { overlapping: 0, partial: 0 }, moveReads: 0, transfers: 0, strictReads: 0, sloppyAcks: 0, truncations: 0, handoffs: 0,
      },
    };
  }

  /** True when `ancestor` is in the causal history of `dot` (itself included). */
  function inHistory(key: string, ancestor: string, dot: string): boolean {
    if (ancestor === dot) return true;
    const target = s.versions[id(key, ancestor)];
    if (!target) return false;
    const seen = new Set<string>([dot]);
    const stack = [dot];
    while (stack.length > 0) {
      const record = s.versions[id(key, stack.pop()!)];
      if (!record) continue;
      for (const p of record.parents) {
        if (p === ancestor) return true;
        if (seen.has(p)) continue;
        seen.add(p);
        const pr = s.versions[id(key, p)];
        // Ancestors are stamped no later than their descendants: older branches cannot lead to it.
        if (pr && pr.atUs >= target.atUs) stack.push(p);
      }
    }
    return false;
  }

  function keptOrSuperseded(key: string, dot: string): boolean {
    const r = s.versions[id(key, dot)];
    if (r && r.holders.length > 0) return true;
    return (s.held[key] ?? []).some((h) => h !== dot && inHistory(key, dot, h));
  }

  function lost(key: string, dot: string, e: TraceEvent, how: string): Violation {
    return {
      invariant: 'Acknowledged write kept',
      message: `the acknowledged write ${dot} of ${key} is held by no node and no held version descends it (${how})`,
      event: e,
    };
  }

  function setHolder(key: string, dot: string, role: string, holds: boolean): void {
    const r = (s.versions[id(key, dot)] ??= { parents: [], atUs: 0, acked: false, holders: [] });
    const had = r.holders.includes(role);
    if (holds && !had) r.holders.push(role);
    if (!holds && had) r.holders = r.holders.filter((h) => h !== role);
    const held = (s.held[key] ??= []);
    if (r.holders.length > 0 && !held.includes(dot)) held.push(dot);
    if (r.holders.length === 0 && held.includes(dot)) s.held[key] = held.filter((d) => d !== dot);
  }

  /** Adds an acknowledged put to a frontier of maximal acknowledged puts. */
  function advance(frontier: Record<string, string[]>, key: string, dot: string): void {
    const now = frontier[key] ?? [];
    if (now.some((f) => inHistory(key, dot, f))) return;
    frontier[key] = [...now.filter((f) => !inHistory(key, f, dot)), dot];
  }

  function onStore(e: TraceEvent & { kind: 'observe' }): Violation | undefined {
    const d = e.data as { key: string; dot: string; hintFor: number | null; dropped: string[]; join?: VectorClock };
    const role = d.hintFor === null ? String(e.node) : `${e.node}>${d.hintFor}`;
    setHolder(d.key, d.dot, role, true);
    for (const gone of d.dropped) setHolder(d.key, gone, role, false);
    for (const gone of d.dropped) {
      if (s.versions[id(d.key, gone)]?.acked && !keptOrSuperseded(d.key, gone)) {
        return lost(d.key, gone, e, `${nodeName(null, e.node)} dropped it for ${d.dot}, which does not descend it`);
      }
    }
    if (d.join) {
      const where = `${e.node}|${d.key}`;
      const before = s.joins[where];
      if (before && !descends(d.join, before)) {
        return {
          invariant: 'Replica clock monotonic',
          message: `${nodeName(null, e.node)}'s clock for ${d.key} went backwards`,
          event: e,
        };
      }
      s.joins[where] = d.join;
    }
    return undefined;
  }

  /** Every node agrees on the ring and no transfer is in flight. */
  function settled(): boolean {
    if (Object.keys(s.moving).length > 0) return false;
    const views = Object.values(s.views);
    if (views.length === 0) return true;
    return views.length >= nodeCount && views.every((v) => v === views[0]);
  }

  function onReturn(e: TraceEvent & { kind: 'return' }): Violation | undefined {
    const pending = s.pending[String(e.opId)];
    delete s.pending[String(e.opId)];
    const w = s.putW[String(e.opId)] ?? config.w;
    delete s.putW[String(e.opId)];
    const result = e.result as DynamoResult;
    if (!result || typeof result !== 'object') return undefined;
    if (!result.ok) {
      s.stats.failed++;
      return undefined;
    }
    if (result.kind === 'join' || result.kind === 'leave') return undefined;
    if (result.kind === 'put') {
      const r = s.versions[id(result.key, result.dot)];
      if (r) {
        r.acked = true;
        r.w = w;
      }
      s.stats.putsAcked++;
      if (result.sloppy) s.stats.sloppyAcks++;
      if (!keptOrSuperseded(result.key, result.dot)) return lost(result.key, result.dot, e, 'acknowledged before any node stored it');
      advance(s.frontier, result.key, result.dot);
      if (!result.sloppy) advance((s.strictFrontier[String(w)] ??= {}), result.key, result.dot);
      return undefined;
    }
    s.stats.gets++;
    const count = result.versions.length;
    if (count === 0) s.stats.emptyReads++;
    else s.stats.versionsPerRead[Math.min(count, 4) - 1]!++;
    if (!pending) return undefined;
    const returned = result.versions.map((v) => v.dot);
    const covered = (dot: string) => returned.some((r) => inHistory(result.key, dot, r));
    const missedAny = pending.frontier.find((d) => !covered(d));
    if (missedAny !== undefined) {
      s.stats.staleReads++;
      const missedW = s.versions[id(result.key, missedAny)]?.w ?? config.w;
      if (pending.r + missedW > config.n) s.stats.staleByQuorum.overlapping++;
      else s.stats.staleByQuorum.partial++;
    }
    if (pending.strict.length > 0 || (strictApplies && pending.r === config.r)) {
      if (result.sloppy) return undefined;
      if (!pending.settled || pending.epoch !== s.epoch || !settled()) {
        s.stats.moveReads++;
        return undefined;
      }
      s.stats.strictReads++;
      const missed = pending.strict.find((d) => !covered(d));
      if (missed) {
        const mw = s.versions[id(result.key, missed)]?.w ?? config.w;
        return {
          invariant: 'Strict quorum reads are fresh',
          message: `a get of ${result.key} (R=${pending.r}, W=${mw}, N=${config.n}) returned ${returned.join(', ') || 'nothing'}, missing ${missed}, acknowledged by W home replicas before the get began`,
          event: e,
        };
      }
    }
    return undefined;
  }

  return {
    observe(e: TraceEvent): Violation | undefined {
      switch (e.kind) {
        case 'invoke': {
          const c = e.command as { type: string; key?: unknown; r?: unknown; w?: unknown };
          if (c.type === 'get' && typeof c.key === 'string') {
            const r = typeof c.r === 'number' ? c.r : config.r;
            // The puts this get must see: those acknowledged by W home replicas with R + W > N.
            const strict = Object.keys(s.strictFrontier)
              .filter((w) => r + Number(w) > config.n)
              .flatMap((w) => s.strictFrontier[w]![c.key as string] ?? []);
            s.pending[String(e.opId)] = { key: c.key, r, frontier: [...(s.frontier[c.key] ?? [])], strict, settled: settled(), epoch: s.epoch };
          } else if ((c.type === 'put' || c.type === 'update') && typeof c.w === 'number') {
            s.putW[String(e.opId)] = c.w;
          }
          return undefined;
        }
        case 'return':
          return onReturn(e);
        case 'observe': {
          if (e.what === 'stamp') {
            const d = e.data as { key: string; dot: string; seen: string[] };
            const r = (s.versions[id(d.key, d.dot)] ??= { parents: [], atUs: e.at, acked: false, holders: [] });
            r.parents = [...d.seen];
            r.atUs = e.at;
            return undefined;
          }
          if (e.what === 'store') return onStore(e);
          if (e.what === 'truncate') s.stats.truncations++;
          if (e.what === 'ring') {
            s.views[String(e.node)] = (e.data as { view: string }).view;
            s.epoch++;
          }
          if (e.what === 'relocate') {
            const d = e.data as { key: string; dots: string[]; to: number[] };
            for (const dot of d.dots) {
              for (const to of d.to) {
                setHolder(d.key, dot, `${e.node}=>${to}`, true);
                s.moving[`${e.node}=>${to}|${d.key}|${dot}`] = true;
              }
              setHolder(d.key, dot, String(e.node), false);
            }
            // The node no longer replicates the key: should it replicate it again later, its clock starts afresh.
            delete s.joins[`${e.node}|${d.key}`];
            s.epoch++;
          }
          if (e.what === 'transferred') {
            const d = e.data as { key: string; to: number; dots: string[] };
            s.stats.transfers += d.dots.length;
            for (const dot of d.dots) {
              setHolder(d.key, dot, `${e.node}=>${d.to}`, false);
              delete s.moving[`${e.node}=>${d.to}|${d.key}|${dot}`];
            }
            for (const dot of d.dots) {
              if (s.versions[id(d.key, dot)]?.acked && !keptOrSuperseded(d.key, dot)) {
                return lost(d.key, dot, e, `${nodeName(null, e.node)} deleted it before ${nodeName(null, d.to)} stored it`);
              }
            }
          }
          if (e.what === 'handoff') {
            const d = e.data as { key: string; to: number; dots: string[] };
            s.stats.handoffs += d.dots.length;
            for (const dot of d.dots) setHolder(d.key, dot, `${e.node}>${d.to}`, false);
            for (const dot of d.dots) {
              if (s.versions[id(d.key, dot)]?.acked && !keptOrSuperseded(d.key, dot)) {
                return lost(d.key, dot, e, `${nodeName(null, e.node)} deleted its hint before ${nodeName(null, d.to)} stored it`);
              }
            }
          }
          return undefined;
        }
        default:
          return undefined;
      }
    },

    finish() {
      const [one, two, three, four] = s.stats.versionsPerRead;
      const withVersions = one + two + three + four;
      return {
        stats: {
          ...s.stats,
          versionsPerRead: { '1': one, '2': two, '3': three, '4+': four },
          oneVersionShare: withVersions === 0 ? null : one / withVersions,
          strictChecked: strictApplies,
        },
        violations: [],
      };
    },

    snapshot: () => structuredClone(s),
    restore(state) {
      s = structuredClone(state as DynamoMonitorState);
    },
  };
}

export function dynamoMonitors(config: DynamoConfig, nodeCount: number): Monitor[] {
  return [dynamoMonitor(config, nodeCount)];
}
