import { plainNarrator } from '../../narrate/plain';
import { multiPaxosObservations } from './observations';

/** Multi-Paxos in the event log: the plain narrator with its words. */
export const multiPaxosNarrator = plainNarrator(multiPaxosObservations, {
  timer: (name, sent, names) => {
    const beats = sent.find((g) => g.type === 'Heartbeat');
    return name === 'heartbeat' && beats ? `sends heartbeats to ${names(beats.to)}` : null;
  },
  delivery: (type, from, replies) => {
    if (type === 'Heartbeat') return { text: `heard ${from}'s heartbeat`, major: false };
    if (type === 'Accept' && replies.includes('Accepted')) return { text: `accepted ${from}'s proposal`, major: false };
    if (type === 'Accepted') return { text: `heard that ${from} accepted`, major: false };
    if (type === 'Prepare' && replies.includes('Promise')) return { text: `promised ${from}'s ballot`, major: false };
    if (type === 'ClientRequest' && replies.includes('ClientRedirect')) return { text: `sent ${from} to the leader`, major: false };
    if (type === 'ClientResponse') return { text: `got its answer from ${from}`, major: false };
    return null;
  },
  commandText: (command) =>
    command.type === 'write' ? `write ${String(command.key ?? 'x')}=${String(command.value)}` : command.type === 'read' ? `read ${String(command.key ?? 'x')}` : command.type,
  resultText: (result) => {
    const r = result as { ok?: unknown; error?: unknown; value?: unknown; slot?: unknown } | null;
    if (r?.ok === false) return `refused (${String(r.error)})`;
    return r?.value !== undefined ? `read ${String(r.value)} (slot ${String(r.slot)})` : `done (slot ${String(r?.slot ?? '?')})`;
  },
  keptOnCrash: 'its promise, every slot it accepted and its ballot round',
});

export const MULTI_PAXOS_TOPICS = {
  leader: { glyph: '★', word: 'leader' },
  noop: { glyph: '∅', word: 'no-op' },
  slot: { glyph: '■', word: 'slot' },
};
