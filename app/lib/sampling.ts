import { useEffect, useRef, useState } from 'react';
import { useSim } from '../store/store';
import type { SimState } from '../store/types';

/**
 * A store value sampled at most every `intervalMs` (trailing edge), for views that do not need
 * 60 updates a second: a log table or a text log redrawn per frame would only burn the CPU the
 * animation needs. The first value is read at once, and the last change always lands.
 */
export function useSampled<T>(selector: (state: SimState) => T, intervalMs: number): T {
  const selectorRef = useRef(selector);
  selectorRef.current = selector;
  const [value, setValue] = useState<T>(() => selector(useSim.getState()));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const flush = () => {
      timer = null;
      last = performance.now();
      const next = selectorRef.current(useSim.getState());
      setValue(() => next);
    };
    flush();
    const unsubscribe = useSim.subscribe(() => {
      if (timer !== null) return;
      timer = setTimeout(flush, Math.max(0, last + intervalMs - performance.now()));
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [intervalMs]);
  return value;
}
