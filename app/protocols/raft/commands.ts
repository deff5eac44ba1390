import type { ClusterCommand, NodeCommand, ProtocolCommand } from '../../commands/types';
import { MAX_SERVERS } from './default-scenario';
import { currentLeader, members } from './leader';

/**
 * What a user (or a lesson) can ask of Raft beyond crash, restart and the network: a server's
 * election timer fired now, client writes and reads, and membership changes, which go through
 * the leader (found the one way: leader.ts).
 */

const up = (node: { up: boolean }) => node.up;
/** A client node (its view says so) neither votes nor belongs to the configuration. */
const isClient = (node: { view?: Record<string, unknown> | null }) => node.view?.kind === 'client';
const upServer = (node: { up: boolean; view?: Record<string, unknown> | null }) => node.up && !isClient(node);

const forceTimeout: NodeCommand = {
  id: 'forceTimeout',
  scope: 'node',
  label: 'Time out now',
  bar: 'Time out',
  title: 'Make its election timer fire now',
  enabled: upServer,
  run: (node) => ({ actions: [{ kind: 'command', node, command: { type: 'forceElection' } }] }),
};

const clientWrite: NodeCommand = {
  id: 'clientWrite',
  scope: 'node',
  label: 'Client write',
  bar: 'Client write',
  title: 'Send a client write to this server (a client node sends it on as a request)',
  enabled: up,
  run: (node, _world, env) => ({ actions: [{ kind: 'command', node, command: { type: 'write', value: env.nextValue() } }] }),
};

const clientRead: NodeCommand = {
  id: 'clientRead',
  scope: 'node',
  label: 'Client read',
  title: 'Send a client read to this server (a client node sends it on as a request)',
  enabled: up,
  run: (node) => ({ actions: [{ kind: 'command', node, command: { type: 'read' } }] }),
};

const NO_LEADER = { problem: 'Membership changes go through the leader, and there is none right now.', tone: 'warning' } as const;

const removeServer: NodeCommand = {
  id: 'removeServer',
  scope: 'node',
  label: 'Remove from cluster',
  title: 'Remove this server from the configuration (the leader commits the change)',
  enabled: (node) => !isClient(node),
  run: (node, { nodes }) => {
    if (members(nodes).length <= 1) return { problem: 'A cluster needs at least one server.', tone: 'info' };
    const leader = currentLeader(nodes);
    if (leader === null) return NO_LEADER;
    return { actions: [{ kind: 'command', node: leader, command: { type: 'removeServer', node } }] };
  },
};

const addServer: ClusterCommand = {
  id: 'addServer',
  scope: 'cluster',
  label: '+ Server',
  title: 'Start a spare server and add it to the cluster',
  run: ({ nodes, nodeCount }) => {
    // A spare is a slot that never ran, or a server that is down and no longer a member.
    const m = members(nodes);
    const slots = Math.min(nodeCount, MAX_SERVERS);
    const spare = Array.from({ length: slots }, (_, id) => id).find((id) => {
      const node = nodes.find((n) => n.id === id);
      return !node || (!node.up && !m.includes(id));
    });
    if (spare === undefined) return { problem: `The cluster has no spare server slot (at most ${MAX_SERVERS} servers).`, tone: 'info' };
    const leader = currentLeader(nodes);
    if (leader === null) return NO_LEADER;
    return {
      actions: [
        { kind: 'restart', node: spare },
        { kind: 'command', node: leader, command: { type: 'addServer', node: spare } },
      ],
    };
  },
};

export const raftCommands: readonly ProtocolCommand[] = [forceTimeout, clientWrite, clientRead, removeServer, addServer];
