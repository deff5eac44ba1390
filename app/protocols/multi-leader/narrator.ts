import { plainNarrator } from '../../narrate/plain';
import { multiLeaderObservations } from './observations';

/**
 * Multi-leader replication in the event log: the plain narrator with its words. Accepted writes
 * and merges are routine; a write lost under last writer wins, new siblings and a turned clock
 * are news.
 */
export const multiLeaderNarrator = plainNarrator(multiLeaderObservations, {
  timer: (name, sent, names) => {
    const sync = sent.find((g) => g.type === 'Sync');
    if (name === 'anti-entropy' && sync) return `sends its whole state to ${names(sync.to)} (anti-entropy)`;
    return null;
  },
  delivery: (type, from) => {
    if (type === 'Replicate') return { text: `merges ${from}'s update`, major: false };
    if (type === 'Sync') return { text: `merges ${from}'s whole state`, major: false };
    return null;
  },
  commandText: (command) => {
    switch (command.type) {
      case 'set':
        return `write ${String(command.key)}=${String(command.value)}`;
      case 'incr':
        return `add ${String(command.by)} to likes`;
      case 'add':
        return `add ${String(command.element)} to the cart`;
      case 'remove':
        return `remove ${String(command.element)} from the cart`;
      case 'skew':
        return `set the clock off by ${String(command.ms)} ms`;
      default:
        return 'read';
    }
  },
  keptOnCrash: 'everything it acknowledged (each key, the counter and the cart are on its disk) and its clock skew',
});

/** The event log's words for multi-leader topics. */
export const MULTI_LEADER_TOPICS = {
  write: { glyph: '✎', word: 'write' },
  lost: { glyph: '✕', word: 'lost write' },
  siblings: { glyph: '∥', word: 'siblings' },
  crdt: { glyph: '∪', word: 'CRDT' },
  clock: { glyph: '◷', word: 'clock' },
};
