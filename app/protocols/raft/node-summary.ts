import { serverName } from '../../lib/format';
import type { NodeState } from '../../store/types';
import type { NodeLook } from '../ui';

/**
 * A node reduced to what its drawing needs, as flat primitives: RaftNodeBody selects this from the
 * store with zustand's shallow compare, so a node re-renders only when something it shows
 * changes (not on every tick of virtual time). The log, which changes with every write, is a
 * separate summary read by the log strip alone. Pure.
 */

export type RoleName = 'leader' | 'candidate' | 'precandidate' | 'follower' | 'client' | 'down' | 'unknown';

/** How many log entries the strip under a node shows. */
export const LOG_TAIL = 6;

export interface NodeSummary {
  name: string;
  role: RoleName;
  term: number | null;
  /** "S2", or null when it has not voted in this term. */
  votedFor: string | null;
  leader: string | null;
  /** A candidate's granted votes (its own included) and the majority it needs. */
  votes: number | null;
  votesNeeded: number | null;
  /** A client node's wait: "waiting on S3 for write x=4, retry 1", "idle"; null for a server. */
  waiting: string | null;
  ariaLabel: string;
}

export interface LogSummary {
  commitIndex: number;
  logLength: number;
  /** The last LOG_TAIL entries, "index:term:kind" joined by spaces (a string keeps the compare shallow). */
  tail: string;
}

export const ROLE_TEXT: Record<RoleName, string> = {
  leader: 'Leader',
  candidate: 'Candidate',
  precandidate: 'Pre-candidate',
  follower: 'Follower',
  client: 'Client',
  down: 'Crashed',
  unknown: 'Starting',
};

interface RaftViewish {
  role?: unknown;
  term?: unknown;
  votedFor?: unknown;
  leader?: unknown;
  members?: unknown;
  commitIndex?: unknown;
  logLength?: unknown;
  log?: unknown;
  votes?: unknown;
  kind?: unknown;
  pending?: unknown;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function summarizeNode(node: NodeState | undefined, nameOf: (id: number) => string, nodeCount: number): NodeSummary {
  if (!node) return empty('?', 'unknown');
  if (!node.up) return empty(node.name, 'down');
  const v = (node.view ?? {}) as RaftViewish;
  if (v.kind === 'client') return clientSummary(node.name, v, nameOf);
  const role: RoleName =
    v.role === 'leader' || v.role === 'candidate' || v.role === 'precandidate' || v.role === 'follower' ? v.role : 'unknown';
  const term = num(v.term);
  const voted = num(v.votedFor);
  const leader = num(v.leader);
  const members = Array.isArray(v.members) && v.members.length > 0 ? v.members.length : nodeCount;
  const votes = Array.isArray(v.votes) ? v.votes.filter((x) => x === true).length : null;
  const s: NodeSummary = {
    name: node.name,
    role,
    term,
    votedFor: voted === null ? null : nameOf(voted),
    leader: leader === null ? null : nameOf(leader),
    votes: role === 'candidate' || role === 'precandidate' ? votes : null,
    votesNeeded: role === 'candidate' || role === 'precandidate' ? Math.floor(members / 2) + 1 : null,
    waiting: null,
    ariaLabel: '',
  };
  s.ariaLabel = nodeAriaLabel(s);
  return s;
}

/** What the cluster's node shell needs: the role as the node's tone, and its accessible name. */
export function raftLook(node: NodeState | undefined, nodes: readonly NodeState[]): NodeLook {
  const s = summarizeNode(node, serverName, nodes.length);
  return { tone: s.role, label: s.ariaLabel };
}

const NO_LOG: LogSummary = { commitIndex: 0, logLength: 0, tail: '' };

export function summarizeLog(node: NodeState | undefined): LogSummary {
  if (!node || !node.up || !node.view) return NO_LOG;
  const v = node.view as RaftViewish;
  const log = Array.isArray(v.log) ? (v.log as { index?: unknown; term?: unknown; kind?: unknown }[]) : [];
  const tail = log
    .slice(-LOG_TAIL)
    .map((e) => `${num(e.index) ?? 0}:${num(e.term) ?? 0}:${typeof e.kind === 'string' ? e.kind : 'write'}`)
    .join(' ');
  return { commitIndex: num(v.commitIndex) ?? 0, logLength: num(v.logLength) ?? log.length, tail };
}

function empty(name: string, role: RoleName): NodeSummary {
  const s: NodeSummary = {
    name,
    role,
    term: null,
    votedFor: null,
    leader: null,
    votes: null,
    votesNeeded: null,
    waiting: null,
    ariaLabel: '',
  };
  s.ariaLabel = nodeAriaLabel(s);
  return s;
}

/**
 * A client node (engine/protocols/raft/client-node.ts): the oldest operation it waits on, at
 * which server, and how many times it has tried again; "idle" when it waits on none.
 */
function clientSummary(name: string, v: RaftViewish, nameOf: (id: number) => string): NodeSummary {
  const pending = Array.isArray(v.pending) ? (v.pending as { command?: { type?: unknown; value?: unknown }; server?: unknown; attempt?: unknown }[]) : [];
  let waiting = 'idle';
  const first = pending[0];
  if (first) {
    const server = num(first.server);
    const what = first.command?.type === 'write' ? `write x=${String(first.command.value)}` : 'read x';
    const attempt = num(first.attempt) ?? 1;
    waiting = `waiting on ${server === null ? '?' : nameOf(server)} for ${what}`;
    if (attempt > 1) waiting += `, retry ${attempt - 1}`;
    if (pending.length > 1) waiting += `, ${pending.length - 1} more`;
  }
  const s = { ...empty(name, 'client'), waiting };
  s.ariaLabel = nodeAriaLabel(s);
  return s;
}

/** "S1, leader, term 3" / "S4, crashed" / "S2, follower, term 3, voted S1". */
export function nodeAriaLabel(s: Omit<NodeSummary, 'ariaLabel'>): string {
  if (s.role === 'down') return `${s.name}, crashed`;
  if (s.role === 'client') return `${s.name}, client, ${s.waiting ?? 'idle'}`;
  const parts = [s.name, ROLE_TEXT[s.role].toLowerCase()];
  if (s.term !== null) parts.push(`term ${s.term}`);
  if (s.votes !== null && s.votesNeeded !== null) parts.push(`${s.votes} of ${s.votesNeeded} votes needed`);
  else if (s.votedFor !== null && s.role !== 'leader') parts.push(`voted ${s.votedFor}`);
  return parts.join(', ');
}

export interface TailEntry {
  index: number;
  term: number;
  kind: string;
}

export function parseLogTail(tail: string): TailEntry[] {
  if (tail === '') return [];
  return tail.split(' ').map((item) => {
    const [index, term, kind] = item.split(':');
    return { index: Number(index), term: Number(term), kind: kind ?? 'write' };
  });
}

/** The text under the name: what a teacher points at for this role (a leader shows its commit index instead). */
export function detailLine(s: NodeSummary): string {
  if (s.role === 'down') return 'crashed';
  if (s.role === 'client') return s.waiting === null || s.waiting === 'idle' ? 'idle' : s.waiting.replace(/^waiting on (\S+) for /, '$1: ').replace(/, (\d+) more$/, ' +$1');
  if (s.votes !== null && s.votesNeeded !== null) return `votes ${s.votes}/${s.votesNeeded}`;
  if (s.role === 'leader') return 'leading';
  if (s.votedFor !== null) return `voted ${s.votedFor}`;
  return 'no vote';
}
