import { nodeName } from '../../store/store';
import type { MessageGlyph, MessageLine, MessageUi } from '../ui';

/**
 * Primary-replica's messages. WAL shipments are squares (filled, with the number of entries
 * inside; an empty one is a keepalive, hollow), acknowledgements hollow circles with a check
 * (a cross when refused), fencing a red diamond with a cross; the lease traffic to and from the
 * lease store is diamonds in the vote colour; client requests and answers small grey circles.
 * Replies are dotted, as everywhere on the page.
 */
const WAL = 'var(--msg-append)';
const LEASE = 'var(--msg-vote)';
const FENCE = 'var(--danger)';
const CLIENT = 'var(--msg-other)';
const REPLY_DASH = '2 5';

const entries = (msg: Record<string, unknown>) => (Array.isArray(msg.entries) ? msg.entries.length : 0);
const int = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function glyph(type: string, msg: Record<string, unknown>): MessageGlyph {
  switch (type) {
    case 'Ship': {
      const n = entries(msg);
      return { kind: 'pr-ship', shape: 'square', size: n ? 13 : 9, color: WAL, hollow: n === 0, text: n ? String(n) : null, ink: '#fff', mark: null };
    }
    case 'Ack':
      return { kind: 'pr-ack', shape: 'circle', size: 10, color: WAL, hollow: true, text: null, mark: msg.ok === false ? 'cross' : 'check' };
    case 'Fenced':
      return { kind: 'pr-fenced', shape: 'diamond', size: 13, color: FENCE, hollow: false, text: null, ink: '#fff', mark: 'cross' };
    case 'RenewLease':
    case 'ReadLease':
    case 'AcquireLease':
    case 'PositionProbe':
      return { kind: 'pr-lease', shape: 'diamond', size: 10, color: LEASE, hollow: false, text: null, ink: '#fff', mark: null };
    case 'LeaseRenewed':
    case 'LeaseGranted':
      return { kind: 'pr-lease-ok', shape: 'diamond', size: 10, color: LEASE, hollow: true, text: null, mark: 'check' };
    case 'LeaseState':
    case 'Position':
      return { kind: 'pr-lease-state', shape: 'diamond', size: 10, color: LEASE, hollow: true, text: null, mark: null };
    case 'ClientRequest':
      return { kind: 'pr-client', shape: 'circle', size: 9, color: CLIENT, hollow: false, text: null, ink: '#fff', mark: null };
    default:
      return { kind: 'pr-client-answer', shape: 'circle', size: 9, color: CLIENT, hollow: true, text: null, mark: type === 'ClientRedirect' ? 'cross' : null };
  }
}

const LINES: Record<string, MessageLine> = {
  Ship: { color: WAL, dash: '', width: 2.5, response: false, head: 'square', label: 'Ship (WAL)' },
  Ack: { color: WAL, dash: REPLY_DASH, width: 2.5, response: true, head: 'dot', label: 'Ack' },
  Fenced: { color: FENCE, dash: REPLY_DASH, width: 3, response: true, head: 'diamond', label: 'Fenced (epoch over)' },
  RenewLease: { color: LEASE, dash: '', width: 2, response: false, head: 'diamond', label: 'Lease renewal' },
  ReadLease: { color: LEASE, dash: '', width: 1.5, response: false, head: 'diamond', label: 'Lease probe' },
  AcquireLease: { color: LEASE, dash: '', width: 2.5, response: false, head: 'diamond', label: 'Take the lease' },
  LeaseRenewed: { color: LEASE, dash: REPLY_DASH, width: 2, response: true, head: 'dot', label: 'Lease renewed' },
  LeaseGranted: { color: LEASE, dash: REPLY_DASH, width: 2.5, response: true, head: 'dot', label: 'Lease granted' },
  LeaseState: { color: LEASE, dash: REPLY_DASH, width: 1.5, response: true, head: 'dot', label: 'Lease state' },
  PositionProbe: { color: LEASE, dash: '4 3', width: 1.5, response: false, head: 'arrow', label: 'Position probe' },
  Position: { color: LEASE, dash: REPLY_DASH, width: 1.5, response: true, head: 'dot', label: 'Position' },
  ClientRequest: { color: CLIENT, dash: '', width: 2, response: false, head: 'arrow', label: 'Client request' },
  ClientResponse: { color: CLIENT, dash: REPLY_DASH, width: 2, response: true, head: 'dot', label: 'Client answer' },
  ClientRedirect: { color: CLIENT, dash: REPLY_DASH, width: 2, response: true, head: 'dot', label: 'Redirect' },
};

function commandText(c: unknown): string {
  const cmd = (c && typeof c === 'object' ? c : {}) as Record<string, unknown>;
  if (cmd.type === 'write') return `write ${String(cmd.key)} = ${int(cmd.value)}`;
  if (cmd.type === 'read') return `read ${String(cmd.key)}`;
  return String(cmd.type ?? '?');
}

function details(type: string, msg: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof msg.epoch === 'number') out.push(`epoch ${msg.epoch}`);
  switch (type) {
    case 'Ship': {
      const n = entries(msg);
      out.push(n ? `${n} ${n === 1 ? 'entry' : 'entries'} after ${int(msg.prevIndex)}` : `keepalive after ${int(msg.prevIndex)}`, `primary's log ends at ${int(msg.primaryLast)}`);
      break;
    }
    case 'Ack':
      out.push(msg.ok === false ? `refused: my log agrees up to ${int(msg.match)}` : `holds up to ${int(msg.match)}`);
      break;
    case 'Fenced':
      out.push(`your epoch is over${typeof msg.primary === 'number' ? `; primary ${nodeName(msg.primary)}` : ''}`);
      break;
    case 'RenewLease':
      out.push(`log at ${int(msg.optime)}`);
      break;
    case 'AcquireLease':
      out.push(msg.force === true ? 'by hand (forced)' : 'the lease expired', `log at ${int(msg.last)}`);
      break;
    case 'LeaseState':
      out.push(msg.holder === null ? 'nobody holds it' : `held by ${nodeName(int(msg.holder))}`, msg.expired === true ? 'expired' : 'valid');
      break;
    case 'Position':
      out.push(`log at ${int(msg.last)}`);
      break;
    case 'ClientRequest':
      out.push(commandText(msg.command));
      break;
    case 'ClientResponse': {
      const r = (msg.result && typeof msg.result === 'object' ? msg.result : {}) as Record<string, unknown>;
      if (r.ok === true && typeof r.index === 'number' && typeof r.server !== 'number') out.push(`acknowledged at ${r.index}`);
      else if (r.ok === true) out.push(`value ${r.value === null ? 'none' : int(r.value)}`);
      else out.push(`failed: ${String(r.error ?? '')}`);
      break;
    }
    case 'ClientRedirect':
      out.push(typeof msg.to === 'number' ? `ask ${nodeName(msg.to)}` : 'ask another server');
      break;
  }
  return out;
}

export const prMessages: MessageUi = {
  glyph,
  line: (type) => LINES[type] ?? { ...LINES.ClientRequest!, label: type },
  details,
  facts: (type, msg) => {
    if (!msg) return [];
    if (type === 'Ship') return entries(msg) ? [`${entries(msg)} entries`] : [];
    if (type === 'Ack') return [msg.ok === false ? 'refused' : `≤ ${int(msg.match)}`];
    if (type === 'ClientRequest') return [commandText(msg.command)];
    if (type === 'Fenced') return [`epoch ${int(msg.epoch)}`];
    return [];
  },
  fieldLabels: {
    epoch: 'Epoch',
    prevIndex: 'After index',
    prevEpoch: 'Epoch there',
    entries: 'Entries',
    primaryLast: "Primary's last index",
    ok: 'Accepted',
    match: 'Holds up to',
    optime: 'Log position',
    attempt: 'Try',
    holder: 'Holder',
    expired: 'Expired',
    force: 'By hand',
    last: 'Log ends at',
    round: 'Round',
    command: 'Operation',
    result: 'Result',
    opId: 'Operation',
  },
  renderField: (name, value) => {
    if (name === 'entries' && Array.isArray(value)) {
      return value.length === 0 ? 'none (keepalive)' : value.map((e) => { const x = e as Record<string, unknown>; return `${int(x.index)}: ${String(x.key)}=${int(x.value)} (e${int(x.epoch)})`; }).join('; ');
    }
    if (name === 'command') return commandText(value);
    return undefined;
  },
};

export { LINES as PR_LINES };
