import type { MessageGlyph, MessageLine, MessageUi } from '../ui';

/**
 * Two-phase commit's messages. Phase 1 is diamonds (Prepare filled blue; the vote a hollow
 * circle with a tick or a cross), phase 2 squares (Commit filled green with a tick, Abort filled
 * red with a cross; the ack a small hollow circle). A participant in doubt asks with a hollow
 * amber diamond marked "?". Shape, colour and mark all tell them apart.
 */
const PREPARE = 'var(--msg-append)';
const COMMIT = 'var(--ok)';
const ABORT = 'var(--danger)';
const QUERY = 'var(--warn)';
const REPLY_DASH = '2 5';
const PAXOS = 'var(--msg-vote)';

const votesAllPrepared = (msg: Record<string, unknown>) =>
  Array.isArray(msg.votes) && msg.votes.every((v) => (v as { prepared?: unknown } | null)?.prepared === true);

function glyph(type: string, msg: Record<string, unknown>): MessageGlyph {
  switch (type) {
    case 'Prepare':
      return { kind: 'tpc-prepare', shape: 'diamond', size: 11, color: PREPARE, hollow: false, text: null, mark: null };
    case 'Vote':
      return { kind: 'tpc-vote', shape: 'circle', size: 10, color: PREPARE, hollow: true, text: null, mark: msg.yes === true ? 'check' : 'cross' };
    case 'Commit':
      return { kind: 'tpc-commit', shape: 'square', size: 11, color: COMMIT, hollow: false, text: null, mark: 'check' };
    case 'Abort':
      return { kind: 'tpc-abort', shape: 'square', size: 11, color: ABORT, hollow: false, text: null, mark: 'cross' };
    case 'Query':
    case 'Inquire':
    case 'AskPeer':
      return { kind: 'tpc-query', shape: 'diamond', size: 11, color: QUERY, hollow: true, text: '?', mark: null };
    // Paxos Commit: a vote on its way to the acceptors (2a), their acceptance (2b); a takeover's phase 1.
    case 'Phase2a':
      return { kind: 'tpc-vote', shape: 'circle', size: 10, color: PREPARE, hollow: false, text: null, mark: votesAllPrepared(msg) ? 'check' : 'cross' };
    case 'Phase2b':
      return { kind: 'tpc-vote', shape: 'circle', size: 9, color: PAXOS, hollow: true, text: null, mark: votesAllPrepared(msg) ? 'check' : 'cross' };
    case 'Phase1a':
      return { kind: 'tpc-takeover', shape: 'diamond', size: 11, color: PAXOS, hollow: false, text: null, mark: null };
    case 'Phase1b':
      return { kind: 'tpc-takeover', shape: 'circle', size: 9, color: PAXOS, hollow: true, text: null, mark: null };
    default:
      return { kind: 'tpc-ack', shape: 'circle', size: 8, color: COMMIT, hollow: true, text: null, mark: null };
  }
}

const LINES: Record<string, MessageLine> = {
  Prepare: { color: PREPARE, dash: '', width: 2.5, response: false, head: 'diamond', label: 'Prepare (phase 1)' },
  Vote: { color: PREPARE, dash: REPLY_DASH, width: 2.5, response: true, head: 'dot', label: 'Vote (yes or no)' },
  Commit: { color: COMMIT, dash: '', width: 3, response: false, head: 'square', label: 'Commit (phase 2)' },
  Abort: { color: ABORT, dash: '', width: 3, response: false, head: 'square', label: 'Abort (phase 2)' },
  Ack: { color: COMMIT, dash: REPLY_DASH, width: 2, response: true, head: 'dot', label: 'Ack' },
  Query: { color: QUERY, dash: '6 3', width: 2.5, response: false, head: 'diamond', label: 'Query (in doubt: what was decided?)' },
  Phase2a: { color: PREPARE, dash: '', width: 2.5, response: false, head: 'dot', label: 'Phase2a (Paxos Commit: a vote to the acceptors)' },
  Phase2b: { color: PAXOS, dash: REPLY_DASH, width: 2, response: true, head: 'dot', label: 'Phase2b (an acceptor accepted)' },
  Phase1a: { color: PAXOS, dash: '', width: 2.5, response: false, head: 'diamond', label: 'Phase1a (a leader takes over, higher ballot)' },
  Phase1b: { color: PAXOS, dash: REPLY_DASH, width: 2, response: true, head: 'dot', label: 'Phase1b (promise, with the votes accepted)' },
  Nack: { color: ABORT, dash: REPLY_DASH, width: 2, response: true, head: 'dot', label: 'Nack (a higher ballot was promised)' },
  Decided: { color: COMMIT, dash: '', width: 2, response: false, head: 'square', label: 'Decided (the outcome, to the acceptors)' },
  Inquire: { color: QUERY, dash: '6 3', width: 2.5, response: false, head: 'diamond', label: 'Inquire (in doubt: asks the acceptors)' },
  AskPeer: { color: QUERY, dash: '6 3', width: 2.5, response: false, head: 'diamond', label: 'AskPeer (cooperative termination)' },
};

const writesText = (msg: Record<string, unknown>): string | null => {
  if (!Array.isArray(msg.writes)) return null;
  const parts = msg.writes.flatMap((w) => {
    const o = w as Record<string, unknown>;
    return typeof o?.key === 'string' ? [`${o.key}=${String(o.value)}`] : [];
  });
  return parts.length ? `writes ${parts.join(', ')}` : null;
};

function details(type: string, msg: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof msg.txid === 'string') out.push(`transaction ${msg.txid}`);
  const w = writesText(msg);
  if (w) out.push(w);
  if (type === 'Vote') out.push(msg.yes === true ? 'votes yes (prepared, locks held)' : 'votes no');
  if (type === 'Query') out.push('in doubt: asks what was decided');
  if (typeof msg.ballot === 'number') out.push(`ballot ${msg.ballot}`);
  if (Array.isArray(msg.votes)) {
    const values = msg.votes.map((v) => ((v as { prepared?: unknown } | null)?.prepared === true ? 'Prepared' : 'Aborted'));
    out.push(`${values.length === 1 ? 'one instance' : `${values.length} instances`}: ${values.join(', ')}`);
  }
  return out;
}

export const twoPcMessages: MessageUi = {
  glyph,
  line: (type) => LINES[type] ?? { ...LINES.Ack!, label: type },
  details,
  facts: (type, msg) => {
    if (!msg) return [];
    const out: string[] = [];
    if (typeof msg.txid === 'string') out.push(msg.txid);
    if (type === 'Vote') out.push(msg.yes === true ? 'yes' : 'no');
    return out;
  },
  fieldLabels: { txid: 'Transaction', writes: 'Writes', yes: 'Votes yes' },
  renderField: (name, value) => (name === 'writes' ? writesText({ writes: value }) ?? 'none' : undefined),
};

export { LINES as TWO_PC_LINES };
