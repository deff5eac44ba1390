import { plainNarrator } from '../../narrate/plain';
import { pingObservations } from './observations';

/**
 * Ping in the event log: the plain narrator (app/narrate/plain.ts) with ping's words. A round
 * of pings and the pongs are routine (minor); a suspicion and a trust regained are news.
 */
export const pingNarrator = plainNarrator(pingObservations, {
  timer: (name, sent, names) => {
    const pings = sent.find((g) => g.type === 'Ping');
    return name === 'ping' && pings ? `pings ${names(pings.to)}` : null;
  },
  delivery: (type, from, replies) => {
    if (type === 'Ping' && replies.includes('Pong')) return { text: `answered ${from}'s ping with a pong`, major: false };
    if (type === 'Pong') return { text: `heard a pong from ${from}`, major: false };
    return null;
  },
  commandText: (command) => (command.type === 'Echo' ? `echo ${String(command.value)}` : command.type),
  resultText: (result) => {
    const echoed = (result as { echoed?: unknown } | null)?.echoed;
    return echoed === undefined ? 'done' : `echoed ${String(echoed)}`;
  },
  keptOnCrash: 'its boot count',
});

/** The event log's words for ping's topics. */
export const PING_TOPICS = {
  suspect: { glyph: '⚠', word: 'suspicion' },
  trust: { glyph: '✓', word: 'trust' },
};
