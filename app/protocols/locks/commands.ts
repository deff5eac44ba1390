import type { ProtocolCommand } from '../../commands/types';
import { asLocksView } from './view';

/** The lock service's commands beyond crash, restart, pause and the network: a client asks for the lock now, or lets it go. */
export const locksCommands: readonly ProtocolCommand[] = [
  {
    id: 'locksAcquire',
    scope: 'node',
    label: 'Ask for the lock now',
    bar: 'Acquire',
    title: 'This client asks the lock servers for the lock',
    when: 'up',
    enabled: (node) => {
      const view = asLocksView(node.view);
      return node.up && view?.role === 'client' && view.phase === 'idle';
    },
    run: (node) => ({ actions: [{ kind: 'command', node, command: { type: 'acquire' } }] }),
  },
  {
    id: 'locksRelease',
    scope: 'node',
    label: 'Release the lock',
    bar: 'Release',
    title: 'This client releases the lock it holds',
    when: 'up',
    enabled: (node) => {
      const view = asLocksView(node.view);
      return node.up && view?.role === 'client' && view.phase === 'holding';
    },
    run: (node) => ({ actions: [{ kind: 'command', node, command: { type: 'release' } }] }),
  },
];
