import type { MessageGlyph, MessageLine, MessageUi } from '../ui';

/**
 * The ring's messages: a client request routed toward the owner (Route, a dot with G or P) and
 * the owner's answer (Reply, hollow); a migration chunk (Transfer, a large diamond with its key
 * count) and its acknowledgement (hollow diamond, ✓); membership gossip (a small grey square).
 */
const CLIENT = 'var(--msg-client)';
const MOVE = 'var(--msg-snapshot)';
const GOSSIP = 'var(--msg-other)';
const REPLY_DASH = '2 5';

const str = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? String(v) : '?');
const opOf = (msg: Record<string, unknown> | null) => (msg?.op && typeof msg.op === 'object' ? (msg.op as Record<string, unknown>) : null);
const keyCount = (msg: Record<string, unknown> | null) => (Array.isArray(msg?.keys) ? (msg!.keys as unknown[]).length : 0);

export const ROUTE_LINE: MessageLine = { color: CLIENT, dash: '', width: 2, response: false, head: 'arrow', label: 'Route (a get or put on its way to the owner)' };
export const REPLY_LINE: MessageLine = { color: CLIENT, dash: REPLY_DASH, width: 2, response: true, head: 'dot', label: 'Reply (the owner answers)' };
export const TRANSFER_LINE: MessageLine = { color: MOVE, dash: '', width: 4, response: false, head: 'diamond', label: 'Transfer (a chunk of moved keys)' };
export const ACK_LINE: MessageLine = { color: MOVE, dash: REPLY_DASH, width: 2.5, response: true, head: 'square', label: 'TransferAck' };
export const GOSSIP_LINE: MessageLine = { color: GOSSIP, dash: '1 4', width: 1.5, response: false, head: 'arrow', label: 'Gossip (membership table)' };

export const ringMessages: MessageUi = {
  glyph(type, msg): MessageGlyph {
    switch (type) {
      case 'Route':
        return { kind: 'ring-route', shape: 'circle', size: 9, color: CLIENT, hollow: false, text: opOf(msg)?.op === 'put' ? 'P' : 'G', ink: '#fff', mark: null };
      case 'Reply': {
        const ok = (msg.result as { ok?: unknown } | undefined)?.ok === true;
        return { kind: 'ring-reply', shape: 'circle', size: 9, color: CLIENT, hollow: true, text: null, mark: ok ? 'check' : 'cross' };
      }
      case 'Transfer':
        return { kind: 'ring-transfer', shape: 'diamond', size: 14, color: MOVE, hollow: false, text: String(keyCount(msg)), ink: '#fff', mark: null };
      case 'TransferAck':
        return { kind: 'ring-ack', shape: 'diamond', size: 10, color: MOVE, hollow: true, text: null, mark: 'check' };
      default:
        return { kind: 'ring-gossip', shape: 'square', size: 5, color: GOSSIP, hollow: false, text: null, mark: null };
    }
  },
  line(type) {
    switch (type) {
      case 'Route':
        return ROUTE_LINE;
      case 'Reply':
        return REPLY_LINE;
      case 'Transfer':
        return TRANSFER_LINE;
      case 'TransferAck':
        return ACK_LINE;
      case 'Gossip':
        return GOSSIP_LINE;
      default:
        return { ...GOSSIP_LINE, label: type };
    }
  },
  details(type, msg) {
    if (type === 'Route') {
      const op = opOf(msg);
      return op ? [`${str(op.op)} user:${str(op.key)}${op.op === 'put' ? ` = ${str(op.value)}` : ''}`, `hop ${str(op.hops)}`] : [];
    }
    if (type === 'Reply') {
      const r = msg.result as Record<string, unknown> | undefined;
      return r?.ok === true ? [`value ${str(r.value ?? 'null')}`, `version ${str(r.version)}`] : [`error: ${str(r?.error)}`];
    }
    if (type === 'Transfer') return [`${keyCount(msg)} keys`, `${str(msg.bytes)} bytes`, `chunk #${str(msg.seq)}`];
    if (type === 'TransferAck') return [`chunk #${str(msg.seq)} stored`];
    return ['membership table'];
  },
  facts(type, msg) {
    if (!msg) return [];
    if (type === 'Route') {
      const op = opOf(msg);
      return op ? [`${str(op.op)} user:${str(op.key)}`] : [];
    }
    if (type === 'Transfer') return [`${keyCount(msg)} keys`];
    if (type === 'Reply') return [(msg.result as { ok?: unknown } | undefined)?.ok === true ? 'ok' : 'error'];
    return [];
  },
  fieldLabels: { op: 'Operation', opId: 'Op id', result: 'Result', statuses: 'Membership table', seq: 'Chunk', keys: 'Keys', bytes: 'Bytes' },
};
