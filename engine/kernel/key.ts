import type { Micros } from './time';

/**
 * The canonical order of events (DESIGN.md invariant 4): by time, then the node the event
 * happens at, then who caused it (origin node, that node's incarnation, its sequence number).
 * Both runners order every node's events by this key and never by arrival, which is why they
 * produce the same trace.
 *
 * Origin -1 is the environment (workload, user actions); it sorts before any node at one instant.
 */
export interface EventKey {
  readonly at: Micros;
  readonly node: number;
  readonly originNode: number;
  readonly originIncarnation: number;
  readonly originSeq: number;
}

export const ENVIRONMENT = -1;

export function compareKeys(a: EventKey, b: EventKey): number {
  return (
    a.at - b.at ||
    a.node - b.node ||
    a.originNode - b.originNode ||
    a.originIncarnation - b.originIncarnation ||
    a.originSeq - b.originSeq
  );
}

/** The boundary just before every event of instant `at`: windows and actions start there. */
export function instantKey(at: Micros): EventKey {
  return { at, node: -2, originNode: -2, originIncarnation: 0, originSeq: 0 };
}

/** True when `key` is the boundary before every event of its instant (as instantKey makes it). */
export function isInstantKey(key: EventKey): boolean {
  return key.node === -2 && key.originNode === -2 && key.originIncarnation === 0 && key.originSeq === 0;
}

/** The boundary just after `key`: a single-event step processes exactly the events before it. */
export function keyAfter(key: EventKey): EventKey {
  return { ...key, originSeq: key.originSeq + 0.5 };
}

export const NEVER: EventKey = Object.freeze(instantKey(Number.MAX_SAFE_INTEGER));

export function minKey(a: EventKey, b: EventKey): EventKey {
  return compareKeys(a, b) <= 0 ? a : b;
}

export function plainKey(key: EventKey): EventKey {
  return {
    at: key.at,
    node: key.node,
    originNode: key.originNode,
    originIncarnation: key.originIncarnation,
    originSeq: key.originSeq,
  };
}
