import type { NodeId } from '../../engine/kernel/protocol';
import type { TraceEvent } from '../../engine/kernel/trace';
import type { Micros } from '../../engine/kernel/time';
import type { NodeRef, ProtocolWord } from '../../engine/scenario/lesson';
import type { NodeState } from '../store/types';
import type { LessonWorld } from './world';

/**
 * The contract between the generic lesson code (app/lessons/) and a protocol's lesson words
 * (`ProtocolUi.lessons`; Raft's is app/protocols/raft/lessons.ts). A lesson file spells a
 * protocol's words `<protocol>.<name>` (`raft.leaderElected`), validated by the engine side of
 * the same vocabulary (engine/protocols/NAME/lesson.ts); here the protocol says what they mean:
 * when a condition holds, how it reads, what a learner does to meet it, and which commands an
 * action becomes (run through the one dispatcher, app/commands/dispatch.ts). The generic words
 * (time, crashes, the network, the clock) are the generic code's own.
 */

/** A command a lesson runs: one of the page's or the protocol's named commands, by name with its arguments. */
export interface CommandCall {
  name: string;
  args: unknown[];
}

export type Resolved = { ok: true; call: CommandCall } | { ok: false; problem: string };

/**
 * The run as it was when the learner entered a step: conditions "since the step" compare with
 * it (a crash of the leader of then, entries committed since).
 */
export interface StepEntry {
  atUs: Micros;
  up: NodeId[];
  /**
   * Per role, the nodes "crash the <role>" may mean, as of then (Raft: the leader of then, or the
   * last one observed; the followers running then).
   */
  roles: Record<string, NodeId[]>;
  /** The protocol's own part (`LessonUi.capture`: Raft's highest term and commit then), plain data. */
  own: unknown;
  /** The clock then: going Back to the step puts it back (before replaying the step's own play/pause/speed). */
  playing: boolean;
  speed: number;
}

/** A role a lesson may name a node by ("leader"): `{ kind: 'crash', node: 'leader' }`, `{ kind: 'nodeCrashed', who: 'leader' }`. */
export interface LessonRole {
  /** Who holds it now (an action's target), or null. */
  holder(world: LessonWorld): NodeId | null;
  /** When a step is entered: the nodes "crash the <role>" may mean (captured into `StepEntry.roles`). */
  atEntry(world: LessonWorld): NodeId[];
  /** In words after "crash": "the leader", "a follower". */
  readonly words: string;
  /** One node holds it (the hint then names it: "crash the leader (S2)"). */
  readonly single: boolean;
  /** Why an action naming it cannot be done now: "there is no leader right now". */
  readonly missing: string;
}

/** What a learner does to meet a condition (the headless learner, walk.ts): commands, and a few words for the transcript. */
export interface LearnerMove {
  calls: CommandCall[];
  said: string;
}

export interface LessonConditionUi<C extends ProtocolWord = ProtocolWord> {
  holds(condition: C, world: LessonWorld, entry: StepEntry): boolean;
  /**
   * Whether `event` shows the condition holding at its instant: for a state that may last less
   * than a frame (a chunk on its way, a breaker half-open, a queue at 4). The page draws a frame
   * every 40 ms or so, at any speed; between two frames it judges every trace event with this
   * (between-frames.ts), so no such moment is stepped over. It must never say yes when `holds`
   * would have said no right after the event. Absent: the condition is judged on the frames
   * drawn, which suits a state that lasts (a leader elected, a view reached).
   */
  heldAt?(condition: C, event: TraceEvent, entry: StepEntry): boolean;
  /** What the learner waits for, after "Waiting for: " (plain text). */
  describe(condition: C, entry: StepEntry | null): string;
  /** What a learner would do to meet it; absent or null: wait for the run. */
  learner?(condition: C, world: LessonWorld, entry: StepEntry): LearnerMove | null;
}

export interface LessonActionUi<A extends ProtocolWord = ProtocolWord> {
  /** The command the action becomes, with roles resolved as they are now (`node(ref)`: an id, or why not). */
  resolve(action: A, world: LessonWorld, node: (ref: NodeRef) => NodeId | string): Resolved;
  /** Whether it only moves the clock (replayed on a revisit); default false: it is in the timeline. */
  readonly clock?: boolean;
}

/** A protocol's lesson words, as `ProtocolUi.lessons`. */
export interface LessonUi {
  /** The roles its lessons may name nodes by, in the order the learner's faults aim at them. */
  readonly roles: Readonly<Record<string, LessonRole>>;
  /** The members (nodes that count for `nodesDown`; Raft: the newest configuration). */
  members(nodes: readonly NodeState[]): NodeId[];
  /** A running member a learner crashes or cuts off when a step asks for "a node" (Raft: a follower), or null. */
  expendable(nodes: readonly NodeState[]): NodeId | null;
  /** The protocol's part of a step's entry (plain data; `StepEntry.own`). */
  capture(world: LessonWorld): unknown;
  /** Its conditions, by name without the prefix ("leaderElected" for `raft.leaderElected`). */
  readonly conditions: Readonly<Record<string, LessonConditionUi>>;
  /** Its actions, by name without the prefix. */
  readonly actions: Readonly<Record<string, LessonActionUi>>;
}
