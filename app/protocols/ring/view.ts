import type { NodeId } from '../../../engine/kernel/protocol';
import { buildRing } from '../../../engine/protocols/ring/placement/ring';
import { RING_SCHEMES, type RingScheme } from '../../../engine/protocols/ring/config';
import type { NodeState } from '../../store/types';
import { nodeName as placementName } from '../../../engine/protocols/ring/placement-cache';

/**
 * The shape of the ring's `view()` (engine/protocols/ring/ring.ts) as the page reads it: the one
 * place that knows its fields. A field of the wrong type reads as absent.
 */
export type MemberStatus = 'member' | 'spare' | 'left';

export interface RingView {
  statuses: MemberStatus[];
  members: NodeId[];
  /** The owner of each key under this node's membership table (-1: none). */
  owners: NodeId[];
  /** Keys this node holds. */
  held: number[];
  /** Keys in chunks on their way out (not served until acknowledged). */
  frozen: number[];
  /** Keys held here that belong elsewhere: the migration still to do from here. */
  toMove: number;
  outgoing: { to: NodeId; seq: number; keys: number[]; bytes: number }[];
  parked: number;
  keysSent: number;
  keysReceived: number;
  bytesSent: number;
  bytesReceived: number;
  scheme: RingScheme;
  /** Range partitioning: where each range starts (key numbers) and who owns it. */
  ranges: { starts: number[]; owners: NodeId[] } | null;
  vnodes: number;
  loadFactor: number;
  keys: number;
  versions: Record<number, number>;
}

const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const ints = (v: unknown): number[] => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number' && Number.isInteger(x)) : []);
const STATUS: readonly string[] = ['member', 'spare', 'left'];

export function asRingView(view: Record<string, unknown> | null | undefined): RingView | null {
  if (!view || typeof view !== 'object' || !Array.isArray(view.statuses) || !Array.isArray(view.owners)) return null;
  const scheme = typeof view.scheme === 'string' && (RING_SCHEMES as readonly string[]).includes(view.scheme) ? (view.scheme as RingScheme) : 'ring';
  const rawRanges = view.ranges && typeof view.ranges === 'object' ? (view.ranges as Record<string, unknown>) : null;
  const ranges = rawRanges ? { starts: ints(rawRanges.starts), owners: ints(rawRanges.owners) } : null;
  const outgoing = Array.isArray(view.outgoing)
    ? (view.outgoing as unknown[]).flatMap((c) => {
        if (!c || typeof c !== 'object') return [];
        const o = c as Record<string, unknown>;
        return [{ to: num(o.to, -1), seq: num(o.seq), keys: ints(o.keys), bytes: num(o.bytes) }];
      })
    : [];
  const versions: Record<number, number> = {};
  if (view.versions && typeof view.versions === 'object') {
    for (const [k, v] of Object.entries(view.versions as Record<string, unknown>)) if (typeof v === 'number') versions[Number(k)] = v;
  }
  return {
    statuses: (view.statuses as unknown[]).map((s) => {
      const status = s && typeof s === 'object' ? (s as { status?: unknown }).status : undefined;
      return typeof status === 'string' && STATUS.includes(status) ? (status as MemberStatus) : 'spare';
    }),
    members: ints(view.members),
    owners: (view.owners as unknown[]).map((o) => num(o, -1)),
    held: ints(view.held),
    frozen: ints(view.frozen),
    toMove: num(view.toMove),
    outgoing,
    parked: num(view.parked),
    keysSent: num(view.keysSent),
    keysReceived: num(view.keysReceived),
    bytesSent: num(view.bytesSent),
    bytesReceived: num(view.bytesReceived),
    scheme,
    vnodes: Math.max(1, num(view.vnodes, 1)),
    loadFactor: num(view.loadFactor, 1.25),
    keys: num(view.keys, 0),
    versions,
    ranges: ranges && ranges.starts.length === ranges.owners.length && ranges.starts.length > 0 ? ranges : null,
  };
}

/** user:17 */
export const keyLabel = (key: number): string => `user:${key}`;

/** The share of the ring's 2^32 positions whose keys `member` owns (its arcs), for ring and bounded. */
export function ringShare(members: readonly NodeId[], vnodes: number, member: NodeId): number {
  if (!members.includes(member)) return 0;
  const points = buildRing(members.map((m) => placementName(m)), vnodes);
  let owned = 0;
  const index = members.indexOf(member);
  for (let i = 0; i < points.length; i++) {
    const prev = points[(i - 1 + points.length) % points.length]!.position;
    const span = (points[i]!.position - prev + 2 ** 32) % 2 ** 32 || (points.length === 1 ? 2 ** 32 : 0);
    if (points[i]!.member === index) owned += span;
  }
  return owned / 2 ** 32;
}

/** The most up-to-date membership among running nodes: the view with the most status changes (and range changes) seen. */
export function freshestView(nodes: readonly NodeState[]): { node: NodeState; view: RingView } | null {
  let best: { node: NodeState; view: RingView; score: number } | null = null;
  for (const node of nodes) {
    if (!node.up) continue;
    const view = asRingView(node.view);
    if (!view) continue;
    const raw = node.view?.statuses as { version?: unknown }[] | undefined;
    const rangeVersion = num((node.view?.ranges as { version?: unknown } | null | undefined)?.version);
    const score = (raw ?? []).reduce((sum, s) => sum + num(s?.version), 0) + rangeVersion;
    if (!best || score > best.score) best = { node, view, score };
  }
  return best;
}

export type NodeRole = 'member' | 'spare' | 'left' | 'moving';

/** What a node is, in a word: moving keys (it has keys to hand off), or its membership status. */
export function roleOf(view: RingView, self: NodeId): NodeRole {
  if (view.toMove > 0 || view.outgoing.length > 0) return 'moving';
  return view.statuses[self] ?? 'spare';
}
