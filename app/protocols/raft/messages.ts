import type { GlyphMark, MessageGlyph, MessageUi } from '../ui';
import { messageStyle } from './colors';

/**
 * How Raft's messages look and read on the page: glyphs in the cluster view (shape AND colour
 * AND, where it has one, a mark or a number, so no one has to tell pink from blue), lines in the
 * space-time diagram and the inspector (colors.ts), and their contents in words.
 */

const COLOR = {
  vote: 'var(--msg-vote)',
  append: 'var(--msg-append)',
  heartbeat: 'var(--msg-heartbeat)',
  client: 'var(--msg-client)',
  snapshot: 'var(--msg-snapshot)',
  other: 'var(--msg-other)',
} as const;

const yesNo = (v: unknown): GlyphMark => (v === true ? 'check' : v === false ? 'cross' : null);

export function messageGlyph(type: string, msg: Record<string, unknown>): MessageGlyph {
  switch (type) {
    case 'RequestVote':
    case 'PreVote':
      return { kind: 'vote', shape: 'diamond', size: 17, color: COLOR.vote, hollow: false, text: type === 'PreVote' ? 'P' : null, mark: null };
    case 'RequestVoteResponse':
    case 'PreVoteResponse':
      return {
        kind: 'vote-reply',
        shape: 'diamond',
        size: 17,
        color: COLOR.vote,
        hollow: true,
        text: null,
        // The engine names it `granted`; accept the paper's `voteGranted` too.
        mark: yesNo(msg.granted ?? msg.voteGranted),
      };
    case 'AppendEntries': {
      const count = entryCount(msg);
      if (count === 0) return { kind: 'heartbeat', shape: 'circle', size: 8, color: COLOR.heartbeat, hollow: false, text: null, mark: null };
      return { kind: 'append', shape: 'circle', size: 14, color: COLOR.append, hollow: false, text: String(count), ink: '#fff', mark: null };
    }
    case 'AppendEntriesResponse':
      return { kind: 'append-reply', shape: 'circle', size: 13, color: COLOR.append, hollow: true, text: null, mark: yesNo(msg.success) };
    case 'InstallSnapshot':
      // A square larger than a client request's, lettered: the snapshot replaces a whole prefix.
      return { kind: 'snapshot', shape: 'square', size: 14, color: COLOR.snapshot, hollow: false, text: 'S', ink: '#fff', mark: null };
    case 'InstallSnapshotResponse':
      // matchIndex 0 only in the answer to a stale term.
      return { kind: 'snapshot-reply', shape: 'square', size: 12, color: COLOR.snapshot, hollow: true, text: null, mark: yesNo(typeof msg.matchIndex === 'number' ? msg.matchIndex > 0 : undefined) };
    case 'ClientRequest':
      return { kind: 'client', shape: 'square', size: 12, color: COLOR.client, hollow: false, text: null, mark: null };
    // A client node's answers (engine/protocols/raft/client-node.ts): outlined squares, the
    // result's mark on an answer, an arrow on a redirect to the leader (§8).
    case 'ClientResponse': {
      const ok = (msg.result as { ok?: unknown } | undefined)?.ok;
      return { kind: 'client-reply', shape: 'square', size: 12, color: COLOR.client, hollow: true, text: null, mark: yesNo(ok) };
    }
    case 'ClientRedirect':
      return { kind: 'client-redirect', shape: 'square', size: 12, color: COLOR.client, hollow: true, text: '↪', mark: null };
    default:
      return { kind: 'other', shape: 'circle', size: 7, color: COLOR.other, hollow: false, text: null, mark: null };
  }
}

function entryCount(msg: Record<string, unknown>): number {
  return Array.isArray(msg.entries) ? msg.entries.length : 0;
}

/** What a message carries, for its hover text: "2 entries", "vote refused", "term 4". */
export function messageDetails(type: string, msg: Record<string, unknown>): string[] {
  const parts: string[] = [];
  const term = typeof msg.term === 'number' ? `term ${msg.term}` : null;
  switch (type) {
    case 'RequestVote':
    case 'PreVote':
      if (term) parts.push(term);
      break;
    case 'RequestVoteResponse':
    case 'PreVoteResponse': {
      const mark = yesNo(msg.granted ?? msg.voteGranted);
      if (mark) parts.push(mark === 'check' ? 'vote granted' : 'vote refused');
      break;
    }
    case 'AppendEntries': {
      const n = entryCount(msg);
      parts.push(n === 0 ? 'heartbeat' : `${n} ${n === 1 ? 'entry' : 'entries'}`);
      break;
    }
    case 'AppendEntriesResponse':
      if (msg.success === true) parts.push('success');
      else if (msg.success === false) parts.push('rejected');
      break;
    case 'InstallSnapshot':
      if (typeof msg.lastIncludedIndex === 'number') parts.push(`snapshot up to index ${msg.lastIncludedIndex}`);
      break;
    case 'InstallSnapshotResponse':
      if (typeof msg.matchIndex === 'number' && msg.matchIndex > 0) parts.push(`holds entries up to ${msg.matchIndex}`);
      break;
    case 'ClientRequest': {
      const command = msg.command as { type?: unknown; value?: unknown } | undefined;
      if (command && typeof command.type === 'string') parts.push(command.value === undefined ? command.type : `${command.type} ${String(command.value)}`);
      if (typeof msg.attempt === 'number' && msg.attempt > 1) parts.push(`try ${msg.attempt}`);
      break;
    }
    case 'ClientResponse': {
      const result = msg.result as { ok?: unknown; value?: unknown; error?: unknown } | undefined;
      if (result?.ok === true) parts.push(result.value === undefined ? 'done' : `read ${result.value === null ? 'nothing' : String(result.value)}`);
      else if (typeof result?.error === 'string') parts.push(result.error);
      break;
    }
    case 'ClientRedirect':
      parts.push('ask the leader');
      break;
  }
  return parts;
}

/** Its term and its answer, for the space-time diagram: ["term 4", "granted"]. */
export function messageFacts(_type: string, msg: Record<string, unknown> | null): string[] {
  const facts: string[] = [];
  if (typeof msg?.term === 'number') facts.push(`term ${msg.term}`);
  const answer = msg?.granted === true ? 'granted' : msg?.granted === false ? 'refused' : msg?.success === true ? 'success' : msg?.success === false ? 'rejected' : null;
  if (answer) facts.push(answer);
  return facts;
}

/** The inspector's names for Raft's payload fields. */
export const FIELD_LABELS: Record<string, string> = {
  term: 'Term',
  lastLogIndex: 'Last log index',
  lastLogTerm: 'Last log term',
  granted: 'Granted',
  prevLogIndex: 'Prev log index',
  prevLogTerm: 'Prev log term',
  leaderCommit: 'Leader commit',
  round: 'Heartbeat round',
  success: 'Success',
  matchIndex: 'Match index',
  rejectedIndex: 'Rejected index',
  hintIndex: 'Hint index',
  hintTerm: 'Hint term',
  opId: 'Operation id',
  entries: 'Entries',
  command: 'Command',
};

export const raftMessages: MessageUi = {
  glyph: messageGlyph,
  line: (type, msg) => {
    const style = messageStyle(type, msg);
    return style.family === 'heartbeat' ? { ...style, note: 'heartbeat: no entries' } : style;
  },
  details: messageDetails,
  facts: messageFacts,
  fieldLabels: FIELD_LABELS,
};
