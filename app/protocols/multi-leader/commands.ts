import type { NodeCommand, ProtocolCommand } from '../../commands/types';
import { asMultiLeaderView } from './view';

/**
 * Multi-leader replication's commands beyond crash, restart and the network: a client's write of
 * k1 at this leader, a like (+1 on the counter), an item added to or removed from the cart, and
 * this leader's clock turned ahead or back by 100 ms (the skew last writer wins trusts).
 */
const CART = ['apple', 'bread', 'cheese', 'dates', 'eggs', 'figs'];
const isLeader = (node: { up: boolean; view: Record<string, unknown> | null }) => node.up && asMultiLeaderView(node.view) !== null;

function clock(id: string, deltaMs: number): NodeCommand {
  return {
    id,
    scope: 'node',
    label: `Turn its clock ${deltaMs > 0 ? 'ahead' : 'back'} 100 ms`,
    bar: deltaMs > 0 ? 'Clock +' : undefined,
    title: `Skew this leader's clock ${deltaMs > 0 ? '+' : '−'}100 ms: its LWW timestamps move with it`,
    when: 'up',
    enabled: isLeader,
    run: (node, world) => {
      const view = asMultiLeaderView(world.nodes.find((n) => n.id === node)?.view);
      if (!view) return { problem: 'this leader is not running', tone: 'info' };
      return { actions: [{ kind: 'command', node, command: { type: 'skew', ms: view.skewMs + deltaMs } }] };
    },
  };
}

export const multiLeaderCommands: readonly ProtocolCommand[] = [
  {
    id: 'mlWrite',
    scope: 'node',
    label: 'Write k1 here',
    bar: 'Write k1',
    title: 'A client writes a fresh value to k1 at this leader (acknowledged at once)',
    when: 'up',
    enabled: isLeader,
    run: (node, _world, env) => ({ actions: [{ kind: 'command', node, command: { type: 'set', key: 'k1', value: env.nextValue() } }] }),
  },
  {
    id: 'mlLike',
    scope: 'node',
    label: 'Like (+1 on the counter)',
    bar: '+1',
    title: 'A client adds 1 to the likes counter at this leader',
    when: 'up',
    enabled: isLeader,
    run: (node) => ({ actions: [{ kind: 'command', node, command: { type: 'incr', by: 1 } }] }),
  },
  {
    id: 'mlAdd',
    scope: 'node',
    label: 'Add an item to the cart',
    title: 'A client adds an item to the cart (an add-wins OR-set) at this leader',
    when: 'up',
    enabled: isLeader,
    run: (node, _world, env) => ({ actions: [{ kind: 'command', node, command: { type: 'add', element: CART[env.nextValue() % CART.length]! } }] }),
  },
  {
    id: 'mlRemove',
    scope: 'node',
    label: 'Remove the first item of the cart',
    title: 'A client removes the first item this leader shows in the cart (only the adds it has seen)',
    when: 'up',
    enabled: (node) => (asMultiLeaderView(node.view)?.cart.length ?? 0) > 0,
    run: (node, world) => {
      const element = asMultiLeaderView(world.nodes.find((n) => n.id === node)?.view)?.cart[0];
      if (!element) return { problem: 'the cart is empty at this leader', tone: 'info' };
      return { actions: [{ kind: 'command', node, command: { type: 'remove', element } }] };
    },
  },
  clock('mlClockAhead', 100),
  clock('mlClockBack', -100),
];
