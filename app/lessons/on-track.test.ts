import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../engine/scenario/lesson';
import { offTrack } from './on-track';
import { back, next, observe, startLesson, type LessonProgress } from './runner';
import { world } from './test-world';

const F = (term = 1) => ({ role: 'follower', term });
const L = (term = 1) => ({ role: 'leader', term });

const lesson = parseLesson({
  version: 2,
  id: 'crash-the-leader',
  protocol: 'raft',
  title: 'Crash the leader',
  scenario: 'leader-crash.json',
  steps: [
    { text: 'Wait for a leader.', do: { kind: 'play' }, until: { kind: 'raft.leaderElected' } },
    { text: 'S1 won. Now crash it.', until: { kind: 'nodeCrashed', who: 'leader' } },
    { text: 'No more heartbeats: a new leader comes.', until: { kind: 'raft.leaderElected', newTerm: true } },
    { text: 'A fixed moment.', do: { kind: 'seek', atMs: 900 } },
    { text: 'The end.' },
  ],
});

/** Step 1 met at 100 ms (S1 leads), step 2 entered then. */
function atStep2(): LessonProgress {
  const start = startLesson(lesson, world([F(0), F(0), F(0)], { now: 0 })).progress;
  const led = world([L(), F(), F()], { now: 100_000 });
  return next(lesson, observe(lesson, start, led), led).progress;
}

describe('whether the card tells the truth about the run', () => {
  it('is on track as the lesson goes', () => {
    const p = atStep2();
    expect(offTrack(lesson, p, world([L(), F(), F()], { now: 150_000 }))).toBeNull();
  });

  it('says so when the learner scrubs back to before the step began', () => {
    const p = atStep2();
    // At 50 ms nobody leads yet: "S1 won" would be false.
    expect(offTrack(lesson, p, world([F(), F(), F()], { now: 50_000 }))).toEqual({ kind: 'before', momentUs: 100_000 });
  });

  it('says so when the learner undoes what the step goes on from (restarts the crashed leader too early)', () => {
    let p = atStep2();
    const crashed = world([null, F(), F()], { now: 200_000 });
    p = next(lesson, observe(lesson, p, crashed), crashed).progress;
    expect(offTrack(lesson, p, world([null, F(), F()], { now: 250_000 }))).toBeNull();
    expect(offTrack(lesson, p, world([F(), F(), F()], { now: 260_000 }))).toEqual({ kind: 'undone', momentUs: 200_000, premise: 'crash the leader (S1)', premiseStep: 1 });
    // Once the step's own condition is met, the lesson has moved on: no warning.
    const led = world([F(2), L(2), F(2)], { now: 300_000 });
    expect(offTrack(lesson, observe(lesson, p, led), led)).toBeNull();
  });

  it('says so when the learner, back at a step, runs on past where the next step began', () => {
    let p = atStep2();
    const crashed = world([null, F(), F()], { now: 200_000 });
    p = next(lesson, observe(lesson, p, crashed), crashed).progress;
    p = back(lesson, p, crashed).progress;
    expect(p.index).toBe(1);
    expect(offTrack(lesson, p, world([null, F(), F()], { now: 250_000 }))).toEqual({ kind: 'after', momentUs: 100_000, nextStepUs: 200_000 });
  });

  it('takes a step\'s own seek as its moment (Figure 8\'s pinned moments)', () => {
    let p = atStep2();
    const crashed = world([null, F(), F()], { now: 200_000 });
    p = next(lesson, observe(lesson, p, crashed), crashed).progress;
    const led = world([F(2), L(2), F(2)], { now: 300_000 });
    p = next(lesson, observe(lesson, p, led), led).progress;
    expect(p.index).toBe(3);
    expect(offTrack(lesson, p, world([F(2), L(2), F(2)], { now: 300_000 }))).toEqual({ kind: 'before', momentUs: 900_000 });
    expect(offTrack(lesson, p, world([F(2), L(2), F(2)], { now: 900_000 }))).toBeNull();
  });
});
