import { plainNarrator } from '../../narrate/plain';
import { ringObservations } from './observations';

/** The ring in the event log: the plain narrator with the ring's words. */
export const ringNarrator = plainNarrator(ringObservations, {
  timer: (name, sent, names) => {
    const gossip = sent.find((g) => g.type === 'Gossip');
    if (name === 'gossip' && gossip) return `gossips its membership table to ${names(gossip.to)}`;
    const transfer = sent.find((g) => g.type === 'Transfer');
    if (name === 'migrate' && transfer) return 'starts the next chunk';
    if (name === 'retry' && transfer) return `sends an unacknowledged chunk again to ${names(transfer.to)}`;
    return null;
  },
  delivery: (type, from, replies) => {
    if (type === 'Route' && replies.includes('Route')) return { text: `passes ${from}'s request on toward the owner`, major: false };
    if (type === 'Route' && replies.includes('Reply')) return { text: `answers a request ${from} routed to it`, major: false };
    if (type === 'Reply') return { text: `gets the owner's answer from ${from}`, major: false };
    if (type === 'Transfer') return { text: `stores a chunk from ${from} and acknowledges it`, major: true };
    if (type === 'TransferAck') return { text: `hears ${from} stored a chunk`, major: false };
    if (type === 'Gossip') return { text: `hears ${from}'s membership table`, major: false };
    return null;
  },
  commandText: (command) => {
    const c = command as { type: string; key?: unknown; value?: unknown };
    if (c.type === 'put') return `put user:${String(c.key)} = ${String(c.value)}`;
    if (c.type === 'get') return `get user:${String(c.key)}`;
    return c.type === 'join' ? 'join the ring' : c.type === 'leave' ? 'leave the ring' : c.type;
  },
  resultText: (result, name) => {
    const r = result as { ok?: unknown; value?: unknown; version?: unknown; owner?: unknown; error?: unknown; status?: unknown } | null;
    if (!r) return 'done';
    if (r.ok === false) return `failed (${String(r.error)})`;
    if (typeof r.status === 'string') return `now ${r.status === 'member' ? 'a member' : 'out of the ring'}`;
    return `ok: value ${String(r.value)}, version ${String(r.version)}${typeof r.owner === 'number' ? ` at ${name(r.owner)}` : ''}`;
  },
  keptOnCrash: 'its keys, the membership table and the chunks it was sending',
});

export const RING_TOPICS = {
  membership: { glyph: '◎', word: 'membership' },
  migration: { glyph: '⇄', word: 'migration' },
  keys: { glyph: '·', word: 'keys' },
};
