import type { ObservationDescriptors } from '../ui';
import { nodeName } from '../../store/store';
import { ballotText, commandText } from './view';

/**
 * What a Multi-Paxos server observes (engine/protocols/multi-paxos/): it campaigns (phase 1),
 * leads, fills a gap with a no-op, steps down, follows a leader; its acceptor accepts; its
 * learner learns a slot; it recovers its promise after a restart.
 */
export type MultiPaxosObservation =
  | { what: 'campaign'; data: { ballot: number; from: number } }
  | { what: 'leader'; data: { ballot: number; from: number; to: number } }
  | { what: 'noop'; data: { slot: number } }
  | { what: 'role'; data: { role: string; ballot: number } }
  | { what: 'follow'; data: { leader: number; ballot: number } }
  | { what: 'accepted'; data: { slot: number; ballot: number } }
  | { what: 'learned'; data: { slot: number } }
  | { what: 'recover'; data: { promised: number; slots: number } };

const b = (data: Record<string, unknown>, field = 'ballot') => (typeof data[field] === 'number' ? ballotText(data[field] as number) : '?');

export const multiPaxosObservations: ObservationDescriptors<MultiPaxosObservation> = {
  campaign: {
    interesting: true,
    marker: { kind: 'campaign', symbol: '◆', legend: 'phase 1', minor: true, label: (data, node) => `${node} runs phase 1 with ballot ${b(data)}` },
    lane: (data) => ({ kind: 'campaign', shape: 'diamond', label: `◆ ${b(data)}`, title: `phase 1 with ballot ${b(data)} for slots ${String(data.from)} on`, fill: 'var(--msg-vote)', priority: 2 }),
    narrate: (data) => ({ text: `runs phase 1 with ballot ${b(data)}`, note: `for every slot from ${String(data.from)} on`, major: true, topic: 'leader' }),
  },
  leader: {
    interesting: true,
    marker: { kind: 'leader', symbol: '★', legend: 'new leader', label: (data, node) => `${node} leads with ballot ${b(data)}` },
    lane: (data) => ({ kind: 'leader', shape: 'star', label: `★ ${b(data)}`, title: `leads with ballot ${b(data)}`, fill: 'var(--ok)', priority: 3 }),
    narrate: (data) => ({
      text: `leads with ballot ${b(data)}`,
      note: Number(data.to) >= Number(data.from) ? `re-proposes slots ${String(data.from)}–${String(data.to)}, then skips phase 1` : 'a majority promised; from now on only phase 2',
      major: true,
      topic: 'leader',
    }),
  },
  noop: {
    interesting: true,
    marker: { kind: 'noop', symbol: '∅', legend: 'gap filled with a no-op', label: (data, node) => `${node} fills slot ${String(data.slot)} with a no-op` },
    lane: (data) => ({ kind: 'noop', shape: 'diamond', label: `∅ ${String(data.slot)}`, title: `fills slot ${String(data.slot)} with a no-op`, fill: 'var(--warn, #b26b00)', priority: 2 }),
    narrate: (data) => ({ text: `fills slot ${String(data.slot)} with a no-op`, note: 'no promise reported a value there', major: true, topic: 'noop' }),
  },
  role: {
    interesting: true,
    narrate: (data) => ({ text: `steps down`, note: `it heard of ballot ${b(data)}`, major: true, topic: 'leader' }),
  },
  follow: {
    narrate: (data) => ({ text: `follows ${typeof data.leader === 'number' ? nodeName(data.leader) : '?'}`, note: `ballot ${b(data)}`, major: false, topic: 'leader' }),
  },
  accepted: {
    narrate: (data) => ({ text: `accepts ${commandText((data.value ?? null) as never)} in slot ${String(data.slot)}`, major: false, topic: 'slot' }),
  },
  learned: {
    narrate: (data) => ({ text: `learns slot ${String(data.slot)}`, note: 'chosen', major: false, topic: 'slot' }),
  },
  recover: {
    narrate: (data) => ({ text: `recovers its promise of ${b(data, 'promised')} and ${String(data.slots)} slots from disk`, major: true, topic: 'slot' }),
  },
};
