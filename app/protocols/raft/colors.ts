/**
 * Colours and line styles for Raft on the page. Colours come from styles.css's Okabe-Ito tokens
 * and are never the only signal: every term cell also shows its number, every message style
 * also differs in dash pattern, width or end marker.
 */

/** The CSS variable for a term's colour (terms cycle through seven). */
export function termColor(term: number): string {
  return `var(--term-${((term % 7) + 7) % 7})`;
}

/**
 * Text colour that stays readable on a term's fill: the dark fills (blue, vermillion, green)
 * take white text, the light ones (orange, sky blue, yellow, pink) take ink.
 */
export function termInk(term: number): string {
  const slot = ((term % 7) + 7) % 7;
  return slot === 2 || slot === 4 || slot === 5 ? '#ffffff' : 'var(--ink)';
}

export type MessageFamily = 'vote' | 'append' | 'heartbeat' | 'snapshot' | 'client' | 'other';

export interface MessageStyle {
  family: MessageFamily;
  /** A CSS colour (a var()). */
  color: string;
  /** SVG stroke-dasharray for a delivered message ("" for solid). */
  dash: string;
  width: number;
  /** Replies are dotted and end in a dot (a diamond for votes); requests end in an arrowhead. */
  response: boolean;
  /** What ends a delivered line. */
  head: 'arrow' | 'square' | 'dot' | 'diamond';
  /** Short label for legends and screen readers. */
  label: string;
}

/** Dotted: every reply. Dash-dot: vote requests. Solid: the rest (width tells append from heartbeat). */
export const REPLY_DASH = '2 5';
export const VOTE_DASH = '11 3 2 3';
/** Long dashes: InstallSnapshot, the widest line, in its own colour too. */
export const SNAPSHOT_DASH = '12 3';

/** How a message is drawn, from its type and (when known) its payload. */
export function messageStyle(type: string, msg?: Record<string, unknown> | null): MessageStyle {
  const response = type.endsWith('Response');
  switch (type) {
    case 'RequestVote':
    case 'RequestVoteResponse':
    case 'PreVote':
    case 'PreVoteResponse': {
      const pre = type.startsWith('Pre');
      return response
        ? { family: 'vote', color: 'var(--msg-vote)', dash: REPLY_DASH, width: 2.5, response, head: 'diamond', label: shortType(type) }
        : { family: 'vote', color: 'var(--msg-vote)', dash: VOTE_DASH, width: pre ? 2.25 : 3, response, head: 'arrow', label: shortType(type) };
    }
    case 'AppendEntries':
    case 'AppendEntriesResponse': {
      const entries = msg && Array.isArray(msg.entries) ? msg.entries.length : null;
      if (!response && entries === 0) {
        return { family: 'heartbeat', color: 'var(--msg-heartbeat)', dash: '', width: 1.75, response, head: 'arrow', label: 'Heartbeat' };
      }
      return response
        ? { family: 'append', color: 'var(--msg-append)', dash: REPLY_DASH, width: 2, response, head: 'dot', label: shortType(type) }
        : { family: 'append', color: 'var(--msg-append)', dash: '', width: 3.5, response, head: 'arrow', label: shortType(type) };
    }
    case 'InstallSnapshot':
    case 'InstallSnapshotResponse':
      return response
        ? { family: 'snapshot', color: 'var(--msg-snapshot)', dash: REPLY_DASH, width: 2, response, head: 'dot', label: shortType(type) }
        : { family: 'snapshot', color: 'var(--msg-snapshot)', dash: SNAPSHOT_DASH, width: 4.5, response, head: 'arrow', label: shortType(type) };
    case 'ClientRequest':
      return { family: 'client', color: 'var(--msg-client)', dash: '', width: 2.5, response: false, head: 'square', label: 'Client request' };
    default:
      return { family: 'other', color: 'var(--msg-other)', dash: response ? REPLY_DASH : '', width: 2, response, head: response ? 'dot' : 'arrow', label: type };
  }
}

/** Names short enough for a legend: "AppendEntries reply". */
export function shortType(type: string): string {
  return type.endsWith('Response') ? `${type.slice(0, -'Response'.length)} reply` : type;
}
