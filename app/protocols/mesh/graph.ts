import type { NodeState } from '../../store/types';
import { asMeshView, routeWords, type BreakerState, type RouteView } from './view';


/**
 * The service graph as data: one column per service (the clients first), one edge per route,
 * each edge the sum of its callers' sidecars: how many callers have their breaker in each state,
 * the recent share of failed outcomes, requests and latencies. Pure, so tests read it.
 */
export const COLUMNS = ['client', 'frontend', 'checkout', 'payments'] as const;
export const EDGES = ['client>frontend', 'frontend>checkout', 'checkout>payments'] as const;

export interface GraphEdge {
  route: string;
  callers: { id: number; name: string; route: RouteView }[];
  states: Record<BreakerState, number>;
  hasBreaker: boolean;
  /** The worst state among its callers: open, then half-open, then closed. */
  worst: BreakerState | null;
  /** Percent of the recent outcomes (strips) that were not successes, or null without any. */
  failurePercent: number | null;
  /** The edge's visible words: "breaker open" or "no breaker", then "42% fail" or "no calls". */
  stateText: string;
  rateText: string;
  /**
   * Its accessible name, which starts with the visible words (WCAG 2.5.3, label in name): "breaker
   * open, 42% fail, route checkout to payments, open on 1 of 2 callers, canary 5%".
   */
  label: string;
}

export function graphEdges(nodes: readonly NodeState[]): GraphEdge[] {
  return EDGES.map((route) => {
    const callers = nodes.flatMap((n) => {
      const r = n.up ? asMeshView(n.view)?.route : null;
      return r && r.route === route ? [{ id: n.id, name: n.name, route: r }] : [];
    });
    const states: Record<BreakerState, number> = { closed: 0, open: 0, 'half-open': 0 };
    for (const c of callers) if (c.route.breaker) states[c.route.breaker.state]++;
    const hasBreaker = callers.some((c) => c.route.breaker !== null);
    const worst: BreakerState | null = !hasBreaker ? null : states.open > 0 ? 'open' : states['half-open'] > 0 ? 'half-open' : 'closed';
    const outcomes = callers.flatMap((c) => c.route.strip);
    const failurePercent = outcomes.length === 0 ? null : Math.round((outcomes.filter((o) => o !== 'ok').length * 100) / outcomes.length);
    const withBreaker = callers.filter((c) => c.route.breaker).length;
    const stateText = hasBreaker ? `breaker ${worst}` : 'no breaker';
    const rateText = failurePercent === null ? 'no calls' : `${failurePercent}% fail`;
    const partial = hasBreaker && states[worst!] < withBreaker ? `${worst} on ${states[worst!]} of ${withBreaker} callers` : '';
    const split = callers.find((c) => c.route.split)?.route.split;
    const header = callers.find((c) => c.route.headerRoute)?.route.headerRoute;
    const mirrors = callers.filter((c) => c.route.mirror);
    const mirrored = mirrors.reduce((n, c) => n + c.route.mirror!.sent, 0);
    const extras = [
      partial,
      split ? `canary ${split.canaryPercent}%` : '',
      header ? `${header.header}: ${header.value} to the canary` : '',
      mirrors.length > 0 ? `mirrored to the shadow, ${mirrored} copies, ${mirrors.reduce((n, c) => n + c.route.mirror!.failed, 0)} failed (discarded)` : '',
    ].filter(Boolean);
    // axe matches whole words, in order: the name repeats the visible ones exactly ("75% fail", not "75% failures").
    const label = `${stateText}, ${rateText}, route ${routeWords(route)}${extras.map((x) => `, ${x}`).join('')}`;
    return { route, callers, states, hasBreaker, worst, failurePercent, stateText, rateText, label };
  });
}

export interface GraphColumn {
  service: string;
  /** The service's mTLS mode (its instances'; "mixed" while they differ), or null without mTLS. */
  mtls: string | null;
  /** Calls its instances dropped unstarted, past their deadline (deadline propagation), or null when it is off. */
  expired: number | null;
  /**
   * `tls`: its certificate in words ("certificate valid, 24 refused"), null without mTLS; `mark` its
   * short sign (✓ valid, ✕ not); `expired`: calls it dropped past their deadline (for its name: the
   * row has no room for it, the service shows the sum).
   */
  instances: { id: number; name: string; up: boolean; note: string; tls?: string | null; mark?: string; expired?: number }[];
}

/**
 * `kindOf` gives a node's kind from the topology (a crashed node has no view to say it); the
 * client column also holds strangers (workloads outside the mesh). `nowMs` tells whether a
 * certificate has expired.
 */
export function graphColumns(nodes: readonly NodeState[], kindOf: (id: number) => string | undefined, nowMs = 0): GraphColumn[] {
  return COLUMNS.map((service) => {
    const modes = [...new Set(nodes.flatMap((n) => (n.up && kindOf(n.id) === service ? [asMeshView(n.view)?.tls?.mode ?? null] : [])).filter((m) => m !== null))];
    const instances = instancesOf(service);
    const counted = instances.filter((i) => i.expired !== undefined);
    const expired = counted.length === 0 ? null : counted.reduce((n, i) => n + i.expired!, 0);
    return { service, mtls: modes.length === 0 ? null : modes.length === 1 ? modes[0]! : 'mixed', expired, instances };
  });

  function instancesOf(service: string) {
    return nodes.flatMap((n) => {
      const view = asMeshView(n.view);
      const kind = kindOf(n.id);
      if (kind !== service && !(service === 'client' && kind === 'stranger')) return [];
      if (kind === 'stranger') return [{ id: n.id, name: n.name, up: n.up, note: n.up ? `stranger, no certificate, ${view?.client?.rps ?? 0}/s` : 'crashed' }];
      const i = view?.instance;
      const ejectedBy = nodes.filter((c) => c.up && asMeshView(c.view)?.route?.outliers?.instances.some((o) => o.instance === n.id && o.ejectedUntilUs !== null)).map((c) => c.name);
      if (ejectedBy.length > 0) return [{ id: n.id, name: n.name, up: n.up, note: `ejected by ${ejectedBy.join(', ')}` }];
      const base = !n.up ? 'crashed' : i ? (i.failPercent > 0 ? `fails ${i.failPercent}%` : i.slowFactor > 1 ? `slow ×${i.slowFactor}` : `${i.busy}/${i.workers}`) : view?.client ? `${view.client.rps}/s` : '';
      const late = n.up && i && i.expired !== null ? { expired: i.expired } : {};
      const tls = n.up ? view?.tls : null;
      const expired = tls && (!tls.cert || tls.cert.expiresAtMs <= nowMs);
      const refused = tls?.accepted.refused ? `, ${tls.accepted.refused} refused` : '';
      if (!tls) return [{ id: n.id, name: n.name, up: n.up, note: base, ...late }];
      return [{ id: n.id, name: n.name, up: n.up, note: base, ...late, tls: `${expired ? 'no valid certificate' : 'certificate valid'}${refused}`, mark: expired ? '✕' : '✓' }];
    });
  }
}
