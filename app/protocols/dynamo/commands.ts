import type { ProtocolCommand } from '../../commands/types';
import { quorumFields, useSelectedKey } from './selected-key';
import { asDynamoView } from './view';

/** A client's get and update (read, then write with the context read) of the key the ring panel shows, sent to one node. */
export const dynamoCommands: readonly ProtocolCommand[] = [
  {
    id: 'join',
    scope: 'node',
    label: 'Join the ring',
    bar: 'Join',
    title: 'This node takes its place on the ring (§4.9): the keys it now replicates are transferred to it by their previous holders',
    tone: 'primary',
    when: 'up',
    enabled: (node) => {
      const view = asDynamoView(node.view);
      return !!view && !!view.members && !view.members.includes(node.id);
    },
    run: (node) => ({ actions: [{ kind: 'command', node, command: { type: 'join' } }] }),
  },
  {
    id: 'leave',
    scope: 'node',
    label: 'Leave the ring',
    bar: 'Leave',
    title: 'This node leaves the ring (§4.9): it hands every key it holds to the key\'s new replicas before deleting it',
    when: 'up',
    enabled: (node) => {
      const view = asDynamoView(node.view);
      return !!view && !!view.members && view.members.includes(node.id);
    },
    run: (node) => ({ actions: [{ kind: 'command', node, command: { type: 'leave' } }] }),
  },
  {
    id: 'get',
    scope: 'node',
    label: 'Client get (selected key)',
    bar: 'Get',
    title: 'A client asks this node to read the key selected in the ring panel (it waits for R answers)',
    enabled: (node) => node.up,
    run: (node) => ({ actions: [{ kind: 'command', node, command: { type: 'get', key: useSelectedKey.getState().key, ...quorumFields('get') } }] }),
  },
  {
    id: 'update',
    scope: 'node',
    label: 'Client update (selected key)',
    bar: 'Put',
    title: 'A client asks this node to read the selected key and write a new value with the context it read (it waits for R, then W)',
    enabled: (node) => node.up,
    run: (node, _world, env) => ({
      actions: [{ kind: 'command', node, command: { type: 'update', key: useSelectedKey.getState().key, value: `v${env.nextValue()}`, ...quorumFields('update') } }],
    }),
  },
  {
    id: 'merge-union',
    scope: 'node',
    label: 'Client merge: union of siblings',
    title: 'A client reads the selected key through this node and writes back the union of the siblings it read (the shopping cart merge)',
    enabled: (node) => node.up,
    run: (node) => ({ actions: [{ kind: 'command', node, command: { type: 'update', key: useSelectedKey.getState().key, value: '', resolve: 'union' } }] }),
  },
  {
    id: 'merge-lww',
    scope: 'node',
    label: 'Client merge: last writer wins',
    title: 'A client reads the selected key through this node and writes back the sibling stamped last (the others are lost)',
    enabled: (node) => node.up,
    run: (node) => ({ actions: [{ kind: 'command', node, command: { type: 'update', key: useSelectedKey.getState().key, value: '', resolve: 'lww' } }] }),
  },
];
