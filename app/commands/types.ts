import type { Action } from '../../engine/kernel/actions';
import type { NetworkModel } from '../../engine/kernel/faults';
import type { NodeId } from '../../engine/kernel/protocol';
import type { Micros } from '../../engine/kernel/time';
import type { NodeState } from '../store/types';

/**
 * Commands as data (after excalidraw's actions): every user action is a named command that
 * buttons, keyboard shortcuts, lessons, the headless learner (app/lessons/walk.ts) and
 * `window.quorum` run through one dispatcher (dispatch.ts). A command becomes actions
 * (engine/kernel/actions.ts) stamped by the session, or moves the clock. The page's own commands
 * (crash, cut a link, heal, play, seek, ...) live in environment.ts; a protocol declares its own
 * (`ProtocolUi.commands`: Raft's "Time out", "Client write", "+ Server").
 */

/** What a command may look at to decide: the nodes as the page shows them. */
export interface CommandWorld {
  readonly nodes: readonly NodeState[];
  /** The scenario's node slots (spares included). */
  readonly nodeCount: number;
}

/** What a command may draw on besides the world. */
export interface CommandEnv {
  /** A fresh value for a client write (1001, 1002, ...: easy to follow in the log). */
  nextValue(): number;
}

/** The actions a command becomes, or why it cannot be done now (said to the user as a notice). */
export type CommandOutcome = { actions: Action[] } | { problem: string; tone: 'info' | 'warning' };

/** A command on one node: in its action bar in the cluster view and among its actions in the inspector. */
export interface NodeCommand {
  readonly id: string;
  readonly scope: 'node';
  /** The inspector's button ("Time out now"). */
  readonly label: string;
  /** The cluster view's action bar shows it with this shorter label ("Time out"); absent: not there. */
  readonly bar?: string;
  /** The button's tooltip. */
  readonly title: string;
  readonly tone?: 'danger' | 'primary';
  /** Shown only while the node is up or down (crash, restart); absent: always shown. */
  readonly when?: 'up' | 'down';
  /** Whether it can be used on `node` now (a button is disabled otherwise); absent: always. */
  enabled?(node: NodeState): boolean;
  run(node: NodeId, world: CommandWorld, env: CommandEnv): CommandOutcome;
}

/** A command on the whole cluster: a button in the toolbar ("+ Server"). */
export interface ClusterCommand {
  readonly id: string;
  readonly scope: 'cluster';
  readonly label: string;
  readonly title: string;
  /** `args`: what a protocol's own control passed with it (a slider's value); a toolbar button passes none. */
  run(world: CommandWorld, env: CommandEnv, args?: readonly unknown[]): CommandOutcome;
}

export type ProtocolCommand = NodeCommand | ClusterCommand;

/**
 * The page's own commands and their arguments (the protocol's take a node or nothing). Typed,
 * so `dispatch('cutLink', 0, 2, true)` is checked; a protocol's are dispatched by id.
 */
export interface PageCommands {
  play: [];
  pause: [];
  setSpeed: [speed: number];
  stepOnce: [];
  stepToInteresting: [];
  seek: [at: Micros];
  crash: [node: NodeId];
  restart: [node: NodeId];
  pauseNode: [node: NodeId];
  resumeNode: [node: NodeId];
  byzantine: [node: NodeId, policy: string | null];
  cutLink: [from: NodeId, to: NodeId, oneWay: boolean];
  restoreLink: [from: NodeId, to: NodeId, oneWay: boolean];
  partition: [groups: NodeId[][]];
  heal: [];
  dropMessage: [key: string];
  setNetwork: [change: Partial<NetworkModel>];
}

/** Commands that move the clock or the view of time, not the run. */
export type ClockCommand = 'play' | 'pause' | 'setSpeed' | 'stepOnce' | 'stepToInteresting' | 'seek';

/** What runs commands: the page's session, or the headless learner's. */
export interface CommandTarget extends CommandEnv {
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
  stepOnce(): void;
  stepToInteresting(): void;
  seek(at: Micros): void;
  /** Stamps an action now (the user's, or a lesson's while it acts). */
  act(action: Action): void;
  /** Tells the user why a command did nothing. */
  notice(text: string, tone: 'info' | 'warning' | 'error'): void;
}
