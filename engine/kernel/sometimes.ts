import type { Monitor, SometimesResult } from './protocol';
import type { Micros } from './time';
import type { TraceEvent, TraceKind } from './trace';

/**
 * A "sometimes" property that one trace event makes hold ("a node became leader": an
 * observation `leader`). Properties that need state across events (ping's "every member hears
 * every other") keep it in their own monitor and report through `finish` the same way.
 */
export interface SometimesCheck {
  /** Its name in words ("a leader is elected"). */
  readonly property: string;
  /** Whether this event makes it hold. */
  holds(event: TraceEvent): boolean;
  /** The only kind of event that can make it hold, when there is one (the monitor then reads only those). */
  readonly kind?: TraceKind;
}

/** What a monitor reports for a property: held since `firstAtUs`, or not seen (null). */
export function sometimesResult(property: string, firstAtUs: Micros | null): SometimesResult {
  return firstAtUs === null ? { property, held: false } : { property, held: true, firstAtUs };
}

/**
 * A monitor of "sometimes" properties only: it never reports a violation; `finish` says which
 * held and when each first did. Its state is the first time of each (plain data).
 */
export function sometimesMonitor(checks: readonly SometimesCheck[]): Monitor {
  let firstAtUs: (Micros | null)[] = checks.map(() => null);
  // Read only the kinds that can make a property hold, when every check names its kind.
  const kinds = checks.every((c) => c.kind !== undefined) ? { kinds: [...new Set(checks.map((c) => c.kind!))] } : {};
  return {
    ...kinds,
    observe(event) {
      for (let i = 0; i < checks.length; i++) {
        if (firstAtUs[i] === null && checks[i]!.holds(event)) firstAtUs[i] = event.at;
      }
      return undefined;
    },
    finish: () => ({ stats: {}, violations: [], sometimes: checks.map((c, i) => sometimesResult(c.property, firstAtUs[i]!)) }),
    snapshot: () => [...firstAtUs],
    restore(state) {
      // A snapshot from before a property existed has no entry for it: not seen yet.
      const saved = Array.isArray(state) ? (state as unknown[]) : [];
      firstAtUs = checks.map((_, i) => (typeof saved[i] === 'number' ? (saved[i] as Micros) : null));
    },
  };
}
