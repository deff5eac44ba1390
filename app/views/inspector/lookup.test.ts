import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../engine/kernel/trace';
import { findMessage, linkDirection } from './lookup';

const id = { from: 0, fromIncarnation: 1, fromSeq: 7 };
const trace = [
  { kind: 'send', at: 100, node: 0, incarnation: 1, seq: 1, to: 2, id, dueAt: 200, msg: { type: 'RequestVote', term: 3 } },
  { kind: 'deliver', at: 200, node: 2, incarnation: 0, seq: 1, from: 0, id, sentAt: 100, msgType: 'RequestVote' },
] as TraceEvent[];

describe('findMessage', () => {
  it('reads a message and its fate from the trace, as of now', () => {
    expect(findMessage('0.1.7', [], trace, 300)).toMatchObject({ from: 0, to: 2, type: 'RequestVote', status: 'delivered', endAt: 200, msg: { term: 3 } });
    expect(findMessage('0.1.7', [], trace, 150)).toMatchObject({ status: 'flight', endAt: null });
    // The timeline was moved back before it was sent.
    expect(findMessage('0.1.7', [], trace, 50)).toMatchObject({ status: 'future' });
    expect(findMessage('9.9.9', [], trace, 300)).toBeNull();
  });

  it('prefers the store\'s messages in flight', () => {
    const live = { key: '0.1.7', id, from: 0, to: 2, type: 'RequestVote', sentAt: 100, dueAt: 200, msg: { type: 'RequestVote' } };
    expect(findMessage('0.1.7', [live], [], 150)).toMatchObject({ status: 'flight', dueAt: 200 });
  });
});

describe('a message the user dropped', () => {
  const live = { key: '0.1.7', id, from: 0, to: 2, type: 'RequestVote', sentAt: 100, dueAt: 200, msg: { type: 'RequestVote' } };
  const drop = [{ at: 120, action: { kind: 'drop' as const, id }, by: 'user' as const }];
  it('is dropped from the moment of the click, though still listed in flight until it falls due', () => {
    expect(findMessage('0.1.7', [live], [], 130, drop)).toMatchObject({ status: 'dropped', endAt: 120, reason: 'user' });
    expect(findMessage('0.1.7', [], trace.slice(0, 1), 130, drop)).toMatchObject({ status: 'dropped', endAt: 120, reason: 'user' });
  });
  it('is in flight before the click (the timeline moved back)', () => {
    expect(findMessage('0.1.7', [live], [], 110, drop)).toMatchObject({ status: 'flight' });
  });
});

describe('linkDirection', () => {
  const network = { latencyUs: { min: 1, max: 2 }, lossRate: 0, duplicateRate: 0 };
  it('tells a cut direction from a partition', () => {
    expect(linkDirection({ cuts: ['0>2'], groups: null, network }, 0, 2)).toBe('cut');
    expect(linkDirection({ cuts: ['0>2'], groups: null, network }, 2, 0)).toBe('up');
    expect(linkDirection({ cuts: [], groups: [[0, 1], [2]], network }, 2, 0)).toBe('partitioned');
  });
});
