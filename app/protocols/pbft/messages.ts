import { nodeName } from '../../store/store';
import type { MessageGlyph, MessageLine, MessageUi } from '../ui';
import { digestText } from './view';

/**
 * PBFT's messages, one look per phase: the client's request a hollow circle and its reply a
 * dotted line with a dot; pre-prepare a filled diamond, prepare a square, commit a filled circle
 * (each its own colour and shape); checkpoints small grey squares; view change and new view large
 * diamonds in the warning colour. The sequence number rides on the glyph.
 */
const REQUEST = 'var(--msg-other)';
const PRE_PREPARE = 'var(--msg-append)';
const PREPARE = 'var(--msg-vote)';
const COMMIT = 'var(--ok)';
const VIEW = 'var(--warn)';
const CHECKPOINT = 'var(--ink-soft)';
const REPLY_DASH = '2 5';

const seqText = (msg: Record<string, unknown>) => (typeof msg.seq === 'number' ? String(msg.seq) : null);

function glyph(type: string, msg: Record<string, unknown>): MessageGlyph {
  switch (type) {
    case 'Request':
      return { kind: 'pbft-request', shape: 'circle', size: 10, color: REQUEST, hollow: true, text: null, mark: null };
    case 'Reply':
      return { kind: 'pbft-reply', shape: 'circle', size: 9, color: REQUEST, hollow: true, text: null, mark: 'check' };
    case 'PrePrepare':
      return { kind: 'pbft-preprepare', shape: 'diamond', size: 13, color: PRE_PREPARE, hollow: false, text: seqText(msg), ink: '#fff', mark: null };
    case 'Prepare':
      return { kind: 'pbft-prepare', shape: 'square', size: 11, color: PREPARE, hollow: false, text: seqText(msg), ink: '#fff', mark: null };
    case 'Commit':
      return { kind: 'pbft-commit', shape: 'circle', size: 12, color: COMMIT, hollow: false, text: seqText(msg), ink: '#fff', mark: null };
    case 'Checkpoint':
      return { kind: 'pbft-checkpoint', shape: 'square', size: 9, color: CHECKPOINT, hollow: true, text: null, mark: null };
    case 'ViewChange':
      return { kind: 'pbft-viewchange', shape: 'diamond', size: 14, color: VIEW, hollow: true, text: typeof msg.view === 'number' ? String(msg.view) : null, mark: null };
    case 'NewView':
      return { kind: 'pbft-newview', shape: 'diamond', size: 15, color: VIEW, hollow: false, text: typeof msg.view === 'number' ? String(msg.view) : null, ink: '#fff', mark: null };
    default:
      return { kind: 'pbft-state', shape: 'square', size: 13, color: CHECKPOINT, hollow: type === 'FetchState', text: null, mark: null };
  }
}

const LINES: Record<string, MessageLine> = {
  Request: { color: REQUEST, dash: '', width: 2, response: false, head: 'arrow', label: 'Request (client)' },
  PrePrepare: { color: PRE_PREPARE, dash: '', width: 3, response: false, head: 'diamond', label: 'Pre-prepare' },
  Prepare: { color: PREPARE, dash: '', width: 2, response: false, head: 'square', label: 'Prepare' },
  Commit: { color: COMMIT, dash: '', width: 2, response: false, head: 'dot', label: 'Commit' },
  Reply: { color: REQUEST, dash: REPLY_DASH, width: 2, response: true, head: 'dot', label: 'Reply (to the client)' },
  Checkpoint: { color: CHECKPOINT, dash: '4 3', width: 1.5, response: false, head: 'square', label: 'Checkpoint' },
  ViewChange: { color: VIEW, dash: '8 3', width: 3, response: false, head: 'diamond', label: 'View change' },
  NewView: { color: VIEW, dash: '', width: 3.5, response: false, head: 'diamond', label: 'New view' },
  FetchState: { color: CHECKPOINT, dash: '', width: 2, response: false, head: 'arrow', label: 'Fetch state' },
  State: { color: CHECKPOINT, dash: REPLY_DASH, width: 3, response: true, head: 'dot', label: 'State (transfer)' },
};

function details(type: string, msg: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof msg.view === 'number') out.push(`view ${msg.view}`);
  if (typeof msg.seq === 'number') out.push(`sequence number ${msg.seq}`);
  if (typeof msg.digest === 'string') out.push(digestText(msg.digest));
  if (type === 'Request' && typeof msg.t === 'number') out.push(`request ${msg.t}`);
  if (type === 'Reply' && typeof msg.t === 'number') out.push(`answer to request ${msg.t}`);
  if (type === 'ViewChange' && Array.isArray(msg.prepared)) out.push(`${msg.prepared.length} prepared certificate${msg.prepared.length === 1 ? '' : 's'}`, `stable checkpoint ${String(msg.stableSeq)}`);
  if (type === 'NewView' && Array.isArray(msg.O)) out.push(`${msg.O.length} pre-prepare${msg.O.length === 1 ? '' : 's'} in O`, `${Array.isArray(msg.viewChanges) ? msg.viewChanges.length : 0} view changes`);
  if (type === 'Checkpoint' && typeof msg.stateDigest === 'string') out.push(`state ${msg.stateDigest}`);
  return out;
}

export const pbftMessages: MessageUi = {
  glyph,
  line: (type) => LINES[type] ?? { ...LINES.Checkpoint!, label: type },
  details,
  facts: (type, msg) => {
    if (!msg) return [];
    const out: string[] = [];
    if (typeof msg.view === 'number') out.push(`view ${msg.view}`);
    if (typeof msg.seq === 'number') out.push(`n = ${msg.seq}`);
    if (typeof msg.digest === 'string') out.push(digestText(msg.digest));
    if (type === 'Reply' && typeof msg.t === 'number') out.push(`request ${msg.t}`);
    return out;
  },
  fieldLabels: {
    view: 'View',
    seq: 'Sequence number n',
    digest: 'Digest d',
    m: 'Request m',
    t: 'Timestamp t',
    op: 'Operation',
    result: 'Result',
    stateDigest: 'State digest',
    stableSeq: 'Stable checkpoint',
    stableDigest: 'Its digest',
    prepared: 'Prepared certificates (P)',
    viewChanges: 'View changes (V)',
    O: 'Pre-prepares of the new view (O)',
  },
  renderField: (name, value) => {
    if (name === 'digest' && typeof value === 'string') return digestText(value);
    if ((name === 'prepared' || name === 'O') && Array.isArray(value)) {
      const items = value.flatMap((c) => (c && typeof c === 'object' && typeof (c as { seq?: unknown }).seq === 'number' ? [`${(c as { seq: number }).seq}: ${digestText(String((c as { digest?: unknown }).digest))}`] : []));
      return items.length === 0 ? 'none' : items.join('; ');
    }
    if (name === 'viewChanges' && Array.isArray(value)) {
      return value.map((v) => (v && typeof v === 'object' && typeof (v as { from?: unknown }).from === 'number' ? nodeName((v as { from: number }).from) : '?')).join(', ');
    }
    return undefined;
  },
};

export { LINES as PBFT_LINES };
