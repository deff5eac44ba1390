import type { ProtocolCommand } from '../../commands/types';
import { asSwimView } from './view';

/** SWIM's commands beyond crash, restart and the network: a graceful leave, and joining again. */
export const swimCommands: readonly ProtocolCommand[] = [
  {
    id: 'swimLeave',
    scope: 'node',
    label: 'Leave the group',
    bar: 'Leave',
    title: 'Leave gracefully: it tells the group it is leaving (a dead rumour about itself), then falls silent',
    when: 'up',
    enabled: (node) => node.up && asSwimView(node.view)?.left === false,
    run: (node) => ({ actions: [{ kind: 'command', node, command: { type: 'leave' } }] }),
  },
  {
    id: 'swimJoin',
    scope: 'node',
    label: 'Join again',
    bar: 'Join',
    title: 'Join the group again with a higher incarnation, through a push-pull with a member',
    when: 'up',
    enabled: (node) => node.up && asSwimView(node.view)?.left === true,
    run: (node) => ({ actions: [{ kind: 'command', node, command: { type: 'join' } }] }),
  },
];
