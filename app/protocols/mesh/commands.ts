import type { NodeState } from '../../store/types';
import type { ProtocolCommand } from '../../commands/types';
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

export const meshCommands: readonly ProtocolCommand[] = [
  health('meshSlow', 'Make slow (×5)', 'Slow', 'Every call takes five times as long on this instance', 5, 0),
  health('meshFailing', 'Make failing (50%)', 'Fail', 'Half the calls this instance takes fail', 1, 50),
  health('meshHealthy', 'Make healthy', 'Heal', 'Normal speed, no failures', 1, 0),
  load('meshLoadUp', 'Double the load', 'Load ×2', 2),
  load('meshLoadDown', 'Halve the load', 'Load ÷2', 0.5),
];
