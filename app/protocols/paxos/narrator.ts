import { plainNarrator } from '../../narrate/plain';
import { paxosObservations } from './observations';

/** Paxos in the event log: the plain narrator with Paxos' words. */
export const paxosNarrator = plainNarrator(paxosObservations, {
  delivery: (type, from, replies) => {
    if (type === 'Prepare' && replies.includes('Promise')) return { text: `promised ${from}'s ballot`, major: false };
    if (type === 'Prepare' && replies.includes('Nack')) return { text: `refused ${from}'s prepare (it promised a higher ballot)`, major: false };
    if (type === 'Accept' && replies.includes('Accepted')) return { text: `accepted ${from}'s proposal`, major: false };
    if (type === 'Accept' && replies.includes('Nack')) return { text: `refused ${from}'s proposal (it promised a higher ballot)`, major: false };
    if (type === 'Promise') return { text: `heard ${from}'s promise`, major: false };
    if (type === 'Accepted') return { text: `heard that ${from} accepted`, major: false };
    if (type === 'Nack') return { text: `heard from ${from} that its ballot was passed by`, major: false };
    return null;
  },
  commandText: (command) => (command.type === 'propose' ? `propose ${String(command.value)}` : command.type === 'strategy' ? `strategy ${String(command.strategy)}` : command.type),
  resultText: (result) => {
    const r = result as { ok?: unknown; error?: unknown } | null;
    return r?.ok === false ? `refused (${String(r.error)})` : 'started';
  },
  keptOnCrash: 'its promise, what it accepted and its ballot round',
});

export const PAXOS_TOPICS = {
  ballot: { glyph: '◆', word: 'ballot' },
  accept: { glyph: '■', word: 'acceptance' },
  duel: { glyph: '⚔', word: 'duel' },
  learned: { glyph: '★', word: 'learned' },
};
