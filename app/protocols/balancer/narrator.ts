import { plainNarrator } from '../../narrate/plain';
import { balancerObservations } from './observations';

/** The balancer in the event log: the plain narrator with its words; requests and replies are routine, ejections and slow servers news. */
export const balancerNarrator = plainNarrator(balancerObservations, {
  delivery: (type, from, replies) => {
    // `replies` holds only what went back to the sender: a forward goes elsewhere.
    if (type === 'ClientRequest' && replies.includes('ClientResponse')) return { text: `had no server for ${from}'s request`, major: false };
    if (type === 'ClientRequest') return { text: `took ${from}'s request to pick a server for it`, major: false };
    if (type === 'Forward' && replies.includes('Reply')) return { text: `shed ${from}'s request: its queue is full`, major: false };
    if (type === 'Forward') return { text: `took a request from ${from}`, major: false };
    if (type === 'Reply') return { text: `heard ${from}'s reply and relays it to its client`, major: false };
    if (type === 'ClientResponse') return { text: `got its answer from ${from}`, major: false };
    return null;
  },
  timer: (name, sent, names) => {
    const replies = sent.find((g) => g.type === 'Reply');
    if (name === 'service' && replies) return `finished a request and replied to ${names(replies.to)}`;
    const answers = sent.find((g) => g.type === 'ClientResponse');
    if (name === 'forward-timeout' && answers) return `gave up on a server and told ${names(answers.to)} "timeout"`;
    const reqs = sent.find((g) => g.type === 'ClientRequest');
    if (name === 'extra-load' && reqs) return `sent extra load to ${names(reqs.to)}`;
    return null;
  },
  commandText: (command) =>
    command.type === 'request' ? `request ${String(command.key ?? '')}` : command.type === 'load' ? `extra load of ${String(command.perSecond)} a second` : command.type === 'slow' ? 'turn slow' : command.type,
  resultText: (result) => {
    const r = (result ?? {}) as { ok?: unknown; server?: unknown; error?: unknown; slowFactor?: unknown; extraPerSecond?: unknown };
    if (r.ok === true && typeof r.slowFactor === 'number') return r.slowFactor > 1 ? `it now serves ×${r.slowFactor} slower` : 'it serves at normal speed';
    if (r.ok === true && typeof r.extraPerSecond === 'number') return `it sends ${r.extraPerSecond} extra requests a second`;
    if (r.ok === true) return typeof r.server === 'string' ? `answered by ${r.server}` : 'done';
    return `failed (${String(r.error ?? 'error')})`;
  },
  keptOnCrash: 'nothing but a balancer\'s boot count',
});

export const BALANCER_TOPICS = {
  eject: { glyph: '⊘', word: 'ejection' },
  slow: { glyph: '◷', word: 'slow server' },
};
