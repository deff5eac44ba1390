import type { MessageId } from './trace';
import type { NodeId, ProtocolCommand } from './protocol';
import type { Micros } from './time';

/**
 * The user's (and the nemesis's) vocabulary. Buttons, keyboard shortcuts, share links, the
 * nemesis and tests all speak it (STYLE.md, after excalidraw's actions and turmoil's faults).
 * Actions are data: each is stamped with the virtual time it applies at and appended to the
 * scenario's timeline, which is what makes runs replayable and shareable.
 */
export type Action =
  | { kind: 'crash'; node: NodeId }
  | { kind: 'restart'; node: NodeId }
  /** Cut the link from -> to; `oneWay: false` cuts both directions. */
  | { kind: 'cut'; from: NodeId; to: NodeId; oneWay: boolean }
  | { kind: 'restore'; from: NodeId; to: NodeId; oneWay: boolean }
  /**
   * Nodes in different groups cannot talk; nodes in no group form one more group together.
   * A single group (or none) ends the partition without restoring cut links.
   */
  | { kind: 'partition'; groups: NodeId[][] }
  /** Ends every partition and restores every cut link. */
  | { kind: 'heal' }
  | { kind: 'network'; latencyUs?: { min: Micros; max: Micros }; lossRate?: number; duplicateRate?: number }
  /** Loses one message in flight (the UI's click on a message). */
  | { kind: 'drop'; id: MessageId }
  /** A client operation or a poke, delivered to one node's onCommand. */
  | { kind: 'command'; node: NodeId; command: ProtocolCommand }
  /**
   * Freezes a running node with its memory intact (a long GC pause, a stopped VM): it runs no
   * handler until `resume`; what falls due meanwhile waits and runs at the resume instant, in
   * canonical order (kernel/pause.ts says exactly how). A crash ends a pause.
   */
  | { kind: 'pause'; node: NodeId }
  | { kind: 'resume'; node: NodeId }
  /**
   * Makes a node lie by one of its protocol's declared policies (`Protocol.byzantine`), from
   * now on and across restarts; `null` makes it honest again.
   */
  | { kind: 'byzantine'; node: NodeId; policy: string | null }
  /**
   * Makes a running node slow (a CPU-starved process, a GC-thrashing one): every message that
   * reaches it waits `delayUs` in its receive backlog before its handler runs; `delayUs: 0`
   * makes it normal again. Unlike a pause it keeps running (node-host.ts says exactly how).
   */
  | { kind: 'slow'; node: NodeId; delayUs: Micros };

export type ActionKind = Action['kind'];

/**
 * Who put an action in the timeline, for the story the page tells ("The nemesis cut S1-S3").
 * Absent: the scenario itself (its file or link, or a test). It never changes what happens,
 * so the trace hash leaves it out: a run replays identically whoever acted.
 */
export type Actor = 'user' | 'lesson' | 'nemesis';
export const ACTORS: readonly Actor[] = ['user', 'lesson', 'nemesis'];

export interface TimedAction {
  readonly at: Micros;
  readonly action: Action;
  readonly by?: Actor;
}

/** Actions after which the worker runner must stop and rewire workers before going on. */
export function needsRewiring(action: Action): boolean {
  return action.kind === 'restart';
}

/** Op ids of user-issued commands live above the workload's, so both stay unique. */
export const USER_OP_BASE = 2 ** 30;
