import { plainNarrator } from '../../narrate/plain';
import { locksObservations } from './observations';

/** The lock service in the event log: the plain narrator with its words. */
export const locksNarrator = plainNarrator(locksObservations, {
  timer: (name, sent, names) => {
    const write = sent.find((g) => g.type === 'Write');
    return name === 'work' && write ? `finishes its work and sends its write to ${names(write.to)}, with the token it checked before` : null;
  },
  delivery: (type, from) => {
    if (type === 'Acquire') return { text: `gets ${from}'s request for the lock`, major: false };
    if (type === 'Grant') return { text: `has ${from}'s grant`, major: false };
    if (type === 'Refuse') return { text: `is refused by ${from}`, major: false };
    if (type === 'Write') return { text: `gets ${from}'s write`, major: false };
    return null;
  },
  commandText: (command) => (command.type === 'acquire' ? 'ask for the lock' : command.type === 'release' ? 'release the lock' : command.type),
  keptOnCrash: 'what is on its disk (a Redlock server: its leases; a consensus server: its term, vote and lease table; the storage: the highest token it has seen)',
});

export const LOCKS_TOPICS = {
  lock: { glyph: '◆', word: 'lock' },
  write: { glyph: '▪', word: 'write' },
  fenced: { glyph: '✕', word: 'fenced' },
  unsafe: { glyph: '⚠', word: 'lease lost' },
  group: { glyph: '★', word: 'lock group' },
};
