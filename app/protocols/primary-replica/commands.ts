import type { ProtocolCommand } from '../../commands/types';
import { asPrView } from './view';

/** Primary-replica's command beyond crash, restart, pause and the network: a manual failover. */
export const prCommands: readonly ProtocolCommand[] = [
  {
    id: 'prPromote',
    scope: 'node',
    label: 'Promote to primary (manual failover)',
    bar: 'Promote',
    title: 'Take the lease by force and become primary in a new epoch (patronictl failover); the old primary learns it at its next renewal',
    when: 'up',
    enabled: (node) => {
      const v = node.up ? asPrView(node.view) : null;
      return v?.kind === 'server' && v.role === 'replica';
    },
    run: (node) => ({ actions: [{ kind: 'command', node, command: { type: 'promote' } }] }),
  },
];
