import type { NodeId } from '../../../engine/kernel/protocol';
import type { ObservationDescriptors } from '../ui';
import { nodeName } from '../../store/store';

/**
 * What a SWIM member observes (engine/protocols/swim/): a change of its view of a member (alive,
 * suspect, dead, left), a new confirmation of a suspicion (Lifeguard), its own incarnation
 * (at boot, when it refutes a suspicion, when it joins again), its leave, and the ping-reqs it
 * sends. Suspicions, deaths, refutations, leaves and joins are "interesting".
 */
export type SwimObservation =
  | { what: 'alive'; data: { subject: NodeId; incarnation: number } }
  | { what: 'suspect'; data: { subject: NodeId; incarnation: number; from: NodeId } }
  | { what: 'dead'; data: { subject: NodeId; incarnation: number; from: NodeId } }
  | { what: 'left'; data: { subject: NodeId; incarnation: number; from: NodeId } }
  | { what: 'confirm'; data: { subject: NodeId; incarnation: number; from: NodeId; confirmations: number } }
  | { what: 'boot'; data: { incarnation: number; bootstrap: boolean } }
  | { what: 'refute'; data: { incarnation: number } }
  | { what: 'join'; data: { incarnation: number } }
  | { what: 'leave'; data: { incarnation: number } }
  | { what: 'pingReq'; data: { target: NodeId; helpers: NodeId[] } };

const int = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const sName = (id: number | null) => (id === null ? 'a member' : nodeName(id));
const subjectOf = (d: Record<string, unknown>) => int(d.subject);
const incOf = (d: Record<string, unknown>) => int(d.incarnation) ?? 0;

export const swimObservations: ObservationDescriptors<SwimObservation> = {
  alive: {
    narrate: (d, n) => ({ text: `takes ${subjectOf(d) === null ? 'a member' : n(subjectOf(d)!)} alive`, note: `incarnation ${incOf(d)}`, major: false, topic: 'alive' }),
  },
  suspect: {
    interesting: true,
    marker: { kind: 'swim-suspect', symbol: '?', legend: 'suspicion', label: (d, node) => `${node} suspects ${sName(subjectOf(d))} (incarnation ${incOf(d)})` },
    lane: (d) => ({ kind: 'swim-suspect', shape: 'diamond', label: `? ${sName(subjectOf(d))}`, title: `suspects ${sName(subjectOf(d))} at incarnation ${incOf(d)}`, fill: 'var(--warn)', priority: 2 }),
    narrate: (d, n) => ({ text: `suspects ${subjectOf(d) === null ? 'a member' : n(subjectOf(d)!)}`, note: `incarnation ${incOf(d)}, by ${sName(int(d.from))}`, major: true, topic: 'suspect' }),
  },
  dead: {
    interesting: true,
    marker: { kind: 'swim-dead', symbol: '✕', legend: 'declared dead', label: (d, node) => `${node} holds ${sName(subjectOf(d))} dead` },
    lane: (d) => ({ kind: 'swim-dead', shape: 'diamond', label: `✕ ${sName(subjectOf(d))}`, title: `holds ${sName(subjectOf(d))} dead (incarnation ${incOf(d)})`, fill: 'var(--danger)', priority: 3 }),
    narrate: (d, n) => ({
      text: `declares ${subjectOf(d) === null ? 'a member' : n(subjectOf(d)!)} dead`,
      note: int(d.from) === null ? undefined : `by ${sName(int(d.from))}`,
      major: true,
      topic: 'dead',
    }),
  },
  left: {
    narrate: (d, n) => ({ text: `takes note that ${subjectOf(d) === null ? 'a member' : n(subjectOf(d)!)} left`, major: true, topic: 'leave' }),
  },
  confirm: {
    narrate: (d, n) => ({
      text: `hears ${sName(int(d.from))} also suspect ${subjectOf(d) === null ? 'a member' : n(subjectOf(d)!)}`,
      note: `${int(d.confirmations) ?? 0} confirmation(s): the suspicion shortens`,
      major: false,
      topic: 'suspect',
    }),
  },
  boot: {
    narrate: (d) => ({
      text: `boots at incarnation ${incOf(d)}`,
      note: d.bootstrap === true ? 'knows the whole group' : 'joins through a push-pull',
      major: false,
      topic: 'refute',
    }),
  },
  refute: {
    interesting: true,
    marker: { kind: 'swim-refute', symbol: '↑', legend: 'refutation (incarnation raised)', label: (d, node) => `${node} refutes: incarnation ${incOf(d)}` },
    lane: (d) => ({ kind: 'swim-refute', shape: 'diamond', label: `↑ ${incOf(d)}`, title: `refutes a rumour about itself: incarnation ${incOf(d)}`, fill: 'var(--ok)', priority: 1 }),
    narrate: (d) => ({ text: 'refutes the rumour about itself', note: `incarnation ${incOf(d)}`, major: true, topic: 'refute' }),
  },
  join: {
    interesting: true,
    marker: { kind: 'swim-refute', symbol: '↑', legend: 'refutation (incarnation raised)', label: (d, node) => `${node} joins again at incarnation ${incOf(d)}` },
    narrate: (d) => ({ text: 'joins the group again', note: `incarnation ${incOf(d)}`, major: true, topic: 'refute' }),
  },
  leave: {
    interesting: true,
    marker: { kind: 'swim-leave', symbol: '↩', legend: 'leaves the group', label: (_d, node) => `${node} leaves the group` },
    narrate: () => ({ text: 'leaves the group', major: true, topic: 'leave' }),
  },
  pingReq: {
    narrate: (d, n) => {
      const helpers = Array.isArray(d.helpers) ? (d.helpers as unknown[]).filter((h): h is number => typeof h === 'number') : [];
      return {
        text: `asks ${helpers.length ? helpers.map(n).join(', ') : 'nobody'} to ping ${int(d.target) === null ? 'a member' : n(int(d.target)!)}`,
        note: 'no ack in time',
        major: false,
        topic: 'probe',
      };
    },
  },
};
