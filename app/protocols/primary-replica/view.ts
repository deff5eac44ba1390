import type { NodeId } from '../../../engine/kernel/protocol';
import type { Micros } from '../../../engine/kernel/time';
import type { NodeState } from '../../store/types';

/**
 * The shapes of primary-replica's `view()` (engine/protocols/primary-replica/: server.ts,
 * dcs.ts, client-node.ts) as the page reads them: the one place that knows their fields. A
 * field of the wrong type reads as absent.
 */
export interface FollowerView {
  node: NodeId;
  match: number;
  entries: number;
  ms: number;
}

export interface ServerView {
  kind: 'server';
  role: 'primary' | 'replica';
  epoch: number;
  last: number;
  lastEpoch: number;
  primary: NodeId | null;
  /** As a replica: entries behind its primary's last shipment. */
  behind: number;
  followers: FollowerView[];
  waiting: number[];
  leaseUntilUs: Micros | null;
  candidate: boolean;
  demotedBecause: string | null;
  replication: string;
  fencing: boolean;
  tail: { index: number; epoch: number; key: string; value: number }[];
}

export interface DcsView {
  kind: 'dcs';
  holder: NodeId | null;
  epoch: number;
  expiresAtUs: Micros;
  optime: number;
}

export interface ClientView {
  kind: 'client';
  epoch: number;
  primary: NodeId | null;
  replica: NodeId | null;
  pending: { opId: number; command: { type: string; key?: string; value?: number }; server: NodeId; attempt: number }[];
}

export interface ConsumerView {
  kind: 'consumer';
  snapshotAt: number | null;
  position: number;
  epoch: number;
  read: number;
  server: NodeId;
  /** Its position carries the epoch (cdcEpochs): a failover's changed history is retracted. */
  epochs: boolean;
}

export type PrView = ServerView | DcsView | ClientView | ConsumerView;

const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const idOrNull = (v: unknown): NodeId | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);
const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object') : []);

export function asPrView(view: Record<string, unknown> | null | undefined): PrView | null {
  if (!view || typeof view !== 'object') return null;
  if (view.kind === 'server') {
    return {
      kind: 'server',
      role: view.role === 'primary' ? 'primary' : 'replica',
      epoch: num(view.epoch),
      last: num(view.last),
      lastEpoch: num(view.lastEpoch),
      primary: idOrNull(view.primary),
      behind: num(view.behind),
      followers: arr(view.followers).map((f) => ({ node: num(f.node), match: num(f.match), entries: num(f.entries), ms: num(f.ms) })),
      waiting: Array.isArray(view.waiting) ? view.waiting.filter((w): w is number => typeof w === 'number') : [],
      leaseUntilUs: typeof view.leaseUntilUs === 'number' ? view.leaseUntilUs : null,
      candidate: view.candidate === true,
      demotedBecause: typeof view.demotedBecause === 'string' ? view.demotedBecause : null,
      replication: typeof view.replication === 'string' ? view.replication : 'async',
      fencing: view.fencing !== false,
      tail: arr(view.tail).map((e) => ({ index: num(e.index), epoch: num(e.epoch), key: String(e.key ?? ''), value: num(e.value) })),
    };
  }
  if (view.kind === 'dcs') {
    return { kind: 'dcs', holder: idOrNull(view.holder), epoch: num(view.epoch), expiresAtUs: num(view.expiresAtUs), optime: num(view.optime) };
  }
  if (view.kind === 'consumer') {
    return { kind: 'consumer', snapshotAt: typeof view.snapshotAt === 'number' ? view.snapshotAt : null, position: num(view.position), epoch: num(view.epoch), read: num(view.read), server: num(view.server), epochs: view.epochs !== false };
  }
  if (view.kind === 'client') {
    return {
      kind: 'client',
      epoch: num(view.epoch),
      primary: idOrNull(view.primary),
      replica: idOrNull(view.replica),
      pending: arr(view.pending).map((p) => {
        const c = (p.command && typeof p.command === 'object' ? p.command : {}) as Record<string, unknown>;
        return {
          opId: num(p.opId),
          command: { type: String(c.type ?? '?'), ...(typeof c.key === 'string' ? { key: c.key } : {}), ...(typeof c.value === 'number' ? { value: c.value } : {}) },
          server: num(p.server),
          attempt: num(p.attempt, 1),
        };
      }),
    };
  }
  return null;
}

export function serverViewOf(node: NodeState | undefined): ServerView | null {
  const v = node?.up ? asPrView(node.view) : null;
  return v?.kind === 'server' ? v : null;
}

/** The primary of the highest epoch among the running servers (null: none runs). */
export function currentPrimary(nodes: readonly NodeState[]): { node: NodeState; view: ServerView } | null {
  let best: { node: NodeState; view: ServerView } | null = null;
  for (const node of nodes) {
    const view = serverViewOf(node);
    if (view?.role === 'primary' && (!best || view.epoch > best.view.epoch)) best = { node, view };
  }
  return best;
}

/** How many running servers believe they are primary (2 or more: split brain). */
export function primariesNow(nodes: readonly NodeState[]): number {
  return nodes.filter((n) => serverViewOf(n)?.role === 'primary').length;
}

/** A replica's lag as the current primary sees it ("340 ms behind, 12 entries"), or null. */
export function lagOf(id: NodeId, nodes: readonly NodeState[]): FollowerView | null {
  return currentPrimary(nodes)?.view.followers.find((f) => f.node === id) ?? null;
}

export function lagWords(f: FollowerView | null): string {
  if (!f) return 'lag unknown';
  if (f.entries === 0) return 'caught up';
  return `${f.ms} ms behind, ${f.entries} ${f.entries === 1 ? 'entry' : 'entries'}`;
}
