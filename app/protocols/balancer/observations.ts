import type { ObservationDescriptors } from '../ui';
import { nodeName } from '../../store/store';

/**
 * What the balancer's nodes observe (engine/protocols/balancer/): a balancer ejecting a server
 * after failures in a row and readmitting it, a server made slow or normal by the user.
 */
export type BalancerObservation =
  | { what: 'eject'; data: { server: number; untilUs: number } }
  | { what: 'readmit'; data: { server: number } }
  | { what: 'slow'; data: { factor: number } }
  | { what: 'normal'; data: { factor: number } };

const serverOf = (d: Record<string, unknown>) => (typeof d.server === 'number' ? nodeName(d.server) : 'a server');

export const balancerObservations: ObservationDescriptors<BalancerObservation> = {
  eject: {
    interesting: true,
    marker: { kind: 'balancer-eject', symbol: '⊘', legend: 'server ejected', label: (d, node) => `${node} ejects ${serverOf(d)}` },
    lane: (d) => ({ kind: 'balancer-eject', shape: 'diamond', label: `⊘ ${serverOf(d)}`, title: `ejects ${serverOf(d)} after failures in a row`, fill: 'var(--danger)', priority: 3 }),
    narrate: (d, n) => ({ text: `ejects ${typeof d.server === 'number' ? n(d.server) : 'a server'}`, note: 'failures in a row: it sends it nothing for a while', major: true, topic: 'eject' }),
  },
  readmit: {
    interesting: true,
    marker: { kind: 'balancer-readmit', symbol: '↺', legend: 'server readmitted', label: (d, node) => `${node} readmits ${serverOf(d)}` },
    narrate: (d, n) => ({ text: `tries ${typeof d.server === 'number' ? n(d.server) : 'a server'} again`, note: 'its ejection ran out', major: true, topic: 'eject' }),
  },
  slow: {
    interesting: true,
    marker: { kind: 'balancer-slow', symbol: '◷', legend: 'server made slow', label: (d, node) => `${node} turns slow (×${String(d.factor)})` },
    lane: (d) => ({ kind: 'balancer-slow', shape: 'diamond', label: `slow ×${String(d.factor)}`, title: `serves ${String(d.factor)} times slower`, fill: 'var(--warn)', priority: 2 }),
    narrate: (d) => ({ text: `turns slow`, note: `service takes ×${String(d.factor)}`, major: true, topic: 'slow' }),
  },
  normal: {
    narrate: () => ({ text: 'serves at normal speed again', major: true, topic: 'slow' }),
  },
};
