import { useCallback, useEffect, useRef, useState } from 'react';
import type { Lesson } from '../../../engine/scenario/lesson';
import type { Scenario } from '../../../engine/scenario/schema';
import { formatMicros } from '../../../engine/kernel/time';
import { runCall, type LessonSession } from '../../lessons/actions';
import { fetchLessonScenario } from '../../lessons/catalog';
import { offTrack, stepMoment, type OffTrack } from '../../lessons/on-track';
import {
  advanceFrom,
  back,
  canGoBack,
  canGoNext,
  currentStep,
  forgetFuture,
  isLastStep,
  next,
  observe,
  resumeStep,
  shouldAutoAdvance,
  startLesson,
  waitingFor,
  type Effects,
  type LessonProgress,
} from '../../lessons/runner';
import { useSim } from '../../store/store';
import type { SimState } from '../../store/types';
import { useClickerKeys } from '../presenter/useClickerKeys';
import './LessonPanel.css';

export interface LessonPanelProps {
  lesson: Lesson;
  /** Loads the lesson's scenario and runs named commands (`lessonSessionFrom(session)`). */
  session: LessonSession;
  /** Exit, or Finish on the last step. The run goes on as it is. */
  onExit: () => void;
  /** Where the scenario comes from; by default `./scenarios/<lesson.scenario>`. */
  loadScenario?: (lesson: Lesson) => Promise<Scenario>;
  /** PageDown / PageUp (a clicker) go to the next / previous step. On by default. */
  clickerKeys?: boolean;
  /** Start at this step (1-based), the earlier ones walked through first (see `fastForward`). */
  startAtStep?: number;
  /** The lesson after this one in the library, offered at the end. */
  nextLesson?: NextLesson | null;
}

/** The next lesson, offered on the last step once it is done. */
export interface NextLesson {
  title: string;
  open: () => void;
}

type Phase = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'running'; progress: LessonProgress };

const defaultLoad = (lesson: Lesson) => fetchLessonScenario(lesson);

/**
 * A guided lesson over the live simulation: the current step's text (plain text, never HTML),
 * Back / Next (Next waits for the step's condition, with a "Waiting for: …" hint), progress and
 * Exit. On mount it loads the lesson's scenario into the page and enters the first step. All
 * logic lives in app/lessons/ (pure); this component only wires it to the store and the session.
 */
export function LessonPanel({ lesson, session, onExit, loadScenario = defaultLoad, clickerKeys = true, startAtStep = 1, nextLesson = null }: LessonPanelProps) {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [problems, setProblems] = useState<string[]>([]);
  const sessionRef = useRef(session);
  sessionRef.current = session;
  const phaseRef = useRef(phase);
  phaseRef.current = phase;

  const perform = useCallback((effects: Effects) => {
    for (const call of effects.calls) runCall(sessionRef.current, call);
    setProblems(effects.problems);
  }, []);

  // Load the scenario, then enter step 1.
  useEffect(() => {
    let cancelled = false;
    setPhase({ kind: 'loading' });
    setProblems([]);
    void (async () => {
      try {
        const scenario = await loadScenario(lesson);
        if (cancelled) return;
        const ahead = startAtStep > 1 ? await fastForward(lesson, scenario, startAtStep - 1) : null;
        if (cancelled) return;
        const loaded = await sessionRef.current.load(ahead ? ahead.scenario : scenario);
        if (cancelled) return;
        if (loaded === false) throw new Error(`the simulation could not load ${lesson.scenario}.`);
        const started = ahead
          ? { progress: ahead.progress, effects: resumeStep(lesson, ahead.progress, useSim.getState()) }
          : startLesson(lesson, useSim.getState());
        setPhase({ kind: 'running', progress: started.progress });
        perform(started.effects);
      } catch (error) {
        if (!cancelled) setPhase({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [lesson, loadScenario, perform, startAtStep]);

  const progress = phase.kind === 'running' ? phase.progress : null;

  // Whether the card still tells the truth about the run shown (on-track.ts), as a string so the
  // panel re-renders only when the answer changes.
  const offKey = useSim((s) => {
    const off = progress === null ? null : offTrack(lesson, progress, s);
    return off === null ? null : JSON.stringify(off);
  });
  // Entering a step moves the clock (a revisit seeks back, Figure 8's steps seek on): the card
  // judges the run only once it has been on track since, so it does not flash a warning meanwhile.
  const settled = useRef<{ progress: LessonProgress | null; on: boolean }>({ progress: null, on: false });
  if (settled.current.progress?.index !== progress?.index || settled.current.progress?.entries !== progress?.entries) {
    settled.current = { progress, on: false };
  }
  const judged = offKey === null ? null : (JSON.parse(offKey) as OffTrack);
  if (judged === null || judged.kind === 'undone') settled.current.on = true;
  // An undone premise is about the run's state, not its clock: it shows at once (a learner who
  // restarted the crashed leader before pressing Next is told on entering the next step).
  const off: OffTrack | null = judged !== null && (settled.current.on || judged.kind === 'undone') ? judged : null;

  // The step's condition is judged at every store update (a frame): on the state drawn, and on
  // every trace event since the update before, so that a state shorter than a frame (a chunk
  // on its way) is not stepped over at high speed (runner.ts `observe`, between-frames.ts).
  // Before the step's moment (scrubbed back) it is not watched: what the step waits for has not
  // been set up there.
  const goNextRef = useRef<() => void>(() => undefined);
  // A step met between two frames moves on from the moment it was met when the next step
  // narrates that moment (runner.ts `advanceFrom`): the run goes back there first, and the step
  // counts as met (Next, or moving on by itself) once the run shows that moment.
  const arriving = useRef<{ index: number; atUs: number; met: LessonProgress } | null>(null);
  const watch = useCallback(
    (s: SimState, previous: SimState) => {
      const p = phaseRef.current;
      if (p.kind !== 'running') return;
      const show = (progress: LessonProgress) => {
        const running: Phase = { kind: 'running', progress };
        setPhase(running);
        phaseRef.current = running;
      };
      const waitingAt = arriving.current;
      if (waitingAt !== null) {
        if (waitingAt.index !== p.progress.index) arriving.current = null;
        else if (s.now === waitingAt.atUs) {
          arriving.current = null;
          show(waitingAt.met);
          queueMicrotask(() => goNextRef.current());
        } else if (s.now < previous.now && s.now > waitingAt.atUs) {
          // The run went back to a later moment than that one: the learner took it elsewhere.
          // (Going a long way back, the seek passes through an earlier moment first: still ours.)
          // The step stays met, and waits for Next.
          arriving.current = null;
          show(waitingAt.met);
        }
        return;
      }
      if (p.progress.met[p.progress.index]) return;
      const moment = stepMoment(lesson, p.progress, p.progress.index);
      if (moment !== null && s.now < moment) return;
      const observed = observe(lesson, p.progress, s, previous);
      if (observed === p.progress) return;
      // A step that asks to move on by itself does so when its condition is first met, not when
      // the learner comes Back to it later. After this update is through: moving on runs
      // commands, which update the store again.
      const from = shouldAutoAdvance(lesson, observed) ? advanceFrom(lesson, observed, previous, s) : null;
      if (from === null) {
        show(observed);
        if (shouldAutoAdvance(lesson, observed)) queueMicrotask(() => goNextRef.current());
        return;
      }
      arriving.current = { index: observed.index, atUs: from, met: observed };
      queueMicrotask(() => perform({ calls: [{ name: 'seek', args: [from] }], problems: [] }));
    },
    [lesson, perform],
  );
  useEffect(() => useSim.subscribe(watch), [watch]);
  // A step entered (or shown again) with its condition already true is seen at once.
  useEffect(() => {
    const s = useSim.getState();
    watch(s, s);
  }, [watch, progress]);

  const goNext = useCallback(() => {
    const p = phaseRef.current;
    if (p.kind !== 'running') return;
    // Scrubbed back before the step began: moving on from there would start the next step at a
    // moment before this one's.
    if (offTrack(lesson, p.progress, useSim.getState())?.kind === 'before') return;
    if (isLastStep(lesson, p.progress)) {
      if (p.progress.met[p.progress.index]) onExit();
      return;
    }
    const moved = next(lesson, p.progress, useSim.getState());
    if (moved.progress === p.progress) return;
    const running: Phase = { kind: 'running', progress: moved.progress };
    setPhase(running);
    phaseRef.current = running;
    perform(moved.effects);
  }, [lesson, onExit, perform]);

  const goBack = useCallback(() => {
    const p = phaseRef.current;
    if (p.kind !== 'running' || !canGoBack(p.progress)) return;
    const moved = back(lesson, p.progress, useSim.getState());
    const running: Phase = { kind: 'running', progress: moved.progress };
    setPhase(running);
    phaseRef.current = running;
    perform(moved.effects);
  }, [lesson, perform]);

  // Acting in the past forks the run (the recorded end drops back to now): steps entered in the
  // old future lose their entries, so visiting them again does their actions anew.
  useEffect(
    () =>
      useSim.subscribe((s, prev) => {
        if (s.recordedUntil >= prev.recordedUntil) return;
        const p = phaseRef.current;
        if (p.kind !== 'running') return;
        const kept = forgetFuture(p.progress, s.recordedUntil);
        if (kept === p.progress) return;
        const running: Phase = { kind: 'running', progress: kept };
        setPhase(running);
        phaseRef.current = running;
      }),
    [],
  );

  goNextRef.current = goNext;

  useClickerKeys({ onNext: goNext, onBack: goBack }, clickerKeys && progress !== null);

  // Back to an earlier step (an undone premise's), as so many presses of Back would go.
  const goBackTo = useCallback(
    (index: number) => {
      const p = phaseRef.current;
      if (p.kind !== 'running' || index >= p.progress.index) return;
      let moved = { progress: p.progress, effects: { calls: [], problems: [] } as Effects };
      while (moved.progress.index > index) moved = back(lesson, moved.progress, useSim.getState());
      const running: Phase = { kind: 'running', progress: moved.progress };
      setPhase(running);
      phaseRef.current = running;
      perform(moved.effects);
    },
    [lesson, perform],
  );
  const shownNow = useSim((s) => (off ? s.now : 0));
  const returnTo = useCallback((at: number) => perform({ calls: [{ name: 'seek', args: [at] }], problems: [] }), [perform]);

  return (
    <LessonView
      lesson={lesson}
      phase={phase}
      problems={problems}
      onNext={goNext}
      onBack={goBack}
      onExit={onExit}
      nextLesson={nextLesson}
      offTrack={off}
      now={shownNow}
      onReturn={returnTo}
      onBackTo={goBackTo}
    />
  );
}

export type LessonPhase = Phase;

/**
 * A lesson walked to step `index` (0-based) by the headless learner (app/lessons/walk.ts, the
 * one the tests use): the scenario with every action the earlier steps and the learner took,
 * and the progress at that step. The page then replays that run exactly and resumes there,
 * with Back working as if the class had gone through the earlier steps.
 */
async function fastForward(lesson: Lesson, scenario: Scenario, index: number): Promise<{ scenario: Scenario; progress: LessonProgress }> {
  // Loaded on demand: the headless runner and Raft need not be in the page's first download.
  const { walkLesson } = await import('../../lessons/walk');
  const walked = await walkLesson(lesson, scenario, { stopAtStep: index });
  return { scenario: { ...scenario, timeline: [...walked.session.runner!.actions] }, progress: walked.progress };
}

/** What the panel draws for a phase: pure, so it renders in tests without a store or a DOM. */
export function LessonView({
  lesson,
  phase,
  problems,
  onNext,
  onBack,
  onExit,
  nextLesson = null,
  offTrack: off = null,
  now = 0,
  onReturn = () => undefined,
  onBackTo = () => undefined,
}: {
  lesson: Lesson;
  phase: LessonPhase;
  problems: string[];
  onNext: () => void;
  onBack: () => void;
  onExit: () => void;
  nextLesson?: NextLesson | null;
  /** The card does not match the run shown (scrubbed away, or a premise undone), and how. */
  offTrack?: OffTrack | null;
  /** The run's time, said when off track. */
  now?: number;
  /** Puts the run back at a moment (the step's own). */
  onReturn?: (at: number) => void;
  /** Goes back to an earlier step (0-based), as Back does. */
  onBackTo?: (index: number) => void;
}) {
  const progress = phase.kind === 'running' ? phase.progress : null;
  const highlightCss = progress ? highlightRules(currentStep(lesson, progress).highlight) : '';
  const total = lesson.steps.length;
  const hint = progress && !off ? waitingFor(lesson, progress) : null;
  const blocked = off?.kind === 'before';
  return (
    <section className="lesson" aria-label={`Lesson: ${lesson.title}`}>
      <header className="lesson-header">
        <h2 className="lesson-title">{lesson.title}</h2>
        {progress && (
          <span className="lesson-progress" aria-live="off">
            Step {progress.index + 1} of {total}
          </span>
        )}
        <div className="lesson-buttons">
          {progress && (
            <>
              <button type="button" className="lesson-back" onClick={onBack} disabled={!canGoBack(progress)} aria-keyshortcuts="PageUp">
                <span aria-hidden="true">← </span>Back
              </button>
              {isLastStep(lesson, progress) ? (
                <button type="button" className="lesson-next" onClick={onNext} disabled={!progress.met[progress.index] || blocked}>
                  Finish
                </button>
              ) : (
                <button type="button" className="lesson-next" onClick={onNext} disabled={!canGoNext(lesson, progress) || blocked} aria-keyshortcuts="PageDown">
                  Next<span aria-hidden="true"> →</span>
                </button>
              )}
            </>
          )}
          <button type="button" className="lesson-exit" onClick={onExit}>
            Exit lesson
          </button>
        </div>
      </header>

      {phase.kind === 'loading' && <p className="lesson-text lesson-muted">Loading the scenario…</p>}
      {phase.kind === 'failed' && (
        <p className="lesson-error" role="alert">
          This lesson cannot start: {phase.message}
        </p>
      )}
      {progress && (
        <>
          {off && <OffTrackNote off={off} now={now} onReturn={onReturn} onBackTo={onBackTo} />}
          <div className={off ? 'lesson-text lesson-text-stale' : 'lesson-text'} aria-live="polite" key={progress.index} tabIndex={0}>
            {paragraphs(currentStep(lesson, progress).text).map((p, i) => (
              <p key={i}>{p}</p>
            ))}
          </div>
          {problems.length > 0 && (
            <p className="lesson-problem" role="status">
              {problems.join(' ')}
            </p>
          )}
          <StepHint text={hint} />
          {nextLesson && isLastStep(lesson, progress) && progress.met[progress.index] && (
            <p className="lesson-next-lesson">
              <button type="button" className="lesson-next" onClick={nextLesson.open}>
                Next lesson: {nextLesson.title}
                <span aria-hidden="true"> →</span>
              </button>
            </p>
          )}
          {/* A relative link: this page, this lesson, this step (walked to when opened: docs/lessons.md). */}
          <a className="lesson-step-link" href={`?lesson=${encodeURIComponent(lesson.id)}&step=${progress.index + 1}`}>
            Link to this step
          </a>
          {highlightCss && <style>{highlightCss}</style>}
        </>
      )}
    </section>
  );
}

/**
 * What the learner sees instead of a false story: where the run is against the step, and the
 * way back to the step's own moment (a seek: the past replays exactly).
 */
function OffTrackNote({ off, now, onReturn, onBackTo }: { off: OffTrack; now: number; onReturn: (at: number) => void; onBackTo: (index: number) => void }) {
  const at = formatMicros(off.momentUs);
  if (off.kind === 'undone') {
    return (
      <div className="lesson-off-track" role="status">
        <p>
          <span className="lesson-hint-label">Off track:</span> This step goes on from step {off.premiseStep + 1} ({off.premise}), and that no longer holds in
          the run: it was undone ahead of the lesson. Go back to step {off.premiseStep + 1} and do it again (what you do there replaces what came after).
        </p>
        <button type="button" onClick={() => onBackTo(off.premiseStep)}>
          Back to step {off.premiseStep + 1}
        </button>
      </div>
    );
  }
  const said =
    off.kind === 'before'
      ? `You are at t = ${formatMicros(now)}, before this step begins (t = ${at}): what it describes has not happened yet.`
      : `You are at t = ${formatMicros(now)}, past where the next step begins (t = ${formatMicros(off.nextStepUs)}): this text is out of date. Press Next, or go back to this step's moment.`;
  return (
    <div className="lesson-off-track" role="status">
      <p>
        <span className="lesson-hint-label">Off track:</span> {said}
      </p>
      <button type="button" onClick={() => onReturn(off.momentUs)}>
        Go to t = {at}
      </button>
    </div>
  );
}

/** "Waiting for: …", in a live region that stays in place (empty when Next is enabled). */
function StepHint({ text }: { text: string | null }) {
  return (
    <p className={text ? 'lesson-hint' : 'lesson-hint lesson-hint-empty'} role="status">
      {text ? (
        <>
          <span className="lesson-hint-label">Waiting for:</span> {text}
        </>
      ) : null}
    </p>
  );
}

/** A blank line separates paragraphs; single line breaks are kept as spaces. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter((p) => p.length > 0);
}

/**
 * CSS that rings the highlighted servers in the cluster view. Node ids are integers checked by
 * the lesson parser, so the selectors cannot carry anything else. It relies on React Flow's
 * `data-id` (the node id as a string, see useNodeLayout.ts) and the cluster's `.cv-disc`.
 */
export function highlightRules(ids: readonly number[]): string {
  const safe = ids.filter((id) => Number.isInteger(id) && id >= 0 && id < 128);
  if (safe.length === 0) return '';
  const selector = safe.map((id) => `.react-flow__node[data-id="${id}"] .cv-disc`).join(',\n');
  return `${selector} {\n  box-shadow: 0 0 0 7px #ffffff, 0 0 0 14px var(--lesson-highlight, #f0e442), 0 0 0 16px #000000;\n}`;
}
