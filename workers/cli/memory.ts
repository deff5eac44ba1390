import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** `--memory`: what a run holds, measured outside the simulation (never part of its trace). */
export interface MemoryFigures {
  /** V8 heap in use after a full garbage collection, with the finished run still referenced. */
  heapUsedMB: number;
  /** The process's peak resident set (every thread: worker runs included), garbage and all. */
  peakRssMB: number;
}

let collect: (() => void) | null = null;

/**
 * A full GC without restarting node under --expose-gc: the flag may be set at run time, and a
 * fresh context then sees `gc` (node's own tests do this). Without a GC, heapUsed would count
 * whatever garbage the last collection left, and two runs could not be compared.
 */
function forceGc(): void {
  if (!collect) {
    const existing = (globalThis as { gc?: () => void }).gc;
    if (typeof existing === 'function') collect = existing;
    else {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    }
  }
  collect();
  // A second pass frees what the first one's finalizers let go.
  collect();
}

/** Keeps `held` (the finished runner) reachable across the GC, so the heap measured is the heap it holds. */
export function measureMemory(held: unknown): MemoryFigures {
  holding = held;
  forceGc();
  const mb = (bytes: number) => Math.round(bytes / 104_857.6) / 10;
  const figures = { heapUsedMB: mb(process.memoryUsage().heapUsed), peakRssMB: mb(process.resourceUsage().maxRSS * 1024) };
  holding = null;
  return figures;
}

/** A module-level reference: a local the optimiser sees as dead could be collected early. */
let holding: unknown = null;
