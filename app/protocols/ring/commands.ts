import type { ProtocolCommand } from '../../commands/types';
import { asRingView } from './view';

/**
 * The ring's commands beyond crash, restart and the network: a node joins or leaves the ring
 * (a membership change that starts a migration), and a client's put or get sent to this node,
 * which routes it to the key's owner.
 */
export const ringCommands: readonly ProtocolCommand[] = [
  {
    id: 'join',
    scope: 'node',
    label: 'Join the ring',
    bar: 'Join',
    title: 'This node becomes a member: the keys it now owns move to it from the other members',
    tone: 'primary',
    when: 'up',
    enabled: (node) => {
      const view = asRingView(node.view);
      return !!view && view.statuses[node.id] !== 'member';
    },
    run: (node) => ({ actions: [{ kind: 'command', node, command: { type: 'join' } }] }),
  },
  {
    id: 'leave',
    scope: 'node',
    label: 'Leave the ring',
    bar: 'Leave',
    title: 'This node leaves: it hands every key it holds to the new owners',
    when: 'up',
    enabled: (node) => {
      const view = asRingView(node.view);
      return !!view && view.statuses[node.id] === 'member';
    },
    run: (node) => ({ actions: [{ kind: 'command', node, command: { type: 'leave' } }] }),
  },
  {
    id: 'put',
    scope: 'node',
    label: 'Client put',
    bar: 'Put',
    title: 'A client writes a fresh value to a key through this node (it routes the put to the owner)',
    when: 'up',
    run: (node, world, env) => {
      const view = world.nodes.map((n) => asRingView(n.view)).find((v) => v !== null);
      const value = env.nextValue();
      const key = value % Math.max(1, view?.keys ?? 96);
      return { actions: [{ kind: 'command', node, command: { type: 'put', key, value } }] };
    },
  },
  {
    id: 'get',
    scope: 'node',
    label: 'Client get',
    bar: 'Get',
    title: 'A client reads a key through this node',
    when: 'up',
    run: (node, world, env) => {
      const view = world.nodes.map((n) => asRingView(n.view)).find((v) => v !== null);
      const key = env.nextValue() % Math.max(1, view?.keys ?? 96);
      return { actions: [{ kind: 'command', node, command: { type: 'get', key } }] };
    },
  },
];
