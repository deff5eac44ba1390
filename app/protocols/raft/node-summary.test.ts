import { nodeName } from '../../../engine/kernel/topology';
import { describe, expect, it } from 'vitest';
import type { NodeState } from '../../store/types';
import { detailLine, parseLogTail, raftLook, summarizeLog, summarizeNode } from './node-summary';

const name = (id: number) => nodeName(null, id);

describe('summarizeNode', () => {
  it('names a client node by what it waits on (engine/protocols/raft/client-node.ts)', () => {
    const client = (pending: unknown[]): NodeState => ({ id: 5, name: 'C1', up: true, incarnation: 0, view: { kind: 'client', preferred: 2, pending }, timers: [] });
    const idle = summarizeNode(client([]), name, 8);
    expect(idle.ariaLabel).toBe('C1, client, idle');
    expect(detailLine(idle)).toBe('idle');
    const waiting = summarizeNode(client([{ opId: 4, command: { type: 'write', value: 4 }, server: 2, attempt: 2 }]), name, 8);
    expect(waiting.ariaLabel).toBe('C1, client, waiting on S3 for write x=4, retry 1');
    expect(detailLine(waiting)).toBe('S3: write x=4, retry 1');
    const two = summarizeNode(client([{ opId: 4, command: { type: 'read' }, server: 0, attempt: 1 }, { opId: 6, command: { type: 'write', value: 6 }, server: 0, attempt: 1 }]), name, 8);
    expect(two.ariaLabel).toBe('C1, client, waiting on S1 for read x, 1 more');
  });

  const node = (view: Record<string, unknown> | null, up = true): NodeState => ({ id: 0, name: 'S1', up, incarnation: 0, view, timers: [] });

  it('summarizes a leader and, apart, its log', () => {
    const leader = node({ role: 'leader', term: 3, votedFor: 0, leader: 0, commitIndex: 2, logLength: 3, log: [1, 2, 3].map((i) => ({ index: i, term: 3, kind: 'write', value: i })) });
    const s = summarizeNode(leader, name, 5);
    expect(s.ariaLabel).toBe('S1, leader, term 3');
    const log = summarizeLog(leader);
    expect(log).toMatchObject({ commitIndex: 2, logLength: 3 });
    expect(parseLogTail(log.tail)).toEqual([1, 2, 3].map((i) => ({ index: i, term: 3, kind: 'write' })));
  });

  it('keeps the node summary unchanged when only the log grows (no re-render per write)', () => {
    const before = summarizeNode(node({ role: 'follower', term: 2, votedFor: 1, commitIndex: 4, logLength: 5, log: [] }), name, 3);
    const after = summarizeNode(node({ role: 'follower', term: 2, votedFor: 1, commitIndex: 9, logLength: 11, log: [{ index: 11, term: 2, kind: 'write' }] }), name, 3);
    expect(after).toEqual(before);
    expect(before.ariaLabel).toBe('S1, follower, term 2, voted S2');
  });

  it('summarizes a candidate with its votes and a crashed node', () => {
    const c = summarizeNode(node({ role: 'candidate', term: 4, votedFor: 0, votes: [true, true, null, false, null], members: [0, 1, 2, 3, 4], log: [] }), name, 5);
    expect(detailLine(c)).toBe('votes 2/3');
    const d = summarizeNode(node(null, false), name, 5);
    expect(d.ariaLabel).toBe('S1, crashed');
    expect(d.role).toBe('down');
  });

  it('is stable for equal input (shallow-comparable primitives)', () => {
    const v = { role: 'follower', term: 1, votedFor: 1, log: [{ index: 1, term: 1, kind: 'noop', value: null }] };
    const a = summarizeNode(node(v), name, 3);
    const b = summarizeNode(node(structuredClone(v)), name, 3);
    expect(a).toEqual(b);
    for (const value of Object.values(a)) expect(typeof value === 'object' && value !== null).toBe(false);
  });
});

describe('raftLook', () => {
  it('gives the node shell the role as its tone and the accessible name', () => {
    const leader: NodeState = { id: 0, name: 'S1', up: true, incarnation: 0, timers: [], view: { role: 'leader', term: 3, log: [] } };
    expect(raftLook(leader, [leader])).toEqual({ tone: 'leader', label: 'S1, leader, term 3' });
    expect(raftLook({ ...leader, up: false, view: null }, [leader])).toEqual({ tone: 'down', label: 'S1, crashed' });
  });
});
