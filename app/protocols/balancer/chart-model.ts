import type { NodeState } from '../../store/types';
import { asBalancer, asServer, latencyText, type SeriesPoint } from './view';

/**
 * What the balancer panel draws, from the nodes' views alone (so it follows time travel: every
 * point is in a balancer's view, never kept by the page): the queue of every server, and per
 * balancer its algorithm and its series of latency percentiles, one point per bucket.
 */
export interface QueueBar {
  id: number;
  name: string;
  up: boolean;
  queue: number;
  busy: number;
  slowFactor: number;
  limit: number;
  label: string;
}

export interface AlgorithmLine {
  id: number;
  name: string;
  algorithm: string;
  title: string;
  points: SeriesPoint[];
  /** Its latest percentiles (each point covers the last 2 s). */
  p99Us: number | null;
  p50Us: number | null;
  p95Us: number | null;
  errors: number;
  requests: number;
  label: string;
}

export interface PanelModel {
  queues: QueueBar[];
  lines: AlgorithmLine[];
}

/** `kindOf` tells a crashed server (it has no view) from the other kinds. */
export function panelModel(nodes: readonly NodeState[], kindOf: (id: number) => string | undefined): PanelModel {
  const queues: QueueBar[] = [];
  const lines: AlgorithmLine[] = [];
  for (const n of nodes) {
    const server = asServer(n.up ? n.view : null);
    if (server || (!n.up && kindOf(n.id) === 'server')) {
      const queue = server?.queue ?? 0;
      const slow = server?.slowFactor ?? 1;
      const label = !n.up
        ? `${n.name}, crashed`
        : `${n.name}, ${slow > 1 ? `slow ×${slow}` : 'normal'}, queue ${queue}${server!.queueLimit > 0 ? ` of ${server!.queueLimit}` : ''}, ${server!.busy} in service${server!.p99Us === null ? '' : `, p99 ${latencyText(server!.p99Us)}`}`;
      queues.push({ id: n.id, name: n.name, up: n.up, queue, busy: server?.busy ?? 0, slowFactor: slow, limit: server?.queueLimit ?? 0, label });
      continue;
    }
    const b = asBalancer(n.up ? n.view : null);
    if (!b) continue;
    const last = [...b.series].reverse().find((p) => p.count > 0) ?? null;
    lines.push({
      id: n.id,
      name: n.name,
      algorithm: b.algorithm,
      title: b.algorithmTitle,
      points: b.series,
      p99Us: b.recentP99Us,
      p50Us: last?.p50Us ?? null,
      p95Us: last?.p95Us ?? null,
      errors: b.totals.errors,
      requests: b.totals.requests,
      label: `${n.name}, ${b.algorithmTitle}: p50 ${latencyText(last?.p50Us ?? null)}, p95 ${latencyText(last?.p95Us ?? null)}, p99 ${latencyText(b.recentP99Us)}; ${b.totals.errors} of ${b.totals.requests} requests failed`,
    });
  }
  return { queues, lines };
}
