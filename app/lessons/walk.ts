import type { Action } from '../../engine/kernel/actions';
import type { NodeId } from '../../engine/kernel/protocol';
import type { TraceEvent } from '../../engine/kernel/trace';
import type { Micros } from '../../engine/kernel/time';
import type { GenericCondition, Lesson, LessonCondition } from '../../engine/scenario/lesson';
import { isProtocolWord } from '../../engine/scenario/lesson';
import type { Scenario } from '../../engine/scenario/schema';
import { InProcessRunner } from '../../engine/runner/inprocess';
import { runCommand } from '../commands/dispatch';
import type { CommandTarget } from '../commands/types';
import { protocolUi } from '../protocols/registry';
import { DEFAULT_NETWORK, LATENCY_CHOICES_US, LOSS_CHOICES } from '../store/defaults';
import { nodeName } from '../store/store';
import type { CommandCall, LessonSession } from './actions';
import { currentStep, isLastStep, LESSON_TICK_US, next, observe, startLesson, stepConditionHolds, type LessonProgress } from './runner';
import { protocolCondition } from './conditions';
import { expendable, focus, lessonUiOf, members } from './vocabulary';
import type { LessonWorld } from './world';
import { nodeStatesOf } from '../store/node-states';

/**
 * A learner in a box: walks a lesson against its scenario with the in-process runner (no
 * workers, no DOM), doing what each step asks of the learner, and reports when every step's
 * condition was met. Tests use it to prove that every built-in lesson can be completed; a
 * lesson that waits for the simulation while it is paused, or for something that never
 * happens, fails here instead of in class.
 */
export class HeadlessSession implements LessonSession, CommandTarget {
  runner: InProcessRunner | null = null;
  trace: TraceEvent[] = [];
  playing = false;
  speed = 0.1;
  readonly calls: CommandCall[] = [];
  private writes = 0;

  async load(scenario: Scenario): Promise<void> {
    this.trace = [];
    this.runner = new InProcessRunner(scenario, { sink: (e) => this.trace.push(e) });
    this.runner.runUntil(0);
  }

  private get r(): InProcessRunner {
    if (!this.runner) throw new Error('no scenario loaded');
    return this.runner;
  }

  world(): LessonWorld & { nodeCount: number } {
    const r = this.r;
    const nodes = nodeStatesOf(r);
    const { cuts, groups } = r.faults.describeLinks();
    return {
      protocol: r.scenario.protocol.name,
      nodeCount: r.scenario.nodes,
      now: r.now,
      nodes,
      trace: this.trace,
      links: { cuts, groups, network: r.faults.network ?? DEFAULT_NETWORK },
      playing: this.playing,
      speed: this.speed,
    };
  }

  /** Runs a command through the page's one dispatcher (app/commands/), as a learner's click would. */
  command(name: string, ...args: unknown[]): void {
    this.calls.push({ name, args });
    const world = this.world();
    runCommand(this, protocolUi(world.protocol).commands, world, name, args);
  }

  /** Like the page: an action is stamped now and takes effect at once (the page runs on within a frame). */
  act(action: Action): void {
    const stamped = this.r.act(action, 'lesson');
    this.r.runUntil(stamped.at + 1);
  }

  nextValue(): number {
    return 1000 + ++this.writes;
  }

  /** What the page would say as a notice stops the walk: the lesson asks for something that cannot be done. */
  notice(text: string): void {
    throw new Error(text);
  }

  play(): void {
    this.playing = true;
  }

  pause(): void {
    this.playing = false;
  }

  setSpeed(speed: number): void {
    this.speed = speed;
  }

  seek(at: Micros): void {
    if (at < this.r.now) throw new Error(`the walker cannot seek back (to ${at} µs from ${this.r.now} µs)`);
    this.r.runUntil(at);
    this.playing = false;
  }

  stepOnce(): void {
    this.playing = false;
    this.r.step();
  }

  /** Steps until an observation the protocol calls interesting (as the page's coordinator does), at most 5000 events. */
  stepToInteresting(): void {
    this.playing = false;
    const observations = protocolUi(this.r.scenario.protocol.name).observations;
    for (let i = 0; i < 5_000; i++) {
      const seen = this.trace.length;
      if (!this.r.step()) return;
      if (this.trace.slice(seen).some((e) => e.kind === 'observe' && Object.hasOwn(observations, e.what) && observations[e.what]!.interesting)) return;
    }
  }

  /** Runs `us` of virtual time (only while playing, as the page does). */
  advance(us: Micros): void {
    if (this.playing) this.r.runUntil(this.r.now + us);
  }
}

export interface WalkedStep {
  index: number;
  /** Virtual time when the step was entered and when its condition was first met. */
  enteredAtUs: Micros;
  metAtUs: Micros;
  learnerDid: string | null;
  problems: string[];
}

export interface WalkOptions {
  /** Virtual time a step may wait before the walk gives up. */
  maxWaitUs?: Micros;
  /** Granularity of time while waiting (the page refreshes at about this many µs per frame at slow speeds). */
  tickUs?: Micros;
  /** How long a learner watches (while the simulation runs) before doing what a step asks. */
  learnerDelayUs?: Micros;
  /**
   * Stop on entering this step (0-based), before waiting for its condition: the walk then
   * fast-forwards a lesson to a step (a link to step 5). Its `progress` is where it stopped.
   */
  stopAtStep?: number;
  /** Called at every tick of the walk, the step's condition checked (tests watch the card's truth with it). */
  onTick?: (progress: LessonProgress, world: LessonWorld) => void;
}

/**
 * Walks `lesson` to its end. Throws an Error naming the step when a condition cannot be met:
 * the simulation is paused and the step waits for it, or the wait exceeds maxWaitUs.
 */
export async function walkLesson(
  lesson: Lesson,
  scenario: Scenario,
  options: WalkOptions = {},
): Promise<{ steps: WalkedStep[]; session: HeadlessSession; progress: LessonProgress }> {
  const maxWait = options.maxWaitUs ?? 30_000_000;
  const tick = options.tickUs ?? LESSON_TICK_US;
  const grace = options.learnerDelayUs ?? 1_000_000;
  const session = new HeadlessSession();
  await session.load(scenario);
  const apply = (calls: CommandCall[]) => calls.forEach((c) => session.command(c.name, ...(c.args as unknown[])));

  let { progress, effects } = startLesson(lesson, session.world());
  apply(effects.calls);
  const steps: WalkedStep[] = [];
  let problems = effects.problems;
  for (;;) {
    const index = progress.index;
    if (index === options.stopAtStep) break;
    const step = currentStep(lesson, progress);
    const enteredAtUs = progress.entries[index]!.atUs;
    let learnerDid: string | null = null;
    let acted = false;
    const start = session.world().now;
    for (;;) {
      progress = observe(lesson, progress, session.world());
      options.onTick?.(progress, session.world());
      if (progress.met[index]) break;
      const now = session.world().now;
      // A learner reads first: what the scenario does by itself (a scripted partition) happens
      // meanwhile. Only then, or at once when paused, do they do what the step asks.
      if (!acted && step.until && (!session.playing || now - start >= grace)) {
        acted = true;
        learnerDid = actAsLearner(step.until, session, progress);
        continue;
      }
      if (!session.playing) {
        throw new Error(`step ${index + 1} of "${lesson.id}" waits for ${JSON.stringify(step.until)} while the simulation is paused (t = ${now} µs)`);
      }
      if (now - start > maxWait) throw new Error(`step ${index + 1} of "${lesson.id}" still waits for ${JSON.stringify(step.until)} at t = ${now} µs`);
      session.advance(tick);
    }
    steps.push({ index, enteredAtUs, metAtUs: session.world().now, learnerDid, problems });
    if (isLastStep(lesson, progress)) break;
    ({ progress, effects } = next(lesson, progress, session.world()));
    problems = effects.problems;
    apply(effects.calls);
  }
  return { steps, session, progress };
}

/**
 * What a learner does when a step asks for it: crash the leader, heal the network, ... A
 * protocol's own condition says what a learner does for it (`LessonConditionUi.learner`).
 */
function actAsLearner(c: LessonCondition, session: HeadlessSession, progress: LessonProgress): string | null {
  const world = session.world();
  const entry = progress.entries[progress.index]!;
  if (isProtocolWord(c)) {
    const move = protocolCondition(c.kind)?.learner?.(c, world, entry) ?? null;
    if (!move) return null;
    for (const call of move.calls) session.command(call.name, ...call.args);
    return move.said;
  }
  const g = c as GenericCondition;
  const downMembers = () => members(session.world()).filter((id: NodeId) => !session.world().nodes.find((n) => n.id === id && n.up && n.view));
  switch (g.kind) {
    case 'nodeCrashed': {
      const who = g.who;
      const role = typeof who === 'string' && who !== 'any' ? lessonUiOf(world).roles[who] : undefined;
      // One holder of the role then (the leader of then), or any holder now (a follower), or anyone a learner would crash.
      const target = typeof who === 'number' ? who : role?.single ? (entry.roles[who as string]?.[0] ?? null) : role ? role.holder(world) : expendable(world);
      if (target === null || target === undefined) return null;
      session.command('crash', target);
      return `crash ${nodeName(target)}`;
    }
    case 'nodesDown': {
      const done: string[] = [];
      for (let tries = 0; downMembers().length < g.atLeast && tries < 128; tries++) {
        const f = expendable(session.world());
        if (f === null) break;
        session.command('crash', f);
        done.push(nodeName(f));
      }
      return done.length ? `crash ${done.join(', ')}` : null;
    }
    case 'nodeRestarted': {
      const target = typeof g.who === 'number' ? g.who : (downMembers()[0] ?? null);
      if (target === null) return null;
      session.command('restart', target);
      return `restart ${nodeName(target)}`;
    }
    case 'healed':
      session.command('heal');
      return 'heal';
    case 'partitioned': {
      // Cut off the protocol's focus (Raft: the leader) with one expendable node.
      const first = focus(world);
      const second = expendable(world);
      if (first === null || second === null) return null;
      const rest = members(world).filter((id) => id !== first && id !== second);
      session.command('partition', [[first, second], rest]);
      return `partition ${nodeName(first)}, ${nodeName(second)} from the rest`;
    }
    case 'network': {
      const change = toolbarNetworkFor(g, world.links.network.latencyUs, world.links.network.lossRate);
      if (!change) return null;
      session.command('setNetwork', change);
      const said: string[] = [];
      if (change.latencyUs) said.push(`latency ${change.latencyUs.min / 1000}-${change.latencyUs.max / 1000} ms`);
      if (change.lossRate !== undefined) said.push(`loss ${Math.round(change.lossRate * 100)}%`);
      return `set ${said.join(', ')}`;
    }
    default:
      return null;
  }
}

/** The toolbar's choices, as a learner in the page can pick them. */
const TOOLBAR_LATENCIES_US = LATENCY_CHOICES_US.map(([min, max]) => ({ min, max }));
const TOOLBAR_LOSSES = LOSS_CHOICES;

/** What a learner picks in the toolbar to meet a `network` condition: the nearest choice that does, or null. */
export function toolbarNetworkFor(
  c: Extract<GenericCondition, { kind: 'network' }>,
  latencyUs: { min: number; max: number },
  lossRate: number,
): { latencyUs?: { min: number; max: number }; lossRate?: number } | null {
  const change: { latencyUs?: { min: number; max: number }; lossRate?: number } = {};
  const latencyFits = (max: number) =>
    (c.latencyMaxAtLeastMs === undefined || max >= c.latencyMaxAtLeastMs * 1000) && (c.latencyMaxAtMostMs === undefined || max <= c.latencyMaxAtMostMs * 1000);
  if (!latencyFits(latencyUs.max)) {
    const fits = TOOLBAR_LATENCIES_US.filter((l) => latencyFits(l.max));
    // Raising: the smallest that is enough; lowering: the largest that is low enough.
    const pick = c.latencyMaxAtLeastMs !== undefined && latencyUs.max < c.latencyMaxAtLeastMs * 1000 ? fits[0] : fits.at(-1);
    if (!pick) return null;
    change.latencyUs = { ...pick };
  }
  const lossFits = (r: number) => (c.lossAtLeast === undefined || r >= c.lossAtLeast) && (c.lossAtMost === undefined || r <= c.lossAtMost);
  if (!lossFits(lossRate)) {
    const fits = TOOLBAR_LOSSES.filter(lossFits);
    const pick = c.lossAtLeast !== undefined && lossRate < c.lossAtLeast ? fits[0] : fits.at(-1);
    if (pick === undefined) return null;
    change.lossRate = pick;
  }
  return change.latencyUs || change.lossRate !== undefined ? change : null;
}
