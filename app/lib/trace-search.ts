/** Index of the first event at or after `at` in a trace kept in time order (binary search). */
export function firstAtOrAfter(trace: readonly { at: number }[], at: number): number {
  let lo = 0;
  let hi = trace.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (trace[mid]!.at < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** "from.incarnation.seq": how the page names a message, the same name the engine's drop uses. */
export { messageName as messageKey } from '../../engine/kernel/faults';
