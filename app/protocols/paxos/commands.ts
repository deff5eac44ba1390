import type { ProtocolCommand } from '../../commands/types';
import type { NodeState } from '../../store/types';
import { asPaxosView } from './view';

/**
 * Paxos' commands: propose a value at a proposer; the cure for duelling proposers (every
 * proposer backs off at random when pre-empted). Duelling itself is a setting of the scenario
 * (`strategy: "duelling"`), so the toolbar keeps one button.
 */
const proposers = (nodes: readonly NodeState[]) => nodes.filter((n) => n.up && asPaxosView(n.view)?.roles.proposer);

function strategyCommand(id: string, strategy: 'duelling' | 'distinguished', label: string, title: string): ProtocolCommand {
  return {
    id,
    scope: 'cluster',
    label,
    title,
    run: (world) => {
      const targets = proposers(world.nodes);
      if (targets.length === 0) return { problem: 'No proposer is running.', tone: 'info' };
      return { actions: targets.map((n) => ({ kind: 'command' as const, node: n.id, command: { type: 'strategy', strategy } })) };
    },
  };
}

export const paxosCommands: readonly ProtocolCommand[] = [
  {
    id: 'paxosPropose',
    scope: 'node',
    label: 'Propose a value',
    bar: 'Propose',
    title: 'This proposer starts a new ballot to get a value of its own chosen',
    when: 'up',
    enabled: (node) => {
      const p = asPaxosView(node.view)?.proposer;
      return node.up && !!p && p.phase !== 'done';
    },
    run: (node, _world, env) => ({ actions: [{ kind: 'command', node, command: { type: 'propose', value: env.nextValue() } }] }),
  },
  strategyCommand(
    'paxosBackOff',
    'distinguished',
    'Back off',
    'Every proposer backs off for a random time when pre-empted, so one of them (the distinguished proposer) finishes',
  ),
];
