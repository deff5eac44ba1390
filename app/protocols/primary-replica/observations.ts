import type { NodeId } from '../../../engine/kernel/protocol';
import { nodeName } from '../../store/store';
import type { ObservationDescriptors } from '../ui';

/**
 * What primary-replica's nodes observe (engine/protocols/primary-replica/): promotions and
 * demotions, grants of the lease, fencing, candidacies, client writes taken by a primary, what a
 * replica appends or rewinds. Promotions, demotions, fencing and rewinds are "interesting".
 */
export type PrObservation =
  | { what: 'boot'; data: { role: string; epoch: number; last: number } }
  | { what: 'promoted'; data: { epoch: number; last: number } }
  | { what: 'demoted'; data: { epoch: number; reason: string } }
  | { what: 'granted'; data: { holder: NodeId; epoch: number; forced: boolean } }
  | { what: 'fenced'; data: { from: NodeId; epoch: number; current: number } }
  | { what: 'candidate'; data: { round: number; last: number } }
  | { what: 'defer'; data: { to: NodeId; theirs: number; mine: number } }
  | { what: 'not-eligible'; data: { behind: number; limit: number } }
  | { what: 'manual-failover'; data: { last: number } }
  | { what: 'write'; data: { index: number; epoch: number; key: string; value: number } }
  | { what: 'appended'; data: { from: number; values: number[]; epochs: number[] } }
  | { what: 'rewound'; data: { to: number; dropped: number[]; epochs: number[] } }
  | { what: 'refused-ack'; data: { from: NodeId; epoch: number; known: number; opId: number } }
  | { what: 'cdc-snapshot'; data: { upTo: number; epoch: number; rows: number } }
  | { what: 'cdc-consumed'; data: { from: number; values: number[]; epochs: number[] } }
  | { what: 'cdc-retracted'; data: { to: number; values: number[]; snapshot: boolean } };

const int = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const nm = (v: unknown) => (int(v) === null ? 'a server' : nodeName(int(v)!));
const count = (v: unknown) => (Array.isArray(v) ? v.length : 0);

export const prObservations: ObservationDescriptors<PrObservation> = {
  boot: { narrate: (d) => ({ text: `starts as ${String(d.role)}`, note: `epoch ${int(d.epoch) ?? 0}, log ends at ${int(d.last) ?? 0}`, major: false, topic: 'epoch' }) },
  promoted: {
    interesting: true,
    marker: { kind: 'pr-promoted', symbol: '★', legend: 'becomes primary', label: (d, node) => `${node} becomes primary of epoch ${int(d.epoch) ?? 0}` },
    lane: (d) => ({ kind: 'pr-promoted', shape: 'star', label: `primary e${int(d.epoch) ?? 0}`, title: `becomes primary of epoch ${int(d.epoch) ?? 0}`, fill: 'var(--ok)', priority: 3 }),
    narrate: (d) => ({ text: `becomes primary of epoch ${int(d.epoch) ?? 0}`, note: `its log ends at ${int(d.last) ?? 0}`, major: true, topic: 'epoch' }),
  },
  demoted: {
    interesting: true,
    marker: { kind: 'pr-demoted', symbol: '↓', legend: 'steps down', label: (d, node) => `${node} steps down: ${String(d.reason)}` },
    lane: (d) => ({ kind: 'pr-demoted', shape: 'diamond', label: '↓ steps down', title: `steps down: ${String(d.reason)}`, fill: 'var(--warn)', priority: 2 }),
    narrate: (d) => ({ text: 'stops being primary', note: String(d.reason), major: true, topic: 'epoch' }),
  },
  granted: {
    narrate: (d) => ({ text: `grants the lease to ${nm(d.holder)}`, note: `epoch ${int(d.epoch) ?? 0}${d.forced === true ? ', by hand' : ''}`, major: true, topic: 'lease' }),
  },
  fenced: {
    interesting: true,
    marker: { kind: 'pr-fenced', symbol: '⛔', legend: 'fenced a stale primary', label: (d, node) => `${node} refuses ${nm(d.from)}'s epoch ${int(d.epoch) ?? 0}` },
    lane: (d) => ({ kind: 'pr-fenced', shape: 'diamond', label: `⛔ e${int(d.epoch) ?? 0}`, title: `refuses a shipment of epoch ${int(d.epoch) ?? 0} from ${nm(d.from)}`, fill: 'var(--danger)', priority: 2 }),
    narrate: (d) => ({ text: `refuses ${nm(d.from)}'s shipment of epoch ${int(d.epoch) ?? 0}`, note: `it knows epoch ${int(d.current) ?? 0}: fencing`, major: true, topic: 'fence' }),
  },
  candidate: { narrate: (d) => ({ text: 'finds the lease expired and asks the others how far their logs reach', note: `its own ends at ${int(d.last) ?? 0}`, major: true, topic: 'lease' }) },
  defer: { narrate: (d) => ({ text: `leaves the race to ${nm(d.to)}`, note: `its log reaches ${int(d.theirs) ?? 0}, ours ${int(d.mine) ?? 0}`, major: false, topic: 'lease' }) },
  'not-eligible': { narrate: (d) => ({ text: 'may not run for primary', note: `${int(d.behind) ?? 0} entries behind, more than ${int(d.limit) ?? 0}`, major: true, topic: 'lease' }) },
  'manual-failover': { narrate: () => ({ text: 'asks for the lease by hand (manual failover)', major: true, topic: 'lease' }) },
  write: { narrate: (d) => ({ text: `appends ${String(d.key)} = ${int(d.value) ?? 0} at ${int(d.index) ?? 0}`, note: `epoch ${int(d.epoch) ?? 0}`, major: false, topic: 'wal' }) },
  appended: { narrate: (d) => ({ text: `appends ${count(d.values)} shipped ${count(d.values) === 1 ? 'entry' : 'entries'} from ${int(d.from) ?? 0}`, major: false, topic: 'wal' }) },
  rewound: {
    interesting: true,
    marker: { kind: 'pr-rewound', symbol: '⟲', legend: 'rewinds its log', label: (d, node) => `${node} rewinds ${count(d.dropped)} entries after ${int(d.to) ?? 0}` },
    lane: (d) => ({ kind: 'pr-rewound', shape: 'diamond', label: `⟲ ${count(d.dropped)}`, title: `drops ${count(d.dropped)} entries after ${int(d.to) ?? 0} that the primary does not have`, fill: 'var(--danger)', priority: 2 }),
    narrate: (d) => ({ text: `rewinds its log to ${int(d.to) ?? 0}, dropping ${count(d.dropped)} ${count(d.dropped) === 1 ? 'entry' : 'entries'}`, note: 'the primary never had them (pg_rewind)', major: true, topic: 'wal' }),
  },
  'cdc-snapshot': { narrate: (d) => ({ text: `takes a snapshot of the log up to ${int(d.upTo) ?? 0}`, note: `${int(d.rows) ?? 0} keys, epoch ${int(d.epoch) ?? 0}`, major: true, topic: 'wal' }) },
  'cdc-consumed': { narrate: (d) => ({ text: `reads ${count(d.values)} ${count(d.values) === 1 ? 'change' : 'changes'} from ${int(d.from) ?? 0}`, major: false, topic: 'wal' }) },
  'cdc-retracted': {
    interesting: true,
    narrate: (d) => ({
      text: d.snapshot === true ? 'drops its snapshot: the history changed before it' : `retracts ${count(d.values)} ${count(d.values) === 1 ? 'change' : 'changes'} after ${int(d.to) ?? 0}`,
      note: 'the new primary never had them',
      major: true,
      topic: 'fence',
    }),
  },
  'refused-ack': { narrate: (d) => ({ text: `refuses ${nm(d.from)}'s acknowledgement of epoch ${int(d.epoch) ?? 0}`, note: `it has seen epoch ${int(d.known) ?? 0}`, major: true, topic: 'fence' }) },
};
