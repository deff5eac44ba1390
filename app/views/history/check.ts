import { useEffect } from 'react';
import { create } from 'zustand';
import type { CheckedHistory } from '../../../workers/coordinator-service';
import type { Session } from '../../session/session';
import { useSim } from '../../store/store';

/**
 * The checker's latest verdict on the client history, for the history panel and the inspector.
 * The check itself runs in the coordinator's worker (`Session.checkHistory`), within a step
 * budget, and only while the panel is open: never on the page's thread, never per frame.
 */
export interface HistoryCheckState {
  checked: CheckedHistory | null;
  checking: boolean;
}

export const useHistoryCheck = create<HistoryCheckState>()(() => ({ checked: null, checking: false }));

/** While playing, the history is checked again at most this often. */
const PLAYING_EVERY_MS = 1_000;
/** Paused, a change (a step, a seek) is checked after this short pause. */
const PAUSED_AFTER_MS = 100;

/** Keeps the verdict up to date while the panel that calls it is mounted. */
export function useHistoryChecker(session: Pick<Session, 'checkHistory'>): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastStart = 0;
    let lastTookMs = 0;
    let checkedHistory: unknown = null;
    let disposed = false;

    const run = async () => {
      timer = null;
      const history = useSim.getState().history;
      if (history === checkedHistory) return;
      checkedHistory = history;
      lastStart = performance.now();
      useHistoryCheck.setState({ checking: true });
      const checked = await session.checkHistory();
      lastTookMs = performance.now() - lastStart;
      if (disposed) return;
      useHistoryCheck.setState({ checking: false, ...(checked ? { checked } : {}) });
      // What changed meanwhile is checked next.
      schedule();
    };

    const schedule = () => {
      if (timer !== null || useHistoryCheck.getState().checking) return;
      if (useSim.getState().history === checkedHistory) return;
      // A long history takes long to check, and the coordinator runs nothing else meanwhile: while
      // playing, at most a fifth of its time goes to checking.
      const every = Math.max(PLAYING_EVERY_MS, 5 * lastTookMs);
      const wait = useSim.getState().playing ? Math.max(0, lastStart + every - performance.now()) : PAUSED_AFTER_MS;
      timer = setTimeout(() => void run(), wait);
    };

    let previous = useSim.getState().history;
    const unsubscribe = useSim.subscribe((state) => {
      if (state.history === previous) return;
      // A new run: the old verdict is about another history.
      if (state.history.length === 0 && previous.length > 0) useHistoryCheck.setState({ checked: null });
      previous = state.history;
      schedule();
    });
    schedule();
    return () => {
      disposed = true;
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
      useHistoryCheck.setState({ checking: false });
    };
  }, [session]);
}
