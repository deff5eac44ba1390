import { plainNarrator } from '../../narrate/plain';
import { twoPcObservations } from './observations';

/**
 * Two-phase commit in the event log: the plain narrator with its words. Prepares, yes votes and
 * acks are routine; decisions, no votes, long doubt and recoveries are news.
 */
export const twoPcNarrator = plainNarrator(twoPcObservations, {
  timer: (name, sent, names) => {
    const resend = sent.find((g) => g.type === 'Commit' || g.type === 'Abort');
    if (name === 'resend' && resend) return `sends ${resend.type === 'Commit' ? 'Commit' : 'Abort'} again to ${names(resend.to)}`;
    return null;
  },
  delivery: (type, from) => {
    if (type === 'Prepare') return { text: `gets ${from}'s Prepare`, major: false };
    if (type === 'Vote') return { text: `counts ${from}'s vote`, major: false };
    if (type === 'Commit' || type === 'Abort') return { text: `hears ${from}'s ${type}`, major: false };
    if (type === 'Ack') return { text: `has ${from}'s ack`, major: false };
    if (type === 'Query') return { text: `answers ${from}'s query`, major: false };
    return null;
  },
  commandText: (command) => (command.type === 'txn' ? 'run a transaction' : command.type),
  keptOnCrash: 'what is on its disk (a participant: its prepared transactions, their locks and its data; a coordinator: its decision log)',
});

/** The event log's words for two-phase commit's topics. */
export const TWO_PC_TOPICS = {
  txn: { glyph: '◇', word: 'transaction' },
  commit: { glyph: '✓', word: 'commit' },
  abort: { glyph: '✕', word: 'abort' },
  doubt: { glyph: '?', word: 'in doubt' },
};
