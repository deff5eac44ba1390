import type { Micros } from '../../engine/kernel/time';
import { nodeName } from '../store/store';

/** Small formatting helpers shared by the views (generic and protocols' alike). */

/** Virtual time as the page shows it: "1.234 s". */
export function formatSeconds(us: Micros): string {
  return `${(us / 1_000_000).toFixed(3)} s`;
}

/** A duration: "850 µs", "12.5 ms", "1.20 s". */
export function formatDuration(us: Micros): string {
  const a = Math.abs(us);
  if (a < 1_000) return `${Math.round(us)} µs`;
  if (a < 1_000_000) return `${+(us / 1_000).toFixed(a < 10_000 ? 2 : 1)} ms`;
  return `${(us / 1_000_000).toFixed(2)} s`;
}

/** A node's name from the running scenario's topology ("S1", "O2"): the store's nodeName. */
export const serverName = (id: number): string => nodeName(id);

/** "S1, S2 and S4". */
export function listNames(ids: readonly number[], name: (id: number) => string = serverName): string {
  const names = ids.map(name);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "entry 7" or "entries 7–12". */
export function entryRange(first: number, last: number): string {
  return first === last ? `entry ${first}` : `entries ${first}–${last}`;
}

/** Why a message was lost, in words (the trace's DropReason codes). */
export function dropReasonText(reason: string | null | undefined): string {
  switch (reason) {
    case 'loss':
      return 'random loss';
    case 'link-down':
      return 'link down';
    case 'node-down':
      return 'receiver down';
    case 'crash':
      return 'receiver crashed';
    case 'user':
      return 'dropped by the user';
    case 'byzantine':
      return 'withheld (byzantine)';
    default:
      return reason ?? 'dropped';
  }
}
