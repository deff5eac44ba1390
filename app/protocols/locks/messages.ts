import type { MessageGlyph, MessageLine, MessageUi } from '../ui';

/**
 * The lock service's messages. Requests to the lock servers are diamonds (Acquire filled blue,
 * Renew hollow blue, Release grey), their answers circles (Grant green with a tick and the
 * token, Refuse red with a cross), writes to the storage squares (amber, with the token; the
 * answer a tick or a cross). The consensus group's own traffic is small and grey-violet.
 * Shape, colour and mark all tell them apart.
 */
const ASK = 'var(--msg-append)';
const GRANT = 'var(--ok)';
const REFUSE = 'var(--danger)';
const WRITE = 'var(--warn)';
const GROUP = '#7a5aa6';
const QUIET = 'var(--ink-soft)';
const REPLY_DASH = '2 5';

const tokenText = (msg: Record<string, unknown>) => (typeof msg.token === 'number' ? String(msg.token) : null);

function glyph(type: string, msg: Record<string, unknown>): MessageGlyph {
  switch (type) {
    case 'Acquire':
      return { kind: 'lk-acquire', shape: 'diamond', size: 11, color: ASK, hollow: false, text: null, mark: null };
    case 'Renew':
      return { kind: 'lk-renew', shape: 'diamond', size: 11, color: ASK, hollow: true, text: null, mark: null };
    case 'Release':
      return { kind: 'lk-release', shape: 'diamond', size: 9, color: QUIET, hollow: true, text: null, mark: null };
    case 'Fence':
      return { kind: 'lk-fence', shape: 'diamond', size: 11, color: WRITE, hollow: true, text: tokenText(msg), mark: null };
    case 'Grant':
      return { kind: 'lk-grant', shape: 'circle', size: 11, color: GRANT, hollow: false, text: tokenText(msg), mark: 'check' };
    case 'Refuse':
    case 'NotLeader':
      return { kind: 'lk-refuse', shape: 'circle', size: 10, color: REFUSE, hollow: true, text: null, mark: 'cross' };
    case 'Renewed':
      return { kind: 'lk-renewed', shape: 'circle', size: 9, color: msg.ok === true ? GRANT : REFUSE, hollow: true, text: null, mark: msg.ok === true ? 'check' : 'cross' };
    case 'Write':
      return { kind: 'lk-write', shape: 'square', size: 12, color: WRITE, hollow: false, text: tokenText(msg), mark: null };
    case 'WriteAck':
      return { kind: 'lk-write-ack', shape: 'square', size: 9, color: GRANT, hollow: true, text: null, mark: 'check' };
    case 'WriteRefused':
      return { kind: 'lk-write-refused', shape: 'square', size: 11, color: REFUSE, hollow: false, text: null, mark: 'cross' };
    case 'RequestVote':
    case 'Replicate':
      return { kind: 'lk-group', shape: 'circle', size: 7, color: GROUP, hollow: false, text: null, mark: null };
    default:
      return { kind: 'lk-reply', shape: 'circle', size: 7, color: QUIET, hollow: true, text: null, mark: null };
  }
}

const LINES: Record<string, MessageLine> = {
  Acquire: { color: ASK, dash: '', width: 2.5, response: false, head: 'diamond', label: 'Acquire (a lease for the TTL)' },
  Renew: { color: ASK, dash: '6 3', width: 2, response: false, head: 'diamond', label: 'Renew' },
  Release: { color: QUIET, dash: '6 3', width: 2, response: false, head: 'diamond', label: 'Release' },
  Fence: { color: WRITE, dash: '6 3', width: 2, response: false, head: 'diamond', label: 'Fence (the token written back)' },
  Grant: { color: GRANT, dash: REPLY_DASH, width: 2.5, response: true, head: 'dot', label: 'Grant (with a token)' },
  Refuse: { color: REFUSE, dash: REPLY_DASH, width: 2, response: true, head: 'dot', label: 'Refuse (held by another)' },
  NotLeader: { color: REFUSE, dash: REPLY_DASH, width: 1.5, response: true, head: 'dot', label: 'Not the leader' },
  Write: { color: WRITE, dash: '', width: 3, response: false, head: 'square', label: 'Write (with the token)' },
  WriteAck: { color: GRANT, dash: REPLY_DASH, width: 2, response: true, head: 'dot', label: 'Write accepted' },
  WriteRefused: { color: REFUSE, dash: REPLY_DASH, width: 2.5, response: true, head: 'dot', label: 'Write refused (stale token)' },
  Replicate: { color: GROUP, dash: '', width: 1.5, response: false, head: 'dot', label: 'Replicate (the lease table)' },
  RequestVote: { color: GROUP, dash: '3 3', width: 1.5, response: false, head: 'dot', label: 'RequestVote' },
};

function details(type: string, msg: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof msg.attempt === 'number') out.push(`attempt ${msg.attempt}`);
  if (typeof msg.token === 'number') out.push(`token ${msg.token}`);
  if (typeof msg.ttlUs === 'number') out.push(`lease of ${Math.round(msg.ttlUs / 1000)} ms`);
  if (type === 'Refuse' && typeof msg.remainingUs === 'number') out.push(`held for ${Math.round(msg.remainingUs / 1000)} ms more`);
  if (type === 'WriteRefused' && typeof msg.highest === 'number') out.push(`the storage has seen token ${msg.highest}`);
  if (typeof msg.term === 'number') out.push(`term ${msg.term}`);
  if (type === 'Replicate' && typeof msg.index === 'number') out.push(`table at index ${msg.index}, committed ${String(msg.commitIndex)}`);
  return out;
}

export const locksMessages: MessageUi = {
  glyph,
  line: (type) => LINES[type] ?? { color: QUIET, dash: REPLY_DASH, width: 1.5, response: true, head: 'dot', label: type },
  details,
  facts: (type, msg) => {
    if (!msg) return [];
    const out: string[] = [];
    if (typeof msg.token === 'number') out.push(`token ${msg.token}`);
    if (type === 'Renewed') out.push(msg.ok === true ? 'ok' : 'refused');
    return out;
  },
  fieldLabels: { lock: 'Lock', attempt: 'Attempt', token: 'Fencing token', ttlUs: 'Lease (µs)', highest: 'Highest token seen', remainingUs: 'Remaining (µs)', holder: 'Holder' },
};

export { LINES as LOCKS_LINES };
