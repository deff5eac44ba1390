import { plainNarrator } from '../../narrate/plain';
import { dynamoObservations } from './observations';

/** Dynamo in the event log: the plain narrator with the store's words. */
export const dynamoNarrator = plainNarrator(dynamoObservations, {
  timer: (name, sent, names) => {
    const handoffs = sent.find((g) => g.type === 'Handoff');
    if (name === 'handoff' && handoffs) return `offers hinted replicas to ${names(handoffs.to)}`;
    const trees = sent.find((g) => g.type === 'MerkleTree');
    if (name === 'anti-entropy' && trees) return `sends its Merkle tree to ${names(trees.to)}`;
    const puts = sent.find((g) => g.type === 'Put');
    if (name === 'replica' && puts) return `asks ${names(puts.to)} to stand in`;
    const gets = sent.find((g) => g.type === 'Get');
    if (name === 'replica' && gets) return `asks ${names(gets.to)} to stand in`;
    return null;
  },
  delivery: (type, from, replies) => {
    if (type === 'Get' && replies.includes('GetAck')) return { text: `answered ${from}'s get with its versions`, major: false };
    if (type === 'Put' && replies.includes('PutAck')) return { text: `stored ${from}'s put and acknowledged it`, major: false };
    if (type === 'GetAck') return { text: `got ${from}'s versions`, major: false };
    if (type === 'PutAck') return { text: `got ${from}'s acknowledgement`, major: false };
    if (type === 'Handoff') return { text: `took back its replicas from ${from}`, major: true };
    if (type === 'Transfer') return { text: `took over a key from ${from} (§4.9)`, major: true };
    if (type === 'TransferAck') return { text: `${from} confirmed the transfer`, major: false };
    if (type === 'MerkleTree' && replies.length === 0) return { text: `compared Merkle trees with ${from}: in sync`, major: false };
    if (type === 'MerkleSync') return { text: `took ${from}'s versions of the differing keys`, major: false };
    return null;
  },
  commandText: (command) => {
    const c = command as { type: string; key?: unknown; value?: unknown; resolve?: unknown; r?: unknown; w?: unknown };
    if (c.type === 'join') return 'join the ring';
    if (c.type === 'leave') return 'leave the ring';
    const own = typeof c.r === 'number' || typeof c.w === 'number' ? ` (${[typeof c.r === 'number' ? `R=${c.r}` : '', typeof c.w === 'number' && c.type !== 'get' ? `W=${c.w}` : ''].filter(Boolean).join(' ')})` : '';
    if (c.type === 'get') return `get ${String(c.key)}${own}`;
    if (c.resolve === 'union') return `merge the siblings of ${String(c.key)} (union)`;
    if (c.resolve === 'lww') return `merge the siblings of ${String(c.key)} (last writer wins)`;
    return `${c.type} ${String(c.key)} = ${String(c.value)}${own}`;
  },
  resultText: (result) => {
    const r = result as { ok?: boolean; kind?: string; versions?: { value: string }[]; dot?: string; error?: string } | null;
    if (!r || r.ok === false) return `failed (${r?.error ?? 'no answer'})`;
    if (r.kind === 'join') return 'on the ring';
    if (r.kind === 'leave') return 'off the ring';
    if (r.kind === 'get') {
      const values = (r.versions ?? []).map((v) => v.value);
      return values.length === 0 ? 'not found' : values.length === 1 ? `read ${values[0]}` : `read ${values.length} siblings: ${values.join(', ')}`;
    }
    return `written as ${r.dot ?? '?'}`;
  },
  keptOnCrash: 'every version and hinted replica it stored',
});

export const DYNAMO_TOPICS = {
  store: { glyph: '▪', word: 'store' },
  write: { glyph: '✎', word: 'write' },
  quorum: { glyph: '✓', word: 'quorum' },
  failed: { glyph: '✕', word: 'failed' },
  sloppy: { glyph: '↷', word: 'stand-in' },
  siblings: { glyph: '≠', word: 'siblings' },
  repair: { glyph: '⟲', word: 'repair' },
  handoff: { glyph: '⇥', word: 'handoff' },
  ring: { glyph: '◌', word: 'ring change' },
  suspect: { glyph: '⚠', word: 'suspicion' },
};
