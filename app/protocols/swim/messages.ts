import type { MessageGlyph, MessageLine, MessageUi } from '../ui';
import { parseUpdate, updateText } from './view';
import { nodeName } from '../../store/store';

/**
 * SWIM's messages. Probes are circles (Ping filled, Ack hollow, its line dotted like every
 * reply), indirect probes are diamonds (PingReq filled, Nack hollow with a cross), gossip is a
 * square, push-pull a large grey square. A message carrying rumours shows how many inside it, and
 * its details list each rumour ("S4 suspect, incarnation 2, by S1"): rumours travel on the page.
 */
const PROBE = 'var(--msg-append)';
const INDIRECT = 'var(--msg-vote)';
const GOSSIP = 'var(--warn)';
const SYNC = 'var(--msg-other)';
const REPLY_DASH = '2 5';

const count = (msg: Record<string, unknown>) => (Array.isArray(msg.updates) ? msg.updates.length : 0);
const text = (msg: Record<string, unknown>) => (count(msg) > 0 ? String(count(msg)) : null);

function glyph(type: string, msg: Record<string, unknown>): MessageGlyph {
  const t = text(msg);
  switch (type) {
    case 'Ping':
      return { kind: 'swim-ping', shape: 'circle', size: t ? 11 : 9, color: PROBE, hollow: false, text: t, ink: '#fff', mark: null };
    case 'Ack':
      return { kind: 'swim-ack', shape: 'circle', size: t ? 11 : 9, color: PROBE, hollow: true, text: t, mark: null };
    case 'PingReq':
      return { kind: 'swim-pingreq', shape: 'diamond', size: 11, color: INDIRECT, hollow: false, text: t, ink: '#fff', mark: null };
    case 'Nack':
      return { kind: 'swim-nack', shape: 'diamond', size: 10, color: INDIRECT, hollow: true, text: null, mark: 'cross' };
    case 'Gossip':
      return { kind: 'swim-gossip', shape: 'square', size: 10, color: GOSSIP, hollow: false, text: t, ink: '#fff', mark: null };
    default:
      return { kind: 'swim-sync', shape: 'square', size: 13, color: SYNC, hollow: type === 'PushPullReply', text: null, mark: null };
  }
}

const LINES: Record<string, MessageLine> = {
  Ping: { color: PROBE, dash: '', width: 2.5, response: false, head: 'arrow', label: 'Ping' },
  Ack: { color: PROBE, dash: REPLY_DASH, width: 2.5, response: true, head: 'dot', label: 'Ack' },
  PingReq: { color: INDIRECT, dash: '', width: 2.5, response: false, head: 'diamond', label: 'Ping-req' },
  Nack: { color: INDIRECT, dash: REPLY_DASH, width: 2, response: true, head: 'dot', label: 'Nack (Lifeguard)' },
  Gossip: { color: GOSSIP, dash: '6 3', width: 2, response: false, head: 'square', label: 'Gossip' },
  PushPull: { color: SYNC, dash: '', width: 3, response: false, head: 'arrow', label: 'Push-pull (full state)' },
  PushPullReply: { color: SYNC, dash: REPLY_DASH, width: 3, response: true, head: 'dot', label: 'Push-pull reply' },
};

function rumours(msg: Record<string, unknown> | null): string[] {
  if (!msg || !Array.isArray(msg.updates)) return [];
  return msg.updates.flatMap((u) => {
    const p = parseUpdate(u);
    return p ? [updateText(p)] : [];
  });
}

function details(type: string, msg: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof msg.seq === 'number') out.push(`probe #${msg.seq}`);
  if (type === 'PingReq' && typeof msg.target === 'number') out.push(`ping ${nodeName(msg.target)} for me`);
  if (Array.isArray(msg.states)) out.push(`${msg.states.length} members' states${msg.join === true ? ' (joining)' : ''}`);
  const r = rumours(msg);
  // The count comes first: it is the number drawn on the glyph, so the accessible name holds it.
  if (r.length) out.push(`${r.length} rumour${r.length === 1 ? '' : 's'}`, ...r.map((x) => `rumour: ${x}`));
  else if (type !== 'PushPull' && type !== 'PushPullReply') out.push('no rumours');
  return out;
}

export const swimMessages: MessageUi = {
  glyph,
  line: (type) => LINES[type] ?? { ...LINES.Ping!, color: SYNC, label: type },
  details,
  facts: (type, msg) => {
    if (!msg) return [];
    const r = rumours(msg);
    const out: string[] = [];
    if (type === 'PingReq' && typeof msg.target === 'number') out.push(`for ${nodeName(msg.target)}`);
    if (r.length) out.push(r.length === 1 ? r[0]! : `${r.length} rumours`);
    return out;
  },
  fieldLabels: { seq: 'Probe number', target: 'Target', nack: 'Nack wanted', updates: 'Piggybacked rumours', states: 'Member states', join: 'Joining' },
  renderField: (name, value) => {
    if (name !== 'updates' || !Array.isArray(value)) return undefined;
    const items = value.flatMap((u) => {
      const p = parseUpdate(u);
      return p ? [updateText(p)] : [];
    });
    return items.length === 0 ? 'none' : items.join('; ');
  },
};

export { LINES as SWIM_LINES };
