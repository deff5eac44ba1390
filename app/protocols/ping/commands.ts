import type { ProtocolCommand } from '../../commands/types';

/** Ping's one command beyond crash, restart and the network: a client's echo, answered at once. */
export const pingCommands: readonly ProtocolCommand[] = [
  {
    id: 'echo',
    scope: 'node',
    label: 'Client echo',
    bar: 'Echo',
    title: 'Send an echo request to this node (it answers at once)',
    enabled: (node) => node.up,
    run: (node, _world, env) => ({ actions: [{ kind: 'command', node, command: { type: 'Echo', value: env.nextValue() } }] }),
  },
];
