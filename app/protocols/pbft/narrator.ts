import { plainNarrator } from '../../narrate/plain';
import { pbftObservations } from './observations';

/** PBFT in the event log: the plain narrator with PBFT's words. Prepares and checkpoints are routine; commits and view changes are news. */
export const pbftNarrator = plainNarrator(pbftObservations, {
  timer: (name, sent, names) => {
    const vc = sent.find((g) => g.type === 'ViewChange');
    if (vc) return `${name === 'request' ? 'suspects the primary: a request waited too long; ' : 'no new view in time; '}sends a view change to ${names(vc.to)}`;
    const req = sent.find((g) => g.type === 'Request');
    if (req) return `got no f + 1 matching replies in time: broadcasts its request to ${names(req.to)}`;
    return null;
  },
  delivery: (type, from, replies) => {
    if (type === 'Request' && replies.includes('PrePrepare')) return { text: `takes ${from}'s request and pre-prepares it`, major: false };
    if (type === 'PrePrepare' && replies.includes('Prepare')) return { text: `accepts ${from}'s pre-prepare and sends prepares`, major: false };
    if (type === 'Prepare' && replies.includes('Commit')) return { text: `has 2f matching prepares (the last from ${from}): sends commits`, major: false };
    if (type === 'Prepare') return { text: `counts ${from}'s prepare`, major: false };
    if (type === 'Commit') return { text: `counts ${from}'s commit`, major: false };
    if (type === 'Reply') return { text: `hears ${from}'s reply`, major: false };
    if (type === 'Checkpoint') return { text: `counts ${from}'s checkpoint`, major: false };
    if (type === 'ViewChange') return { text: `hears ${from} ask for a new view`, major: false };
    if (type === 'NewView') return { text: `checks ${from}'s new view`, major: true };
    return null;
  },
  commandText: (command) => (command.type === 'write' ? `write ${String(command.key ?? 'x')}=${String(command.value)}` : command.type === 'read' ? `read ${String(command.key ?? 'x')}` : command.type),
  keptOnCrash: 'its view, its log, its checkpoints and its state',
});

/** The event log's words for PBFT's topics. */
export const PBFT_TOPICS = {
  order: { glyph: '◇', word: 'ordering' },
  commit: { glyph: '●', word: 'commit' },
  checkpoint: { glyph: '▣', word: 'checkpoint' },
  view: { glyph: '⟳', word: 'view' },
  client: { glyph: '☎', word: 'client' },
};
