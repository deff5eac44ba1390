import type { Lesson, LessonCondition, LessonStep } from '../../engine/scenario/lesson';
import { fromMs, type Micros } from '../../engine/kernel/time';
import { conditionHolds, describeCondition } from './conditions';
import type { LessonProgress } from './runner';
import type { LessonWorld } from './world';

/**
 * Whether the step on screen still tells the truth about the run on screen (issue 11). A step's
 * text narrates the run from the moment it began: what the earlier steps waited for has
 * happened, and what later steps narrate has not. The learner can break that: scrub back to
 * before the step began (its election has not happened there), run on past where the next
 * step began (the card talks of a state that is over), or undo what the step goes on from
 * (restart the crashed leader before the new one is elected; see LEARNER_MADE). Then the card says so, and what
 * brings the run back to the step, instead of narrating something false. Pure: tested without
 * a page, over every built-in lesson (on-track.test.ts).
 */
export type OffTrack =
  /** The run is before the step's moment: what it narrates has not happened yet. */
  | { kind: 'before'; momentUs: Micros }
  /** The run is at or past where the next step begins: the step's text is out of date. */
  | { kind: 'after'; momentUs: Micros; nextStepUs: Micros }
  /** What an earlier step waited for, which this step goes on from, no longer holds. */
  | { kind: 'undone'; momentUs: Micros; premise: string; premiseStep: number };

/** Where a step's own `seek` puts the run (Figure 8's steps show fixed moments), or null. */
function seekTarget(step: LessonStep): Micros | null {
  let at: Micros | null = null;
  for (const action of step.do) if (action.kind === 'seek') at = fromMs(action.atMs);
  return at;
}

/**
 * The moment a step narrates from: where its own seek puts the run, else when it was first
 * entered. Null for a step not entered yet (or forgotten by a fork).
 */
export function stepMoment(lesson: Lesson, p: LessonProgress, index: number): Micros | null {
  const step = lesson.steps[index];
  if (!step) return null;
  const seek = seekTarget(step);
  if (seek !== null) return seek;
  return p.entries[index]?.atUs ?? null;
}

/**
 * The conditions a learner meets by acting on the run (a crash, a restart, a partition, a heal,
 * the network), which a learner can also undo out of order. A protocol's own states (a breaker
 * half-open, a queue at 4, keys on their way) come and go by themselves as the run goes on, so
 * their passing says nothing about the learner: they are not judged.
 */
const LEARNER_MADE: ReadonlySet<string> = new Set(['nodeCrashed', 'nodesDown', 'nodeRestarted', 'partitioned', 'healed', 'network']);

/** What this step's text goes on from: the nearest earlier step's condition, when a learner made it. */
function premiseOf(lesson: Lesson, p: LessonProgress, index: number): { index: number; until: LessonCondition } | null {
  for (let i = index - 1; i >= 0; i--) {
    const until = lesson.steps[i]!.until;
    if (!until) continue;
    return p.entries[i] && LEARNER_MADE.has(until.kind) ? { index: i, until } : null;
  }
  return null;
}

/** Whether the current step's narration is off track in `world`, and how; null when it reads true. */
export function offTrack(lesson: Lesson, p: LessonProgress, world: LessonWorld): OffTrack | null {
  const index = p.index;
  const moment = stepMoment(lesson, p, index);
  if (moment === null) return null;
  if (world.now < moment) return { kind: 'before', momentUs: moment };
  const following = stepMoment(lesson, p, index + 1);
  if (following !== null && following > moment && world.now >= following) return { kind: 'after', momentUs: moment, nextStepUs: following };
  // Once the step's own condition was met, the learner has done what it asked: later changes
  // (healing the partition the step asked for) are the lesson going on, not going wrong.
  if (p.met[index] && lesson.steps[index]!.until) return null;
  const premise = premiseOf(lesson, p, index);
  // The page keeps the newest events only: a premise about events older than those cannot be judged.
  const judged = premise !== null && (world.trace[0]?.at ?? 0) <= p.entries[premise.index]!.atUs;
  if (premise && judged && !conditionHolds(premise.until, world, p.entries[premise.index]!)) {
    return { kind: 'undone', momentUs: moment, premise: describeCondition(premise.until, p.entries[premise.index]!, lesson.protocol), premiseStep: premise.index };
  }
  return null;
}
