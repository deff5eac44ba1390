import type { TraceEvent } from '../../../engine/kernel/trace';
import { foldLedger, freshLedger, type LedgerState } from '../../../engine/protocols/primary-replica/ledger';

/**
 * The engine's ledger (engine/protocols/primary-replica/ledger.ts: the monitors' memory) folded
 * over the page's recorded trace: lag samples for the chart, lost acknowledged writes, stale
 * reads, epochs. The page's trace is capped (the newest TRACE_HISTORY_CAP events), so a very
 * long run is judged on its recent part; the CLI's stats judge the whole run.
 */
let cache: { trace: readonly TraceEvent[]; state: LedgerState; folded: number; first: TraceEvent | undefined } | null = null;

export function ledgerOf(trace: readonly TraceEvent[]): LedgerState {
  // The store appends to its trace (a new array each time, same prefix) until it is trimmed or
  // rewound: fold only what is new when the prefix is the one already folded.
  const sameStart = cache !== null && cache.first === trace[0] && cache.folded <= trace.length && trace[cache.folded - 1] === cache.trace[cache.folded - 1];
  if (!sameStart || !cache) cache = { trace, state: freshLedger(), folded: 0, first: trace[0] };
  for (let i = cache.folded; i < trace.length; i++) foldLedger(cache.state, trace[i]!);
  cache.folded = trace.length;
  cache.trace = trace;
  return cache.state;
}
