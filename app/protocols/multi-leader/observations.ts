import type { ObservationDescriptors } from '../ui';
import { clockText } from './view';

/**
 * What multi-leader nodes observe (engine/protocols/multi-leader/leader.ts): a client's write,
 * increment, add or remove accepted; a write last writer wins threw away; siblings appearing
 * and a client write resolving them; a clock turned; and `state`, a digest per object for the
 * monitors (not narrated). Lost writes and new siblings are the news.
 */
export type MultiLeaderObservation =
  | { what: 'set'; data: { key: string; id: string; value: number; ts: number; kept: boolean } }
  | { what: 'lost'; data: { key: string; id: string; value: number; writer: number; ts: number; byId: string; byValue: number; byWriter: number; byTs: number; cause: 'stale' | 'concurrent' } }
  | { what: 'siblings'; data: { key: string; count: number; values: number[] } }
  | { what: 'resolved'; data: { key: string; siblings: number; id: string } }
  | { what: 'incr'; data: { by: number } }
  | { what: 'add'; data: { element: string; dot: [number, number] } }
  | { what: 'remove'; data: { element: string; dots: [number, number][] } }
  | { what: 'skew'; data: { ms: number } }
  | { what: 'state'; data: { object: string; digest: string } };

const str = (v: unknown) => (typeof v === 'string' ? v : '?');
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export const multiLeaderObservations: ObservationDescriptors<MultiLeaderObservation> = {
  set: {
    narrate: (d) => ({
      text: `accepts ${str(d.key)}=${num(d.value)}`,
      note: d.kept === false ? `stamped ${clockText(num(d.ts))}, already older than what it holds` : `stamped ${clockText(num(d.ts))} by its clock`,
      major: d.kept === false,
      topic: 'write',
    }),
  },
  lost: {
    interesting: true,
    marker: {
      kind: 'ml-lost',
      symbol: '✕',
      legend: 'a write lost under last writer wins',
      label: (d, node) => `${node}: ${str(d.key)}=${num(d.value)} lost to ${str(d.byId)}`,
    },
    lane: (d) => ({
      kind: 'ml-lost',
      shape: 'diamond',
      label: `✕ ${str(d.key)}=${num(d.value)}`,
      title: `last writer wins drops ${str(d.id)} (${str(d.key)}=${num(d.value)}, clock ${clockText(num(d.ts))}) for ${str(d.byId)} (clock ${clockText(num(d.byTs))})`,
      fill: 'var(--danger)',
      priority: 2,
    }),
    narrate: (d, name) => ({
      text: `drops ${str(d.key)}=${num(d.value)}, ${name(num(d.writer))}'s acknowledged write, under last writer wins`,
      note:
        d.cause === 'stale'
          ? `it had seen ${str(d.byId)} yet stamped ${clockText(num(d.ts))}, below ${name(num(d.byWriter))}'s ${clockText(num(d.byTs))}: a clock behind`
          : `${str(d.byId)} (${name(num(d.byWriter))}, clock ${clockText(num(d.byTs))}) never saw it and stamped larger`,
      major: true,
      topic: 'lost',
    }),
  },
  siblings: {
    interesting: true,
    marker: { kind: 'ml-siblings', symbol: '∥', legend: 'concurrent writes kept as siblings', label: (d, node) => `${node}: ${str(d.key)} has ${num(d.count)} siblings` },
    lane: (d) => ({ kind: 'ml-siblings', shape: 'diamond', label: `∥ ${str(d.key)}×${num(d.count)}`, title: `${str(d.key)} holds ${num(d.count)} concurrent writes`, fill: 'var(--warn)', priority: 1 }),
    narrate: (d) => ({
      text: `keeps ${num(d.count)} siblings of ${str(d.key)}`,
      note: `concurrent writes ${Array.isArray(d.values) ? d.values.join(' | ') : ''}, for a client to resolve`,
      major: true,
      topic: 'siblings',
    }),
  },
  resolved: {
    narrate: (d) => ({ text: `resolves ${num(d.siblings)} siblings of ${str(d.key)}`, note: 'a client wrote over all of them', major: false, topic: 'siblings' }),
  },
  incr: {
    narrate: (d) => ({ text: `${num(d.by) >= 0 ? 'adds' : 'subtracts'} ${Math.abs(num(d.by))} ${num(d.by) >= 0 ? 'to' : 'from'} likes`, major: false, topic: 'crdt' }),
  },
  add: {
    narrate: (d) => ({ text: `adds ${str(d.element)} to the cart`, major: false, topic: 'crdt' }),
  },
  remove: {
    narrate: (d) => ({
      text: `removes ${str(d.element)} from the cart`,
      note: Array.isArray(d.dots) && d.dots.length > 0 ? `the ${d.dots.length} add(s) it has seen` : 'it held none',
      major: false,
      topic: 'crdt',
    }),
  },
  skew: {
    interesting: true,
    narrate: (d) => ({ text: `has its clock set ${num(d.ms) >= 0 ? 'ahead' : 'behind'} by ${Math.abs(num(d.ms))} ms`, major: true, topic: 'clock' }),
  },
  state: {},
};
