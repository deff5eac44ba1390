import type { MessageGlyph, MessageLine, MessageUi } from '../ui';

/**
 * The balancer's messages. A client's request is a small circle, its response a hollow one (a
 * cross when it failed); the balancer's forward to a server is a diamond, the server's reply a
 * hollow diamond (a cross when the server shed it). Requests solid lines, answers dotted.
 */
const CLIENT = 'var(--msg-append)';
const SERVER = 'var(--msg-vote)';
const REPLY_DASH = '2 5';

function failed(msg: Record<string, unknown>): boolean {
  if (msg.ok === false) return true;
  const r = msg.result as { ok?: unknown } | undefined;
  return !!r && typeof r === 'object' && r.ok === false;
}

function glyph(type: string, msg: Record<string, unknown>): MessageGlyph {
  switch (type) {
    case 'ClientRequest':
      return { kind: 'lb-request', shape: 'circle', size: 9, color: CLIENT, hollow: false, text: null, mark: null };
    case 'ClientResponse':
      return { kind: 'lb-response', shape: 'circle', size: 10, color: CLIENT, hollow: true, text: null, mark: failed(msg) ? 'cross' : 'check' };
    case 'Forward':
      return { kind: 'lb-forward', shape: 'diamond', size: 10, color: SERVER, hollow: false, text: null, mark: null };
    default:
      return { kind: 'lb-reply', shape: 'diamond', size: 11, color: SERVER, hollow: true, text: null, mark: failed(msg) ? 'cross' : 'check' };
  }
}

const LINES: Record<string, MessageLine> = {
  ClientRequest: { color: CLIENT, dash: '', width: 2, response: false, head: 'arrow', label: 'Request (client → balancer)' },
  ClientResponse: { color: CLIENT, dash: REPLY_DASH, width: 2, response: true, head: 'dot', label: 'Response (balancer → client)' },
  Forward: { color: SERVER, dash: '', width: 2.5, response: false, head: 'diamond', label: 'Forward (balancer → server)' },
  Reply: { color: SERVER, dash: REPLY_DASH, width: 2.5, response: true, head: 'dot', label: 'Reply (server → balancer)' },
};

function details(type: string, msg: Record<string, unknown>): string[] {
  const out: string[] = [];
  const command = msg.command as { key?: unknown } | undefined;
  if (type === 'ClientRequest') {
    out.push(typeof msg.opId === 'number' && msg.opId < 0 ? 'extra load' : `operation ${String(msg.opId)}`);
    if (typeof command?.key === 'string') out.push(`key ${command.key}`);
  }
  if (type === 'ClientResponse') {
    const r = (msg.result ?? {}) as { ok?: unknown; server?: unknown; error?: unknown };
    out.push(r.ok === true ? `answered by ${String(r.server)}` : `failed: ${String(r.error ?? 'error')}${typeof r.server === 'string' ? ` at ${r.server}` : ''}`);
  }
  if (type === 'Forward') {
    out.push(`forward ${String(msg.epoch)}.${String(msg.seq)}`);
    if (typeof msg.key === 'string') out.push(`key ${msg.key}`);
  }
  if (type === 'Reply') out.push(`forward ${String(msg.epoch)}.${String(msg.seq)}`, msg.ok === false ? 'shed: queue full' : 'served');
  return out;
}

export const balancerMessages: MessageUi = {
  glyph,
  line: (type) => LINES[type] ?? { ...LINES.Forward!, label: type },
  details,
  facts: (type, msg) => (msg ? details(type, msg).slice(0, 2) : []),
  fieldLabels: { opId: 'Operation', attempt: 'Try', command: 'Request', result: 'Result', epoch: 'Balancer boot', seq: 'Forward number', key: 'Key', ok: 'Served' },
};

export { LINES as BALANCER_LINES };
