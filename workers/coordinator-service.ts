import type { Action, Actor, TimedAction } from '../engine/kernel/actions';
import type { NetworkModel } from '../engine/kernel/faults';
import type { TraceEvent } from '../engine/kernel/trace';
import type { Micros } from '../engine/kernel/time';
import { InProcessRunner, type InProcessSnapshot } from '../engine/runner/inprocess';
import type { RunSummary } from '../engine/runner/summary';
import { parseScenario, type Scenario } from '../engine/scenario/schema';
import { decodeScenarioLink } from '../engine/scenario/link';
import { checkClientHistory, ClientHistoryRecorder, type ClientOp, type HistoryVerdict } from '../engine/check/client-history';
import { catchUpSpacing, CheckpointStore, MAX_CHECKPOINT_BYTES } from './checkpoints';
import { SpareWorkers } from './spare-workers';
import { TraceTail } from './trace-tail';
import { yieldToEventLoop } from './yield';
import { nodeName, type TopologyLayout } from '../engine/kernel/topology';
import { prepareRun } from '../engine/runner/setup';
import { WorkerCoordinator, type WorkerFactory } from './coordinator';
import type { NodeReport } from './wire';

/** The checker's verdict on the client history up to `upTo` (see `checkHistory`). */
export interface CheckedHistory {
  verdict: HistoryVerdict;
  upTo: Micros;
  /** Too many operations: the later ones were not recorded, nor judged. */
  overflow: boolean;
}

export type LinkStatus = { cuts: string[]; groups: number[][] | null; network: NetworkModel };

/**
 * What changed since the previous status (the page keeps the rest): sent after every call, up to
 * 25 times a second, so it carries deltas rather than the whole picture each time.
 */
export interface CoordinatorStatus {
  now: Micros;
  /** The furthest time this run has reached; less than `now` never, more after a seek back. */
  recordedUntil: Micros;
  traceHash: string;
  events: number;
  /** The nodes whose report changed since the previous status; every node's if `reportsComplete`. */
  reports: NodeReport[];
  /** Set after a load or a rebuild from a checkpoint: `reports` is the whole cluster, replace it. */
  reportsComplete: boolean;
  /** The network's state, or null when it is as in the previous status. */
  links: LinkStatus | null;
  /**
   * The safety violation that stopped the run, if any. End-of-run checks (liveness, the client
   * history's linearizability) are the summary's, not judged mid-run.
   */
  violation: RunSummary['violations'][number] | null;
  /**
   * Trace events folded since the last status, in canonical order: the newest STATUS_TRACE_CAP of
   * them. A jump (a link at minute 60 folds 1.4 million) sends only the tail the page keeps.
   */
  trace: TraceEvent[];
  /**
   * What a jump's elided head held that the page still needs: its observations of the kinds the
   * load named (`markedObservations`: those the page marks on its timeline), or every observation
   * when it named none. Absent when nothing was elided.
   */
  elidedObservations?: TraceEvent[];
  /** Set when the run was rebuilt from a checkpoint: the caller drops its trace from here on. */
  traceRestartedAt: Micros | null;
  /** The whole timeline of actions, or null when it is as in the previous status. */
  actions: TimedAction[] | null;
  /** Client operations invoked or answered since the previous status (after `traceRestartedAt`'s cut). */
  history: ClientOp[];
  /**
   * Set while a link's run is shown before its checks are done (see `load`): the cluster, the
   * network and the timeline are the run's at `now`, but the trace, its hash, the event count, the
   * client history and any violation on the way come with the next status (`status()` waits
   * for them). The moment of the checks' end, if they find a violation earlier, is that status's `now`.
   */
  checking: boolean;
}


const MAX_STEPS_TO_INTERESTING = 5_000;

/**
 * The most trace events one status carries (the page keeps 20,000, TRACE_HISTORY_CAP). Sending
 * a whole jump's trace cost the page more than the jump itself: at minute 60, 2.3 s posting it
 * in this worker and 2.7 s unpacking it on the page's thread (bench `--only links`, profiled).
 */
export const STATUS_TRACE_CAP = 20_000;

/**
 * A jump forward longer than this (opening a link at minute 10, seeking far ahead, seeking back
 * to a coarse checkpoint) is caught up in one thread first: see `catchUp`.
 */
export const CATCH_UP_US: Micros = 2_000_000;

/**
 * A catch-up also keeps a checkpoint this far before its end (whole seconds), whatever its
 * spacing: a seek back from a link's moment to what the event log shows replays at most this.
 */
const NEAR_END_US: Micros = 60_000_000;

/**
 * How far a link's untraced run goes between turns of the event loop (showFirst): the spare
 * workers' start-up messages wait for those turns.
 */
const SHOW_FIRST_SLICE_US: Micros = 30_000_000;

/** The run's state without its checks (collector, monitors): what the page is shown of it. */
function sameState(a: InProcessSnapshot, b: InProcessSnapshot): boolean {
  const state = ({ collector: _collector, monitors: _monitors, ...rest }: InProcessSnapshot) => JSON.stringify(rest);
  return state(a) === state(b);
}

/** How much of a catch-up runs before its event rate decides what its trace keeps (runCatchUp). */
const RATE_PROBE_US: Micros = 1_000_000;

/**
 * What the page's UI thread calls over Comlink (control only, never the per-message traffic).
 * It lives in the coordinator worker, so the simulation never runs on the UI thread. It keeps
 * checkpoints so the user can go back in time: a seek restores the nearest checkpoint and
 * replays forward, which shows the past exactly (same trace hash at the same time).
 */
export class CoordinatorService {
  private coordinator: WorkerCoordinator | null = null;
  private scenario: Scenario | null = null;
  private withViews = true;
  private pending: TraceEvent[] = [];
  /** The observation kinds whose elided events a status still carries (null: every observation). */
  private markedObservations: ReadonlySet<string> | null = null;
  private restartedAt: Micros | null = null;
  /** The trace of the catch-up under way, if one is (`markObservations` narrows what it keeps). */
  private tail: TraceTail | null = null;
  private checkpoints: CheckpointStore;
  /** Node workers started while a catch-up runs, so that they are ready when it ends. */
  private readonly spares: SpareWorkers;
  /** The loaded run's topology, placed (what a spare worker is called: nodeName). */
  private layout: TopologyLayout | null = null;
  private recordedUntil: Micros = 0;
  /** The client history so far (for the page's history panel and its verdict). */
  private history = new ClientHistoryRecorder();
  /**
   * The checks of a link's run, under way behind its shown cluster (see `load`), or null. Every
   * call that reads or moves the run waits for them (`settled`).
   */
  private checking: Promise<void> | null = null;
  /** Counts loads: a check under way gives up when a newer load has replaced its run. */
  private generation = 0;
  /** What the previous status sent, to send only what changed. */
  private sent: { reports: Map<number, string> | null; links: string | null; actions: string | null } = { reports: null, links: null, actions: null };

  constructor(
    factory: WorkerFactory,
    /** Jumps longer than this are caught up in one thread (tests set it to compare both ways). */
    private readonly catchUpUs: Micros = CATCH_UP_US,
    /** What the checkpoints may weigh together (tests make it tiny, so thinning is exercised). */
    private readonly checkpointBytes: number = MAX_CHECKPOINT_BYTES,
  ) {
    this.checkpoints = new CheckpointStore(checkpointBytes);
    this.spares = new SpareWorkers(factory);
  }

  /**
   * Validates `input` (untrusted) and starts its workers; the previous run is closed. With `at`
   * (a share link's moment), it opens the run there: a far moment is caught up in this thread
   * from the start before any node worker exists, so the workers start once, at `at`, instead of
   * at 0 and again after the jump (what `load` then `seek` cost).
   */
  async load(input: unknown, options: { withViews?: boolean; markedObservations?: readonly string[]; at?: Micros } = {}): Promise<CoordinatorStatus> {
    const scenario = parseScenario(input);
    const layout = prepareRun(scenario, false).layout;
    const at = options.at ?? 0;
    // A check under way belongs to the run this load replaces: it gives up at its next pause.
    const generation = ++this.generation;
    await this.checking?.catch(() => undefined);
    this.withViews = options.withViews ?? true;
    this.markedObservations = options.markedObservations ? new Set(options.markedObservations) : null;
    this.scenario = scenario;
    this.layout = layout;
    this.checkpoints = new CheckpointStore(this.checkpointBytes);
    this.recordedUntil = 0;
    this.history = new ClientHistoryRecorder();
    this.pending = [];
    this.sent = { reports: null, links: null, actions: null };
    await this.spares.discard();
    if (at > this.catchUpUs) {
      await this.replace(async () => null);
      const start = new InProcessRunner(scenario).snapshot();
      this.checkpoints.add(start.pos.at, start);
      await this.showFirst(start, at, generation);
      return this.statusNow();
    }
    await this.replace(async () => {
      const coordinator = this.make(scenario);
      await coordinator.start();
      return coordinator;
    });
    await this.checkpoint();
    return at > 0 ? this.runUntil(at) : this.statusNow();
  }

  /**
   * Opens a share link's fragment (untrusted: decoded and validated here) at its moment, for the
   * page's entry script: it calls this before the page's own code has loaded, so the catch-up
   * runs while the page starts (app/main.tsx; Session.open takes the status). The observations
   * to keep of the elided head are not known yet: every one is kept until `markObservations`
   * names them. Declines (null, nothing loaded) what the page would not open this way: a link
   * it cannot read (the page says why), one without a moment, or more nodes than `maxNodes`.
   */
  async openLink(fragment: string, options: { maxNodes: number }): Promise<CoordinatorStatus | null> {
    let decoded;
    try {
      decoded = await decodeScenarioLink(fragment);
    } catch {
      return null;
    }
    const at = Math.max(0, Math.round(decoded.view.atUs ?? 0));
    if (at === 0 || decoded.scenario.nodes > options.maxNodes) return null;
    // Named while the link was being decoded: kept (a fresh page's coordinator has no earlier run).
    const marked = this.markedObservations;
    return this.load(decoded.scenario, { at, ...(marked ? { markedObservations: [...marked] } : {}) });
  }

  /**
   * Names the observations the page marks on its timeline (see `load`'s `markedObservations`),
   * for a run already loading (`openLink`): a catch-up under way keeps only those of its elided
   * head from now on, and drops the others it kept.
   */
  markObservations(kinds: readonly string[]): void {
    this.markedObservations = new Set(kinds);
    this.tail?.mark(this.markedObservations);
  }

  async runUntil(until: Micros): Promise<CoordinatorStatus> {
    await this.settled();
    if (until - this.running().now > this.catchUpUs && !this.running().violation) {
      await this.catchUp(await this.running().snapshot(), until);
    }
    return this.runWorkersUntil(until);
  }

  /** Runs the node workers to `until` (or a violation), keeping checkpoints on the way. */
  private async runWorkersUntil(until: Micros): Promise<CoordinatorStatus> {
    await this.advanceWorkers(until);
    return this.statusNow();
  }

  private async advanceWorkers(until: Micros): Promise<void> {
    const c = this.running();
    while (c.now < until && !c.violation) {
      const stop = Math.min(until, this.checkpoints.nextDueAfter(c.now));
      await c.runUntil(stop);
      if (c.now === stop && this.checkpoints.isDue(stop)) await this.checkpoint();
    }
    this.recordedUntil = Math.max(this.recordedUntil, c.now);
  }

  async step(): Promise<CoordinatorStatus> {
    await this.settled();
    await this.running().step();
    this.recordedUntil = Math.max(this.recordedUntil, this.running().now);
    return this.statusNow();
  }

  /**
   * Single steps until an observation of one of `kinds` (the page's protocol says which are
   * interesting: Raft's elections, new leaders, commits) or a violation, or a cap.
   */
  async stepToInteresting(kinds: readonly string[]): Promise<CoordinatorStatus> {
    await this.settled();
    const c = this.running();
    const seen = this.pending.length;
    const wanted = new Set(kinds);
    const interesting = (e: TraceEvent) => e.kind === 'observe' && wanted.has(e.what);
    for (let i = 0; i < MAX_STEPS_TO_INTERESTING && !c.violation; i++) {
      if (!(await c.step())) break;
      if (this.pending.slice(seen).some(interesting)) break;
    }
    this.recordedUntil = Math.max(this.recordedUntil, c.now);
    return this.statusNow();
  }

  /** Shows the run at `at`: forward by running, backward from the nearest checkpoint. */
  async seek(at: Micros): Promise<CoordinatorStatus> {
    await this.settled();
    const c = this.running();
    if (at >= c.now) return this.runUntil(at);
    const checkpoint = this.checkpoints.atOrBefore(at);
    if (!checkpoint) return this.statusNow();
    // Replay with today's timeline: actions the user added after the checkpoint still apply.
    const snapshot: InProcessSnapshot = { ...checkpoint, scenario: { ...checkpoint.scenario, timeline: [...c.actions] } };
    for (const e of this.pending) this.history.observe(e);
    this.pending = [];
    this.restartedAt = Math.min(snapshot.pos.at, this.restartedAt ?? Infinity);
    this.history.truncate(snapshot.pos.at);
    if (at - snapshot.pos.at > this.catchUpUs) await this.catchUp(snapshot, at);
    else await this.restart(snapshot);
    await this.running().runUntil(at);
    return this.statusNow();
  }

  /**
   * Stamps a user's action with the current virtual time. Acting in the past forks the run:
   * every later action and checkpoint of the old future is dropped.
   */
  async act(action: Action, by: Actor = 'user'): Promise<{ action: TimedAction; forked: boolean }> {
    await this.settled();
    const c = this.running();
    const forked = c.now < this.recordedUntil;
    if (forked) {
      c.truncateTimelineAfter(c.now);
      this.checkpoints.dropAfter(c.now);
      this.recordedUntil = c.now;
    }
    return { action: c.act(action, by), forked };
  }

  /** The whole run judged as at its end: monitors' end-of-run checks included. */
  async summary(): Promise<RunSummary> {
    await this.settled();
    return this.running().summary();
  }

  /**
   * Is the client history so far (up to the moment shown) linearizable? Checked here, in the
   * coordinator's worker, within a step budget, when the page asks: never on the page's thread.
   */
  async checkHistory(maxSteps?: number): Promise<CheckedHistory> {
    await this.settled();
    const verdict = checkClientHistory(this.history.all(), maxSteps);
    return { verdict, upTo: this.running().now, overflow: this.history.overflow };
  }

  async snapshot(): Promise<InProcessSnapshot> {
    await this.settled();
    return this.running().snapshot();
  }

  /** How many checkpoints are kept and what they weigh together (estimateBytes); for the bench. */
  checkpointsHeld(): { count: number; bytes: number } {
    return { count: this.checkpoints.count, bytes: this.checkpoints.bytes };
  }

  /** What changed since the previous status (see CoordinatorStatus), once the run's checks are done. */
  async status(): Promise<CoordinatorStatus> {
    await this.settled();
    return this.statusNow();
  }

  /** What changed since the previous status; provisional (`checking`) while a link's checks run. */
  private statusNow(): CoordinatorStatus {
    const c = this.running();
    const checking = this.checking !== null;
    let trace = this.pending;
    this.pending = [];
    for (const e of trace) this.history.observe(e);
    let elidedObservations: TraceEvent[] | undefined;
    if (trace.length > STATUS_TRACE_CAP) {
      const cut = trace.length - STATUS_TRACE_CAP;
      const marked = this.markedObservations;
      elidedObservations = [];
      for (let i = 0; i < cut; i++) {
        const e = trace[i]!;
        if (e.kind === 'observe' && (marked === null || marked.has(e.what))) elidedObservations.push(e);
      }
      trace = trace.slice(cut);
    }
    const restartedAt = this.restartedAt;
    this.restartedAt = null;

    const reportsComplete = this.sent.reports === null;
    const sentReports = this.sent.reports ?? new Map<number, string>();
    const reports: NodeReport[] = [];
    for (const report of [...c.reports.values()].sort((a, b) => a.id - b.id)) {
      const fingerprint = JSON.stringify(report);
      if (!reportsComplete && sentReports.get(report.id) === fingerprint) continue;
      sentReports.set(report.id, fingerprint);
      reports.push(report);
    }
    this.sent.reports = sentReports;
    const links: LinkStatus = { ...c.faults.describeLinks(), network: c.faults.network };
    const linksNow = JSON.stringify(links);
    const linksChanged = reportsComplete || linksNow !== this.sent.links;
    this.sent.links = linksNow;
    const actionsNow = JSON.stringify(c.actions);
    const actionsChanged = reportsComplete || actionsNow !== this.sent.actions;
    this.sent.actions = actionsNow;

    const violation = c.collector.violation;
    return {
      now: c.now,
      recordedUntil: Math.max(this.recordedUntil, c.now),
      // Unknown until the checks are done: the collector still holds the start's.
      traceHash: checking ? '' : c.collector.traceHash,
      events: checking ? 0 : c.collector.counts.events,
      reports,
      reportsComplete,
      links: linksChanged ? links : null,
      violation: violation ? { invariant: violation.invariant, message: violation.message, ...(violation.event ? { event: violation.event } : {}) } : null,
      trace,
      ...(elidedObservations ? { elidedObservations } : {}),
      traceRestartedAt: restartedAt,
      actions: actionsChanged ? [...c.actions] : null,
      history: this.history.takeChanges(),
      checking,
    };
  }

  async close(): Promise<void> {
    this.generation++;
    await this.checking?.catch(() => undefined);
    await this.coordinator?.close();
    this.coordinator = null;
    await this.spares.discard();
  }

  private make(scenario: Scenario): WorkerCoordinator {
    return new WorkerCoordinator(scenario, this.spares, {
      withViews: this.withViews,
      sink: (e) => this.pending.push(e),
    });
  }

  private async replace(build: () => Promise<WorkerCoordinator | null>): Promise<void> {
    await this.coordinator?.close();
    this.coordinator = null;
    this.coordinator = await build();
  }

  /**
   * Runs from `from` to `until` in this thread with the in-process runner, keeping checkpoints
   * and trace on the way, then starts fresh node workers from where it stopped. The two runners
   * give the same trace, hash and state (workers/equal-hash.test.ts), and one thread is several
   * times faster for a stretch nobody watches (no window barriers, no messages between threads;
   * `npm run bench` times a link at minute 10 both ways). What the user watches and does live
   * still runs one worker per node;
   * this only fast-forwards the stretch nobody watches. A run that breaks an invariant on the
   * way is left to the workers from `from`, which stop at the same event.
   */
  private async catchUp(from: InProcessSnapshot, until: Micros): Promise<void> {
    // The fresh workers it ends with load their scripts while it runs (see SpareWorkers).
    this.spares.prepare(from.hosts.flatMap((h, id) => (h ? [{ id, name: nodeName(this.layout, id) }] : [])));
    let ran = await this.runCatchUp(from, until, false);
    // Its guess of where the tail begins fell short (the run grew quiet near its end): again,
    // keeping everything. The checkpoints it took stay; none is taken twice.
    if (ran === 'short') ran = await this.runCatchUp(from, until, true);
    this.tail = null;
    if (ran === 'short' || ran === 'violation' || ran === 'aborted') {
      // The checkpoints taken on the way are true states of the run: they stay.
      await this.restart(from);
      await this.spares.discard();
      return;
    }
    // Its trace joins the pending one only if the run gets through (see TraceTail).
    for (const e of ran.trace.events()) this.pending.push(e);
    // A link's moment in whole seconds is a checkpoint already: no second copy of the same state
    // (WorkerCoordinator.start copies what it is given, so the checkpoint stays as it was).
    await this.restart(ran.here ?? ran.runner.snapshot());
    await this.spares.discard();
  }

  /**
   * Opens a far moment of a fresh run (`start`: its time 0) at once, checks after (issue 12: a
   * link that opens at once). A run with tracing, hashing and monitors off reaches exactly the
   * traced run's state (engine/runner/untraced.test.ts) in less than half the time; the node
   * workers start from it at `at` and the page shows them. The checks (trace hash, monitors,
   * the trace's tail, checkpoints) then run in this thread from `start` (`checkBehind`), and
   * every call that reads or moves the run waits for them (`settled`). Nothing runs in the
   * workers meanwhile, so their collector takes the checked state as it stands.
   */
  private async showFirst(start: InProcessSnapshot, at: Micros, generation: number): Promise<void> {
    // The workers it ends with load their scripts while it runs (see SpareWorkers).
    this.spares.prepare(start.hosts.flatMap((h, id) => (h ? [{ id, name: nodeName(this.layout, id) }] : [])));
    const ahead = InProcessRunner.restore(start, { traced: false });
    while (ahead.now < at) {
      ahead.runUntil(Math.min(at, ahead.now + SHOW_FIRST_SLICE_US));
      // A turn of the event loop: the spares get on with starting.
      await yieldToEventLoop();
    }
    // It has no monitors and its collector only counted: the start's monitors and an empty
    // collector stand in until the checks replace both (WorkerCoordinator.adoptChecks). Nothing
    // left to fold: the start's first-instant events (`pending`) would be folded again at `at`.
    const shown: InProcessSnapshot = { ...ahead.snapshot(), collector: { ...start.collector, pending: [] }, monitors: start.monitors };
    await this.restart(shown);
    await this.spares.discard();
    this.recordedUntil = at;
    const checks = this.checkBehind(start, shown, generation).finally(() => {
      if (this.checking === checks) this.checking = null;
    });
    this.checking = checks;
  }

  /** Waits for the checks of a link's run (see `showFirst`); at once when there are none. */
  private async settled(): Promise<void> {
    while (this.checking) await this.checking;
  }

  /**
   * The checks behind a link's shown run: the traced run from `start` to the shown moment, which
   * gives the trace hash, the monitors' verdicts, the tail of the trace and the checkpoints, as
   * `catchUp` does. Its end state must be the shown one; a violation on the way (the link's
   * moment lies past it) sends the page back to it, run in the workers from `start` as `catchUp`
   * does; so would a state that differs from the shown one, which the untraced run's test rules
   * out.
   */
  private async checkBehind(start: InProcessSnapshot, shown: InProcessSnapshot, generation: number): Promise<void> {
    const at = shown.pos.at;
    let ran = await this.runCatchUp(start, at, false, generation);
    if (ran === 'short') ran = await this.runCatchUp(start, at, true, generation);
    this.tail = null;
    if (ran === 'aborted') return;
    const checked = typeof ran === 'string' ? null : (ran.here ?? ran.runner.snapshot());
    if (typeof ran === 'string' || !checked || !sameState(checked, shown)) {
      // The page drops what it was shown and takes the run again from `start`.
      this.restartedAt = start.pos.at;
      this.recordedUntil = start.pos.at;
      await this.restart(start);
      await this.advanceWorkers(at);
      return;
    }
    // Its trace joins the pending one only if the run gets through (see TraceTail).
    for (const e of ran.trace.events()) this.pending.push(e);
    this.running().adoptChecks(checked);
  }

  /**
   * The catch-up's run. Unless `keepAll`, once the event rate is known (after the first stretch)
   * its trace keeps only what a status needs of old events (TraceTail.keepOnlyNeeded) until twice
   * the tail's worth of events before `until`, guessed from that rate; 'short' if fewer than the
   * tail's worth came after that guess.
   */
  private async runCatchUp(
    from: InProcessSnapshot,
    until: Micros,
    keepAll: boolean,
    /** The load it checks for (showFirst): it gives up ('aborted') once a newer load began. */
    generation: number | null = null,
  ): Promise<{ trace: TraceTail; runner: InProcessRunner; here: InProcessSnapshot | null } | 'short' | 'violation' | 'aborted'> {
    const trace = new TraceTail(STATUS_TRACE_CAP, this.markedObservations);
    this.tail = trace;
    const runner = InProcessRunner.restore(from, { sink: (e) => trace.push(e) });
    // A first second kept whole tells the event rate; a jump too short to fill the tail never
    // lets an event go.
    if (!keepAll) runner.runUntil(Math.min(until, from.pos.at + RATE_PROBE_US));
    let narrowed = false;
    /** Where the tail's stretch begins by the event rate so far (Infinity: no events yet). */
    const tailFrom = () => (trace.seen === 0 ? Infinity : until - (2 * STATUS_TRACE_CAP * (runner.now - from.pos.at)) / trace.seen);
    // Checkpoints start at most CATCH_UP_MOST apart and widen once one's cost is known.
    const floor = CheckpointStore.spacingFor(until - from.pos.at);
    // And one at most NEAR_END_US before the end: stepping back a little from a link's moment
    // (a line of the event log, a step) is the likeliest seek, and replays at most that much.
    const nearEnd = CheckpointStore.wholeSecondAtOrBefore(until - NEAR_END_US);
    let every = floor;
    let runStarted = performance.now();
    let runFrom = runner.now;
    // The checkpoint of where the runner stands, if it took one there: the workers start from it.
    let here: InProcessSnapshot | null = null;
    while (runner.now < until && !runner.violation) {
      const due = Math.min(until, this.checkpoints.nextDueAfter(runner.now, every));
      const stop = nearEnd > runner.now && nearEnd < due ? nearEnd : due;
      if (!keepAll && trace.seen > 0) {
        const keepFrom = Math.floor(tailFrom());
        if (keepFrom >= stop && !narrowed) {
          // The whole next stretch comes before the tail's: keep only what the head needs.
          trace.keepOnlyNeeded();
          narrowed = true;
        } else if (keepFrom < stop && !trace.keepsAll) {
          if (keepFrom > runner.now) runner.runUntil(keepFrom);
          trace.keepAll();
        }
      }
      runner.runUntil(stop);
      here = null;
      // A turn of the event loop between stretches: the spares above get on with starting.
      await yieldToEventLoop();
      if (generation !== null && generation !== this.generation) return 'aborted';
      if (runner.now === stop && this.checkpoints.isDue(stop)) {
        const snapshotStarted = performance.now();
        const runMsPerVirtualS = (snapshotStarted - runStarted) / Math.max(1, (runner.now - runFrom) / 1e6);
        here = runner.snapshot();
        this.checkpoints.add(stop, here);
        runStarted = performance.now();
        runFrom = runner.now;
        every = catchUpSpacing(floor, runStarted - snapshotStarted, runMsPerVirtualS);
      }
    }
    if (runner.violation) return 'violation';
    if (!trace.complete) return 'short';
    return { trace, runner, here };
  }

  /** Replaces the node workers with fresh ones started from `snapshot`. */
  private async restart(snapshot: InProcessSnapshot): Promise<void> {
    // Fresh workers: the next status sends the whole cluster again.
    this.sent.reports = null;
    await this.replace(async () => {
      const restored = this.make(snapshot.scenario);
      await restored.start(snapshot);
      return restored;
    });
  }

  private async checkpoint(): Promise<void> {
    const c = this.running();
    const started = performance.now();
    this.checkpoints.add(c.now, await c.snapshot());
    this.checkpoints.costWas(performance.now() - started);
  }

  private running(): WorkerCoordinator {
    if (!this.coordinator) throw new Error('no scenario is loaded');
    return this.coordinator;
  }
}
