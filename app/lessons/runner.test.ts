import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../engine/scenario/lesson';
import { describeCall, lessonSessionFrom, resolveAction } from './actions';
import { back, canGoBack, canGoNext, forgetFuture, isFinished, next, observe, shouldAutoAdvance, startLesson, waitingFor } from './runner';
import { world } from './test-world';

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

  it('goes Back to the moment a step began, without repeating its actions; a met step stays met', () => {
    const led = world([F(), L(), F()], { now: 1_000, playing: true, speed: 0.05 });
    let p = startLesson(lesson, world([F(), F(), F()], { now: 0, playing: false, speed: 0.1 })).progress;
    p = next(lesson, p, led).progress; // step 2 entered at 1 ms, playing at 0.05x
    p = observe(lesson, p, led);
    p = next(lesson, p, world([F(), L(), F()], { now: 2_000 })).progress;
    const later = world([F(), null, F()], { now: 5_000 });
    const backed = back(lesson, p, later);
    p = backed.progress;
    expect(p.index).toBe(1);
    // The run returns to 1 ms with the clock of then, and step 2's own `play` runs again.
    expect(backed.effects.calls).toEqual([
      { name: 'seek', args: [1_000] },
      { name: 'setSpeed', args: [0.05] },
      { name: 'play', args: [] },
      { name: 'play', args: [] },
    ]);
    // The run moved on (no leader now), but step 2 was met: Next stays enabled.
    p = observe(lesson, p, later);
    expect(canGoNext(lesson, p)).toBe(true);
    // Forward to step 3 again: back to its moment, and its condition's "since" is still then.
    const again = next(lesson, p, later);
    expect(again.progress.index).toBe(2);
    expect(again.effects.calls).toEqual([
      { name: 'seek', args: [2_000] },
      { name: 'setSpeed', args: [0.1] },
    ]);
    expect(again.progress.entries[2]!.roles.leader).toEqual([1]);
    expect(back(lesson, startLesson(lesson, led).progress, led).progress.index).toBe(0);
  });

  it('repeats no crash on a revisit, but does once a fork erased it', () => {
    const led = world([F(), L(), F()], { now: 1_000 });
    let p = startLesson(lesson, led).progress;
    p = { ...p, index: 3, met: p.met.map(() => true) };
    p = next(lesson, p, world([F(), L(), F()], { now: 3_000 })).progress; // step 5 crashes the leader at 3 ms
    expect(p.entries[4]!.atUs).toBe(3_000);
    p = back(lesson, p, led).progress;
    const revisit = next(lesson, p, led);
    expect(revisit.effects.calls.map((c) => c.name)).toEqual(['seek', 'setSpeed']);
    // The learner went back to 0.5 ms and acted: the old future (the crash at 3 ms) is gone.
    const forked = forgetFuture(p, 500);
    expect(forked.entries[4]).toBeNull();
    expect(forked.entries[3]!.atUs).toBe(1_000); // entered later than the fork, but on screen: kept
    expect(forgetFuture(p, 3_000)).toBe(p); // nothing after 3 ms: unchanged, the same object
    const anew = next(lesson, forked, world([F(), L(), F()], { now: 2_500 }));
    expect(anew.effects.calls).toEqual([{ name: 'crash', args: [1] }]);
    expect(anew.progress.entries[4]!.atUs).toBe(2_500);
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
    expect(resolveAction({ kind: 'raft.addServer' }, w)).toEqual({ ok: true, call: { name: 'addServer', args: [] } });
    expect(resolveAction({ kind: 'raft.forceTimeout', node: 'follower' }, w)).toEqual({ ok: true, call: { name: 'forceTimeout', args: [0] } });
    // A protocol's action outside its protocol, or a role nobody holds, is a problem to show.
    expect(resolveAction({ kind: 'raft.addServer' }, { ...w, protocol: 'ping' })).toEqual({ ok: false, problem: 'Could not do "raft.addServer" in ping.' });
    expect(resolveAction({ kind: 'raft.clientWrite', node: 'leader' }, world([F(), F()]))).toEqual({ ok: false, problem: 'Could not send a write: there is no leader right now.' });
    expect(describeCall({ name: 'crash', args: [1] })).toBe('crash S2');
  });

  it('adapts the page session: load and named commands, acting as the lesson', async () => {
    const calls: string[] = [];
    let actor = 'user';
    const fake = new Proxy({} as { command(name: string, ...args: unknown[]): void; load(s: unknown): Promise<boolean>; actingAs(a: string, f: () => void): void }, {
      get: (_t, name: string) =>
        name === 'actingAs'
          ? (a: string, f: () => void) => {
              actor = a;
              f();
              actor = 'user';
            }
          : (...args: unknown[]) => {
              calls.push(`${name}(${JSON.stringify(args)}) by ${actor}`);
              return Promise.resolve(true);
            },
    });
    const s = lessonSessionFrom(fake);
    s.command('crash', 2);
    s.command('setSpeed', 0.5);
    await s.load({ version: 1 } as never);
    // Every command goes through the session's one dispatcher, by name.
    expect(calls).toEqual(['command(["crash",2]) by lesson', 'command(["setSpeed",0.5]) by lesson', 'load([{"version":1}]) by user']);
  });
});
