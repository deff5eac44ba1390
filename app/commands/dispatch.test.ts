import { nodeName } from '../../engine/kernel/topology';
import { describe, expect, it } from 'vitest';
import { protocolUi } from '../protocols/registry';
import type { NodeState } from '../store/types';
import { nodeCommands, resolveCommand } from './dispatch';

const raft = protocolUi('raft').commands;
const node = (id: number, role: string | null, term = 1): NodeState => ({
  id,
  name: nodeName(null, id),
  up: role !== null,
  incarnation: 0,
  timers: [],
  view: role === null ? null : { role, term, members: [0, 1, 2], log: [] },
});
const world = (nodes: NodeState[], nodeCount = 15) => ({ nodes, nodeCount });
let value = 1000;
const env = { nextValue: () => ++value };

describe('the dispatcher', () => {
  it('leaves the clock to the session and turns the network commands into actions', () => {
    const w = world([node(0, 'leader')]);
    expect(resolveCommand(raft, w, env, 'seek', [5_000])).toEqual({ kind: 'clock', name: 'seek', args: [5_000] });
    expect(resolveCommand(raft, w, env, 'cutLink', [0, 2, true])).toEqual({ kind: 'actions', actions: [{ kind: 'cut', from: 0, to: 2, oneWay: true }] });
    expect(resolveCommand(raft, w, env, 'dropMessage', ['1.0.7'])).toEqual({ kind: 'actions', actions: [{ kind: 'drop', id: { from: 1, fromIncarnation: 0, fromSeq: 7 } }] });
    expect(resolveCommand(raft, w, env, 'crash', [0])).toEqual({ kind: 'actions', actions: [{ kind: 'crash', node: 0 }] });
  });

  it("runs the protocol's commands by id, and says why one cannot run now", () => {
    const led = world([node(0, 'follower'), node(1, 'leader'), node(2, 'follower')]);
    expect(resolveCommand(raft, led, env, 'forceTimeout', [2])).toEqual({ kind: 'actions', actions: [{ kind: 'command', node: 2, command: { type: 'forceElection' } }] });
    expect(resolveCommand(raft, led, env, 'clientWrite', [0])).toMatchObject({ kind: 'actions', actions: [{ kind: 'command', node: 0, command: { type: 'write' } }] });
    // Membership changes go through the one leader finder: a spare restarts, the leader adds it.
    expect(resolveCommand(raft, led, env, 'addServer', [])).toEqual({
      kind: 'actions',
      actions: [
        { kind: 'restart', node: 3 },
        { kind: 'command', node: 1, command: { type: 'addServer', node: 3 } },
      ],
    });
    const leaderless = world([node(0, 'candidate', 2), node(1, null), node(2, 'follower')]);
    expect(resolveCommand(raft, leaderless, env, 'removeServer', [2])).toMatchObject({ kind: 'problem', tone: 'warning' });
  });

  it('refuses what it does not know, and nodes that are not there', () => {
    const w = world([node(0, 'leader')], 3);
    expect(resolveCommand(raft, w, env, 'launchRockets', [])).toMatchObject({ kind: 'problem', tone: 'error' });
    expect(resolveCommand(raft, w, env, 'crash', [7])).toMatchObject({ kind: 'problem', tone: 'error' });
    expect(resolveCommand(raft, w, env, 'cutLink', ['a', 1])).toMatchObject({ kind: 'problem', tone: 'error' });
    expect(resolveCommand([], w, env, 'forceTimeout', [0])).toMatchObject({ kind: 'problem' });
  });

  it("lists a node's commands: the page's crash, restart, pause and resume first, then the protocol's", () => {
    expect(nodeCommands(raft).map((c) => c.id)).toEqual(['crash', 'restart', 'pauseNode', 'resumeNode', 'forceTimeout', 'clientWrite', 'clientRead', 'removeServer']);
  });

  it('pauses and resumes a node (not the clock), and makes it byzantine by a policy or honest again', () => {
    const w = world([node(0, 'leader'), node(1, 'follower')], 3);
    expect(resolveCommand(raft, w, env, 'pauseNode', [1])).toEqual({ kind: 'actions', actions: [{ kind: 'pause', node: 1 }] });
    expect(resolveCommand(raft, w, env, 'resumeNode', [1])).toEqual({ kind: 'actions', actions: [{ kind: 'resume', node: 1 }] });
    expect(resolveCommand(raft, w, env, 'pause', [])).toEqual({ kind: 'clock', name: 'pause', args: [] });
    expect(resolveCommand(raft, w, env, 'byzantine', [1, 'silent'])).toEqual({ kind: 'actions', actions: [{ kind: 'byzantine', node: 1, policy: 'silent' }] });
    expect(resolveCommand(raft, w, env, 'byzantine', [1, null])).toEqual({ kind: 'actions', actions: [{ kind: 'byzantine', node: 1, policy: null }] });
    expect(resolveCommand(raft, w, env, 'byzantine', [5, 'silent'])).toMatchObject({ kind: 'problem', tone: 'error' });
    expect(resolveCommand(raft, w, env, 'byzantine', [1, 3])).toMatchObject({ kind: 'problem', tone: 'error' });
    // Slow: a receive delay in ms, 0 back to speed; anything else is a problem named.
    expect(resolveCommand(raft, w, env, 'slow', [1, 1500])).toEqual({ kind: 'actions', actions: [{ kind: 'slow', node: 1, delayUs: 1_500_000 }] });
    expect(resolveCommand(raft, w, env, 'slow', [1, 0])).toEqual({ kind: 'actions', actions: [{ kind: 'slow', node: 1, delayUs: 0 }] });
    expect(resolveCommand(raft, w, env, 'slow', [1, -5])).toMatchObject({ kind: 'problem', tone: 'error' });
    expect(resolveCommand(raft, w, env, 'slow', [5, 100])).toMatchObject({ kind: 'problem', tone: 'error' });
    // Pause fits a running node, resume a paused one.
    const [pause, resume] = nodeCommands(raft).filter((c) => c.id === 'pauseNode' || c.id === 'resumeNode');
    const running = node(1, 'follower');
    const frozen = { ...running, paused: true, held: 3 };
    expect([pause!.enabled!(running), resume!.enabled!(running)]).toEqual([true, false]);
    expect([pause!.enabled!(frozen), resume!.enabled!(frozen)]).toEqual([false, true]);
  });
});
