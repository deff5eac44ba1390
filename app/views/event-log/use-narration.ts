import { useEffect, useMemo, useRef, useState } from 'react';
import type { TraceEvent } from '../../../engine/kernel/trace';
import type { IncrementalDescriber } from '../../narrate/describer';
import type { LogLine } from '../../narrate/types';

/**
 * More new events than this are described in slices rather than in one render: while playing,
 * a 4 Hz sample brings a few hundred; a link opened at minute 10 brings 20,000 at once, whose
 * narration (~0.1 s in Chromium, profiled) would hold back the page's first picture of the run.
 */
const AT_ONCE = 2_000;
/** Wall time one slice may take before the thread goes back to drawing (ms). */
const SLICE_MS = 8;
/** Events described between two looks at the clock within a slice. */
const STEP = 400;

/**
 * The event log's lines for `trace`, exactly `describer.update(trace)`. A big backlog is
 * described ahead in slices between frames (`IncrementalDescriber.describeAhead`), so the rest
 * of the page draws first; meanwhile this returns null (the log says it is reading).
 */
export function useNarration(describer: IncrementalDescriber, trace: readonly TraceEvent[]): LogLine[] | null {
  const [slicesDone, setSlicesDone] = useState(0);
  // The trace whose slices are done: its backlog is left to `update` even if still big (one instant).
  const finished = useRef<readonly TraceEvent[] | null>(null);
  const pending = finished.current !== trace && describer.backlog(trace) > AT_ONCE;
  const lines = useMemo(() => (pending ? null : describer.update(trace)), [describer, trace, pending, slicesDone]);
  useEffect(() => {
    if (!pending) return;
    let stopped = false;
    const channel = new MessageChannel();
    // A message-port turn, not setTimeout: nested timeouts are clamped to 4 ms each.
    channel.port1.onmessage = () => {
      if (stopped) return;
      const until = performance.now() + SLICE_MS;
      while (describer.describeAhead(trace, STEP)) {
        if (performance.now() >= until) {
          channel.port2.postMessage(null);
          return;
        }
      }
      finished.current = trace;
      setSlicesDone((n) => n + 1);
    };
    channel.port2.postMessage(null);
    return () => {
      stopped = true;
      channel.port1.close();
    };
  }, [describer, trace, pending]);
  return lines;
}
