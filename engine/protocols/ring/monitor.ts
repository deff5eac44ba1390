import type { Monitor, NodeId, Violation } from '../../kernel/protocol';
import type { Micros } from '../../kernel/time';
import type { TraceEvent } from '../../kernel/trace';
import { initialMemberCount, type RingConfig } from './config';
import { ownersOf } from './placement-cache';
import { initialRanges, newerRanges, ownersFromRanges, type RangeTable } from './ranges';
import { loadImbalance } from './placement/measure';
import type { MemberStatus } from './types';
import { nodeName as topologyName } from '../../kernel/topology';

interface RingMonitorState {
  /** The node serving each key (-1 while the key is in a chunk on its way). */
  serving: NodeId[];
  /** Per key: the value each applied version holds (index = version; version 0 is null). */
  values: (number | null)[][];
  /** Op ids of every put applied, as a sorted-free record (op id -> key). */
  applied: Record<number, number>;
  /** Highest version any acknowledged put of each key reported. */
  acked: number[];
  /** Client operations in progress: the key, and for a get the version it must at least see. */
  ops: Record<number, { key: number; get: boolean; mustSee: number }>;
  /** Each node's own status as it last announced it. */
  statuses: MemberStatus[];
  /** Range partitioning: the newest range table any master announced. */
  ranges: RangeTable | null;
  members: NodeId[];
  placementMoves: number;
  idealMoves: number;
  membershipChanges: number;
  keysTransferred: number;
  bytesMoved: number;
  chunks: number;
  getsOk: number;
  putsOk: number;
  failed: number;
}

function membersOf(statuses: readonly MemberStatus[]): NodeId[] {
  return statuses.flatMap((s, i) => (s === 'member' ? [i] : []));
}

/**
 * The ring's invariants, checked on every event (README.md, "Invariants"):
 * - **One serving owner**: a key is served by at most one node at a time; a node hands off only
 *   a key it serves, and a key is accepted only while it is in transit.
 * - **No write applied twice**: each put's op id is applied once.
 * - **Versions in order**: a key's puts are applied as versions 1, 2, 3... with no gap or repeat
 *   (a stale copy coming back, or two owners writing, would repeat a version).
 * - **No acknowledged write lost**: a get that answers sees at least the version of every put
 *   acknowledged before it was invoked, and the value that version was written with.
 * At the end of a healed run, **migration settles**: every key is served by its owner under the
 * final membership. Stats: keys moved by placement against the ideal K/N, keys and bytes
 * transferred, the load imbalance of the final placement.
 */
export function ringMonitors(config: RingConfig, nodeCount: number, run: { healedAtUs: Micros | null }): Monitor[] {
  void run;
  const initial: MemberStatus[] = Array.from({ length: nodeCount }, (_, i) =>
    i < initialMemberCount(config, nodeCount) ? 'member' : 'spare',
  );
  const initialTable = config.scheme === 'range' ? initialRanges(config.keys, membersOf(initial)) : null;
  /** The owners under a membership (hash schemes) or under the newest range table (range). */
  const ownersNow = (st: { members: NodeId[]; ranges: RangeTable | null }) =>
    st.ranges ? ownersFromRanges(st.ranges, config.keys) : ownersOf(config, st.members);
  const fresh = (): RingMonitorState => ({
    serving: ownersNow({ members: membersOf(initial), ranges: initialTable }),
    ranges: initialTable,
    values: Array.from({ length: config.keys }, () => [null]),
    applied: {},
    acked: Array.from({ length: config.keys }, () => 0),
    ops: {},
    statuses: initial,
    members: membersOf(initial),
    placementMoves: 0,
    idealMoves: 0,
    membershipChanges: 0,
    keysTransferred: 0,
    bytesMoved: 0,
    chunks: 0,
    getsOk: 0,
    putsOk: 0,
    failed: 0,
  });
  let s = fresh();

  const violation = (invariant: string, message: string, event: TraceEvent): Violation => ({ invariant, message, event });
  const S = (n: NodeId) => topologyName(null, n);

  function observe(e: TraceEvent): Violation | undefined {
    if (e.kind === 'invoke') {
      const c = e.command as { type: string; key?: unknown };
      if ((c.type === 'get' || c.type === 'put') && typeof c.key === 'number' && c.key >= 0 && c.key < config.keys) {
        s.ops[e.opId] = { key: c.key, get: c.type === 'get', mustSee: s.acked[c.key]! };
      }
      return undefined;
    }
    if (e.kind === 'return') {
      const op = s.ops[e.opId];
      if (!op) return undefined;
      delete s.ops[e.opId];
      const r = e.result as { ok: boolean; value?: number | null; version?: number };
      if (!r.ok) {
        s.failed++;
        return undefined;
      }
      const version = r.version ?? 0;
      if (!op.get) {
        s.putsOk++;
        s.acked[op.key] = Math.max(s.acked[op.key]!, version);
        return undefined;
      }
      s.getsOk++;
      if (version < op.mustSee) {
        return violation(
          'No acknowledged write lost',
          `a get of user:${op.key} returned version ${version}, but version ${op.mustSee} was acknowledged before the get began`,
          e,
        );
      }
      const written = s.values[op.key]![version];
      if (written === undefined || written !== (r.value ?? null)) {
        return violation(
          'No acknowledged write lost',
          `a get of user:${op.key} returned ${String(r.value)} as version ${version}, which was written as ${String(written)}`,
          e,
        );
      }
      return undefined;
    }
    if (e.kind !== 'observe' || !e.data) return undefined;
    const d = e.data;
    switch (e.what) {
      case 'apply': {
        const key = d.key as number;
        const opId = d.opId as number;
        const version = d.version as number;
        if (s.applied[opId] !== undefined) {
          return violation('No write applied twice', `${S(e.node)} applied put #${opId} to user:${key} a second time`, e);
        }
        s.applied[opId] = key;
        if (s.serving[key] !== e.node) {
          return violation(
            'One serving owner',
            `${S(e.node)} applied a put to user:${key}, which ${s.serving[key] === -1 ? 'is in transit' : `${S(s.serving[key]!)} serves`}`,
            e,
          );
        }
        const versions = s.values[key]!;
        if (version !== versions.length) {
          return violation(
            'Versions in order',
            `${S(e.node)} applied put #${opId} to user:${key} as version ${version}, but the key is at version ${versions.length - 1}`,
            e,
          );
        }
        versions.push((d.value as number | null) ?? null);
        return undefined;
      }
      case 'handoff': {
        for (const key of d.keys as number[]) {
          if (s.serving[key] !== e.node) {
            return violation('One serving owner', `${S(e.node)} handed off user:${key}, which it does not serve`, e);
          }
          s.serving[key] = -1;
        }
        s.chunks++;
        return undefined;
      }
      case 'holding': {
        // A node (re)starts: it must still hold every key it served when it went down.
        const held = new Set(d.keys as number[]);
        const missing = s.serving.findIndex((n, k) => n === e.node && !held.has(k));
        if (missing >= 0) {
          return violation('No key dropped', `${S(e.node)} came back without user:${missing}, which it served when it went down`, e);
        }
        return undefined;
      }
      case 'handed': {
        for (const key of d.keys as number[]) {
          if (s.serving[key] === e.node) {
            return violation('No key dropped', `${S(e.node)} dropped its copy of user:${key}, which it serves`, e);
          }
        }
        return undefined;
      }
      case 'accept': {
        for (const key of d.keys as number[]) {
          if (s.serving[key] !== -1) {
            return violation(
              'One serving owner',
              `${S(e.node)} accepted user:${key} while ${S(s.serving[key]!)} still serves it`,
              e,
            );
          }
          s.serving[key] = e.node;
        }
        s.keysTransferred += (d.keys as number[]).length;
        s.bytesMoved += d.bytes as number;
        return undefined;
      }
      case 'status': {
        const statuses = [...s.statuses];
        statuses[e.node] = d.status as MemberStatus;
        const members = membersOf(statuses);
        if (members.join(',') !== s.members.join(',') && !s.ranges) {
          const before = ownersOf(config, s.members);
          const after = ownersOf(config, members);
          s.placementMoves += before.filter((o, k) => o !== after[k]).length;
          // The fewest keys any placement must move: K/N' on a join, K/N on a leave.
          s.idealMoves += config.keys / Math.max(1, Math.max(members.length, s.members.length));
          s.membershipChanges++;
        }
        s.statuses = statuses;
        s.members = members;
        return undefined;
      }
      case 'ranges': {
        const table = { version: d.version as number, author: e.node, starts: d.starts as number[], owners: d.owners as number[] };
        if (s.ranges && newerRanges(table, s.ranges)) {
          const before = ownersFromRanges(s.ranges, config.keys);
          const after = ownersFromRanges(table, config.keys);
          s.placementMoves += before.filter((o, k) => o !== after[k]).length;
          s.membershipChanges++;
          s.ranges = table;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  return [
    {
      observe,
      finish({ healedAtUs }) {
        const violations: Violation[] = [];
        const owners = ownersNow(s);
        if (healedAtUs !== null && s.members.length > 0) {
          const unsettled = owners.flatMap((o, k) => (s.serving[k] !== o ? [k] : []));
          if (unsettled.length > 0) {
            const k = unsettled[0]!;
            violations.push({
              invariant: 'Liveness: migration settles',
              message: `${unsettled.length} key(s) not at their owner after the heal, e.g. user:${k} belongs to ${S(owners[k]!)} but is ${s.serving[k] === -1 ? 'in transit' : `at ${S(s.serving[k]!)}`}`,
            });
          }
        }
        const load = s.members.map((m) => owners.filter((o) => o === m).length);
        return {
          stats: {
            scheme: config.scheme,
            keys: config.keys,
            members: s.members.length,
            membershipChanges: s.membershipChanges,
            keysMovedByPlacement: s.placementMoves,
            idealKeysMoved: Math.round(s.idealMoves * 10) / 10,
            keysTransferred: s.keysTransferred,
            bytesMoved: s.bytesMoved,
            chunks: s.chunks,
            imbalance: Math.round(loadImbalance(owners.filter((o) => o >= 0).map((o) => s.members.indexOf(o)), s.members.length) * 1000) / 1000,
            maxLoad: load.length ? Math.max(...load) : 0,
            getsOk: s.getsOk,
            putsOk: s.putsOk,
            failedOps: s.failed,
            ...(s.ranges ? { ranges: s.ranges.starts.length } : {}),
          },
          violations,
        };
      },
      snapshot: () => structuredClone(s),
      restore(state) {
        s = structuredClone(state as RingMonitorState);
      },
    },
  ];
}
