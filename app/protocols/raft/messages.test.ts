import { describe, expect, it } from 'vitest';
import { messageLabel } from '../../views/cluster/message-style';
import { messageGlyph as messageStyle, raftMessages } from './messages';

describe('messageStyle', () => {
  it('draws vote requests as filled diamonds, Pre-Vote marked P', () => {
    expect(messageStyle('RequestVote', { term: 2 })).toMatchObject({ kind: 'vote', shape: 'diamond', hollow: false, text: null, color: 'var(--msg-vote)' });
    expect(messageStyle('PreVote', { term: 2 })).toMatchObject({ kind: 'vote', shape: 'diamond', text: 'P' });
  });

  it('draws vote replies as hollow diamonds with a tick or a cross', () => {
    expect(messageStyle('RequestVoteResponse', { granted: true })).toMatchObject({ shape: 'diamond', hollow: true, mark: 'check' });
    expect(messageStyle('PreVoteResponse', { granted: false })).toMatchObject({ hollow: true, mark: 'cross' });
    expect(messageStyle('RequestVoteResponse', { voteGranted: true }).mark).toBe('check');
  });

  it('tells appends with entries (count inside) from heartbeats (small, no text)', () => {
    const append = messageStyle('AppendEntries', { entries: [{}, {}] });
    const heartbeat = messageStyle('AppendEntries', { entries: [] });
    expect(append).toMatchObject({ kind: 'append', shape: 'circle', text: '2', color: 'var(--msg-append)' });
    expect(heartbeat).toMatchObject({ kind: 'heartbeat', shape: 'circle', text: null, color: 'var(--msg-heartbeat)' });
    expect(heartbeat.size).toBeLessThan(append.size);
  });

  it('draws append replies hollow with their outcome, client requests square, the rest grey dots', () => {
    expect(messageStyle('AppendEntriesResponse', { success: true })).toMatchObject({ shape: 'circle', hollow: true, mark: 'check' });
    expect(messageStyle('AppendEntriesResponse', { success: false }).mark).toBe('cross');
    expect(messageStyle('ClientRequest', {})).toMatchObject({ kind: 'client', shape: 'square', color: 'var(--msg-client)' });
    expect(messageStyle('Ping', {})).toMatchObject({ kind: 'other', shape: 'circle', color: 'var(--msg-other)' });
  });

  it('gives every kind a distinct shape/fill/size signature (never colour alone)', () => {
    const samples = [
      messageStyle('RequestVote', {}),
      messageStyle('RequestVoteResponse', { granted: true }),
      messageStyle('AppendEntries', { entries: [1] }),
      messageStyle('AppendEntries', { entries: [] }),
      messageStyle('AppendEntriesResponse', { success: true }),
      messageStyle('ClientRequest', {}),
    ];
    const signatures = samples.map((s) => `${s.shape}/${s.hollow}/${s.text !== null}/${s.mark !== null}/${s.size > 10}`);
    expect(new Set(signatures).size).toBe(samples.length);
  });
});

describe('messageLabel', () => {
  it('names the type, direction, contents and the click', () => {
    expect(messageLabel(raftMessages, 'AppendEntries', 'S1', 'S3', { entries: [1, 2] })).toBe('AppendEntries S1→S3, 2 entries, click to drop');
    expect(messageLabel(raftMessages, 'AppendEntries', 'S1', 'S3', { entries: [] })).toBe('AppendEntries S1→S3, heartbeat, click to drop');
    expect(messageLabel(raftMessages, 'RequestVoteResponse', 'S2', 'S1', { granted: false })).toBe('RequestVoteResponse S2→S1, vote refused, click to drop');
    expect(messageLabel(raftMessages, 'RequestVote', 'S1', 'S2', { term: 4 })).toBe('RequestVote S1→S2, term 4, click to drop');
    expect(messageLabel(raftMessages, 'ClientRequest', 'S2', 'S1', { command: { type: 'write', value: 7 } })).toBe('ClientRequest S2→S1, write 7, click to drop');
    expect(messageLabel(raftMessages, 'AppendEntriesResponse', 'S3', 'S1', { success: true })).toBe('AppendEntriesResponse S3→S1, success, click to drop');
  });
});
