import type { NodeId } from '../../../engine/kernel/protocol';
import type { ObservationDescriptors } from '../ui';
import { serverName } from '../../lib/format';

/**
 * What a ping node observes (engine/protocols/ping/ping.ts): it suspects a peer it has not heard
 * from for `suspectAfterMs`, and trusts it again when a message from it arrives. What the page
 * does with each: both are "interesting", both mark the timeline and the space-time lanes, and
 * both read as a clause in the event log.
 */
export type PingObservation = { what: 'suspect'; data: { peer: NodeId } } | { what: 'trust'; data: { peer: NodeId } };

const peerOf = (data: Record<string, unknown>): number | null => (typeof data.peer === 'number' ? data.peer : null);
const name = (peer: number | null) => (peer === null ? 'a peer' : serverName(peer));

export const pingObservations: ObservationDescriptors<PingObservation> = {
  suspect: {
    interesting: true,
    marker: { kind: 'suspect', symbol: '⚠', legend: 'suspicion', label: (data, node) => `${node} suspects ${name(peerOf(data))}` },
    lane: (data) => ({ kind: 'suspect', shape: 'diamond', label: `⚠ ${name(peerOf(data))}`, title: `suspects ${name(peerOf(data))}`, fill: 'var(--danger)', priority: 3 }),
    narrate: (data, n) => ({ text: `suspects ${peerOf(data) === null ? 'a peer' : n(peerOf(data)!)}`, note: 'silent for too long', major: true, topic: 'suspect' }),
  },
  trust: {
    interesting: true,
    marker: { kind: 'trust', symbol: '✓', legend: 'trusted again', label: (data, node) => `${node} trusts ${name(peerOf(data))} again` },
    lane: (data) => ({ kind: 'trust', shape: 'diamond', label: `✓ ${name(peerOf(data))}`, title: `trusts ${name(peerOf(data))} again`, fill: 'var(--ok)', priority: 2 }),
    narrate: (data, n) => ({ text: `trusts ${peerOf(data) === null ? 'a peer' : n(peerOf(data)!)} again`, major: true, topic: 'trust' }),
  },
};
