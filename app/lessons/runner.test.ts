import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../engine/scenario/lesson';
import { describeCall, lessonSessionFrom, resolveAction } from './actions';
import { back, canGoBack, canGoNext, isFinished, next, observe, shouldAutoAdvance, startLesson, waitingFor } from './runner';
import { world } from './test-world';
import type { SessionApi } from '../session/commands';

const F = (term = 1) => ({ role: 'follower', term });
const L = (term = 1) => ({ role: 'leader', term });

const lesson = parseLesson({
  version: 1,
  id: 'crash-the-leader',
  title: 'Crash the leader',
  scenario: 'leader-crash.json',
  steps: [
    { text: 'Intro.', do: [{ kind: 'pause' }, { kind: 'setSpeed', speed: 0.05 }] },
    { text: 'Wait for a leader.', do: { kind: 'play' }, until: { kind: 'leaderElected' }, autoAdvance: true },
    { text: 'Crash it.', until: { kind: 'nodeCrashed', who: 'leader' }, waitingFor: 'you to crash the leader' },
    { text: 'A new one.', until: { kind: 'leaderElected', newTerm: true } },
    { text: 'Done.', do: { kind: 'crash', node: 'leader' } },
  ],
});

describe('the lesson runner', () => {
  it('enters the first step and asks for its actions', () => {
    const { progress, effects } = startLesson(lesson, world([F(), F(), F()]));
    expect(progress.index).toBe(0);
    expect(effects.calls).toEqual([
      { name: 'pause', args: [] },
      { name: 'setSpeed', args: [0.05] },
    ]);
    expect(canGoNext(lesson, progress)).toBe(true);
    expect(canGoBack(progress)).toBe(false);
    expect(waitingFor(lesson, progress)).toBeNull();
  });

  it('keeps Next disabled until the condition holds, then auto-advances if asked', () => {
    const noLeader = world([F(), F(), F()]);
    let { progress } = startLesson(lesson, noLeader);
    const step2 = next(lesson, progress, noLeader);
    expect(step2.effects.calls).toEqual([{ name: 'play', args: [] }]);
    progress = observe(lesson, step2.progress, noLeader);
    expect(progress).toBe(step2.progress); // unchanged: the same object
    expect(canGoNext(lesson, progress)).toBe(false);
    expect(waitingFor(lesson, progress)).toBe('a leader to be elected');
    expect(next(lesson, progress, noLeader).progress).toBe(progress);

    progress = observe(lesson, progress, world([F(), L(), F()]));
    expect(canGoNext(lesson, progress)).toBe(true);
    expect(shouldAutoAdvance(lesson, progress)).toBe(true);
    expect(waitingFor(lesson, progress)).toBeNull();
  });

  it('waits for the learner, with the step\'s own hint, and remembers the leader of the step start', () => {
    const led = world([F(), L(), F()]);
    let p = startLesson(lesson, led).progress;
    p = next(lesson, p, led).progress;
    p = observe(lesson, p, led);
    p = next(lesson, p, led).progress;
    expect(p.index).toBe(2);
    expect(waitingFor(lesson, p)).toBe('you to crash the leader');
    expect(shouldAutoAdvance(lesson, p)).toBe(false);
    // S1 crashing is not what was asked.
    p = observe(lesson, p, world([null, L(), F()]));
    expect(canGoNext(lesson, p)).toBe(false);
    p = observe(lesson, p, world([F(), null, F()]));
    expect(canGoNext(lesson, p)).toBe(true);
  });

  it('goes Back without repeating actions, and a met step stays met', () => {
    const led = world([F(), L(), F()]);
    let p = startLesson(lesson, led).progress;
    p = next(lesson, p, led).progress;
    p = observe(lesson, p, led);
    p = next(lesson, p, led).progress;
    p = back(p);
    expect(p.index).toBe(1);
    // The run moved on (no leader now), but step 2 was met: Next stays enabled.
    p = observe(lesson, p, world([F(), null, F()]));
    expect(canGoNext(lesson, p)).toBe(true);
    const again = next(lesson, p, world([F(), null, F()]));
    expect(again.progress.index).toBe(2);
    expect(again.effects.calls).toEqual([]);
    expect(back(startLesson(lesson, led).progress).index).toBe(0);
  });

  it('resolves roles when a step is entered, and reports what it cannot do', () => {
    const noLeader = world([F(), F(), F()]);
    let p = startLesson(lesson, noLeader).progress;
    p = { ...p, index: 3, met: p.met.map(() => true) };
    const missing = next(lesson, p, noLeader);
    expect(missing.progress.index).toBe(4);
    expect(missing.effects.calls).toEqual([]);
    expect(missing.effects.problems).toEqual(['Could not crash the server: there is no leader right now.']);
    const withLeader = next(lesson, p, world([F(2), F(2), L(2)]));
    expect(withLeader.effects.calls).toEqual([{ name: 'crash', args: [2] }]);
    expect(isFinished(lesson, withLeader.progress)).toBe(true);
  });
});

describe('lesson actions', () => {
  const w = world([F(), L(), F(), F(), F()]);

  it('maps each action to a named command with resolved servers', () => {
    expect(resolveAction({ kind: 'seek', atMs: 740 }, w)).toEqual({ ok: true, call: { name: 'seek', args: [740_000] } });
    expect(resolveAction({ kind: 'cutLink', from: 'leader', to: 'follower' }, w)).toEqual({ ok: true, call: { name: 'cutLink', args: [1, 0, false] } });
    expect(resolveAction({ kind: 'partition', groups: [['leader', 'follower'], [2, 3, 4]] }, w)).toEqual({
      ok: true,
      call: { name: 'partition', args: [[[1, 0], [2, 3, 4]]] },
    });
    expect(resolveAction({ kind: 'setNetwork', latencyMs: { min: 50, max: 200 }, lossRate: 0.1 }, w)).toEqual({
      ok: true,
      call: { name: 'setNetwork', args: [{ latencyUs: { min: 50_000, max: 200_000 }, lossRate: 0.1 }] },
    });
    expect(resolveAction({ kind: 'addServer' }, w)).toEqual({ ok: true, call: { name: 'addServer', args: [] } });
    expect(describeCall({ name: 'crash', args: [1] })).toBe('crash S2');
  });

  it('adapts the page session: load and named commands', async () => {
    const calls: string[] = [];
    const fake = new Proxy({} as SessionApi & { load(s: unknown): Promise<boolean> }, {
      get: (_t, name: string) => (...args: unknown[]) => {
        calls.push(`${name}(${JSON.stringify(args)})`);
        return Promise.resolve(true);
      },
    });
    const s = lessonSessionFrom(fake);
    s.command('crash', 2);
    s.command('setSpeed', 0.5);
    await s.load({ version: 1 } as never);
    expect(calls).toEqual(['crash([2])', 'setSpeed([0.5])', 'load([{"version":1}])']);
  });
});
