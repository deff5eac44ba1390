import type { NodeId } from '../../../engine/kernel/protocol';
import type { Micros } from '../../../engine/kernel/time';
import type { TraceEvent } from '../../../engine/kernel/trace';
import type { NodeState } from '../../store/types';
import { nodeName } from '../../store/store';

/**
 * The shape of SWIM's `view()` (engine/protocols/swim/swim.ts) as the page reads it: the one
 * place that knows its fields. A field of the wrong type reads as absent.
 */
export type MemberStatus = 'alive' | 'suspect' | 'dead' | 'left' | 'unknown';
export const STATUSES: readonly MemberStatus[] = ['alive', 'suspect', 'dead', 'left', 'unknown'];

export interface MemberCell {
  status: MemberStatus;
  incarnation: number;
  sinceUs: Micros;
}

export interface SwimUpdate {
  kind: 'alive' | 'suspect' | 'dead';
  node: NodeId;
  incarnation: number;
  from: NodeId | null;
}

export interface SwimView {
  incarnation: number;
  left: boolean;
  joining: boolean;
  /** Lifeguard's local health: timeouts scale by awareness + 1. */
  awareness: number;
  /** By node id: what this member holds about each (itself included). */
  members: MemberCell[];
  probeTarget: NodeId | null;
  suspicions: { node: NodeId; incarnation: number; confirmations: number; expected: number; startedUs: Micros }[];
  /** Rumours waiting to be piggybacked, with how often each was sent. */
  broadcasts: (SwimUpdate & { transmits: number })[];
}

const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function parseUpdate(v: unknown): SwimUpdate | null {
  const u = obj(v);
  if (u.kind !== 'alive' && u.kind !== 'suspect' && u.kind !== 'dead') return null;
  if (typeof u.node !== 'number') return null;
  return { kind: u.kind, node: u.node, incarnation: num(u.incarnation), from: typeof u.from === 'number' ? u.from : null };
}

/** Reads a SWIM view out of a node's `view` field; null when the node is down or it is not one. */
export function asSwimView(view: Record<string, unknown> | null | undefined): SwimView | null {
  if (!view || typeof view !== 'object' || !Array.isArray(view.members)) return null;
  return {
    incarnation: num(view.incarnation),
    left: view.left === true,
    joining: view.joining === true,
    awareness: num(view.awareness),
    members: (view.members as unknown[]).map((m) => {
      const o = obj(m);
      const status = STATUSES.includes(o.status as MemberStatus) ? (o.status as MemberStatus) : 'unknown';
      return { status, incarnation: num(o.incarnation), sinceUs: num(o.sinceUs) };
    }),
    probeTarget: typeof view.probeTarget === 'number' ? view.probeTarget : null,
    suspicions: arr(view.suspicions).map((x) => {
      const o = obj(x);
      return { node: num(o.node, -1), incarnation: num(o.incarnation), confirmations: num(o.confirmations), expected: num(o.expected), startedUs: num(o.startedUs) };
    }),
    broadcasts: arr(view.broadcasts).flatMap((x) => {
      const u = parseUpdate(x);
      return u ? [{ ...u, transmits: num(obj(x).transmits) }] : [];
    }),
  };
}

/** How the group sees one member: counts of each status among the running members other than it. */
export interface GroupOpinion {
  /** The status most observers hold (ties go to the more alarming status). */
  majority: MemberStatus;
  counts: Record<MemberStatus, number>;
  observers: number;
  /** The highest incarnation any observer holds for it. */
  incarnation: number;
}

const ALARM: Record<MemberStatus, number> = { unknown: 0, alive: 1, suspect: 2, left: 3, dead: 4 };

export function groupOpinion(subject: NodeId, nodes: readonly NodeState[]): GroupOpinion {
  const counts: Record<MemberStatus, number> = { alive: 0, suspect: 0, dead: 0, left: 0, unknown: 0 };
  let observers = 0;
  let incarnation = 0;
  for (const node of nodes) {
    if (node.id === subject || !node.up) continue;
    const view = asSwimView(node.view);
    if (!view || view.left) continue;
    const cell = view.members[subject];
    if (!cell) continue;
    observers++;
    counts[cell.status]++;
    if (cell.status !== 'unknown') incarnation = Math.max(incarnation, cell.incarnation);
  }
  let majority: MemberStatus = 'unknown';
  for (const s of STATUSES) {
    if (counts[s] > counts[majority] || (counts[s] === counts[majority] && counts[s] > 0 && ALARM[s] > ALARM[majority])) majority = s;
  }
  return { majority, counts, observers, incarnation };
}

export const STATUS_MARK: Record<MemberStatus, string> = { alive: '✓', suspect: '?', dead: '✕', left: '↩', unknown: '·' };
export const STATUS_WORD: Record<MemberStatus, string> = { alive: 'alive', suspect: 'suspect', dead: 'dead', left: 'left', unknown: 'not in its list' };

/** "S4 suspect, incarnation 2, from S1": one piggybacked rumour in words. */
export function updateText(u: SwimUpdate): string {
  const who = nodeName(u.node);
  if (u.kind === 'alive') return `${who} alive, incarnation ${u.incarnation}`;
  if (u.kind === 'dead' && u.from === u.node) return `${who} left, incarnation ${u.incarnation}`;
  return `${who} ${u.kind}, incarnation ${u.incarnation}${u.from !== null ? `, by ${nodeName(u.from)}` : ''}`;
}

/** One crash and how the group learnt of it, read from the trace. */
export interface Detection {
  node: NodeId;
  crashedUs: Micros;
  /** The first suspicion (or death) of it by anyone after the crash. */
  detectedUs: Micros | null;
  /** When the last running member came to hold it dead (null while someone still does not). */
  allDeadUs: Micros | null;
  /** Running members holding it dead, left or gone, now. */
  knownBy: number;
  of: number;
}

/**
 * Every crash in the trace (the latest per member, while it is still down) with its detection
 * and dissemination times: the per-member figures the paper measures.
 */
export function detections(trace: readonly TraceEvent[], nodes: readonly NodeState[]): Detection[] {
  const crashed = new Map<NodeId, Micros>();
  for (const e of trace) {
    if (e.kind === 'crash') crashed.set(e.node, e.at);
    else if (e.kind === 'start') crashed.delete(e.node);
  }
  const out: Detection[] = [];
  for (const [node, crashedUs] of crashed) {
    let detectedUs: Micros | null = null;
    const lastDead = new Map<NodeId, Micros>();
    for (const e of trace) {
      if (e.at < crashedUs || e.kind !== 'observe' || e.node === node) continue;
      const subject = (e.data as { subject?: unknown } | undefined)?.subject;
      if (subject !== node) continue;
      if ((e.what === 'suspect' || e.what === 'dead') && detectedUs === null) detectedUs = e.at;
      if (e.what === 'dead') lastDead.set(e.node, e.at);
    }
    let knownBy = 0;
    let of = 0;
    let allDeadUs: Micros | null = crashedUs;
    for (const n of nodes) {
      if (n.id === node || !n.up) continue;
      const view = asSwimView(n.view);
      if (!view || view.left) continue;
      of++;
      const cell = view.members[node];
      if (cell && cell.status !== 'alive' && cell.status !== 'suspect') {
        knownBy++;
        const at = lastDead.get(n.id);
        if (at !== undefined && allDeadUs !== null) allDeadUs = Math.max(allDeadUs, at);
      } else allDeadUs = null;
    }
    out.push({ node, crashedUs, detectedUs, allDeadUs, knownBy, of });
  }
  return out.sort((a, b) => a.crashedUs - b.crashedUs);
}
