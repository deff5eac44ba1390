import { fetchCatalogs, fetchLesson, type Fetcher } from './catalog';
import { openLesson } from './active-lesson';

/**
 * Opens a built-in lesson named in the page's URL (`?lesson=electing-a-leader`), so a teacher can
 * hand out one link per lesson, or per step (`&step=5`). An unknown name rejects with a sentence
 * that lists the known ones; a step that is not one of the lesson's says how many it has.
 */
export async function openLessonById(id: string, fetcher?: Fetcher, step: string | null = null): Promise<void> {
  const { lessons } = await fetchCatalogs(fetcher);
  const entry = lessons.find((l) => l.id === id);
  if (!entry) throw new Error(`there is no lesson "${id.slice(0, 60)}" (known: ${lessons.map((l) => l.id).join(', ')})`);
  const lesson = await fetchLesson(entry.file, fetcher);
  openLesson(lesson, entry, stepNumber(step, lesson.steps.length));
}

/** `step` from a URL as a step number of a lesson with `count` steps (1 when absent). */
export function stepNumber(step: string | null, count: number): number {
  if (step === null || step === '') return 1;
  const n = Number(step);
  if (!Number.isInteger(n) || n < 1 || n > count) throw new Error(`step "${step.slice(0, 20)}" is not one of its ${count} steps`);
  return n;
}
