import type { Lesson, LessonStep } from '../../engine/scenario/lesson';
import type { Micros } from '../../engine/kernel/time';
import { isClockAction, resolveAction, type CommandCall } from './actions';
import { captureEntry, conditionHolds, describeCondition, type StepEntry } from './conditions';
import { eventsBetween, heldBetween, metBetween } from './between-frames';
import type { LessonWorld } from './world';

/**
 * Where a learner is in a lesson, as plain data (a small state machine, after tldraw's tool
 * states): the step shown, what the run looked like when each step was first entered, and
 * which steps' conditions were met. A met condition stays met: going Back and forth, or
 * scrubbing time, never locks a step the learner already passed.
 */
export interface LessonProgress {
  index: number;
  /** Per step: the run when it was first entered (null: not entered yet). */
  entries: (StepEntry | null)[];
  /** Per step: its condition held at some point (or it has none). */
  met: boolean[];
}

/** What entering a step asks the page to do, and what could not be done. */
export interface Effects {
  calls: CommandCall[];
  problems: string[];
}

const NO_EFFECTS: Effects = { calls: [], problems: [] };

/** Starts a lesson at its first step: the scenario is loaded and `world` shows it. */
export function startLesson(lesson: Lesson, world: LessonWorld): { progress: LessonProgress; effects: Effects } {
  const progress: LessonProgress = {
    index: 0,
    entries: lesson.steps.map(() => null),
    met: lesson.steps.map((s) => s.until === undefined),
  };
  return enter(lesson, progress, 0, world);
}

function enter(lesson: Lesson, progress: LessonProgress, index: number, world: LessonWorld): { progress: LessonProgress; effects: Effects } {
  const step = lesson.steps[index]!;
  const entry = progress.entries[index];
  if (entry) return { progress: { ...progress, index }, effects: revisit(step, entry, world) };
  const entries = progress.entries.slice();
  entries[index] = captureEntry(world);
  const effects: Effects = { calls: [], problems: [] };
  for (const action of step.do) {
    const r = resolveAction(action, world);
    if (r.ok) effects.calls.push(r.call);
    else effects.problems.push(r.problem);
  }
  return { progress: { ...progress, index, entries }, effects };
}

/**
 * Going back to a step already entered shows it as it was: the run returns to the moment the
 * step began (a seek: backward replays exactly from a checkpoint, forward runs the same
 * timeline), the clock is set as it was then, and the step's own clock actions (play, pause,
 * speed, seek) run again. Its other actions (a crash, a write) are not repeated: they are in the
 * run's timeline since the first visit, so the replay does them again at the same instant.
 */
function revisit(step: LessonStep, entry: StepEntry, world: LessonWorld): Effects {
  const calls: CommandCall[] = [
    { name: 'seek', args: [entry.atUs] },
    { name: 'setSpeed', args: [entry.speed] },
  ];
  if (entry.playing) calls.push({ name: 'play', args: [] });
  for (const action of step.do) {
    if (!isClockAction(action)) continue;
    const r = resolveAction(action, world);
    if (r.ok) calls.push(r.call);
  }
  return { calls, problems: [] };
}

/**
 * Shows the current step again as a revisit (the run back at the moment it began, the clock as it
 * was): how a lesson fast-forwarded by the walker (walk.ts) resumes in the page at a step.
 */
export function resumeStep(lesson: Lesson, p: LessonProgress, world: LessonWorld): Effects {
  const entry = p.entries[p.index];
  if (!entry) throw new Error(`step ${p.index + 1} was never entered`);
  return revisit(lesson.steps[p.index]!, entry, world);
}

export const currentStep = (lesson: Lesson, p: LessonProgress): LessonStep => lesson.steps[p.index]!;

/** Whether the current step's condition holds in `world` (true when it has none). */
export function stepConditionHolds(lesson: Lesson, p: LessonProgress, world: LessonWorld): boolean {
  const step = currentStep(lesson, p);
  const entry = p.entries[p.index];
  if (!step.until || !entry) return true;
  return conditionHolds(step.until, world, entry);
}

/** Whether the current step's condition held at some instant between the frames `previous` and `world`. */
export function stepConditionHeldBetween(lesson: Lesson, p: LessonProgress, previous: LessonWorld, world: LessonWorld): boolean {
  const step = currentStep(lesson, p);
  const entry = p.entries[p.index];
  if (!step.until || !entry) return false;
  return heldBetween(step.until, previous, eventsBetween(previous, world), world, entry);
}

/**
 * Records that the current step's condition holds now, in the frame `world`, or held at some
 * instant since the frame `previous` (the one drawn before it, when given: the page passes
 * every frame it draws). Between two frames the condition is judged on every trace event
 * (between-frames.ts), so a state shorter than a frame is not stepped over at high speed.
 * Returns the same object if nothing changed.
 */
export function observe(lesson: Lesson, p: LessonProgress, world: LessonWorld, previous?: LessonWorld): LessonProgress {
  if (p.met[p.index]) return p;
  if (!stepConditionHolds(lesson, p, world) && !(previous !== undefined && stepConditionHeldBetween(lesson, p, previous, world))) return p;
  const met = p.met.slice();
  met[p.index] = true;
  return { ...p, met };
}

/**
 * Where a step that moves on by itself should move on from: the instant its condition was met,
 * when that was before the frame `world` (between `previous` and it) and the next step
 * narrates a still moment (it pauses, and does nothing but set the clock). The page then goes
 * back there first (a seek: the past replays exactly), so that the paused run shows what the
 * next step's text says, at the moment the headless walk shows it, and not a frame later: at 4x a frame
 * is 160 ms or more, at 50x seconds, long enough for what the text describes to be over.
 * Null: move on from the frame shown (the next step acts on the run, or plays on, or the
 * condition was met in this very frame).
 */
export function advanceFrom(lesson: Lesson, p: LessonProgress, previous: LessonWorld, world: LessonWorld): Micros | null {
  const step = currentStep(lesson, p);
  const following = lesson.steps[p.index + 1];
  const entry = p.entries[p.index];
  if (!step.until || !entry || !following || !narratesStillMoment(following)) return null;
  const at = metBetween(step.until, previous, world, entry);
  if (at === null) return null;
  // The walk sees the run every LESSON_TICK_US from the step's start, so it enters the next
  // step at the first of those instants after the condition was met: the texts are written
  // from that walk (what happened within those few milliseconds, an acknowledgement, is told).
  const seen = entry.atUs + Math.ceil((at - entry.atUs) / LESSON_TICK_US) * LESSON_TICK_US;
  return seen < world.now ? seen : null;
}

/** How often the headless walk (walk.ts) looks at the run while a step waits: 5 ms of simulated time. */
export const LESSON_TICK_US: Micros = 5_000;

/**
 * A step that pauses the run and does nothing else but set its speed: its text describes that
 * moment (one that seeks shows a moment of its own).
 */
const narratesStillMoment = (step: LessonStep): boolean =>
  step.do.some((a) => a.kind === 'pause') && step.do.every((a) => isClockAction(a) && a.kind !== 'seek');

export const canGoNext = (lesson: Lesson, p: LessonProgress) => p.index < lesson.steps.length - 1 && p.met[p.index] === true;
export const canGoBack = (p: LessonProgress) => p.index > 0;
export const isLastStep = (lesson: Lesson, p: LessonProgress) => p.index === lesson.steps.length - 1;
/** The last step's condition (if any) held: the lesson is complete. */
export const isFinished = (lesson: Lesson, p: LessonProgress) => isLastStep(lesson, p) && p.met[p.index] === true;

/** Whether the lesson should move on by itself now (the step asks for it and its condition was met). */
export const shouldAutoAdvance = (lesson: Lesson, p: LessonProgress) => currentStep(lesson, p).autoAdvance === true && canGoNext(lesson, p);

export function next(lesson: Lesson, p: LessonProgress, world: LessonWorld): { progress: LessonProgress; effects: Effects } {
  if (!canGoNext(lesson, p)) return { progress: p, effects: NO_EFFECTS };
  return enter(lesson, p, p.index + 1, world);
}

export function back(lesson: Lesson, p: LessonProgress, world: LessonWorld): { progress: LessonProgress; effects: Effects } {
  if (!canGoBack(p)) return { progress: p, effects: NO_EFFECTS };
  return enter(lesson, p, p.index - 1, world);
}

/**
 * The learner acted in the past, at `forkAt`: the run's old future is gone, and with it the
 * actions of every step entered later. Those steps are forgotten (entering one again runs its
 * actions anew, at the time of then); whether their conditions were met stays. The step on
 * screen keeps its entry: the learner is looking at it.
 */
export function forgetFuture(p: LessonProgress, forkAt: Micros): LessonProgress {
  let changed = false;
  const entries = p.entries.map((e, i) => {
    if (!e || i === p.index || e.atUs <= forkAt) return e;
    changed = true;
    return null;
  });
  return changed ? { ...p, entries } : p;
}

/** "Waiting for: …" text for the current step, or null when Next is enabled. */
export function waitingFor(lesson: Lesson, p: LessonProgress): string | null {
  if (p.met[p.index]) return null;
  const step = currentStep(lesson, p);
  if (!step.until) return null;
  return step.waitingFor ?? describeCondition(step.until, p.entries[p.index] ?? null, lesson.protocol);
}
