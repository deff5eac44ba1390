import type { ProtocolCommand } from '../../commands/types';

/**
 * Multi-Paxos' commands: a server runs phase 1 now (a leader change on demand); a client (or a
 * server, which then serves it itself if it leads) writes or reads key k1.
 */
const isClient = (node: { view?: Record<string, unknown> | null }) => node.view?.kind === 'client';

export const multiPaxosCommands: readonly ProtocolCommand[] = [
  {
    id: 'mpCampaign',
    scope: 'node',
    label: 'Run phase 1 now',
    bar: 'Phase 1',
    title: 'This server starts phase 1 with a higher ballot, as if it had heard no leader for too long',
    when: 'up',
    enabled: (node) => node.up && !isClient(node),
    run: (node) => ({ actions: [{ kind: 'command', node, command: { type: 'campaign' } }] }),
  },
  {
    id: 'mpWrite',
    scope: 'node',
    label: 'Client write',
    bar: 'Write',
    title: 'Write k1 (a client node sends the request to the leader it knows)',
    when: 'up',
    run: (node, _world, env) => ({ actions: [{ kind: 'command', node, command: { type: 'write', key: 'k1', value: env.nextValue() } }] }),
  },
  {
    id: 'mpRead',
    scope: 'node',
    label: 'Client read',
    title: 'Read k1 through the log (a client node sends the request to the leader it knows)',
    when: 'up',
    run: (node) => ({ actions: [{ kind: 'command', node, command: { type: 'read', key: 'k1' } }] }),
  },
];
