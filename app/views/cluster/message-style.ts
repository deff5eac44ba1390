/**
 * How a message in flight looks: shape AND colour AND (where it carries one) a mark or a
 * number, so no one has to tell pink from blue. Pure; the message layer and the legend both
 * draw from here, so they cannot disagree.
 */

export type MessageKind = 'vote' | 'vote-reply' | 'append' | 'heartbeat' | 'append-reply' | 'snapshot' | 'snapshot-reply' | 'client' | 'other';
export type MessageShape = 'diamond' | 'circle' | 'square';
export type Mark = 'check' | 'cross' | null;

export interface MessageStyle {
  kind: MessageKind;
  shape: MessageShape;
  /** Half the shape's width, in flow units (a node's disc has radius 58). */
  size: number;
  /** The CSS colour of the kind. */
  color: string;
  /** Filled with the colour, or white with a coloured outline (replies are hollow). */
  hollow: boolean;
  /** A number or letter written inside (an AppendEntries' entry count, "P" for Pre-Vote). */
  text: string | null;
  /** Replies carry their answer. */
  mark: Mark;
}

const COLOR = {
  vote: 'var(--msg-vote)',
  append: 'var(--msg-append)',
  heartbeat: 'var(--msg-heartbeat)',
  client: 'var(--msg-client)',
  snapshot: 'var(--msg-snapshot)',
  other: 'var(--msg-other)',
} as const;

const yesNo = (v: unknown): Mark => (v === true ? 'check' : v === false ? 'cross' : null);

export function messageStyle(type: string, msg: Record<string, unknown>): MessageStyle {
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
      return { kind: 'append', shape: 'circle', size: 14, color: COLOR.append, hollow: false, text: String(count), mark: null };
    }
    case 'AppendEntriesResponse':
      return { kind: 'append-reply', shape: 'circle', size: 13, color: COLOR.append, hollow: true, text: null, mark: yesNo(msg.success) };
    case 'InstallSnapshot':
      // A square larger than a client request's, lettered: the snapshot replaces a whole prefix.
      return { kind: 'snapshot', shape: 'square', size: 14, color: COLOR.snapshot, hollow: false, text: 'S', mark: null };
    case 'InstallSnapshotResponse':
      // matchIndex 0 only in the answer to a stale term.
      return { kind: 'snapshot-reply', shape: 'square', size: 12, color: COLOR.snapshot, hollow: true, text: null, mark: yesNo(typeof msg.matchIndex === 'number' ? msg.matchIndex > 0 : undefined) };
    case 'ClientRequest':
      return { kind: 'client', shape: 'square', size: 12, color: COLOR.client, hollow: false, text: null, mark: null };
    default:
      return { kind: 'other', shape: 'circle', size: 7, color: COLOR.other, hollow: false, text: null, mark: null };
  }
}

function entryCount(msg: Record<string, unknown>): number {
  return Array.isArray(msg.entries) ? msg.entries.length : 0;
}

/** The hover text and accessible name: "AppendEntries S1→S3, 2 entries, click to drop". */
export function messageLabel(type: string, from: string, to: string, msg: Record<string, unknown>): string {
  const parts = [`${type} ${from}→${to}`];
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
      break;
    }
  }
  parts.push('click to drop');
  return parts.join(', ');
}

/** SVG path data of a shape centred on (0, 0). */
export function shapePath(shape: MessageShape, size: number): string {
  const s = size;
  switch (shape) {
    case 'diamond':
      return `M0,${-s}L${s},0L0,${s}L${-s},0Z`;
    case 'square':
      return `M${-s},${-s}H${s}V${s}H${-s}Z`;
    case 'circle':
      return `M${-s},0A${s},${s} 0 1,0 ${s},0A${s},${s} 0 1,0 ${-s},0Z`;
  }
}

/** A tick or a cross fitting inside a shape of half-width `size`. */
export function markPath(mark: Mark, size: number): string {
  const k = size * 0.45;
  if (mark === 'check') return `M${-k},${k * 0.05}L${-k * 0.25},${k * 0.75}L${k},${-k * 0.7}`;
  if (mark === 'cross') return `M${-k * 0.75},${-k * 0.75}L${k * 0.75},${k * 0.75}M${k * 0.75},${-k * 0.75}L${-k * 0.75},${k * 0.75}`;
  return '';
}

/** The mark's own colour: green tick, red cross (and the shapes differ, so colour is a bonus). */
export function markColor(mark: Mark): string {
  return mark === 'check' ? 'var(--ok)' : 'var(--danger)';
}
