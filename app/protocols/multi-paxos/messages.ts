import { roundOf } from '../../../engine/protocols/paxos/ballot';
import type { MessageGlyph, MessageLine, MessageUi } from '../ui';
import { ballotText, commandText } from './view';

/**
 * Multi-Paxos' messages: phase 1 (Prepare, a diamond; Promise, hollow), phase 2 (Accept, a
 * square; Accepted, hollow), the leader's Heartbeat (a small dot), Nack (a red cross), catch-up
 * (CatchUp and Chosen) and the clients' requests and answers. Shape and colour both tell them apart.
 */
const PHASE1 = 'var(--msg-vote)';
const PHASE2 = 'var(--msg-append)';
const BEAT = 'var(--msg-heartbeat)';
const CLIENT = 'var(--msg-client)';
const CATCH = 'var(--msg-snapshot)';
const NACK = 'var(--danger)';
const REPLY_DASH = '2 5';

const glyphs: Record<string, MessageGlyph> = {
  Prepare: { kind: 'prepare', shape: 'diamond', size: 11, color: PHASE1, hollow: false, text: null, ink: '#fff', mark: null },
  Promise: { kind: 'promise', shape: 'diamond', size: 11, color: PHASE1, hollow: true, text: null, mark: 'check' },
  Accept: { kind: 'accept', shape: 'square', size: 10, color: PHASE2, hollow: false, text: null, ink: '#fff', mark: null },
  Accepted: { kind: 'accepted', shape: 'square', size: 10, color: PHASE2, hollow: true, text: null, mark: 'check' },
  Heartbeat: { kind: 'heartbeat', shape: 'circle', size: 6, color: BEAT, hollow: false, text: null, mark: null },
  Nack: { kind: 'nack', shape: 'circle', size: 9, color: NACK, hollow: true, text: null, mark: 'cross' },
  CatchUp: { kind: 'catchup', shape: 'circle', size: 8, color: CATCH, hollow: true, text: null, mark: null },
  Chosen: { kind: 'chosen', shape: 'square', size: 9, color: CATCH, hollow: false, text: null, ink: '#fff', mark: null },
  ClientRequest: { kind: 'client-request', shape: 'circle', size: 9, color: CLIENT, hollow: false, text: null, ink: '#fff', mark: null },
  ClientResponse: { kind: 'client-response', shape: 'circle', size: 9, color: CLIENT, hollow: true, text: null, mark: 'check' },
  ClientRedirect: { kind: 'client-redirect', shape: 'circle', size: 9, color: CLIENT, hollow: true, text: null, mark: 'cross' },
};
const OTHER: MessageGlyph = { kind: 'other', shape: 'square', size: 7, color: 'var(--msg-other)', hollow: false, text: null, mark: null };

const line = (color: string, response: boolean, head: MessageLine['head'], label: string, width = 2.5): MessageLine => ({ color, dash: response ? REPLY_DASH : '', width, response, head, label });
export const LINES: Record<string, MessageLine> = {
  Prepare: line(PHASE1, false, 'diamond', 'Prepare (phase 1a)'),
  Promise: line(PHASE1, true, 'dot', 'Promise (phase 1b)'),
  Accept: line(PHASE2, false, 'arrow', 'Accept (phase 2a)'),
  Accepted: line(PHASE2, true, 'square', 'Accepted (phase 2b)'),
  Heartbeat: line(BEAT, false, 'dot', 'Heartbeat', 1.5),
  Nack: line(NACK, true, 'dot', 'Nack', 2),
  CatchUp: line(CATCH, false, 'arrow', 'CatchUp'),
  Chosen: line(CATCH, true, 'square', 'Chosen values'),
  ClientRequest: line(CLIENT, false, 'arrow', 'Client request'),
  ClientResponse: line(CLIENT, true, 'dot', 'Client answer'),
  ClientRedirect: line(CLIENT, true, 'dot', 'Redirect to the leader'),
};

function facts(type: string, msg: Record<string, unknown> | null): string[] {
  const out: string[] = [];
  if (typeof msg?.ballot === 'number') out.push(`ballot ${ballotText(msg.ballot)}`);
  if (typeof msg?.slot === 'number') out.push(`slot ${msg.slot}`);
  if (type === 'Accept' && msg?.value && typeof msg.value === 'object') out.push(commandText(msg.value as never));
  if (type === 'Prepare' && typeof msg?.from === 'number') out.push(`slots ${msg.from} on`);
  if (type === 'Promise' && Array.isArray(msg?.accepted)) out.push(`${msg.accepted.length} accepted slot${msg.accepted.length === 1 ? '' : 's'}`);
  if ((type === 'Accept' || type === 'Heartbeat') && typeof msg?.chosenUpTo === 'number') out.push(`chosen below ${msg.chosenUpTo}`);
  if (type === 'Chosen' && Array.isArray(msg?.entries)) out.push(`${msg.entries.length} chosen values`);
  if (type === 'Nack' && typeof msg?.promised === 'number') out.push(`promised ${ballotText(msg.promised)}`);
  if (type === 'ClientRequest' && msg?.command && typeof msg.command === 'object') {
    const c = msg.command as { type?: unknown; key?: unknown; value?: unknown };
    out.push(c.type === 'write' ? `write ${String(c.key ?? 'x')}=${String(c.value)}` : `read ${String(c.key ?? 'x')}`);
  }
  return out;
}

export const multiPaxosMessages: MessageUi = {
  glyph: (type, msg) => {
    const g = glyphs[type] ?? OTHER;
    return typeof msg.ballot === 'number' && type !== 'Heartbeat' ? { ...g, text: String(roundOf(msg.ballot)) } : g;
  },
  line: (type) => LINES[type] ?? { ...LINES.Accept!, color: 'var(--msg-other)', label: type },
  details: facts,
  facts,
  fieldLabels: { ballot: 'Ballot', slot: 'Slot', value: 'Command', chosenUpTo: 'Chosen below', promised: 'Promised', from: 'From slot', accepted: 'Accepted slots', entries: 'Chosen values' },
  renderField: (name, value) => (name === 'ballot' || name === 'promised') && typeof value === 'number' ? ballotText(value) : undefined,
};
