import { roundOf } from '../../../engine/protocols/paxos/ballot';
import type { MessageGlyph, MessageLine, MessageUi } from '../ui';
import { ballotText } from './view';

/**
 * Paxos' messages: phase 1 (Prepare, a diamond, and the Promise answering it, hollow), phase 2
 * (Accept, a square, and Accepted, hollow), and a Nack (a red circle with a cross). Shape and
 * colour both tell the phases apart; each glyph carries its ballot's round.
 */
const PHASE1 = 'var(--msg-vote)';
const PHASE2 = 'var(--msg-append)';
const NACK = 'var(--danger)';
const REPLY_DASH = '2 5';

const glyphs: Record<string, MessageGlyph> = {
  Prepare: { kind: 'prepare', shape: 'diamond', size: 11, color: PHASE1, hollow: false, text: null, ink: '#fff', mark: null },
  Promise: { kind: 'promise', shape: 'diamond', size: 11, color: PHASE1, hollow: true, text: null, mark: 'check' },
  Accept: { kind: 'accept', shape: 'square', size: 10, color: PHASE2, hollow: false, text: null, ink: '#fff', mark: null },
  Accepted: { kind: 'accepted', shape: 'square', size: 10, color: PHASE2, hollow: true, text: null, mark: 'check' },
  Nack: { kind: 'nack', shape: 'circle', size: 9, color: NACK, hollow: true, text: null, mark: 'cross' },
};
const OTHER: MessageGlyph = { kind: 'other', shape: 'square', size: 7, color: 'var(--msg-other)', hollow: false, text: null, mark: null };

export const PREPARE_LINE: MessageLine = { color: PHASE1, dash: '', width: 2.5, response: false, head: 'diamond', label: 'Prepare (phase 1a)' };
export const PROMISE_LINE: MessageLine = { color: PHASE1, dash: REPLY_DASH, width: 2.5, response: true, head: 'dot', label: 'Promise (phase 1b)' };
export const ACCEPT_LINE: MessageLine = { color: PHASE2, dash: '', width: 2.5, response: false, head: 'arrow', label: 'Accept (phase 2a)' };
export const ACCEPTED_LINE: MessageLine = { color: PHASE2, dash: REPLY_DASH, width: 2.5, response: true, head: 'square', label: 'Accepted (phase 2b)' };
export const NACK_LINE: MessageLine = { color: NACK, dash: REPLY_DASH, width: 2, response: true, head: 'dot', label: 'Nack (ballot passed by)' };
const lines: Record<string, MessageLine> = { Prepare: PREPARE_LINE, Promise: PROMISE_LINE, Accept: ACCEPT_LINE, Accepted: ACCEPTED_LINE, Nack: NACK_LINE };

const ballotOf = (msg: Record<string, unknown> | null): number | null => (typeof msg?.ballot === 'number' ? msg.ballot : null);

function facts(type: string, msg: Record<string, unknown> | null): string[] {
  const b = ballotOf(msg);
  const out = b === null ? [] : [`ballot ${ballotText(b)}`];
  if ((type === 'Accept' || type === 'Accepted') && typeof msg?.value === 'number') out.push(`value ${msg.value}`);
  if (type === 'Promise') {
    const a = msg?.accepted as { ballot?: unknown; value?: unknown } | null | undefined;
    out.push(a && typeof a.value === 'number' && typeof a.ballot === 'number' ? `had accepted ${a.value} at ${ballotText(a.ballot)}` : 'had accepted nothing');
  }
  if (type === 'Nack' && typeof msg?.promised === 'number') out.push(`promised ${ballotText(msg.promised)}`);
  return out;
}

export const paxosMessages: MessageUi = {
  glyph: (type, msg) => {
    const g = glyphs[type] ?? OTHER;
    const b = ballotOf(msg);
    return b === null ? g : { ...g, text: String(roundOf(b)) };
  },
  line: (type) => lines[type] ?? { ...ACCEPT_LINE, color: 'var(--msg-other)', label: type },
  details: facts,
  facts,
  fieldLabels: { ballot: 'Ballot', value: 'Value', accepted: 'Accepted before', promised: 'Promised' },
  renderField: (name, value) => (name === 'ballot' || name === 'promised') && typeof value === 'number' ? ballotText(value) : undefined,
};
