import { describe, expect, it } from 'vitest';
import type { TimedAction } from './actions';
import type { TraceEvent } from './trace';
import { PING_LATENCY_US, pingRun } from './test-support/ping-run';
import { InProcessRunner } from '../runner/inprocess';

/**
 * The pause fault's semantics (kernel/pause.ts), on ping with a fixed 10 ms latency so the
 * original order of what waited can be worked out from the trace: S2 is paused from 1 s to 2 s.
 */
const LATENCY = PING_LATENCY_US;
const PAUSE_AT = 1_000_000;
const RESUME_AT = 2_000_000;
const S2 = 1;

const pauseResume: TimedAction[] = [
  { at: PAUSE_AT, action: { kind: 'pause', node: S2 } },
  { at: RESUME_AT, action: { kind: 'resume', node: S2 } },
];

describe('a paused node', () => {
  it('runs no handler while paused, and what waited runs at the resume in canonical order', () => {
    const { runner, trace } = pingRun(pauseResume);
    runner.runUntil(3_000_000);
    const ofS2 = trace.filter((e) => e.node === S2);
    const handled = (e: TraceEvent) => e.kind === 'deliver' || e.kind === 'timer' || e.kind === 'invoke' || e.kind === 'send';
    expect(ofS2.filter((e) => handled(e) && e.at >= PAUSE_AT && e.at < RESUME_AT)).toEqual([]);
    expect(ofS2.filter((e) => e.kind === 'pause').map((e) => e.at)).toEqual([PAUSE_AT]);
    const resume = ofS2.find((e) => e.kind === 'resume')!;
    expect(resume.at).toBe(RESUME_AT);
    // Two peers ping every ~100 ms for a second: about 20 pings and some pongs, and its own timer.
    const held = (resume as Extract<TraceEvent, { kind: 'resume' }>).held;
    expect(held).toBeGreaterThan(20);
    // What ran at the resume: exactly `held` handlers, each a delivery or a timer, in the order
    // their original keys give (due time, then sender, then sequence number).
    const atResume = ofS2.filter((e) => e.at === RESUME_AT && (e.kind === 'deliver' || e.kind === 'timer'));
    expect(atResume.length).toBe(held);
    const originalKey = (e: TraceEvent): [number, number, number] =>
      e.kind === 'deliver' ? [e.sentAt + LATENCY, e.from, e.id.fromSeq] : [0, 0, 0];
    const delivers = atResume.filter((e) => e.kind === 'deliver').map(originalKey);
    const sorted = [...delivers].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    expect(delivers).toEqual(sorted);
    expect(delivers.every(([due]) => due >= PAUSE_AT && due < RESUME_AT)).toBe(true);
    // Its ping timer fell due while paused and fired at the resume, in its place among them.
    const timers = atResume.filter((e) => e.kind === 'timer');
    expect(timers.length).toBe(1);
  });

  it('reads the resume time from ctx.now(), sends with the latency from then, keeps its memory', () => {
    const { runner, trace } = pingRun(pauseResume);
    runner.runUntil(PAUSE_AT + 500_000);
    const frozen = runner.views()[S2]!;
    expect(frozen.up).toBe(true);
    expect(frozen.view?.paused).toBe(true);
    expect(frozen.view?.held).toBeGreaterThan(0);
    const before = frozen.view!.protocol as { boots: number; pongs: number; lastHeardUs: (number | null)[] };
    runner.runUntil(RESUME_AT + 1);
    const after = runner.views()[S2]!.view!;
    expect(after.paused).toBeUndefined();
    const thawed = after.protocol as typeof before;
    // Memory intact: the same boot, its counts carried on; it heard both peers "now", at the resume.
    expect(thawed.boots).toBe(1);
    expect(thawed.pongs).toBeGreaterThanOrEqual(before.pongs);
    expect(thawed.lastHeardUs).toEqual([RESUME_AT, null, RESUME_AT]);
    const pongs = trace.filter((e) => e.node === S2 && e.kind === 'send' && e.at === RESUME_AT);
    expect(pongs.length).toBeGreaterThan(10);
    expect(pongs.every((e) => e.kind === 'send' && e.dueAt === RESUME_AT + LATENCY)).toBe(true);
  });

  it('its peers suspect it while paused and trust it again after the resume', () => {
    const { runner, trace } = pingRun(pauseResume);
    runner.runUntil(3_000_000);
    const about = (what: string) =>
      trace.filter((e) => e.kind === 'observe' && e.what === what && (e.data as { peer: number }).peer === S2).map((e) => e.at);
    expect(about('suspect').length).toBe(2);
    expect(about('suspect').every((t) => t > PAUSE_AT && t < RESUME_AT)).toBe(true);
    expect(about('trust').every((t) => t >= RESUME_AT + LATENCY)).toBe(true);
    expect(about('trust').length).toBe(2);
  });

  it('holds a client operation sent to it and invokes it at the resume', () => {
    const { runner, trace } = pingRun([
      ...pauseResume,
      { at: 1_500_000, action: { kind: 'command', node: S2, command: { type: 'Echo', value: 7 } } },
    ]);
    runner.runUntil(3_000_000);
    const invoke = trace.find((e) => e.kind === 'invoke')!;
    const ret = trace.find((e) => e.kind === 'return')!;
    expect([invoke.at, ret.at]).toEqual([RESUME_AT, RESUME_AT]);
  });

  it('a crash of a paused node loses what waited; the restarted node runs', () => {
    const { runner, trace } = pingRun([
      { at: PAUSE_AT, action: { kind: 'pause', node: S2 } },
      { at: 1_500_000, action: { kind: 'crash', node: S2 } },
      { at: 1_700_000, action: { kind: 'restart', node: S2 } },
      // A resume after the crash finds nothing paused: it changes nothing.
      { at: RESUME_AT, action: { kind: 'resume', node: S2 } },
    ]);
    runner.runUntil(1_499_999);
    const waiting = runner.views()[S2]!.view!.held!;
    runner.runUntil(3_000_000);
    const lost = trace.filter((e) => e.kind === 'drop' && e.to === S2 && e.reason === 'crash' && e.at === 1_500_000);
    // Everything that waited (the messages among it) plus what was still on its way.
    expect(lost.length).toBeGreaterThanOrEqual(waiting - 1);
    expect(trace.filter((e) => e.kind === 'resume')).toEqual([]);
    expect(runner.views()[S2]!.view!.paused).toBeUndefined();
    expect(trace.some((e) => e.node === S2 && e.incarnation === 1 && e.kind === 'deliver' && e.at > 1_700_000 && e.at < RESUME_AT)).toBe(true);
  });

  it('a run restored from a snapshot taken while paused continues to the same trace', () => {
    const whole = pingRun(pauseResume);
    whole.runner.runUntil(3_000_000);
    const part = pingRun(pauseResume);
    part.runner.runUntil(1_400_000);
    const snapshot = JSON.parse(JSON.stringify(part.runner.snapshot()));
    const restored = InProcessRunner.restore(snapshot).runUntil(3_000_000);
    expect(restored.summary().traceHash).toBe(whole.runner.summary().traceHash);
  });

  it('a pause of a node already paused, or a resume of a running one, changes nothing', () => {
    const plain = pingRun([]);
    plain.runner.runUntil(2_000_000);
    const noop = pingRun([{ at: PAUSE_AT, action: { kind: 'resume', node: S2 } }]);
    noop.runner.runUntil(2_000_000);
    const events = (t: TraceEvent[]) => t.filter((e) => e.kind !== 'action').length;
    expect(events(noop.trace)).toBe(events(plain.trace));
    const twice = pingRun([{ at: PAUSE_AT, action: { kind: 'pause', node: S2 } }, ...pauseResume]);
    twice.runner.runUntil(3_000_000);
    expect(twice.trace.filter((e) => e.kind === 'pause').length).toBe(1);
  });
});
