import type { Action } from '../../engine/kernel/actions';
import type { NetworkModel } from '../../engine/kernel/faults';
import type { NodeId } from '../../engine/kernel/protocol';
import type { ClockCommand, NodeCommand, PageCommands } from './types';

const isNode = (v: unknown): v is NodeId => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * The page's own commands: what the kernel does to any protocol's nodes and network (actions in
 * engine/kernel/actions.ts), and the clock.
 */

export const crash: NodeCommand = {
  id: 'crash',
  scope: 'node',
  label: 'Crash',
  bar: 'Crash',
  title: 'Crash this server (it keeps only what it wrote to disk)',
  tone: 'danger',
  when: 'up',
  run: (node) => ({ actions: [{ kind: 'crash', node }] }),
};

export const restart: NodeCommand = {
  id: 'restart',
  scope: 'node',
  label: 'Restart',
  bar: 'Restart',
  title: 'Restart this server from its durable state',
  tone: 'primary',
  when: 'down',
  run: (node) => ({ actions: [{ kind: 'restart', node }] }),
};

/** Freezes a running node with its memory intact (kernel/pause.ts); not "pause", the clock's. */
export const pauseNode: NodeCommand = {
  id: 'pauseNode',
  scope: 'node',
  label: 'Pause',
  bar: 'Pause',
  title: 'Freeze this server, memory intact, like a long garbage-collection pause: what reaches it waits',
  when: 'up',
  enabled: (node) => !node.paused,
  run: (node) => ({ actions: [{ kind: 'pause', node }] }),
};

export const resumeNode: NodeCommand = {
  id: 'resumeNode',
  scope: 'node',
  label: 'Resume',
  bar: 'Resume',
  title: 'Thaw this server: everything that waited runs now, in order',
  tone: 'primary',
  when: 'up',
  enabled: (node) => node.paused === true,
  run: (node) => ({ actions: [{ kind: 'resume', node }] }),
};

/** Crash and restart, pause and resume, first on every node's list. */
export const ENVIRONMENT_NODE_COMMANDS: readonly NodeCommand[] = [crash, restart, pauseNode, resumeNode];

/**
 * `byzantine(node, policy)`: the node lies by one of its protocol's policies from now on
 * (`null`: honest again). The page offers it only when the protocol declares policies.
 */
export function byzantineActions(args: readonly unknown[]): Action[] | null {
  const [node, policy] = args;
  if (!isNode(node) || !(policy === null || (typeof policy === 'string' && policy.length > 0 && policy.length <= 64))) return null;
  return [{ kind: 'byzantine', node, policy }];
}

/** `slow(node, delayMs)`: what reaches the node waits delayMs before it is handled (0: at speed again). */
export function slowActions(args: readonly unknown[]): Action[] | null {
  const [node, delayMs] = args;
  if (!isNode(node) || typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0 || delayMs > 60_000) return null;
  return [{ kind: 'slow', node, delayUs: Math.round(delayMs * 1000) }];
}

export const CLOCK_COMMANDS: ReadonlySet<string> = new Set<ClockCommand>(['play', 'pause', 'setSpeed', 'stepOnce', 'stepToInteresting', 'seek']);

/** The network commands (actions on links and messages, for any protocol). */
export const NETWORK_COMMANDS: ReadonlySet<string> = new Set<keyof PageCommands>(['cutLink', 'restoreLink', 'partition', 'heal', 'dropMessage', 'setNetwork']);


/**
 * A network command's actions from its arguments; null when they are not what the command takes
 * (they may come from `window.quorum`).
 */
export function networkActions(name: string, args: readonly unknown[]): Action[] | null {
  const [a, b, c] = args;
  switch (name as keyof PageCommands) {
    case 'cutLink':
      return isNode(a) && isNode(b) ? [{ kind: 'cut', from: a, to: b, oneWay: c === true }] : null;
    case 'restoreLink':
      return isNode(a) && isNode(b) ? [{ kind: 'restore', from: a, to: b, oneWay: c === true }] : null;
    case 'partition':
      return Array.isArray(a) && a.every((g) => Array.isArray(g) && g.every(isNode)) ? [{ kind: 'partition', groups: a as NodeId[][] }] : null;
    case 'heal':
      return [{ kind: 'heal' }];
    case 'dropMessage': {
      // "from.incarnation.seq", as the page names a message.
      const [from, fromIncarnation, fromSeq] = typeof a === 'string' ? a.split('.').map(Number) : [];
      if (![from, fromIncarnation, fromSeq].every((n) => n !== undefined && Number.isInteger(n))) return null;
      return [{ kind: 'drop', id: { from: from!, fromIncarnation: fromIncarnation!, fromSeq: fromSeq! } }];
    }
    case 'setNetwork':
      return a && typeof a === 'object' ? [{ kind: 'network', ...(a as Partial<NetworkModel>) }] : null;
    default:
      return null;
  }
}
