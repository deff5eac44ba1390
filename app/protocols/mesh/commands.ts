import type { NodeState } from '../../store/types';
import type { ClusterCommand, ProtocolCommand } from '../../commands/types';
import { asMeshView } from './view';

/** The mesh's node commands: make an instance slow, failing or healthy; change a client's load. */
const isInstance = (node: NodeState) => node.up && (asMeshView(node.view)?.instance ?? null) !== null;
const isClient = (node: NodeState) => node.up && (asMeshView(node.view)?.client ?? null) !== null;

function health(id: string, label: string, bar: string, title: string, slowFactor: number, failPercent: number): ProtocolCommand {
  return {
    id,
    scope: 'node',
    label,
    bar,
    title,
    when: 'up',
    enabled: isInstance,
    run: (node) => ({ actions: [{ kind: 'command', node, command: { type: 'setHealth', slowFactor, failPercent } }] }),
  };
}

function load(id: string, label: string, bar: string, factor: number): ProtocolCommand {
  return {
    id,
    scope: 'node',
    label,
    bar,
    title: `${label}: the client's offered load in requests per second`,
    when: 'up',
    enabled: isClient,
    run: (node, world) => {
      const now = asMeshView(world.nodes.find((n) => n.id === node)?.view)?.client?.rps ?? 0;
      const rps = Math.max(1, Math.min(5000, Math.round(now * factor)));
      return { actions: [{ kind: 'command', node, command: { type: 'setLoad', rps } }] };
    },
  };
}

const SPLIT_STEPS = [0, 5, 25, 50, 100];

/**
 * Sets every split route's canary share: to `args[0]` percent when given (the Service graph's
 * slider), else to the next step (0, 5, 25, 50, 100%, then 0 again: the toolbar button). One
 * `setCanaryPercent` command per caller, stamped into the run, so a link replays the move.
 */
const shiftCanary: ClusterCommand = {
  id: 'meshShiftCanary',
  scope: 'cluster',
  label: 'Shift canary',
  title: 'Move the canary’s share of calls to the next step: 0, 5, 25, 50, 100%',
  run(world, _env, args = []) {
    const callers = world.nodes.flatMap((n) => {
      const split = n.up ? asMeshView(n.view)?.route?.split : null;
      return split ? [{ id: n.id, percent: split.canaryPercent }] : [];
    });
    if (callers.length === 0) return { problem: 'No route of this scenario has a weighted split.', tone: 'info' };
    const wanted = args[0];
    if (wanted !== undefined && (typeof wanted !== 'number' || !Number.isFinite(wanted))) return { problem: 'The canary’s share is a number of percent.', tone: 'warning' };
    const percent = wanted === undefined ? (SPLIT_STEPS.find((p) => p > callers[0]!.percent) ?? 0) : Math.min(100, Math.max(0, Math.round(wanted)));
    return { actions: callers.map((c) => ({ kind: 'command' as const, node: c.id, command: { type: 'setCanaryPercent', percent } })) };
  },
};

export const meshCommands: readonly ProtocolCommand[] = [
  shiftCanary,
  health('meshSlow', 'Make slow (×5)', 'Slow', 'Every call takes five times as long on this instance', 5, 0),
  health('meshFailing', 'Make failing (50%)', 'Fail', 'Half the calls this instance takes fail', 1, 50),
  health('meshHealthy', 'Make healthy', 'Heal', 'Normal speed, no failures', 1, 0),
  load('meshLoadUp', 'Double the load', 'Load ×2', 2),
  load('meshLoadDown', 'Halve the load', 'Load ÷2', 0.5),
];
