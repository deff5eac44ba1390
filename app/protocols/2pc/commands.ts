import type { ProtocolCommand } from '../../commands/types';
import { asTwoPcView } from './view';

/**
 * Two-phase commit's commands beyond crash, restart and the network: send the coordinator a
 * transaction on two keys (the keys go round so that repeated clicks touch different
 * participants, and a quick second click conflicts with the first).
 */
export const twoPcCommands: readonly ProtocolCommand[] = [
  {
    id: 'tpcTransaction',
    scope: 'node',
    label: 'Run a transaction (k1, k2)',
    bar: 'Txn',
    title: 'Send this coordinator a transaction writing k1 and k2',
    when: 'up',
    enabled: (node) => node.up && asTwoPcView(node.view)?.role === 'coordinator',
    run: (node, _world, env) => {
      const value = env.nextValue();
      return { actions: [{ kind: 'command', node, command: { type: 'txn', writes: [{ key: 'k1', value }, { key: 'k2', value }] } }] };
    },
  },
];
