import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../engine/kernel/trace';
import { parseLesson, type ProtocolWord } from '../../engine/scenario/lesson';
import { parseScenario } from '../../engine/scenario/schema';
import { eventsBetween } from './between-frames';
import { protocolCondition } from './conditions';
import { advanceFrom, canGoNext, LESSON_TICK_US, next, observe, shouldAutoAdvance, startLesson } from './runner';
import { world } from './test-world';
import { walkLesson } from './walk';
import type { LessonWorld } from './world';

/**
 * The page judges a step's wait condition at every frame it draws, and on every trace event
 * between two frames (between-frames.ts): a state that lasts less than a frame is not stepped
 * over. Each test builds frames that skip over the moment the condition held (the condition is
 * false in every frame) and checks that the step is met all the same; judged on the frames
 * alone, as the page used to, it is not (asserted too, so the frames really do skip it).
 */
const F = (term = 1) => ({ role: 'follower', term });
const L = (term = 1) => ({ role: 'leader', term });
const ev = (e: Partial<TraceEvent> & Pick<TraceEvent, 'kind' | 'at' | 'node'>) => ({ incarnation: 0, seq: 0, ...e }) as TraceEvent;

const steps = (until: unknown) =>
  parseLesson({
    version: 1,
    id: 'between',
    title: 'Between frames',
    scenario: 'x.json',
    steps: [{ text: 'Intro.' }, { text: 'Wait.', until, autoAdvance: true }, { text: 'Done.' }],
  });

/** Enters step 2 in `first`, then judges it at `second` (frames only, and with the events between). */
function judge(until: unknown, first: LessonWorld, second: LessonWorld) {
  const lesson = steps(until);
  let p = startLesson(lesson, first).progress;
  p = next(lesson, p, first).progress;
  return { lesson, framesOnly: observe(lesson, p, second), withEvents: observe(lesson, p, second, first) };
}

describe('judging a wait condition between two frames', () => {
  it('sees a crash and restart that both fall between two frames, and the step moves on', () => {
    const first = world([L(), F(), F()], { now: 100_000, trace: [ev({ kind: 'timer', at: 90_000, node: 0 })] });
    const second = world([L(), F(), F()], {
      now: 260_000,
      trace: [...first.trace, ev({ kind: 'crash', at: 120_000, node: 1 }), ev({ kind: 'start', at: 150_000, node: 1, incarnation: 1 })],
    });
    const { lesson, framesOnly, withEvents } = judge({ kind: 'nodeCrashed', who: 'any' }, first, second);
    expect(framesOnly.met[1]).toBe(false);
    expect(withEvents.met[1]).toBe(true);
    expect(shouldAutoAdvance(lesson, withEvents)).toBe(true);
    expect(next(lesson, withEvents, second).progress.index).toBe(2);
  });

  it('follows crashes and starts to count nodes down at once, and a partition healed within a frame', () => {
    const first = world([L(), F(), F(), F(), F()], { now: 0, trace: [] });
    const down = (node: number, at: number) => ev({ kind: 'crash', at, node });
    const up = (node: number, at: number) => ev({ kind: 'start', at, node, incarnation: 1 });
    // Two down at once (1 and 2 between 20 and 30 ms), never in a frame.
    const second = world([L(), F(), F(), F(), F()], { now: 100_000, trace: [down(1, 10_000), down(2, 20_000), up(1, 30_000), up(2, 40_000)] });
    expect(judge({ kind: 'nodesDown', atLeast: 2 }, first, second).withEvents.met[1]).toBe(true);
    expect(judge({ kind: 'nodesDown', atLeast: 2 }, first, second).framesOnly.met[1]).toBe(false);
    // Never two at once: not met.
    const apart = world([L(), F(), F(), F(), F()], { now: 100_000, trace: [down(1, 10_000), up(1, 20_000), down(2, 30_000), up(2, 40_000)] });
    expect(judge({ kind: 'nodesDown', atLeast: 2 }, first, apart).withEvents.met[1]).toBe(false);

    const act = (at: number, action: object) => ev({ kind: 'action', at, node: -1, action } as Partial<TraceEvent> & Pick<TraceEvent, 'kind' | 'at' | 'node'>);
    const healedAgain = world([L(), F(), F()], { now: 100_000, trace: [act(10_000, { kind: 'partition', groups: [[0], [1, 2]] }), act(50_000, { kind: 'heal' })] });
    expect(judge({ kind: 'partitioned' }, first, healedAgain).withEvents.met[1]).toBe(true);
    expect(judge({ kind: 'partitioned' }, first, healedAgain).framesOnly.met[1]).toBe(false);
  });

  it('judges only events after the step began, and nothing when the run went back', () => {
    const first = world([L(), F(), F()], { now: 200_000, trace: [ev({ kind: 'crash', at: 150_000, node: 1 }), ev({ kind: 'start', at: 160_000, node: 1, incarnation: 1 })] });
    // The crash was before the step (already in the first frame): not met.
    const later = world([L(), F(), F()], { now: 300_000, trace: [...first.trace, ev({ kind: 'timer', at: 250_000, node: 0 })] });
    expect(judge({ kind: 'nodeCrashed', who: 'any' }, first, later).withEvents.met[1]).toBe(false);
    // A seek back shows the past again: its events are not new.
    const back = world([L(), F(), F()], { now: 100_000, trace: [ev({ kind: 'crash', at: 90_000, node: 1 })] });
    expect(eventsBetween(first, back)).toEqual([]);
  });

  it('finds the new events of a capped trace, without a replay of the run', () => {
    const old = Array.from({ length: 5 }, (_, i) => ev({ kind: 'timer', at: i * 10, node: 0, seq: i + 1 }));
    const fresh = Array.from({ length: 3 }, (_, i) => ev({ kind: 'timer', at: 50 + i * 10, node: 0, seq: 6 + i }));
    const before = { now: 40, trace: old };
    // The store drops its oldest events past its cap: the new ones are still told apart.
    expect(eventsBetween(before, { now: 70, trace: [...old.slice(3), ...fresh] })).toEqual(fresh);
    expect(eventsBetween(before, { now: 40, trace: old })).toEqual([]);
  });
});

describe('the ring lesson at high speed: "a chunk of keys on its way"', () => {
  const publicDir = join(__dirname, '..', '..', 'public');
  const read = (path: string) => JSON.parse(readFileSync(join(publicDir, path), 'utf8')) as unknown;

  it('is met from frames 160 ms apart (4x at 25 frames a second) that never show a chunk in flight', async () => {
    const lesson = parseLesson(read('lessons/a-node-joins-the-ring.json'));
    const scenario = parseScenario(read(`scenarios/${lesson.scenario}`));
    // Step 5 ("Watch the first chunks leave", until ring.moving), entered and playing.
    const { session, progress: entered } = await walkLesson(lesson, scenario, { stopAtStep: 4 });
    expect(entered.index).toBe(4);
    // The page's frames: what the store holds after each status (a new trace array each time).
    const frame = (): LessonWorld => ({ ...session.world(), trace: session.trace.slice() });
    // Whether the frame shows a chunk in flight: the ring's own word, judged on the frame.
    const moving = (w: LessonWorld) => protocolCondition('ring.moving')!.holds({ kind: 'ring.moving' }, w, entered.entries[4]!);
    const strideUs = 160_000;
    // Frames placed where no chunk is in flight: each one 160 ms on, moved back a little if need be.
    let previous = frame();
    let framesOnly = entered;
    let withEvents = entered;
    let met: { previous: LessonWorld; shown: LessonWorld } | null = null;
    for (let i = 0; i < 12 && !withEvents.met[4]; i++) {
      const target = session.runner!.now + strideUs;
      session.runner!.runUntil(target - 20_000);
      while (moving(frame()) && session.runner!.now < target + 80_000) session.runner!.runUntil(session.runner!.now + 1_000);
      const shown = frame();
      expect(moving(shown), `frame at ${shown.now} µs`).toBe(false);
      framesOnly = observe(lesson, framesOnly, shown);
      withEvents = observe(lesson, withEvents, shown, previous);
      if (withEvents.met[4]) met = { previous, shown };
      previous = shown;
    }
    // A chunk went out in between (the ring's Transfer), yet no frame showed it.
    expect(session.trace.some((e) => e.kind === 'send' && e.msg.type === 'Transfer' && e.at >= entered.entries[4]!.atUs)).toBe(true);
    expect(framesOnly.met[4]).toBe(false);
    expect(withEvents.met[4]).toBe(true);
    expect(canGoNext(lesson, withEvents)).toBe(true);
    expect(shouldAutoAdvance(lesson, withEvents)).toBe(true);
    expect(next(lesson, withEvents, previous).progress.index).toBe(5);
    // Step 6 pauses to say "the first chunks are on their way": the page goes back to when the
    // first chunk left (the frame shows none in flight any more), at the first instant the walk
    // looks at the run after it (every 5 ms from the step's start): where the walk enters step 6.
    const firstChunk = session.trace.find((e) => e.kind === 'send' && e.msg.type === 'Transfer' && e.at >= entered.entries[4]!.atUs)!;
    const from = advanceFrom(lesson, withEvents, met!.previous, met!.shown)!;
    expect(from).toBeGreaterThanOrEqual(firstChunk.at);
    expect(from - firstChunk.at).toBeLessThan(LESSON_TICK_US);
    expect((from - entered.entries[4]!.atUs) % LESSON_TICK_US).toBe(0);
    expect(from).toBeLessThan(met!.shown.now);
    const { steps: walked } = await walkLesson(lesson, scenario, { stopAtStep: 5 });
    expect(walked[4]!.metAtUs).toBe(from);
  });

  it('goes back to the instant S6 joined when that fell inside a frame, since step 4 narrates it paused', async () => {
    const lesson = parseLesson(read('lessons/a-node-joins-the-ring.json'));
    const scenario = parseScenario(read(`scenarios/${lesson.scenario}`));
    // Step 3 plays at a quarter of real time until S6's "status" observation; one big frame at 50x.
    const { session, progress } = await walkLesson(lesson, scenario, { stopAtStep: 2 });
    const before: LessonWorld = { ...session.world(), trace: session.trace.slice() };
    session.runner!.runUntil(before.now + 5_000_000);
    const after: LessonWorld = { ...session.world(), trace: session.trace.slice() };
    const met = observe(lesson, progress, after, before);
    expect(met.met[2]).toBe(true);
    const joined = session.trace.find((e) => e.kind === 'observe' && e.what === 'status')!;
    expect(advanceFrom(lesson, met, before, after)).toBe(joined.at);
    // Met in the frame itself (no frame before it to go back within): move on from there.
    expect(advanceFrom(lesson, met, after, after)).toBeNull();
  });

  it('moves on from the frame shown when the next step acts on the run rather than pausing', () => {
    const lesson = parseLesson({
      version: 1,
      id: 'acts',
      title: 'Acts',
      scenario: 'x.json',
      steps: [{ text: 'Wait.', until: { kind: 'nodeCrashed', who: 'any' }, autoAdvance: true }, { text: 'Crash.', do: [{ kind: 'pause' }, { kind: 'crash', node: 2 }] }],
    });
    const first = world([L(), F(), F()], { now: 100_000, trace: [] });
    const second = world([L(), F(), F()], { now: 260_000, trace: [ev({ kind: 'crash', at: 120_000, node: 1 }), ev({ kind: 'start', at: 150_000, node: 1, incarnation: 1 })] });
    const p = observe(lesson, startLesson(lesson, first).progress, second, first);
    expect(p.met[0]).toBe(true);
    expect(advanceFrom(lesson, p, first, second)).toBeNull();
    const still = parseLesson({ ...lesson, steps: [lesson.steps[0], { text: 'Look.', do: { kind: 'pause' } }] });
    // The crash at 120 ms, seen at the walk's next look from the step's start (100 ms): 120 ms.
    expect(advanceFrom(still, observe(still, startLesson(still, first).progress, second, first), first, second)).toBe(120_000);
  });
});

describe('a protocol word judged on an event says no more than its state says', () => {
  const publicDir = join(__dirname, '..', '..', 'public');
  const read = (path: string) => JSON.parse(readFileSync(join(publicDir, path), 'utf8')) as unknown;
  // Each lesson step whose word has a `heldAt`, walked event by event from where the step begins.
  const cases: [file: string, stepIndex: number][] = [
    ['a-node-joins-the-ring.json', 4],
    ['the-breaker-opens.json', 2],
    ['the-breaker-opens.json', 4],
    ['two-random-choices.json', 2],
  ];
  for (const [file, index] of cases) {
    it(`${file}, step ${index + 1}: right after every event its heldAt accepts, the state holds`, async () => {
      const lesson = parseLesson(read(`lessons/${file}`));
      const until = lesson.steps[index]!.until as ProtocolWord;
      const ui = protocolCondition(until.kind)!;
      expect(ui.heldAt).toBeDefined();
      const scenario = parseScenario(read(`scenarios/${lesson.scenario}`));
      const { session, progress } = await walkLesson(lesson, scenario, { stopAtStep: index });
      const entry = progress.entries[index]!;
      const runner = session.runner!;
      let accepted = 0;
      for (let i = 0; i < 40_000 && runner.now < entry.atUs + 6_000_000; i++) {
        const seen = session.trace.length;
        if (!runner.step()) break;
        const fresh = session.trace.slice(seen).filter((e) => ui.heldAt!(until, e, entry));
        if (fresh.length === 0) continue;
        accepted++;
        expect(ui.holds(until, session.world(), entry), `after ${JSON.stringify(fresh[0])}`).toBe(true);
      }
      expect(accepted).toBeGreaterThan(0);
    });
  }
});
