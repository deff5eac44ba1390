import { plainNarrator } from '../../narrate/plain';
import { swimObservations } from './observations';

/**
 * SWIM in the event log: the plain narrator with SWIM's words. Probes, acks and gossip are
 * routine (minor); suspicions, deaths, refutations and leaves are news.
 */
export const swimNarrator = plainNarrator(swimObservations, {
  timer: (name, sent, names) => {
    const pings = sent.find((g) => g.type === 'Ping');
    if (name === 'probe' && pings) return `probes ${names(pings.to)}`;
    const gossip = sent.find((g) => g.type === 'Gossip');
    if (name === 'gossip' && gossip) return `gossips rumours to ${names(gossip.to)}`;
    const pp = sent.find((g) => g.type === 'PushPull');
    if (pp) return `${name === 'join' ? 'asks to join through' : 'exchanges full state with'} ${names(pp.to)}`;
    return null;
  },
  delivery: (type, from, replies) => {
    if (type === 'Ping' && replies.includes('Ack')) return { text: `answered ${from}'s ping with an ack`, major: false };
    if (type === 'Ack') return { text: `heard an ack from ${from}`, major: false };
    if (type === 'PingReq') return { text: `pings on ${from}'s behalf`, major: false };
    if (type === 'Nack') return { text: `heard a nack from ${from} (it got no ack either)`, major: false };
    if (type === 'Gossip') return { text: `heard rumours from ${from}`, major: false };
    return null;
  },
  commandText: (command) => (command.type === 'leave' ? 'leave the group' : command.type === 'join' ? 'join the group again' : command.type),
  keptOnCrash: 'its incarnation number',
});

/** The event log's words for SWIM's topics. */
export const SWIM_TOPICS = {
  alive: { glyph: '✓', word: 'alive' },
  suspect: { glyph: '?', word: 'suspicion' },
  dead: { glyph: '✕', word: 'death' },
  refute: { glyph: '↑', word: 'incarnation' },
  leave: { glyph: '↩', word: 'leave' },
  probe: { glyph: '◇', word: 'probe' },
};
