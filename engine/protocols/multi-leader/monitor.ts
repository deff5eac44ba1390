import type { Monitor, Violation } from '../../kernel/protocol';
import { sometimesMonitor, type SometimesCheck } from '../../kernel/sometimes';
import type { Micros } from '../../kernel/time';
import { nodeName, nodesOf, type TopologyLayout } from '../../kernel/topology';
import type { TraceEvent } from '../../kernel/trace';
import { counterDigest, emptyCounter, emptyMv, emptyOrSet, lwwDigest, mvDigest, orDigest } from './crdt';
import { keyName, settleUs, type MultiLeaderConfig } from './config';
import { CART, COUNTER } from './types';

/**
 * Multi-leader replication's invariants as code, over the canonical trace (README.md,
 * "Invariants"). The leaders tell the monitor what they hold through `state` observations (a
 * canonical digest per object, crdt.ts), and what they acknowledged through `set`, `incr`,
 * `add` and `remove`, each observed in the handler that replies to the client.
 *
 * *always*
 * - **Counter: no entry exceeds its node's increments**: a PN-counter entry is raised only by its
 *   own node, so no leader may ever hold more for node i than i acknowledged (a merge that adds
 *   instead of taking the larger is caught the first time it merges a state twice).
 *
 * *at the end*, when the load has gone quiet, every fault has healed, every leader is up, and
 * the quiet lasted `settleUs`:
 * - **Convergence**: every leader holds the same state of every register, the counter and the set.
 * - **Counter**: its value is the sum of the acknowledged increments.
 * - **OR-set, add wins**: it holds every element with an add that no remove had seen, and
 *   nothing else.
 *
 * Stats: writes acknowledged, writes LWW silently lost (stale: beaten by an older write whose
 * clock ran ahead; concurrent: beaten by a write that had not seen it), sibling counts,
 * convergence time after the last heal.
 */
interface State {
  up: Record<number, boolean>;
  /** object -> leader -> digest (absent: the empty object's). */
  digests: Record<string, Record<number, string>>;
  /** Objects on which the up leaders disagree now. */
  disagreeing: Record<string, true>;
  disagreeCount: number;
  counters: Record<number, number>;
  carts: Record<number, string[]>;
  ackedP: Record<number, number>;
  ackedN: Record<number, number>;
  /** element -> the dots of every acknowledged add ("node.n"). */
  adds: Record<string, string[]>;
  removedDots: Record<string, true>;
  lost: Record<string, 'stale' | 'concurrent'>;
  lostCount: number;
  lostStale: number;
  writes: number;
  siblingEvents: number;
  maxSiblings: number;
  resolved: number;
  linksCut: boolean;
  lastFaultUs: Micros;
  lastHealUs: Micros | null;
  /** When the up leaders first agreed on everything after the last heal (null: not yet). */
  healConvergedUs: Micros | null;
}

const FAULT_ACTIONS = new Set(['crash', 'restart', 'cut', 'restore', 'partition', 'heal', 'network', 'drop', 'pause', 'resume', 'byzantine']);

export const MULTI_LEADER_SOMETIMES: readonly SometimesCheck[] = [
  { property: 'last writer wins loses an acknowledged write', holds: (e) => e.kind === 'observe' && e.what === 'lost' },
  { property: 'a key holds siblings', holds: (e) => e.kind === 'observe' && e.what === 'siblings' },
  { property: 'a client write resolves siblings', holds: (e) => e.kind === 'observe' && e.what === 'resolved' },
];

export const INVARIANTS = {
  counterBound: 'Counter: no entry exceeds its node\'s increments',
  convergence: 'Convergence: healed leaders hold the same state',
  counterSum: 'Counter: equals the acknowledged increments',
  addWins: 'OR-set: an add no remove had seen survives',
  removeSticks: 'OR-set: a removed add stays removed',
} as const;

export function multiLeaderMonitors(config: MultiLeaderConfig, _nodeCount: number, run: { healedAtUs: Micros | null; topology: TopologyLayout }): Monitor[] {
  const name = (n: number) => nodeName(run.topology, n);
  const leaders = nodesOf(run.topology, 'leader');
  const objects = [...Array.from({ length: config.keys }, (_, i) => keyName(i)), COUNTER, CART];
  const emptyDigest: Record<string, string> = { [COUNTER]: counterDigest(emptyCounter), [CART]: orDigest(emptyOrSet) };
  for (let i = 0; i < config.keys; i++) emptyDigest[keyName(i)] = `${lwwDigest(null)} | ${mvDigest(emptyMv)}`;

  const fresh = (): State => ({
    up: Object.fromEntries(leaders.map((l) => [l, true])),
    digests: {},
    disagreeing: {},
    disagreeCount: 0,
    counters: {},
    carts: {},
    ackedP: {},
    ackedN: {},
    adds: {},
    removedDots: {},
    lost: {},
    lostCount: 0,
    lostStale: 0,
    writes: 0,
    siblingEvents: 0,
    maxSiblings: 1,
    resolved: 0,
    linksCut: false,
    lastFaultUs: 0,
    lastHealUs: null,
    healConvergedUs: null,
  });
  let s = fresh();

  const digestOf = (object: string, leader: number) => s.digests[object]?.[leader] ?? emptyDigest[object]!;

  /** Recomputes whether the up leaders agree on `object`; O(leaders). */
  function judge(object: string, at: Micros): void {
    let first: string | null = null;
    let agree = true;
    for (const l of leaders) {
      if (!s.up[l]) continue;
      const d = digestOf(object, l);
      if (first === null) first = d;
      else if (d !== first) {
        agree = false;
        break;
      }
    }
    const was = s.disagreeing[object] === true;
    if (agree && was) {
      delete s.disagreeing[object];
      s.disagreeCount--;
      if (s.disagreeCount === 0 && s.lastHealUs !== null && s.healConvergedUs === null) s.healConvergedUs = at;
    } else if (!agree && !was) {
      s.disagreeing[object] = true;
      s.disagreeCount++;
    }
  }

  function onState(e: Extract<TraceEvent, { kind: 'observe' }>, d: Record<string, unknown>): Violation | undefined {
    const object = String(d.object);
    (s.digests[object] ??= {})[e.node] = String(d.digest);
    judge(object, e.at);
    if (object === COUNTER) {
      s.counters[e.node] = Number(d.value);
      for (const [sign, acked] of [['p', s.ackedP], ['n', s.ackedN]] as const) {
        const entries = (d[sign] ?? {}) as Record<string, number>;
        for (const [origin, x] of Object.entries(entries)) {
          const limit = acked[Number(origin)] ?? 0;
          if (x > limit) {
            return {
              invariant: INVARIANTS.counterBound,
              message: `${name(e.node)} holds ${x} ${sign === 'p' ? 'increments' : 'decrements'} of ${name(Number(origin))}, which acknowledged only ${limit}`,
              event: e,
            };
          }
        }
      }
    }
    if (object === CART) s.carts[e.node] = Array.isArray(d.elements) ? (d.elements as string[]) : [];
    return undefined;
  }

  function onObserve(e: Extract<TraceEvent, { kind: 'observe' }>): Violation | undefined {
    const d = (e.data ?? {}) as Record<string, unknown>;
    switch (e.what) {
      case 'state':
        return onState(e, d);
      case 'set':
        s.writes++;
        return undefined;
      case 'lost': {
        const id = String(d.id);
        if (s.lost[id] === undefined) {
          const cause = d.cause === 'stale' ? 'stale' : 'concurrent';
          s.lost[id] = cause;
          s.lostCount++;
          if (cause === 'stale') s.lostStale++;
        }
        return undefined;
      }
      case 'siblings':
        s.siblingEvents++;
        s.maxSiblings = Math.max(s.maxSiblings, Number(d.count) || 0);
        return undefined;
      case 'resolved':
        s.resolved++;
        return undefined;
      case 'incr': {
        const by = Number(d.by);
        if (by >= 0) s.ackedP[e.node] = (s.ackedP[e.node] ?? 0) + by;
        else s.ackedN[e.node] = (s.ackedN[e.node] ?? 0) - by;
        return undefined;
      }
      case 'add': {
        const dot = d.dot as [number, number];
        (s.adds[String(d.element)] ??= []).push(`${dot[0]}.${dot[1]}`);
        return undefined;
      }
      case 'remove':
        for (const dot of (d.dots ?? []) as [number, number][]) s.removedDots[`${dot[0]}.${dot[1]}`] = true;
        return undefined;
      default:
        return undefined;
    }
  }

  function onLiveness(e: TraceEvent): void {
    if (e.kind === 'crash' || e.kind === 'start') {
      if (!(e.node in s.up)) return;
      s.up[e.node] = e.kind === 'start';
      for (const o of objects) judge(o, e.at);
      return;
    }
    if (e.kind === 'action' && FAULT_ACTIONS.has(e.action.kind)) {
      s.lastFaultUs = e.at;
      if (e.action.kind === 'cut' || e.action.kind === 'partition') s.linksCut = true;
      if (e.action.kind === 'heal') {
        s.linksCut = false;
        s.lastHealUs = e.at;
        s.healConvergedUs = s.disagreeCount === 0 ? e.at : null;
      }
    }
  }

  function acked(): number {
    let sum = 0;
    for (const x of Object.values(s.ackedP)) sum += x;
    for (const x of Object.values(s.ackedN)) sum -= x;
    return sum;
  }

  /** The elements an add-wins set must hold: those with an add no remove had seen. */
  function expectedCart(): string[] {
    return Object.keys(s.adds)
      .filter((el) => s.adds[el]!.some((dot) => !s.removedDots[dot]))
      .sort();
  }

  const main: Monitor = {
    observe(e) {
      if (e.kind === 'observe') return onObserve(e);
      onLiveness(e);
      return undefined;
    },
    finish({ untilUs }) {
      const violations: Violation[] = [];
      const quietFrom = Math.max(config.quietAfterUs, s.lastFaultUs, run.healedAtUs ?? 0);
      const allUp = leaders.every((l) => s.up[l]);
      const judged = config.quietAfterUs > 0 && allUp && !s.linksCut && untilUs >= quietFrom + settleUs(config);
      if (judged) {
        const differ = objects.filter((o) => s.disagreeing[o]);
        if (differ.length > 0) {
          const o = differ[0]!;
          violations.push({
            invariant: INVARIANTS.convergence,
            message: `${differ.length} object(s) still differ ${((untilUs - quietFrom) / 1000).toFixed(0)} ms into the quiet: ${o} is ${leaders.map((l) => `${name(l)} ${digestOf(o, l)}`).join('; ')}`,
          });
        } else {
          const want = acked();
          for (const l of leaders) {
            const value = s.counters[l] ?? 0;
            if (value !== want) {
              violations.push({ invariant: INVARIANTS.counterSum, message: `${name(l)}'s ${COUNTER} is ${value}, the acknowledged increments sum to ${want}` });
              break;
            }
          }
          const expected = expectedCart();
          const held = s.carts[leaders[0]!] ?? [];
          const missing = expected.filter((el) => !held.includes(el));
          const extra = held.filter((el) => !expected.includes(el));
          if (missing.length > 0) violations.push({ invariant: INVARIANTS.addWins, message: `the ${CART} lacks ${missing.join(', ')}, added without any remove having seen the add` });
          if (extra.length > 0) violations.push({ invariant: INVARIANTS.removeSticks, message: `the ${CART} holds ${extra.join(', ')}, every add of which a remove had seen` });
        }
      }
      const converged = s.disagreeCount === 0;
      return {
        stats: {
          writes: s.writes,
          lwwLostWrites: s.lostCount,
          lwwLostStale: s.lostStale,
          lwwLostConcurrent: s.lostCount - s.lostStale,
          siblingEvents: s.siblingEvents,
          maxSiblings: s.maxSiblings,
          siblingsResolved: s.resolved,
          acknowledgedIncrements: acked(),
          converged,
          // From the last heal to the first moment after it when every up leader agreed on everything.
          convergenceMs: s.lastHealUs !== null && s.healConvergedUs !== null ? (s.healConvergedUs - s.lastHealUs) / 1000 : null,
          convergenceJudged: judged,
        },
        violations,
      };
    },
    snapshot: () => structuredClone(s),
    restore(state) {
      s = structuredClone(state as State);
    },
  };
  return [main, sometimesMonitor(MULTI_LEADER_SOMETIMES)];
}
