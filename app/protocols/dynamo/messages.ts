import type { MessageGlyph, MessageLine, MessageUi } from '../ui';
import { nodeName } from '../../store/store';

/**
 * Dynamo's messages: a request is filled, its acknowledgement hollow with a dotted line; reads
 * (Get) are circles, writes (Put) squares, repairs and handoffs diamonds. A Put carrying a hint
 * is marked "h".
 */
const READ = 'var(--msg-vote, #2f6db5)';
const WRITE = 'var(--msg-append, #1f7a4d)';
const FIX = 'var(--msg-other, #8a5a00)';
const REPLY_DASH = '2 5';
const MOVE = 'var(--msg-gossip, #7e22ce)';

const g = (kind: string, shape: MessageGlyph['shape'], color: string, hollow: boolean, text: string | null = null): MessageGlyph => ({ kind, shape, size: 9, color, hollow, text, mark: null });

const GLYPHS: Record<string, MessageGlyph> = {
  Get: g('get', 'circle', READ, false),
  GetAck: g('getack', 'circle', READ, true),
  Put: g('put', 'square', WRITE, false),
  PutAck: g('putack', 'square', WRITE, true),
  Repair: g('repair', 'diamond', FIX, false),
  Handoff: g('handoff', 'diamond', WRITE, false),
  HandoffAck: g('handoffack', 'diamond', WRITE, true),
  MerkleTree: g('merkle', 'diamond', FIX, true, 'M'),
  MerkleDiff: g('merklediff', 'diamond', FIX, false),
  MerkleSync: g('merklesync', 'diamond', FIX, false),
  Transfer: g('transfer', 'diamond', MOVE, false, 'T'),
  TransferAck: g('transferack', 'diamond', MOVE, true),
  Membership: g('membership', 'circle', MOVE, true),
};

const LINES: Record<string, MessageLine> = {
  Get: { color: READ, dash: '', width: 2.5, response: false, head: 'arrow', label: 'Get' },
  GetAck: { color: READ, dash: REPLY_DASH, width: 2.5, response: true, head: 'dot', label: 'Get answer' },
  Put: { color: WRITE, dash: '', width: 2.5, response: false, head: 'square', label: 'Put' },
  PutAck: { color: WRITE, dash: REPLY_DASH, width: 2.5, response: true, head: 'dot', label: 'Put acknowledgement' },
  Repair: { color: FIX, dash: '6 3', width: 2.5, response: false, head: 'diamond', label: 'Read repair' },
  Handoff: { color: WRITE, dash: '6 3', width: 2.5, response: false, head: 'diamond', label: 'Hinted handoff' },
  HandoffAck: { color: WRITE, dash: REPLY_DASH, width: 2, response: true, head: 'dot', label: 'Handoff acknowledgement' },
  MerkleTree: { color: FIX, dash: '1 3', width: 2, response: false, head: 'diamond', label: 'Merkle tree (anti-entropy)' },
  MerkleDiff: { color: FIX, dash: '6 3', width: 2, response: true, head: 'dot', label: 'Merkle: differing keys' },
  MerkleSync: { color: FIX, dash: '6 3', width: 2, response: true, head: 'dot', label: 'Merkle: versions back' },
  Transfer: { color: MOVE, dash: '', width: 3, response: false, head: 'diamond', label: 'Key transfer (ring change)' },
  TransferAck: { color: MOVE, dash: REPLY_DASH, width: 2, response: true, head: 'dot', label: 'Transfer acknowledgement' },
  Membership: { color: MOVE, dash: '1 3', width: 1.5, response: false, head: 'arrow', label: 'Ring membership' },
};

function details(type: string, msg: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof msg.key === 'string') out.push(msg.key);
  const version = msg.version as { dot?: unknown } | undefined;
  if (version && typeof version.dot === 'string') out.push(`version ${version.dot}`);
  if (typeof msg.hintFor === 'number') out.push(`hinted for ${nodeName(msg.hintFor)}`);
  if (Array.isArray(msg.versions)) out.push(`${msg.versions.length} version${msg.versions.length === 1 ? '' : 's'}`);
  if ((type === 'HandoffAck' || type === 'TransferAck') && Array.isArray(msg.dots)) out.push(`${msg.dots.length} stored`);
  if (type === 'Membership' && Array.isArray(msg.statuses)) {
    out.push(`ring: ${msg.statuses.flatMap((st, i) => ((st as { member?: unknown }).member ? [nodeName(i)] : [])).join(', ')}`);
  }
  if (type === 'MerkleTree' && typeof msg.root === 'number') out.push(`root ${msg.root.toString(16).padStart(8, '0')}`);
  if ((type === 'MerkleDiff' || type === 'MerkleSync') && Array.isArray(msg.leaves)) out.push(`${msg.leaves.length} differing leaves`);
  if ((type === 'MerkleDiff' || type === 'MerkleSync') && msg.versions && typeof msg.versions === 'object') out.push(`${Object.keys(msg.versions).length} keys`);
  return out;
}

export const dynamoMessages: MessageUi = {
  glyph: (type, msg) => {
    const glyph = GLYPHS[type] ?? g('other', 'square', 'var(--msg-other)', false);
    return type === 'Put' && typeof msg.hintFor === 'number' ? { ...glyph, text: 'h', ink: '#fff' } : glyph;
  },
  line: (type) => LINES[type] ?? { ...LINES.Get!, color: 'var(--msg-other)', label: type },
  details,
  facts: (type, msg) => (msg ? details(type, msg) : []),
  fieldLabels: { statuses: 'Ring membership', root: 'Merkle root', leaves: 'Leaves', key: 'Key', op: 'Operation', phase: 'Phase', version: 'Version', versions: 'Versions', hintFor: 'Hinted for', dots: 'Versions stored' },
};

/** The space-time legend: one line per kind a reader tells apart (acks of handoffs and Merkle replies look like their kin). */
export const DYNAMO_LINES = (['Get', 'GetAck', 'Put', 'PutAck', 'Repair', 'Handoff', 'MerkleTree'] as const).map((type) => ({ style: LINES[type]!, label: LINES[type]!.label }));
