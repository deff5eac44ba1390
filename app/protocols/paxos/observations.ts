import type { ObservationDescriptors } from '../ui';
import { ballotText } from './view';

/**
 * What a Paxos node observes (engine/protocols/paxos/): a proposer starts a ballot (`prepare`),
 * proposes a value once a majority promised (`propose`), is pre-empted by a higher ballot; an
 * acceptor promises and accepts; a learner learns the chosen value; a node recovers its promise
 * from disk; the user switches the proposers' strategy.
 */
export type PaxosObservation =
  | { what: 'prepare'; data: { ballot: number } }
  | { what: 'propose'; data: { ballot: number; value: number; adopted: boolean } }
  | { what: 'preempted'; data: { ballot: number; by: number } }
  | { what: 'promised'; data: { ballot: number } }
  | { what: 'accepted'; data: { slot: number; ballot: number; value: number } }
  | { what: 'learned'; data: { slot: number; value: number; ballot: number } }
  | { what: 'recover'; data: { promised: number } }
  | { what: 'strategy'; data: { strategy: string } };

const b = (data: Record<string, unknown>, field = 'ballot') => (typeof data[field] === 'number' ? ballotText(data[field] as number) : '?');
const v = (data: Record<string, unknown>) => String(data.value ?? '?');

export const paxosObservations: ObservationDescriptors<PaxosObservation> = {
  prepare: {
    marker: { kind: 'prepare', symbol: '◆', legend: 'new ballot', minor: true, label: (data, node) => `${node} starts ballot ${b(data)}` },
    lane: (data) => ({ kind: 'prepare', shape: 'diamond', label: `◆ ${b(data)}`, title: `starts ballot ${b(data)}`, fill: 'var(--msg-vote)', priority: 1 }),
    narrate: (data) => ({ text: `starts ballot ${b(data)}`, note: 'phase 1: prepare', major: false, topic: 'ballot' }),
  },
  propose: {
    interesting: true,
    lane: (data) => ({ kind: 'propose', shape: 'diamond', label: `▶ ${v(data)}`, title: `proposes ${v(data)} in ballot ${b(data)}`, fill: 'var(--msg-append)', priority: 2 }),
    narrate: (data) => ({
      text: `proposes ${v(data)} in ballot ${b(data)}`,
      note: data.adopted === true ? 'a value a promise reported, not its own' : 'a majority promised',
      major: true,
      topic: 'ballot',
    }),
  },
  preempted: {
    interesting: true,
    marker: { kind: 'preempted', symbol: '⚔', legend: 'pre-empted', minor: true, label: (data, node) => `${node}'s ballot ${b(data)} passed by ${b(data, 'by')}` },
    lane: (data) => ({ kind: 'preempted', shape: 'diamond', label: `⚔ ${b(data, 'by')}`, title: `pre-empted by ballot ${b(data, 'by')}`, fill: 'var(--danger)', priority: 2 }),
    narrate: (data) => ({ text: `is pre-empted by ballot ${b(data, 'by')}`, note: `its ballot ${b(data)} is passed by`, major: true, topic: 'duel' }),
  },
  promised: {
    narrate: (data) => ({ text: `promises ballot ${b(data)}`, major: false, topic: 'ballot' }),
  },
  accepted: {
    narrate: (data) => ({ text: `accepts ${v(data)} at ballot ${b(data)}`, major: false, topic: 'accept' }),
  },
  learned: {
    interesting: true,
    marker: { kind: 'learned', symbol: '★', legend: 'value learned', label: (data, node) => `${node} learns ${v(data)}` },
    lane: (data) => ({ kind: 'learned', shape: 'star', label: `★ ${v(data)}`, title: `learns ${v(data)} (chosen at ${b(data)})`, fill: 'var(--ok)', priority: 3 }),
    narrate: (data) => ({ text: `learns ${v(data)}`, note: `a majority accepted ballot ${b(data)}: the value is chosen`, major: true, topic: 'learned' }),
  },
  recover: {
    narrate: (data) => ({ text: `recovers its promise of ${b(data, 'promised')} from disk`, major: true, topic: 'accept' }),
  },
  strategy: {
    interesting: true,
    narrate: (data) => ({ text: data.strategy === 'duelling' ? 'now competes at once when pre-empted' : 'now backs off for a random time when pre-empted', major: true, topic: 'duel' }),
  },
};
