import { fetchCatalogs, fetchLesson, type Fetcher } from './catalog';
import { openLesson } from './active-lesson';

/**
 * Opens a built-in lesson named in the page's URL (`?lesson=electing-a-leader`), so a teacher can
 * hand out one link per lesson. An unknown name rejects with a sentence that lists the known ones.
 */
export async function openLessonById(id: string, fetcher?: Fetcher): Promise<void> {
  const { lessons } = await fetchCatalogs(fetcher);
  const entry = lessons.find((l) => l.id === id);
  if (!entry) throw new Error(`there is no lesson "${id.slice(0, 60)}" (known: ${lessons.map((l) => l.id).join(', ')})`);
  openLesson(await fetchLesson(entry.file, fetcher), entry);
}
