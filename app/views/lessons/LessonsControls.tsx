import { useEffect, useMemo, useState } from 'react';
import { fetchCatalogs, fetchLesson } from '../../lessons/catalog';
import type { CatalogEntry } from '../../../engine/scenario/lesson';
import type { Scenario } from '../../../engine/scenario/schema';
import { lessonSessionFrom } from '../../lessons/actions';
import { closeLesson, openLesson, useActiveLesson } from '../../lessons/active-lesson';
import { useSession } from '../../session/session-context';
import { useSim } from '../../store/store';
import { lazyView } from '../../lib/lazy-view';
import type { NextLesson } from './LessonPanel';
// The card's sheet stays in the page's styles, in its place in their order (the card loads later).
import './LessonPanel.css';
import { ScenarioPicker } from './ScenarioPicker';

// The lesson card (and the lesson runner) loads when a lesson opens, or ahead once the page is idle.
const LessonPanel = lazyView(() => import('./LessonPanel').then((m) => m.LessonPanel));

/**
 * The lesson views wired to the page's session (as ShareControls wires the share menu):
 * `LessonsMenu` goes in the header, `ActiveLesson` where the lesson card should show.
 */
export function LessonsMenu() {
  const session = useSession();
  const ready = useSim((s) => s.ready);
  const open = async (scenario: Scenario) => {
    closeLesson();
    if (await session.open(scenario, {})) session.play();
  };
  return <ScenarioPicker disabled={!ready} onOpenLesson={(lesson, entry) => openLesson(lesson, entry)} onOpenScenario={(s) => void open(s)} />;
}

/** The open lesson's card, or nothing. A new lesson replaces the old one (and its scenario). */
export function ActiveLesson() {
  const session = useSession();
  const lesson = useActiveLesson((s) => s.lesson);
  const opened = useActiveLesson((s) => s.opened);
  const startAtStep = useActiveLesson((s) => s.startAtStep);
  const lessonSession = useMemo(() => lessonSessionFrom(session), [session]);
  const entry = useActiveLesson((s) => s.entry);
  const next = useNextLesson(entry);
  if (!lesson) return null;
  return <LessonPanel key={opened} lesson={lesson} session={lessonSession} onExit={closeLesson} startAtStep={startAtStep} nextLesson={next} />;
}

/** The lesson after `entry` in the library's order, ready to open; null at the end or offline. */
function useNextLesson(entry: CatalogEntry | null): NextLesson | null {
  const [next, setNext] = useState<NextLesson | null>(null);
  useEffect(() => {
    setNext(null);
    if (!entry) return;
    let live = true;
    fetchCatalogs()
      .then(({ lessons }) => {
        const following = lessons[lessons.findIndex((l) => l.id === entry.id) + 1];
        if (!live || !following || lessons.every((l) => l.id !== entry.id)) return;
        setNext({
          title: following.title,
          open: () => {
            void fetchLesson(following.file).then((l) => openLesson(l, following));
          },
        });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [entry]);
  return next;
}
