import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mergeHistory, type ClientOp } from '../engine/check/client-history';
import type { TraceEvent } from '../engine/kernel/trace';
import { chaosTimeline } from '../engine/scenario/chaos';
import { defaultScenario, parseScenario, type Scenario } from '../engine/scenario/schema';
import { encodeScenarioLink } from '../engine/scenario/link';
import type { WorkerFactory } from './coordinator';
import { CoordinatorService, STATUS_TRACE_CAP, type CoordinatorStatus } from './coordinator-service';
import { InProcessRunner } from '../engine/runner/inprocess';
import { nodeWorkerFactory } from './node-factory';

/**
 * Long jumps (a link opened at a late time, a far seek) are caught up in one thread and then
 * handed to fresh node workers. The page must not be able to tell: the same time, trace hash,
 * event count, trace, views and checkpoints (seeking back gives the same again) as a service
 * that runs every stretch in the workers.
 */
let factory: WorkerFactory;
beforeAll(async () => {
  factory = await nodeWorkerFactory();
});

const chaotic: Scenario = (() => {
  const base = defaultScenario({ protocol: 'raft', nodes: 5, seed: 21, untilUs: 12_000_000 });
  const chaos = chaosTimeline({ seed: 21, nodes: 5, untilUs: 9_000_000, meanGapUs: 700_000 });
  return { ...base, timeline: chaos.timeline, healedAtUs: chaos.healedAtUs };
})();

/**
 * What the page makes of a session's statuses: its trace (it drops what follows a restart point
 * and appends what comes), time, hash and views. Which checkpoints exist (their spacing follows
 * wall time) may differ between two sessions; what the page shows may not.
 */
function pageViews(statuses: CoordinatorStatus[]) {
  let trace: string[] = [];
  let ats: number[] = [];
  // A status sends the reports that changed (all of them after a rebuild) and the client
  // operations that changed: the page merges them, as app/session/apply-status.ts does.
  let views = new Map<number, unknown[]>();
  let history: ClientOp[] = [];
  return statuses.map((s) => {
    if (s.reportsComplete) views = new Map();
    for (const r of s.reports) views.set(r.id, [r.id, r.up, JSON.stringify(r.view?.protocol ?? null)]);
    history = mergeHistory(history, s.traceRestartedAt, s.history);
    if (s.traceRestartedAt !== null) {
      const keep = ats.findIndex((at) => at >= s.traceRestartedAt!);
      if (keep >= 0) {
        trace = trace.slice(0, keep);
        ats = ats.slice(0, keep);
      }
    }
    for (const e of s.trace as TraceEvent[]) {
      trace.push(`${e.at}/${e.node}/${e.seq}/${e.kind}`);
      ats.push(e.at);
    }
    return {
      now: s.now,
      recordedUntil: s.recordedUntil,
      traceHash: s.traceHash,
      events: s.events,
      trace: trace.slice(),
      views: [...views.values()].sort((a, b) => (a[0] as number) - (b[0] as number)),
      history: history.map((op) => `${op.opId}@${op.call}-${op.ret}:${op.kind}=${op.value}`),
    };
  });
}

describe('catching up in one thread', () => {
  it('looks exactly like running every stretch in the workers', { timeout: 60_000 }, async () => {
    // Sequential calls: each waits for the previous (the service is not reentrant).
    const script = (s: CoordinatorService) => {
      const calls: (() => Promise<CoordinatorStatus>)[] = [
        () => s.seek(7_300_000), // a link opened at 7.3 s
        () => s.runUntil(7_350_000), // playing on, in the workers
        () => s.seek(1_200_000), // back, from the checkpoint at 1 s
        () => s.seek(4_000_000), // forward again, far
        () => s.seek(9_100_000), // forward past where the run had been
      ];
      return calls;
    };
    const run = async (catchUpUs: number, checkpointBytes?: number) => {
      const service = new CoordinatorService(factory, catchUpUs, checkpointBytes);
      try {
        const statuses = [await service.load(chaotic)];
        for (const call of script(service)) statuses.push(await call());
        return pageViews(statuses);
      } finally {
        await service.close();
      }
    };
    const workersOnly = await run(Number.MAX_SAFE_INTEGER);
    const caughtUp = await run(500_000);
    expect(caughtUp.map((s) => s.now)).toEqual([0, 7_300_000, 7_350_000, 1_200_000, 4_000_000, 9_100_000]);
    expect(caughtUp).toEqual(workersOnly);
    // Checkpoints thinned to a budget of two or three snapshots: seeks replay from further back,
    // and show the same.
    const thinned = await run(500_000, 600_000);
    expect(thinned).toEqual(workersOnly);
  });

  it('opens a link at its moment as load then seek would, starting each worker once and early', { timeout: 60_000 }, async () => {
    // Counts workers started and ended, to see spares used and none left behind.
    let spawned = 0;
    let ended = 0;
    const counting: WorkerFactory = {
      spawn: (id, name) => {
        spawned++;
        const worker = factory.spawn(id, name);
        return { ...worker, terminate: () => (ended++, worker.terminate()) };
      },
      channel: () => factory.channel(),
    };
    const open = async (atOnce: boolean) => {
      spawned = ended = 0;
      const service = new CoordinatorService(counting, 500_000);
      try {
        // At once: the cluster shown first, then the status with the checks' results.
        const statuses = atOnce ? [await service.load(chaotic, { at: 7_300_000 }), await service.status()] : [await service.load(chaotic), await service.seek(7_300_000)];
        const then = await service.runUntil(7_400_000); // and it plays on in the workers
        const back = await service.seek(1_500_000); // and goes back from a checkpoint
        const up = back.reports.filter((r) => r.up).length;
        return { shown: pageViews([...statuses, then, back]).slice(statuses.length - 1), spawned, running: spawned - ended, up };
      } finally {
        await service.close();
      }
    };
    const loadThenSeek = await open(false);
    const atOnce = await open(true);
    expect(atOnce.shown[0]!.now).toBe(7_300_000);
    expect(atOnce.shown).toEqual(loadThenSeek.shown);
    // No workers at 0 first: one start per running node after the jump, and one after the seek back.
    expect(atOnce.spawned).toBeLessThan(loadThenSeek.spawned);
    // Spares nobody took were ended: what runs is one worker per server that is up.
    expect(atOnce.running).toBe(atOnce.up);
    expect(loadThenSeek.running).toBe(loadThenSeek.up);
  });

  it('keeps showing a crashed server after a seek back, and no spare slot that never ran', { timeout: 30_000 }, async () => {
    const scenario: Scenario = {
      ...defaultScenario({ protocol: 'raft', nodes: 6, seed: 5, timeline: [{ at: 500_000, action: { kind: 'crash', node: 1 } }] }),
      initiallyDown: [5],
    };
    const service = new CoordinatorService(factory);
    try {
      await service.load(scenario);
      const live = await service.runUntil(3_500_000);
      const back = await service.seek(2_500_000); // from the checkpoint at 2 s: a fresh set of workers
      for (const status of [live, back]) {
        expect(status.reports.map((r) => [r.id, r.up])).toEqual([
          [0, true],
          [1, false],
          [2, true],
          [3, true],
          [4, true],
        ]);
      }
    } finally {
      await service.close();
    }
  });

  it('says who acted in the trace the page gets, from the workers and from a catch-up alike', { timeout: 30_000 }, async () => {
    const service = new CoordinatorService(factory);
    try {
      const scenario: Scenario = {
        ...defaultScenario({ protocol: 'raft', nodes: 3, seed: 2 }),
        timeline: [{ at: 4_000_000, action: { kind: 'crash', node: 2 } }], // the scenario's own
      };
      const actors: (string | undefined)[] = [];
      const collect = (st: CoordinatorStatus) => {
        for (const e of st.trace) if (e.kind === 'action') actors.push(`${e.action.kind}:${e.by ?? 'scenario'}`);
      };
      collect(await service.load(scenario));
      collect(await service.runUntil(500_000));
      await service.act({ kind: 'crash', node: 1 }, 'user');
      collect(await service.runUntil(600_000)); // in the workers
      await service.act({ kind: 'restart', node: 1 }, 'lesson');
      collect(await service.runUntil(6_000_000)); // a catch-up: in one thread
      expect(actors).toEqual(['crash:user', 'restart:lesson', 'crash:scenario']);
    } finally {
      await service.close();
    }
  });

  it('sends a long jump\'s newest events only, with the marked observations of the rest', { timeout: 60_000 }, async () => {
    // A link at 2 minutes: some 50,000 events, more than a status carries.
    const scenario = defaultScenario({ protocol: 'raft', nodes: 5, seed: 4, timeline: [{ at: 30_000_000, action: { kind: 'crash', node: 0 } }] });
    const all: TraceEvent[] = [];
    new InProcessRunner(scenario, { sink: (e) => all.push(e) }).runUntil(120_000_000);
    const service = new CoordinatorService(factory);
    try {
      await service.load(scenario, { markedObservations: ['leader', 'election'] });
      const status = await service.seek(120_000_000);
      expect(all.length).toBeGreaterThan(STATUS_TRACE_CAP);
      const key = (e: TraceEvent) => `${e.at}/${e.node}/${e.seq}/${e.kind}`;
      // The tail the page keeps is exactly the run's newest events.
      expect(status.trace.map(key)).toEqual(all.slice(-STATUS_TRACE_CAP).map(key));
      // What was left out still marks the timeline: every leader and election observation of the head, nothing else.
      const head = all.slice(0, all.length - STATUS_TRACE_CAP);
      const marked = head.filter((e) => e.kind === 'observe' && (e.what === 'leader' || e.what === 'election'));
      expect(marked.length).toBeGreaterThan(1); // the crash at 30 s makes a second election
      expect(status.elidedObservations?.map(key)).toEqual(marked.map(key));
      // And the client history heard every operation of the jump, answered as in the run.
      const invoked = all.filter((e) => e.kind === 'invoke').length;
      const answered = new Set(all.flatMap((e) => (e.kind === 'return' ? [e.opId] : [])));
      expect(status.history.length).toBe(invoked);
      expect(status.history.filter((op) => op.ret !== null).length).toBe(status.history.filter((op) => answered.has(op.opId)).length);
      expect(status.history.filter((op) => op.ret !== null).length).toBeGreaterThan(invoked / 2);
      // A short step sends everything and nothing elided.
      const step = await service.runUntil(120_100_000);
      expect(step.elidedObservations).toBeUndefined();
      expect(step.trace.length).toBeGreaterThan(0);
    } finally {
      await service.close();
    }
  });

  it('keeps a tail as long as ever when the run grows quiet before the jump ends (its guess of where the tail begins fell short)', { timeout: 60_000 }, async () => {
    // Every server down from 100 s: the last 50 s of the jump hold no events, so the tail's
    // stretch, guessed from the rate before, holds too few; the catch-up runs again keeping all.
    const timeline = [0, 1, 2, 3, 4].map((node) => ({ at: 100_000_000, action: { kind: 'crash' as const, node } }));
    const scenario = defaultScenario({ protocol: 'raft', nodes: 5, seed: 4, timeline });
    const all: TraceEvent[] = [];
    new InProcessRunner(scenario, { sink: (e) => all.push(e) }).runUntil(150_000_000);
    const service = new CoordinatorService(factory);
    try {
      await service.load(scenario, { markedObservations: ['leader'] });
      const status = await service.seek(150_000_000);
      expect(all.length).toBeGreaterThan(2 * STATUS_TRACE_CAP);
      const key = (e: TraceEvent) => `${e.at}/${e.node}/${e.seq}/${e.kind}`;
      expect(status.trace.map(key)).toEqual(all.slice(-STATUS_TRACE_CAP).map(key));
      const head = all.slice(0, all.length - STATUS_TRACE_CAP);
      expect(status.elidedObservations?.map(key)).toEqual(head.filter((e) => e.kind === 'observe' && e.what === 'leader').map(key));
    } finally {
      await service.close();
    }
  });

  it('opens a link by its fragment as a load at its moment does, the marked observations named on the way', { timeout: 60_000 }, async () => {
    // The page's entry script hands the coordinator the fragment before the page knows which observations it marks.
    const scenario = defaultScenario({ protocol: 'raft', nodes: 5, seed: 4, timeline: [{ at: 30_000_000, action: { kind: 'crash', node: 0 } }] });
    const fragment = await encodeScenarioLink(scenario, { atUs: 90_000_000 });
    const early = new CoordinatorService(factory);
    const plain = new CoordinatorService(factory);
    try {
      const opening = early.openLink(fragment, { maxNodes: 25 });
      early.markObservations(['leader', 'election']);
      const shown = (await opening)!;
      const status = await early.status();
      const expectedShown = await plain.load(scenario, { at: 90_000_000, markedObservations: ['leader', 'election'] });
      const expected = await plain.status();
      const key = (e: TraceEvent) => `${e.at}/${e.node}/${e.seq}/${e.kind}`;
      expect([shown.now, shown.checking, status.now, status.checking]).toEqual([90_000_000, true, 90_000_000, false]);
      expect(shown.reports).toEqual(expectedShown.reports);
      expect(status.reports).toEqual([]); // the cluster was sent already
      expect(status.traceHash).toBe(expected.traceHash);
      expect(status.trace.map(key)).toEqual(expected.trace.map(key));
      expect(status.elidedObservations?.map(key)).toEqual(expected.elidedObservations?.map(key));
      expect(status.elidedObservations?.length).toBeGreaterThan(1);
      expect(status.history).toEqual(expected.history);
      // What the page would not open this way is declined, and nothing is loaded for it.
      expect(await plain.openLink(await encodeScenarioLink(scenario, {}), { maxNodes: 25 })).toBeNull();
      expect(await plain.openLink(fragment, { maxNodes: 4 })).toBeNull();
      expect(await plain.openLink('s3.not-a-link', { maxNodes: 25 })).toBeNull();
      expect((await plain.status()).now).toBe(90_000_000);
    } finally {
      await early.close();
      await plain.close();
    }
  });
});

describe('a link’s run shown before its checks are done', () => {
  const readScenario = (file: string) => parseScenario(JSON.parse(readFileSync(join(__dirname, '..', 'public', 'scenarios', file), 'utf8')));

  it('shows the cluster at the moment at once, then the checked trace, hash and history; a command meanwhile waits for them', { timeout: 60_000 }, async () => {
    const workersOnly = new CoordinatorService(factory, Number.MAX_SAFE_INTEGER);
    const shownFirst = new CoordinatorService(factory, 500_000);
    try {
      const expected = [await workersOnly.load(chaotic), await workersOnly.runUntil(7_300_000), await workersOnly.runUntil(7_400_000)];
      const shown = await shownFirst.load(chaotic, { at: 7_300_000 });
      expect(shown).toMatchObject({ now: 7_300_000, checking: true, traceHash: '', events: 0, trace: [], violation: null, reportsComplete: true });
      // The cluster is the run's at that moment.
      expect(pageViews([shown])[0]!.views).toEqual(pageViews(expected.slice(0, 2))[1]!.views);
      // Played on at once: the call waits for the checks, whose results come with it.
      const then = await shownFirst.runUntil(7_400_000);
      expect(then.checking).toBe(false);
      expect(pageViews([shown, then])[1]).toEqual(pageViews(expected)[2]);
    } finally {
      await workersOnly.close();
      await shownFirst.close();
    }
  });

  it('goes back to a violation the checks find before the moment, as running there in the workers does', { timeout: 60_000 }, async () => {
    // Two lying PBFT replicas break agreement at 1.55 s; the link says 3 s.
    const scenario = readScenario('pbft-two-liars.json');
    const workersOnly = new CoordinatorService(factory, Number.MAX_SAFE_INTEGER);
    const shownFirst = new CoordinatorService(factory, 500_000);
    try {
      const expected = [await workersOnly.load(scenario), await workersOnly.runUntil(3_000_000)];
      expect(expected[1]!.violation).not.toBeNull();
      const shown = await shownFirst.load(scenario, { at: 3_000_000 });
      expect([shown.now, shown.checking, shown.violation]).toEqual([3_000_000, true, null]);
      const checked = await shownFirst.status();
      expect(checked).toMatchObject({ traceRestartedAt: 0, reportsComplete: true, checking: false, traceHash: expected[1]!.traceHash });
      expect(checked.violation).toEqual(expected[1]!.violation);
      // The workers stop at the end of the stretch in which the violation was folded, as they do
      // when a run plays into one: where that is (and so the time and the nodes' views shown)
      // depends on the checkpoints' places, whose spacing follows wall time. The trace stops at
      // the violation: the trace, its hash and the client history do not depend on it.
      const violatedAt = checked.violation!.event!.at;
      expect(checked.now).toBeGreaterThanOrEqual(violatedAt);
      expect(checked.now).toBeLessThanOrEqual(3_000_000);
      const { trace, history, traceHash, events } = pageViews([shown, checked])[1]!;
      const want = pageViews(expected)[1]!;
      expect({ trace, history, traceHash, events }).toEqual({ trace: want.trace, history: want.history, traceHash: want.traceHash, events: want.events });
      expect(trace[trace.length - 1]).toBe(`${violatedAt}/${checked.violation!.event!.node}/${checked.violation!.event!.seq}/${checked.violation!.event!.kind}`);
    } finally {
      await workersOnly.close();
      await shownFirst.close();
    }
  });

  it('trusts the untraced run only as far as the checks agree: a different state is replaced by the checked run', { timeout: 60_000 }, async () => {
    // A planted difference: the untraced run (only) also crashes S1 at 1 s.
    const restore = InProcessRunner.restore.bind(InProcessRunner);
    const planted = vi.spyOn(InProcessRunner, 'restore').mockImplementation((s, options = {}) => {
      if (options.traced !== false) return restore(s, options);
      const timeline = [...s.scenario.timeline, { at: 1_000_000, action: { kind: 'crash' as const, node: 0 } }].sort((a, b) => a.at - b.at);
      return restore({ ...s, scenario: { ...s.scenario, timeline } }, options);
    });
    const workersOnly = new CoordinatorService(factory, Number.MAX_SAFE_INTEGER);
    const shownFirst = new CoordinatorService(factory, 500_000);
    try {
      const expected = [await workersOnly.load(chaotic), await workersOnly.runUntil(7_300_000)];
      const shown = await shownFirst.load(chaotic, { at: 7_300_000 });
      expect(planted).toHaveBeenCalled();
      expect(pageViews([shown])[0]!.views).not.toEqual(pageViews(expected)[1]!.views);
      const checked = await shownFirst.status();
      expect(checked).toMatchObject({ now: 7_300_000, traceRestartedAt: 0, reportsComplete: true, checking: false });
      expect(pageViews([shown, checked])[1]).toEqual(pageViews(expected)[1]);
    } finally {
      planted.mockRestore();
      await workersOnly.close();
      await shownFirst.close();
    }
  });

  it('lets a newer load replace a run whose checks are still under way', { timeout: 60_000 }, async () => {
    const service = new CoordinatorService(factory);
    try {
      const far = defaultScenario({ protocol: 'raft', nodes: 5, seed: 4 });
      expect((await service.load(far, { at: 300_000_000 })).checking).toBe(true);
      // Not waited for: the next load gives the checks up and runs its own scenario.
      const next = await service.load(chaotic);
      expect([next.now, next.checking]).toEqual([0, false]);
      const played = await service.runUntil(1_000_000);
      expect(played.traceHash).toBe(new InProcessRunner(chaotic).runUntil(1_000_000).summary().traceHash);
    } finally {
      await service.close();
    }
  });
});
