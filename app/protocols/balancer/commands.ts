import type { ProtocolCommand } from '../../commands/types';
import { asClient, asServer } from './view';

/** The balancer's commands beyond crash, restart and the network: a server slow or normal again, extra load at a client or at every client. */
const EXTRA_PER_CLIENT = 25;

export const balancerCommands: readonly ProtocolCommand[] = [
  {
    id: 'makeSlow',
    scope: 'node',
    label: 'Make this server slow (×5)',
    bar: 'Slow',
    title: 'Its requests take five times as long from now on (a noisy neighbour, a GC storm, a bad disk)',
    when: 'up',
    enabled: (node) => node.up && (asServer(node.view)?.slowFactor ?? 0) === 1,
    run: (node) => ({ actions: [{ kind: 'command', node, command: { type: 'slow', factor: 5 } }] }),
  },
  {
    id: 'makeNormal',
    scope: 'node',
    label: 'Make this server normal again',
    bar: 'Normal',
    title: 'Its requests take the normal service time again',
    when: 'up',
    enabled: (node) => node.up && (asServer(node.view)?.slowFactor ?? 1) > 1,
    run: (node) => ({ actions: [{ kind: 'command', node, command: { type: 'normal' } }] }),
  },
  {
    id: 'addLoad',
    scope: 'node',
    label: `Add load: ${EXTRA_PER_CLIENT} more requests a second`,
    bar: '+Load',
    title: `This client sends ${EXTRA_PER_CLIENT} more requests a second to its balancer`,
    when: 'up',
    enabled: (node) => node.up && asClient(node.view) !== null,
    run: (node, world) => {
      const now = asClient(world.nodes.find((n) => n.id === node)?.view)?.extraPerSecond ?? 0;
      return { actions: [{ kind: 'command', node, command: { type: 'load', perSecond: now + EXTRA_PER_CLIENT } }] };
    },
  },
  {
    id: 'stopLoad',
    scope: 'node',
    label: 'Stop the extra load',
    title: 'This client sends only its share of the workload again',
    when: 'up',
    enabled: (node) => node.up && (asClient(node.view)?.extraPerSecond ?? 0) > 0,
    run: (node) => ({ actions: [{ kind: 'command', node, command: { type: 'load', perSecond: 0 } }] }),
  },
  {
    id: 'addLoadEverywhere',
    scope: 'cluster',
    label: '+ Load',
    title: `Every running client sends ${EXTRA_PER_CLIENT} more requests a second`,
    run: (world) => {
      const clients = world.nodes.filter((n) => n.up && asClient(n.view) !== null);
      if (clients.length === 0) return { problem: 'No client is running.', tone: 'info' };
      return {
        actions: clients.map((n) => ({ kind: 'command' as const, node: n.id, command: { type: 'load', perSecond: (asClient(n.view)?.extraPerSecond ?? 0) + EXTRA_PER_CLIENT } })),
      };
    },
  },
];
