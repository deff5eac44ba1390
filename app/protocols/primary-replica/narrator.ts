import { plainNarrator } from '../../narrate/plain';
import { prObservations } from './observations';

/**
 * Primary-replica in the event log: the plain narrator with its words. Shipments, acks, lease
 * renewals and probes are routine (minor); promotions, step-downs, fencing and rewinds are news.
 */
export const prNarrator = plainNarrator(prObservations, {
  timer: (name, sent, names) => {
    const ships = sent.find((g) => g.type === 'Ship');
    if (name === 'ship' && ships) return `ships its log to ${names(ships.to)}`;
    if (name === 'renew') return 'renews its lease at the lease store';
    if (name === 'renew-deadline') return 'hears nothing from the lease store within retry_timeout';
    if (name === 'probe') return 'reads the lease at the lease store';
    if (name === 'lag-sample') return "records each replica's lag";
    const acquire = sent.find((g) => g.type === 'AcquireLease');
    if (name === 'candidacy' && acquire) return 'is the most advanced replica that answered: asks for the lease';
    return null;
  },
  delivery: (type, from, replies) => {
    if (type === 'Ship' && replies.includes('Ack')) return { text: `stores ${from}'s shipment and acknowledges it`, major: false };
    if (type === 'Ship' && replies.includes('Fenced')) return { text: `refuses ${from}'s shipment: its epoch is over`, major: true };
    if (type === 'Ack') return { text: `hears ${from} acknowledge`, major: false };
    if (type === 'LeaseRenewed') return { text: 'has its lease renewed', major: false };
    if (type === 'LeaseState') return { text: 'reads the lease', major: false };
    if (type === 'ClientRequest' && replies.includes('ClientRedirect')) return { text: `sends ${from} to the primary`, major: false };
    if (type === 'ClientRequest') return { text: `serves ${from}'s request`, major: false };
    if (type === 'Position') return { text: `hears how far ${from}'s log reaches`, major: false };
    return null;
  },
  commandText: (command) => (command.type === 'promote' ? 'promote to primary' : command.type),
  keptOnCrash: 'its write-ahead log and epoch',
});

export const PR_TOPICS = {
  epoch: { glyph: '★', word: 'epoch' },
  lease: { glyph: '⏱', word: 'lease' },
  fence: { glyph: '⛔', word: 'fencing' },
  wal: { glyph: '▤', word: 'log' },
};
