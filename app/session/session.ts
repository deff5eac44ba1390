import type { Action, Actor, TimedAction } from '../../engine/kernel/actions';
import type { Scenario } from '../../engine/scenario/schema';
import { formatMicros, type Micros } from '../../engine/kernel/time';
import type { CheckedHistory, CoordinatorStatus } from '../../workers/coordinator-service';
import { startCoordinator, type CoordinatorClient } from '../../workers/coordinator-client';
import { protocolUi } from '../protocols/registry';
import { layoutOf, useSim } from '../store/store';
import type { CommandTarget } from '../commands/types';
import { applyStatus } from './apply-status';
import { runPageCommand } from './commands';

export const MIN_SPEED = 0.01;
export const MAX_SPEED = 100;
/** Longest wall-clock gap one frame may advance by (a stalled tab must not leap ahead). */
const MAX_FRAME_MS = 100;
/**
 * The store is refreshed at most this often (about 25 times a second): React redraws the panels
 * then, while the cluster view carries messages and timer arcs forward at the screen's own rate.
 */
const MIN_UPDATE_MS = 40;
/**
 * A pause after each update before the next is asked for: when the simulation cannot keep up
 * with the chosen speed (many servers on few cores), its workers would otherwise keep every core
 * busy and starve the page's own drawing.
 */
const BREATHER_MS = 12;
/** Going back to where the page no longer holds the events, it replays this much before (µs). */
const EVENT_LOG_LEAD_US = 10_000_000;
/** How long a seek may take before the page says it is on its way. */
const SAY_AFTER_MS = 400;

/**
 * Drives the run for the page: it owns the coordinator client and the animation-frame loop that
 * advances virtual time at the chosen speed, and it carries out commands (app/commands/): it
 * moves the clock and stamps their actions. It knows no protocol. All calls to the coordinator
 * go through one queue, so they apply in the order the user made them.
 */
export class Session implements CommandTarget {
  private readonly client: CoordinatorClient;
  private queue: Promise<void> = Promise.resolve();
  private busy = 0;
  private lastFrameAt: number | null = null;
  private lastDoneAt = 0;
  private loaded: Scenario | null = null;
  /** Whether play or pause was asked for yet (see `autoplay`). */
  private clockTouched = false;
  private frame = 0;
  private disposed = false;

  /**
   * `before`: a call the page's entry script made to the coordinator before this session existed
   * (a link opened early, app/main.tsx); the session's own calls wait for it, whether `open`
   * takes its status or not, so that no two calls ever run in the coordinator at once.
   */
  constructor(client: CoordinatorClient = startCoordinator(), before?: Promise<unknown>) {
    this.client = client;
    if (before) this.queue = before.then(
      () => undefined,
      () => undefined,
    );
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  /** The observation kinds `scenario`'s protocol marks on the timeline (only those outlive a jump's elided trace). */
  private static markedObservations(scenario: Scenario): string[] {
    const observations = Object.entries(protocolUi(String(scenario.protocol?.name)).observations);
    return observations.filter(([, o]) => o.marker).map(([what]) => what);
  }

  /**
   * Loads a scenario (untrusted input: the coordinator validates it, and a bad one leaves the
   * current run as it was), standing at `atUs` once it is done (a link's moment; 0 when absent).
   * Returns whether it loaded.
   */
  async load(scenario: Scenario, keepForkChoices = false, atUs: Micros = 0, started?: Promise<CoordinatorStatus | null>): Promise<boolean> {
    if (!keepForkChoices) {
      this.askBeforeFork = true;
      this.beforeFork = null;
    }
    let loaded = false;
    await this.run(async (c) => {
      // The coordinator opens the run at `atUs` itself: a far moment is caught up before any node
      // worker starts, rather than starting them at 0 and again after a seek. A load the entry
      // script started (`started`, the same scenario and moment) is taken as it is, unless it
      // declined (null).
      const status = (await started) ?? (await c.load(scenario, { markedObservations: Session.markedObservations(scenario), at: atUs }));
      loaded = true;
      // The names of the new run's nodes, before its first status names them.
      useSim.setState({ trace: [], markers: [], actions: [], history: [], selection: null, violation: null, forkPrompt: null, ready: true, topology: layoutOf(scenario) });
      return status;
    });
    if (!loaded) return false;
    this.loaded = scenario;
    useSim.setState({ seed: scenario.seed, protocol: scenario.protocol.name, nodeCount: scenario.nodes });
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(this.tick);
    return true;
  }

  /** The scenario the run started from (its settings; the timeline as loaded), or null before the first. */
  loadedScenario(): Scenario | null {
    return this.loaded;
  }

  /**
   * Opens a shared or saved scenario and goes to the time its viewer stopped at. `started`: the
   * coordinator's `openLink` of this very link, called by the page's entry script (app/main.tsx).
   */
  async open(scenario: Scenario, view: { atUs?: Micros }, started?: Promise<CoordinatorStatus | null>): Promise<boolean> {
    this.pause();
    const atUs = Math.max(0, Math.round(view.atUs ?? 0));
    // Told at once, not queued behind the catch-up it narrows (a plain setter in the coordinator).
    if (started) void this.client.api.markObservations(Session.markedObservations(scenario));
    const loading = this.load(scenario, false, atUs, started);
    if (atUs > 0) this.sayWhileWaiting(loading.then(() => undefined), `Going to t = ${formatMicros(atUs)}…`);
    return loading;
  }

  /** The run as it stands: its settings with today's timeline (every action so far). */
  async currentScenario(): Promise<Scenario> {
    let actions: TimedAction[] | null = null;
    // Through the queue: the status call drains the trace, which must reach the store; the
    // timeline is the store's once that status is applied (a status sends it only when it changed).
    await this.run((c) => c.status());
    if (useSim.getState().ready) actions = useSim.getState().actions;
    if (!this.loaded || !actions) throw new Error('no scenario is loaded');
    return { ...this.loaded, timeline: actions };
  }

  dispose(): void {
    this.disposed = true;
    cancelAnimationFrame(this.frame);
    document.removeEventListener('visibilitychange', this.onVisibility);
    void this.client.api.close().finally(() => this.client.terminate());
  }

  /**
   * Plays unless somebody already played or paused: the page starts its first run playing, but
   * a pause clicked while the workers were still starting (opening Experiments, Space) wins.
   */
  autoplay(): void {
    if (!this.clockTouched) this.play();
  }

  play(): void {
    this.clockTouched = true;
    if (useSim.getState().violation) {
      this.notice('The run stopped at a violated invariant. Go back in time or load another scenario.', 'warning');
      return;
    }
    useSim.setState({ playing: true });
  }

  /**
   * Pauses at the instant shown (issue 11). A `runUntil` already on its way when the user pauses
   * still lands, up to MAX_FRAME_MS of wall time at the chosen speed later (10 virtual seconds
   * at 100x): the page then goes back to the moment it showed (a seek, replayed exactly from a
   * checkpoint), queued right behind that call so it comes before any later command.
   */
  pause(): void {
    this.clockTouched = true;
    const { playing, now } = useSim.getState();
    useSim.setState({ playing: false });
    // Only the user's pause: a lesson pauses on a condition it saw, and replays its steps from
    // the moments where they landed; and only behind a play step (not a seek or a load).
    if (playing && this.playStepsInFlight > 0 && this.actor === 'user') void this.run((c) => c.seek(now));
  }

  /** The play loop's `runUntil` calls not yet landed (see `pause`). */
  private playStepsInFlight = 0;

  setSpeed(speed: number): void {
    if (!Number.isFinite(speed)) return;
    useSim.setState({ speed: Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed)) });
  }

  stepOnce(): void {
    this.pause();
    void this.run((c) => c.step());
  }

  /** Steps to the next observation the running protocol calls interesting (Raft: an election, a leader, a commit). */
  stepToInteresting(): void {
    this.pause();
    const observations = protocolUi(useSim.getState().protocol).observations;
    const kinds = Object.keys(observations).filter((what) => observations[what]!.interesting);
    void this.run((c) => c.stepToInteresting(kinds));
  }

  seek(at: Micros): void {
    const target = Math.max(0, Math.round(at));
    this.pause();
    // The page keeps the newest events only (TRACE_HISTORY_CAP): going back before them, replay
    // from a little earlier, so that the event log holds what led up to the moment shown rather
    // than starting empty at it (issue 11). The run is deterministic: the same past either way.
    const { trace, now } = useSim.getState();
    const keptFrom = trace[0]?.at ?? 0;
    const lead = Math.max(0, target - EVENT_LOG_LEAD_US);
    const done =
      target < now && keptFrom > lead && lead < target
        ? this.run((c) => c.seek(lead)).then(() => this.run((c) => c.seek(target)))
        : this.run((c) => c.seek(target));
    this.sayWhileWaiting(done, `Going to t = ${formatMicros(target)}…`);
  }

  /**
   * A long jump (a link opened at minute 10) can take a few seconds: if `work` is still going
   * after a moment, say what the page is doing, and take the words back when it is done.
   */
  private sayWhileWaiting(work: Promise<void>, text: string): void {
    const notice = { text, tone: 'info' as const };
    const timer = setTimeout(() => useSim.setState({ notice }), SAY_AFTER_MS);
    void work.finally(() => {
      clearTimeout(timer);
      if (useSim.getState().notice === notice) useSim.setState({ notice: null });
    });
  }

  /**
   * Checks the client history up to the moment shown, in the coordinator's worker (never on this
   * thread), in turn with the other calls so it judges what the page shows. Null if it failed.
   */
  checkHistory(): Promise<CheckedHistory | null> {
    const result: Promise<CheckedHistory | null> = this.queue.then(() => this.client.api.checkHistory()).catch(() => null);
    this.queue = result.then(() => undefined);
    return result;
  }

  /** Runs a command by name, exactly as a button or a shortcut would (see app/session/commands.ts). */
  command(name: string, ...args: unknown[]): void {
    runPageCommand(this, name, args);
  }

  /** Who the actions being made now come from: the user, unless a lesson is acting (`actingAs`). */
  private actor: Actor = 'user';

  /** Runs `commands` with their actions recorded as `actor`'s (the event log says "The lesson crashed S2"). */
  actingAs(actor: Actor, commands: () => void): void {
    const previous = this.actor;
    this.actor = actor;
    try {
      commands();
    } finally {
      this.actor = previous;
    }
  }

  private writes = 0;
  nextValue(): number {
    return 1000 + ++this.writes;
  }

  /** Whether to ask before a user's command forks the run ("Don't ask again" clears it until the next run). */
  private askBeforeFork = true;
  /** The command waiting for the user's word on a fork (ForkPrompt). */
  private pendingFork: (() => void) | null = null;
  /** The run as it stood before the latest fork, for Undo: kept until the next fork or run. */
  private beforeFork: { scenario: Scenario; at: Micros; until: Micros } | null = null;

  /**
   * A user's command made while viewing the past would fork the run and set the recorded future
   * aside (issue 11: it used to do so silently): ask first, unless told not to in this run, and
   * keep the old run so that Undo can bring it back. A lesson acting is never asked.
   */
  guardFork(carryOut: () => void): void {
    const { now, recordedUntil, actions } = useSim.getState();
    if (now >= recordedUntil || this.actor !== 'user') {
      carryOut();
      return;
    }
    const fork = () => {
      if (this.loaded) this.beforeFork = { scenario: { ...this.loaded, timeline: useSim.getState().actions }, at: now, until: recordedUntil };
      carryOut();
    };
    if (!this.askBeforeFork) {
      fork();
      return;
    }
    this.pause();
    this.pendingFork = fork;
    useSim.setState({ forkPrompt: { at: now, until: recordedUntil, later: actions.filter((a) => a.at > now).length } });
  }

  /** The user's answer to the fork prompt: fork (and perhaps stop asking in this run) or cancel. */
  resolveFork(fork: boolean, dontAskAgain: boolean): void {
    const pending = this.pendingFork;
    this.pendingFork = null;
    useSim.setState({ forkPrompt: null });
    if (!fork || !pending) return;
    if (dontAskAgain) this.askBeforeFork = false;
    pending();
  }

  /** Whether Undo can bring back the future the latest fork set aside. */
  canUndoFork(): boolean {
    return this.beforeFork !== null;
  }

  /**
   * Brings back the run as it was before the latest fork: its timeline reloaded (the run is
   * deterministic, so the old future replays exactly), run to where its recording ended and
   * shown at the moment the fork was made.
   */
  async undoFork(): Promise<void> {
    const saved = this.beforeFork;
    if (!saved) return;
    this.beforeFork = null;
    useSim.setState({ notice: null });
    this.pause();
    if (!(await this.load(saved.scenario, true))) return;
    this.seek(saved.until);
    this.seek(saved.at);
  }

  /**
   * Resolves once every call queued so far, and any queued meanwhile, has landed (window.quorum's
   * `idle`, for tests): a pause's way back to the instant shown is such a call, and under load it
   * can land well after the page looked still.
   */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.queue;
      await seen;
    } while (seen !== this.queue);
  }

  /** Stamps the action now; when paused, applies it at once so the user sees it happen. */
  act(action: Action): void {
    const by = this.actor; // now: the queue runs the call later, after `actingAs` returned
    void this.run(async (c) => {
      const { forked, action: stamped } = await c.act(action, by);
      if (forked) {
        const undo = this.beforeFork !== null;
        useSim.setState({
          notice: {
            text: `You acted in the past: a new future starts here.${undo ? ' Undo brings the old one back (until the next fork).' : ''}`,
            tone: 'info',
            undo,
          },
        });
      }
      // Paused, run just past the action's own instant so the user sees it take effect.
      return useSim.getState().playing ? c.status() : c.runUntil(stamped.at + 1);
    });
  }

  private readonly tick = (wallNow: number) => {
    if (this.disposed) return;
    this.frame = requestAnimationFrame(this.tick);
    const last = this.lastFrameAt;
    const { playing, speed, now } = useSim.getState();
    if (!playing || last === null || document.hidden) {
      this.lastFrameAt = wallNow;
      return;
    }
    if (this.busy > 0 || wallNow - last < MIN_UPDATE_MS || wallNow - this.lastDoneAt < BREATHER_MS) return;
    this.lastFrameAt = wallNow;
    const wallMs = Math.min(MAX_FRAME_MS, wallNow - last);
    const target = now + Math.max(1, Math.round(wallMs * 1000 * speed));
    this.playStepsInFlight++;
    void this.run((c) => c.runUntil(target)).finally(() => this.playStepsInFlight--);
  };

  private readonly onVisibility = () => {
    // A hidden tab pauses the simulation; on return it resumes where it was, without a leap.
    this.lastFrameAt = null;
  };

  private run(call: (c: CoordinatorClient['api']) => Promise<CoordinatorStatus>): Promise<void> {
    this.busy++;
    const next = this.queue.then(async () => {
      try {
        const status = await call(this.client.api);
        if (this.disposed) return;
        const patch = applyStatus(useSim.getState(), status);
        useSim.setState(patch);
        // A link's run shown before its checks are done: their status (the trace, its hash, a
        // violation on the way) comes next, before any later command (each waits in the queue).
        if (status.checking) void this.run((c) => c.status());
        if (status.violation && useSim.getState().playing) {
          useSim.setState({ playing: false });
          this.notice(`Invariant violated: ${status.violation.invariant}. ${status.violation.message}`, 'error');
        }
      } catch (error) {
        this.notice(messageOf(error), 'error');
      } finally {
        this.busy--;
        this.lastDoneAt = performance.now();
      }
    });
    this.queue = next;
    return next;
  }

  notice(text: string, tone: 'info' | 'warning' | 'error'): void {
    useSim.setState({ notice: { text, tone } });
  }
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 300);
}
