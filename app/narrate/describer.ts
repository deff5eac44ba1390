import { messageKey } from '../lib/trace-search';
import { USER_OP_BASE } from '../../engine/kernel/actions';
import type { DropReason, MessageId, TraceEvent } from '../../engine/kernel/trace';
import type { Micros } from '../../engine/kernel/time';
import { listNames, serverName } from '../lib/format';
import { splitSteps } from './steps';
import type { Importance, LogLine } from './types';

/**
 * Plain-English sentences for a trace (the event log). Pure functions over trace events: no
 * store, no DOM, so they are unit-tested on hand-made traces.
 *
 * The describer cuts the trace into steps (steps.ts) and writes one sentence per step,
 * sometimes two, and folds an environment action into the step it causes ("The user crashed
 * S2: ..."). What is the same for every protocol is said here: actions (a cut link, a
 * partition, a dropped message), crashes, messages lost on the way, answers to the user's
 * requests. What a node's step means is its protocol's narrator's to say (`Narrator`): Raft's
 * (app/protocols/raft/describe.ts) tracks a little per-node state while it reads, so it can say
 * who voted and why a request was refused.
 */

export type Send = Extract<TraceEvent, { kind: 'send' }>;
export type Drop = Extract<TraceEvent, { kind: 'drop' }>;
export type Return = Extract<TraceEvent, { kind: 'return' }>;
export type Invoke = Extract<TraceEvent, { kind: 'invoke' }>;
export type Observe = Extract<TraceEvent, { kind: 'observe' }>;
export type ActionEvent = Extract<TraceEvent, { kind: 'action' }>;
export type Msg = Record<string, unknown> & { type: string };
export type Command = { type: string } & Record<string, unknown>;

/** Everything one step did, read from its events. */
export interface StepFacts {
  at: Micros;
  node: number;
  trigger: TraceEvent;
  observations: Observe[];
  sends: Send[];
  drops: Drop[];
  returns: Return[];
}

/** What a narrator may use while it reads: names, and the one way to add a line. */
export interface NarrationTools {
  /** Node names; "S1" for node 0 by default. */
  readonly name: (id: number) => string;
  /** What the user is called ("The user"). */
  readonly userName: string;
  /** The trace starts mid-run (its beginning was cut): the first thing seen of a node is not news. */
  readonly midRun: boolean;
  /** Who put an action in the timeline: the user, "The lesson", "The nemesis", "The scenario". */
  actorOf(e: ActionEvent): string;
  /** Adds a line about the step whose trigger is `f.trigger` (`suffix` keeps a second line's key unique). */
  emit(f: { at: Micros; node: number; trigger: TraceEvent }, text: string, importance: Importance, topic: string, suffix?: string): void;
  /** The payload of a message sent earlier in the trace, by id. */
  msgOf(id: MessageId): Msg | undefined;
}

/**
 * A protocol's narrator: says what a node's step meant. The describer calls `say` for a step
 * triggered by a timer, a delivery, a client command, a start (or one whose trigger fell off
 * the kept trace), then `fold` for every step in order, so the narrator can track state.
 */
export interface Narrator {
  /** One node step; `cause` is the action that caused it at the same instant (a restart, a command), if any. */
  say(f: StepFacts, cause: ActionEvent | null): void;
  /** Folds a step (any step, crashes included) into what the narrator knows, after its lines are written. */
  fold(f: StepFacts): void;
  /** A message's name in a sentence ("heartbeat" for Raft's AppendEntries without entries). */
  messageName(type: string, msg: Msg | undefined): string;
  /** A command in words: "write 1001", "time out now". */
  commandText(command: Command, name: (id: number) => string): string;
  /** An operation's result in words: "done, committed at index 7". */
  resultText(result: unknown, name: (id: number) => string): string;
  /** What a crash keeps, in "it keeps only ___" ("its disk (term, vote, log)"). */
  readonly keptOnCrash: string;
  /** Whether losing a message of this type at send is news (Raft: a vote request). */
  importantLoss(type: string): boolean;
  /** Whether the step's own sentence said it was sending, so "…, but all were lost" reads right. */
  saidSending(f: StepFacts): boolean;
  /** Whether the step's own sentence already gave the user's requests their answers. */
  saysReplies(f: StepFacts): boolean;
  /** Plain data to roll back to (the incremental describer redoes the last instant). */
  save(): unknown;
  restore(saved: unknown): void;
}

export type NarratorFactory = (tools: NarrationTools) => Narrator;

export interface DescribeOptions {
  /** Node names; "S1" for node 0 by default. */
  name?: (id: number) => string;
  /**
   * What to call the user when an action event says the user acted (`by: 'user'`); "The user"
   * by default. Actions of the scenario itself, a lesson or the nemesis have names of their own.
   */
  actor?: string;
  /**
   * The events begin mid-run (the beginning was cut), so a node's first step says nothing new
   * about it. The incremental describer decides it itself (a trace not starting at 0).
   */
  startsMidRun?: boolean;
}

/** "The user" -> "the user's", "Alice" -> "Alice's": the asker in the middle of a sentence. */
export const possessive = (name: string) => `${name.replace(/^The /, 'the ')}'s`;

/** "a, b and c". */
export function joinClauses(clauses: readonly string[]): string {
  if (clauses.length <= 1) return clauses.join('');
  return `${clauses.slice(0, -1).join(', ')} and ${clauses[clauses.length - 1]}`;
}

export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function dropReason(reason: DropReason, to: string): string {
  switch (reason) {
    case 'loss':
      return 'random loss';
    case 'link-down':
      return 'link down';
    case 'node-down':
      return `${to} is down`;
    case 'crash':
      return `${to} crashed`;
    case 'user':
      return 'dropped by the user';
    case 'byzantine':
      return 'withheld by its byzantine sender';
  }
}

export function readStep(step: readonly TraceEvent[]): StepFacts {
  const trigger = step[0]!;
  const f: StepFacts = { at: trigger.at, node: trigger.node, trigger, observations: [], sends: [], drops: [], returns: [] };
  for (const e of step) {
    if (e.kind === 'send') f.sends.push(e);
    else if (e.kind === 'drop' && e !== trigger) f.drops.push(e);
    else if (e.kind === 'return') f.returns.push(e);
    else if (e.kind === 'observe') f.observations.push(e);
  }
  return f;
}

/**
 * The describer: feed it steps in order. Kept as a class only to hold the message index and
 * its narrator; `describeTrace` is the pure entry point.
 */
class Describer {
  private readonly sends = new Map<string, Send>();
  private readonly commands = new Map<number, Command>();
  readonly lines: LogLine[] = [];
  private readonly name: (id: number) => string;
  private readonly userName: string;
  /** Who asked for each user operation (by op id), for the answer that comes later. */
  private readonly askedBy = new Map<number, string>();
  private readonly narrator: Narrator;

  constructor(factory: NarratorFactory, options: DescribeOptions, midRun = false) {
    this.name = options.name ?? serverName;
    this.userName = options.actor ?? 'The user';
    this.narrator = factory({
      name: this.name,
      userName: this.userName,
      midRun,
      actorOf: (e) => this.actorOf(e),
      emit: (f, text, importance, topic, suffix) => this.emit(f, text, importance, topic, suffix),
      msgOf: (id) => this.msgOf(id),
    });
  }

  /** The subject of a sentence about an action: who put it in the timeline. */
  private actorOf(e: ActionEvent): string {
    switch (e.by) {
      case 'user':
        return this.userName;
      case 'lesson':
        return 'The lesson';
      case 'nemesis':
        return 'The nemesis';
      default:
        return 'The scenario';
    }
  }

  private emit(f: { at: Micros; node: number; trigger: TraceEvent }, text: string, importance: Importance, topic: string, suffix = ''): void {
    const e = f.trigger;
    this.lines.push({ key: `${e.at}/${e.node}/${e.incarnation}/${e.seq}${suffix}`, at: f.at, node: f.node, text, importance, topic });
  }

  private msgOf(id: MessageId): Msg | undefined {
    return this.sends.get(messageKey(id))?.msg as Msg | undefined;
  }

  /** What a later call may need to roll back to (the narrator's state and the line count). */
  save(): { narrator: unknown; lines: number } {
    return { narrator: this.narrator.save(), lines: this.lines.length };
  }

  restore(saved: { narrator: unknown; lines: number }): void {
    this.narrator.restore(saved.narrator);
    this.lines.length = saved.lines;
  }

  /**
   * Bounds memory on endless runs: keeps the last `keep` lines and forgets the oldest sends
   * (a reply to a message sent that long ago is not worth naming).
   */
  trim(keep: number): void {
    if (this.lines.length > keep * 1.25) this.lines.splice(0, this.lines.length - keep);
    if (this.sends.size > 4 * keep) {
      let drop = this.sends.size - 3 * keep;
      for (const key of this.sends.keys()) {
        if (drop-- <= 0) break;
        this.sends.delete(key);
      }
    }
    if (this.commands.size > keep) {
      let drop = this.commands.size - keep;
      for (const key of this.commands.keys()) {
        if (drop-- <= 0) break;
        this.commands.delete(key);
        this.askedBy.delete(key);
      }
    }
  }

  run(steps: readonly TraceEvent[][]): LogLine[] {
    const consumed = new Set<number>();
    for (let i = 0; i < steps.length; i++) {
      if (consumed.has(i)) continue;
      const step = steps[i]!;
      for (const e of step) {
        if (e.kind === 'send') this.sends.set(messageKey(e.id), e);
        if (e.kind === 'invoke') this.commands.set(e.opId, e.command as Command);
      }
      const trigger = step[0]!;
      if (trigger.kind === 'action') {
        // An action and the step it causes at the same instant read as one sentence.
        const follow = this.findCaused(steps, i, trigger);
        if (follow !== null) {
          consumed.add(follow);
          const caused = steps[follow]!;
          for (const e of caused) if (e.kind === 'send') this.sends.set(messageKey(e.id), e);
          for (const e of caused) {
            if (e.kind !== 'invoke') continue;
            this.commands.set(e.opId, e.command as Command);
            this.askedBy.set(e.opId, this.actorOf(trigger));
          }
          this.step(readStep(caused), trigger);
        } else {
          this.action(trigger);
        }
        continue;
      }
      this.step(readStep(step), null);
    }
    return this.lines;
  }

  /** The step an action causes at its node at the same instant (crash, start, invoke), if any. */
  private findCaused(steps: readonly TraceEvent[][], i: number, a: ActionEvent): number | null {
    const action = a.action as { kind: string; node?: number };
    const wanted = action.kind === 'crash' ? 'crash' : action.kind === 'restart' ? 'start' : action.kind === 'command' ? 'invoke' : action.kind === 'pause' ? 'pause' : action.kind === 'resume' ? 'resume' : null;
    if (wanted === null || typeof action.node !== 'number') return null;
    for (let j = i + 1; j < steps.length; j++) {
      const head = steps[j]![0]!;
      if (head.at !== a.at) return null;
      if (head.node === action.node && head.kind === wanted) {
        if (wanted === 'invoke' && (head as Invoke).opId < USER_OP_BASE) continue;
        return j;
      }
    }
    return null;
  }

  /** An action that caused no step of its own (a network change, or a node that was already down or up). */
  private action(e: ActionEvent): void {
    const n = this.name;
    const a = e.action as Record<string, unknown> & { kind: string };
    const f = { at: e.at, node: -1, trigger: e as TraceEvent };
    const actor = this.actorOf(e);
    const node = num(a.node);
    const from = num(a.from);
    const to = num(a.to);
    switch (a.kind) {
      case 'crash':
        return this.emit(f, `${actor} crashed ${n(node ?? 0)} (it was already down)`, 'major', 'crash');
      case 'restart':
        return this.emit(f, `${actor} restarted ${n(node ?? 0)} (it was already up)`, 'major', 'restart');
      case 'cut':
        return this.emit(
          f,
          a.oneWay ? `Network: ${n(from ?? 0)} ⇸ ${n(to ?? 0)} cut one way` : `Network: ${n(from ?? 0)} ⇹ ${n(to ?? 0)} cut both ways`,
          'major',
          'network',
        );
      case 'restore':
        return this.emit(
          f,
          a.oneWay ? `Network: ${n(from ?? 0)} → ${n(to ?? 0)} restored one way` : `Network: ${n(from ?? 0)} ↔ ${n(to ?? 0)} restored both ways`,
          'major',
          'network',
        );
      case 'partition': {
        const groups = Array.isArray(a.groups) ? (a.groups as unknown[]) : [];
        const text = groups.map((g) => `{${(Array.isArray(g) ? g : []).map((id) => n(num(id) ?? 0)).join(', ')}}`).join(' | ');
        return this.emit(f, `Network: partitioned into ${text}`, 'major', 'network');
      }
      case 'heal':
        return this.emit(f, 'Network: healed, every link works again', 'major', 'network');
      case 'network': {
        const parts: string[] = [];
        const latency = a.latencyUs as { min?: number; max?: number } | undefined;
        if (latency && typeof latency.min === 'number' && typeof latency.max === 'number') {
          parts.push(`latency ${latency.min / 1000}–${latency.max / 1000} ms`);
        }
        if (typeof a.lossRate === 'number') parts.push(`loss ${Math.round(a.lossRate * 100)}%`);
        if (typeof a.duplicateRate === 'number') parts.push(`duplication ${Math.round(a.duplicateRate * 100)}%`);
        return this.emit(f, `Network: ${parts.join(', ') || 'settings changed'}`, 'major', 'network');
      }
      case 'drop': {
        const id = a.id as MessageId | undefined;
        const send = id ? this.sends.get(messageKey(id)) : undefined;
        const what = send ? `${this.narrator.messageName(send.msg.type, send.msg as Msg)} ${n(send.node)}→${n(send.to)}` : 'a message';
        return this.emit(f, `${actor} dropped ${what}: it will never arrive`, 'major', 'lost');
      }
      case 'command': {
        const command = (a.command ?? { type: '?' }) as Command;
        return this.emit(f, `${actor} asked ${n(node ?? 0)} to ${this.narrator.commandText(command, n)}, but ${n(node ?? 0)} is down`, 'major', 'client');
      }
      case 'pause':
        return this.emit(f, `${actor} paused ${n(node ?? 0)}, which was down or paused already: nothing changes`, 'minor', 'pause');
      case 'resume':
        return this.emit(f, `${actor} resumed ${n(node ?? 0)}, which was not paused: nothing changes`, 'minor', 'pause');
      case 'byzantine':
        return typeof a.policy === 'string'
          ? this.emit(f, `${actor} made ${n(node ?? 0)} byzantine: from now on it lies by the policy "${a.policy}"`, 'major', 'byzantine')
          : this.emit(f, `${actor} made ${n(node ?? 0)} honest again`, 'major', 'byzantine');
      case 'slow': {
        const delayUs = num(a.delayUs) ?? 0;
        return delayUs === 0
          ? this.emit(f, `${actor} brought ${n(node ?? 0)} back to speed: what reaches it is handled at once again`, 'major', 'pause')
          : this.emit(f, `${actor} made ${n(node ?? 0)} slow: every message that reaches it waits ${delayUs / 1000} ms before it is handled (its timers still fire on time)`, 'major', 'pause');
      }
      case 'start':
      case 'stop': {
        // A node of a scaling protocol asked for it one lookahead earlier (kernel/scaling.ts).
        const asker = num(a.requestedBy);
        const by = asker === null ? 'The environment' : `At ${n(asker)}'s request, the environment`;
        return this.emit(f, `${by} ${a.kind === 'start' ? 'started' : 'stopped'} ${n(node ?? 0)}`, 'major', a.kind === 'start' ? 'restart' : 'crash');
      }
      default:
        return this.emit(f, `${actor}: ${a.kind}`, 'major', 'network');
    }
  }

  /** One node step, optionally caused by an action at the same instant. */
  private step(f: StepFacts, cause: ActionEvent | null): void {
    const e = f.trigger;
    const linesBefore = this.lines.length;
    if (e.kind === 'crash') this.crash(f, cause);
    else if (e.kind === 'drop') this.arrivalDrop(f, e);
    else if (e.kind === 'pause' || e.kind === 'resume') this.pauseLine(f, e, cause);
    else this.narrator.say(f, cause);
    this.forgedSends(f);
    this.lostAtSend(f, linesBefore);
    this.userReplies(f);
    this.narrator.fold(f);
  }

  private crash(f: StepFacts, cause: ActionEvent | null): void {
    const self = this.name(f.node);
    const lost = f.drops.filter((d) => d.reason === 'crash').length;
    const head = cause ? `${this.actorOf(cause)} crashed ${self}` : `${self} crashed`;
    const msgs = lost > 0 ? `, and the ${lost === 1 ? 'message' : `${lost} messages`} on the way to it ${lost === 1 ? 'is' : 'are'} lost` : '';
    this.emit(f, `${head}: it keeps only ${this.narrator.keptOnCrash}${msgs}`, 'major', 'crash');
    // Those drops are said here, not again as lost messages.
    f.drops = f.drops.filter((d) => d.reason !== 'crash');
  }

  /** A pause or a resume (kernel/pause.ts): what waits, and what runs now. */
  private pauseLine(f: StepFacts, e: Extract<TraceEvent, { kind: 'pause' | 'resume' }>, cause: ActionEvent | null): void {
    const self = this.name(f.node);
    const who = cause ? `${this.actorOf(cause)} ${e.kind === 'pause' ? 'paused' : 'resumed'} ${self}` : `${self} ${e.kind === 'pause' ? 'paused' : 'resumed'}`;
    if (e.kind === 'pause') {
      this.emit(f, `${who}: frozen with its memory intact, it runs nothing; messages and timers that reach it wait`, 'major', 'pause');
      return;
    }
    const waited = e.held === 0 ? 'nothing waited' : `the ${e.held === 1 ? 'event' : `${e.held} events`} that waited run now, in order`;
    this.emit(f, `${who}: ${waited}`, 'major', 'pause');
  }

  /** Sends that a byzantine policy changed or made up, said once per step. */
  private forgedSends(f: StepFacts): void {
    const forged = f.sends.filter((s) => s.forged);
    if (forged.length === 0) return;
    const n = this.name;
    const withheldIds = new Set(f.drops.filter((d) => d.reason === 'byzantine').map((d) => messageKey(d.id)));
    const withheld = withheldIds.size;
    const lies = forged.filter((s) => !withheldIds.has(messageKey(s.id)));
    const kinds = [...new Set(lies.map((s) => `${this.narrator.messageName(s.msg.type, s.msg as Msg)}→${n(s.to)}`))];
    const parts: string[] = [];
    if (lies.length > 0) parts.push(`forged ${kinds.slice(0, 3).join(', ')}${kinds.length > 3 ? ' and more' : ''}`);
    if (withheld > 0) parts.push(`withheld ${withheld === 1 ? 'a message' : `${withheld} messages`}`);
    this.emit(f, `${n(f.node)} (byzantine) ${parts.join(' and ')}`, 'minor', 'byzantine', '/forged');
    // Withheld ones are said here, not again as lost messages.
    f.drops = f.drops.filter((d) => d.reason !== 'byzantine');
  }

  private arrivalDrop(f: StepFacts, e: Drop): void {
    const n = this.name;
    const msg = this.msgOf(e.id);
    const text = `Message ${this.narrator.messageName(e.msgType, msg)} ${n(e.from)}→${n(e.to)} was lost (${dropReason(e.reason, n(e.to))})`;
    this.emit(f, text, e.reason === 'user' ? 'major' : 'minor', 'lost');
  }

  /**
   * Messages a step sent that the network refused at once (a cut link, a down node, loss):
   * folded into the step's own sentence when it has one ("..., but all were lost (link down)"),
   * else said on their own line.
   */
  private lostAtSend(f: StepFacts, linesBefore: number): void {
    if (f.drops.length === 0) return;
    const n = this.name;
    const important = f.drops.some((d) => this.narrator.importantLoss(d.msgType) || d.reason === 'user');
    // Group by message kind and reason: "PreVote S5→S1, S2 and S3 (link down)".
    const groups = new Map<string, { type: string; why: string; to: number[] }>();
    for (const d of f.drops) {
      const msg = this.sends.get(messageKey(d.id))?.msg as Msg | undefined;
      const type = this.narrator.messageName(d.msgType, msg);
      const why = dropReason(d.reason, n(d.to));
      const key = `${type}|${why}`;
      const g = groups.get(key) ?? { type, why, to: [] };
      g.to.push(d.to);
      groups.set(key, g);
    }
    const own = this.lines.length === linesBefore + 1 ? this.lines[this.lines.length - 1]! : null;
    // "but all were lost" only reads right after a sentence about sending them.
    const saidSending = this.narrator.saidSending(f);
    const everySend = f.drops.length === f.sends.length;
    if (own && saidSending && groups.size === 1 && everySend) {
      const g = [...groups.values()][0]!;
      own.text += `, but ${f.drops.length === 1 ? 'it was' : 'all were'} lost (${g.why})`;
      if (important) own.importance = 'major';
      return;
    }
    const parts = [...groups.values()].map((g) => `${g.type} ${n(f.node)}→${listNames(g.to, n)} (${g.why})`);
    if (own) {
      own.text += `; lost on the way: ${parts.join(', ')}`;
      if (important) own.importance = 'major';
      return;
    }
    const single = f.drops.length === 1;
    const text = single
      ? `Message ${[...groups.values()][0]!.type} ${n(f.drops[0]!.from)}→${n(f.drops[0]!.to)} was lost (${[...groups.values()][0]!.why})`
      : `Messages ${parts.join(', ')} were lost`;
    this.emit(f, text, important ? 'major' : 'minor', 'lost', '/lost');
  }

  /** Answers to the user's own operations, said when they come (often later, at another node). */
  private userReplies(f: StepFacts): void {
    if (f.trigger.kind === 'invoke' || this.narrator.saysReplies(f)) return;
    const n = this.name;
    for (const r of f.returns) {
      if (r.opId < USER_OP_BASE) continue;
      const command = this.commands.get(r.opId);
      const what = command ? this.narrator.commandText(command, n) : 'request';
      const asker = this.askedBy.get(r.opId) ?? this.userName;
      this.emit(f, `${n(f.node)} answered ${possessive(asker)} request to ${what}: ${this.narrator.resultText(r.result, n)}`, 'major', 'client', `/r${r.opId}`);
    }
  }
}

/** Sentences for a whole trace (in canonical order), oldest first, in the words of `narrator`'s protocol. */
export function describeTrace(events: readonly TraceEvent[], narrator: NarratorFactory, options: DescribeOptions = {}): LogLine[] {
  return new Describer(narrator, options, options.startsMidRun ?? false).run(splitSteps(events));
}

/** A run's trace begins at time 0; the page's, once it keeps only the newest events, later. */
const lostItsBeginning = (events: readonly TraceEvent[]) => (events[0]?.at ?? 0) > 0;

/** How many lines an incremental describer keeps (the trace itself is capped at 20 000 events). */
const KEEP_LINES = 20_000;

/**
 * `describeTrace` for a growing trace: each `update` describes only the events added since the
 * last one, so a 20 000-event trace costs a few new events per frame instead of all of them.
 * The events of the last instant are described provisionally and again next time, since more of
 * that instant may still arrive. A trace that does not extend the previous one (a seek back, a
 * fork) is described from scratch. Equal to `describeTrace` on the same trace (tested).
 */
export class IncrementalDescriber {
  private describer: Describer;
  /** The first event of the provisional tail, and the state from before it. */
  private tail: TraceEvent | null = null;
  private saved: ReturnType<Describer['save']> | null = null;
  private last: readonly TraceEvent[] | null = null;
  private result: LogLine[] = [];
  /** Whether the describer stands where `saved` was taken (after `describeAhead`): no copy back needed. */
  private atSaved = false;

  constructor(
    private readonly narrator: NarratorFactory,
    private readonly options: DescribeOptions = {},
  ) {
    this.describer = new Describer(narrator, options);
  }

  update(trace: readonly TraceEvent[]): LogLine[] {
    if (trace === this.last) return this.result;
    this.last = trace;
    const from = this.resume(trace);
    // The last instant's events stay provisional.
    const tailStart = lastInstantOf(trace, from);
    this.describer.run(splitSteps(trace.slice(from, tailStart)));
    this.describer.trim(KEEP_LINES);
    this.saved = this.describer.save();
    this.tail = trace[tailStart] ?? null;
    this.describer.run(splitSteps(trace.slice(tailStart)));
    this.atSaved = false;
    this.result = this.describer.lines.slice();
    return this.result;
  }

  /** How many of `trace`'s events `update(trace)` would describe now (the rest is described already). */
  backlog(trace: readonly TraceEvent[]): number {
    if (trace === this.last) return 0;
    const at = this.tail ? lastIndexOf(trace, this.tail) : -1;
    return trace.length - (at >= 0 && this.saved ? at : 0);
  }

  /**
   * Describes about `most` more events of `trace` (whole instants, never its provisional last one)
   * toward `update(trace)`, which then has only the rest to do: the same lines, described in
   * slices between frames (a link opened at minute 10 hands the event log 20,000 events at once;
   * the event log, app/views/event-log/). Returns whether there is more to describe ahead.
   */
  describeAhead(trace: readonly TraceEvent[], most: number): boolean {
    if (trace === this.last) return false;
    const from = this.resume(trace);
    const tailStart = lastInstantOf(trace, from);
    // Cut between instants: an action and the step it causes at its instant read as one.
    let end = Math.min(tailStart, from + most);
    while (end < tailStart && trace[end]!.at === trace[end - 1]!.at) end++;
    if (end <= from) return false;
    this.describer.run(splitSteps(trace.slice(from, end)));
    this.describer.trim(KEEP_LINES);
    this.saved = this.describer.save();
    this.atSaved = true;
    this.tail = trace[end] ?? null;
    // The describer stands after `end`: `update` must not take its old result for this trace.
    this.last = null;
    return end < tailStart;
  }

  /**
   * Where describing `trace` goes on from: after what was described of it already (the state
   * saved before the provisional instant, or after `describeAhead`), or from its start with a
   * fresh describer when it does not extend what was described (a seek back, a fork, a new run).
   */
  private resume(trace: readonly TraceEvent[]): number {
    const at = this.tail ? lastIndexOf(trace, this.tail) : -1;
    if (at >= 0 && this.saved) {
      if (!this.atSaved) this.describer.restore(this.saved);
      return at;
    }
    this.describer = new Describer(this.narrator, this.options, this.options.startsMidRun ?? lostItsBeginning(trace));
    this.atSaved = false;
    return 0;
  }
}

/** Where the events of `trace`'s last instant begin (not before `from`). */
function lastInstantOf(trace: readonly TraceEvent[], from: number): number {
  let tailStart = trace.length;
  const lastAt = trace[trace.length - 1]?.at;
  while (tailStart > from && trace[tailStart - 1]!.at === lastAt) tailStart--;
  return tailStart;
}

/** Where `event` (by identity) sits in `trace`, searching from the end where it usually is. */
function lastIndexOf(trace: readonly TraceEvent[], event: TraceEvent): number {
  for (let i = trace.length - 1; i >= 0; i--) {
    if (trace[i] === event) return i;
    // Events are in time order: nothing earlier than it can be it.
    if (trace[i]!.at < event.at) return -1;
  }
  return -1;
}
