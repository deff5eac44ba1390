/**
 * Vector clocks as Dynamo keeps them (§4.4): a list of (actor, counter) pairs, one per actor that
 * stamped a version in the object's history, each with the time it was last updated so the
 * oldest can be dropped when the clock grows past a limit ("when the number of (node, counter)
 * pairs reaches a threshold (say 10), the oldest pair is removed").
 *
 * Plain data, entries sorted by actor, so equal clocks are equal byte for byte in the trace.
 */
export interface ClockEntry {
  actor: string;
  counter: number;
  /** Virtual time of the stamp that set this counter: truncation drops the oldest. */
  atUs: number;
}

export type VectorClock = ClockEntry[];

export type Order = 'equal' | 'before' | 'after' | 'concurrent';

function counterOf(clock: VectorClock, actor: string): number {
  for (const e of clock) if (e.actor === actor) return e.counter;
  return 0;
}

/** a ≥ b: every counter of b is at most a's (a has seen everything b has). */
export function descends(a: VectorClock, b: VectorClock): boolean {
  for (const e of b) if (counterOf(a, e.actor) < e.counter) return false;
  return true;
}

/** How a relates to b: before (b descends a strictly), after, equal, or concurrent (siblings). */
export function compareClocks(a: VectorClock, b: VectorClock): Order {
  const aGeB = descends(a, b);
  const bGeA = descends(b, a);
  if (aGeB && bGeA) return 'equal';
  if (aGeB) return 'after';
  if (bGeA) return 'before';
  return 'concurrent';
}

/** The least clock that descends both: per actor the larger counter (and that entry's time). */
export function mergeClocks(a: VectorClock, b: VectorClock): VectorClock {
  const byActor = new Map<string, ClockEntry>();
  for (const e of [...a, ...b]) {
    const had = byActor.get(e.actor);
    if (!had || e.counter > had.counter || (e.counter === had.counter && e.atUs > had.atUs)) byActor.set(e.actor, { ...e });
  }
  return sortClock([...byActor.values()]);
}

export function mergeAll(clocks: readonly VectorClock[]): VectorClock {
  return clocks.reduce<VectorClock>((acc, c) => mergeClocks(acc, c), []);
}

/** `clock` with `actor`'s counter set to `counter` (a stamp), stamped at `atUs`. */
export function stamp(clock: VectorClock, actor: string, counter: number, atUs: number): VectorClock {
  return sortClock([...clock.filter((e) => e.actor !== actor), { actor, counter, atUs }]);
}

/**
 * Dynamo's truncation: while the clock has more than `limit` entries, drop the one updated
 * longest ago (ties: the smaller actor name, so every runner drops the same one). Returns the
 * clock and the actors dropped. The cost: a version whose clock lost an entry can look
 * concurrent with its own ancestors (an extra sibling), and a later version whose clock lacks
 * the entry can wrongly look like its descendant (a lost write): monitor.ts catches the latter.
 */
export function truncate(clock: VectorClock, limit: number): { clock: VectorClock; dropped: string[] } {
  if (clock.length <= limit) return { clock, dropped: [] };
  const oldestFirst = [...clock].sort((x, y) => x.atUs - y.atUs || (x.actor < y.actor ? -1 : x.actor > y.actor ? 1 : 0));
  const dropped = oldestFirst.slice(0, clock.length - limit).map((e) => e.actor);
  return { clock: clock.filter((e) => !dropped.includes(e.actor)), dropped };
}

function sortClock(clock: VectorClock): VectorClock {
  return clock.sort((x, y) => (x.actor < y.actor ? -1 : x.actor > y.actor ? 1 : 0));
}

/** "S1:3 S2:1", for messages and the inspector. */
export function formatClock(clock: VectorClock): string {
  return clock.length === 0 ? '(empty)' : clock.map((e) => `${e.actor}:${e.counter}`).join(' ');
}

export { counterOf };
