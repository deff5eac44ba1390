import { useMemo, useRef } from 'react';
import type { TraceEvent } from '../../../engine/kernel/trace';
import { useSampled } from '../../lib/sampling';
import { useSim } from '../../store/store';
import { MeshSpanIndex } from './spans';
import { asMeshView } from './view';

/**
 * The span index of the page's trace, kept across renders and folded incrementally: each new
 * trace (a status appends events; the page's cap drops old ones) folds only the events after the
 * last one folded. When that event is gone (the user scrubbed back before it, a new run), it
 * starts over from the trace the page holds, so the waterfall always shows what the run knew at
 * the current time.
 */
export function resumeAt(trace: readonly TraceEvent[], last: TraceEvent | null): number {
  if (last === null) return trace.length === 0 ? 0 : -1;
  // Appended events come last: look back from the end only as far as the last event's time.
  for (let i = trace.length - 1; i >= 0 && trace[i]!.at >= last.at; i--) if (trace[i] === last) return i + 1;
  return -1;
}

/** A caller's route timeout from its view (the timeout's attribution prefers the attempt sent that long ago). */
function timeoutUsOf(caller: number): number | null {
  const node = useSim.getState().nodes.find((n) => n.id === caller);
  const ms = asMeshView(node?.view)?.route?.timeoutMs;
  return ms ? ms * 1000 : null;
}

export function useSpanIndex(): { index: MeshSpanIndex; version: number } {
  const trace = useSampled((s) => s.trace, 400);
  const state = useRef<{ index: MeshSpanIndex; last: TraceEvent | null } | null>(null);
  return useMemo(() => {
    let s = state.current;
    let from = s ? resumeAt(trace, s.last) : -1;
    if (!s || from < 0) {
      s = state.current = { index: new MeshSpanIndex({ timeoutUsOf }), last: null };
      from = 0;
    }
    for (let i = from; i < trace.length; i++) s.index.fold(trace[i]!);
    s.last = trace.length > 0 ? trace[trace.length - 1]! : s.last;
    return { index: s.index, version: s.index.version };
  }, [trace]);
}
