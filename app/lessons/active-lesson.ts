import { create } from 'zustand';
import type { CatalogEntry, Lesson } from '../../engine/scenario/lesson';

/**
 * Which lesson is open, if any: set by the "Scenarios & lessons" menu, read by the lesson card.
 * Its own tiny store (not the simulation's): lessons sit on top of a run and never change it
 * except through named commands.
 */
export const useActiveLesson = create<{ lesson: Lesson | null; entry: CatalogEntry | null; opened: number; startAtStep: number }>(() => ({
  lesson: null,
  entry: null,
  opened: 0,
  startAtStep: 1,
}));

/**
 * Opens a lesson; opening one again (even the same) starts it over. `startAtStep` (1-based)
 * fast-forwards it to that step (a teacher's link to step 5).
 */
export function openLesson(lesson: Lesson, entry: CatalogEntry | null = null, startAtStep = 1): void {
  useActiveLesson.setState((s) => ({ lesson, entry, opened: s.opened + 1, startAtStep }));
}

export function closeLesson(): void {
  useActiveLesson.setState({ lesson: null, entry: null });
}
