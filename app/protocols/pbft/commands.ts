import type { ProtocolCommand } from '../../commands/types';
import { asPbftView } from './view';

/** PBFT's commands beyond crash, restart, pause, byzantine and the network: a client write on demand. */
export const pbftCommands: readonly ProtocolCommand[] = [
  {
    id: 'pbftWrite',
    scope: 'node',
    label: 'Send a write (x = 1)',
    bar: 'Write',
    title: 'This client asks the replicas to write x = 1, and waits for f + 1 matching replies',
    when: 'up',
    enabled: (node) => node.up && asPbftView(node.view)?.role === 'client',
    run: (node) => ({ actions: [{ kind: 'command', node, command: { type: 'write', key: 'x', value: 1 } }] }),
  },
];
