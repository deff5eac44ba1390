import type { NodeId } from '../../../engine/kernel/protocol';
import { formatSeconds } from '../../lib/format';
import type { ObservationDescriptors } from '../ui';

/**
 * What the lock service's nodes observe (engine/protocols/locks/): clients acquire, extend,
 * release, lose and fail to get the lock, and learn they were fenced; servers grant, renew and
 * free leases and (consensus) elect leaders; the storage accepts and refuses writes.
 */
export type LocksObservation =
  | { what: 'acquired'; data: { token: number; attempt: number; startUs: number; validUntilUs: number } }
  | { what: 'extended'; data: { token: number; validUntilUs: number } }
  | { what: 'released'; data: { token: number; writes: number } }
  | { what: 'lostLock'; data: { token: number } }
  | { what: 'failed'; data: { granted: number; why: string } }
  | { what: 'fenced'; data: { token: number; highest: number } }
  | { what: 'granted'; data: { client: NodeId; token: number; expiresAtUs: number | null } }
  | { what: 'renewed'; data: { client: NodeId } }
  | { what: 'freed'; data: { client: NodeId; why: string } }
  | { what: 'writeAccepted'; data: { client: NodeId; token: number; value: number; highest: number } }
  | { what: 'writeRefused'; data: { client: NodeId; token: number; highest: number } }
  | { what: 'leader'; data: { term: number } }
  | { what: 'election'; data: { term: number } }
  | { what: 'steppedDown'; data: { term: number } };

const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const s = (v: unknown) => (typeof v === 'string' ? v : '');

export const locksObservations: ObservationDescriptors<LocksObservation> = {
  acquired: {
    interesting: true,
    marker: { kind: 'lk-acquired', symbol: '◆', legend: 'a client takes the lock', label: (d, node) => `${node} takes the lock, token ${n(d.token)}` },
    lane: (d) => ({ kind: 'lk-acquired', shape: 'diamond', label: `◆ ${n(d.token)}`, title: `holds the lock with token ${n(d.token)} until ${formatSeconds(n(d.validUntilUs))}`, fill: 'var(--ok)', priority: 2 }),
    narrate: (d) => ({ text: `takes the lock with token ${n(d.token)}`, note: `valid until ${formatSeconds(n(d.validUntilUs))}: TTL − time spent asking − drift`, major: true, topic: 'lock' }),
  },
  extended: {
    narrate: (d) => ({ text: `renews its lease (token ${n(d.token)})`, note: `now valid until ${formatSeconds(n(d.validUntilUs))}`, major: false, topic: 'lock' }),
  },
  released: {
    narrate: (d) => ({ text: `releases the lock (token ${n(d.token)})`, note: `after ${n(d.writes)} writes in all`, major: false, topic: 'lock' }),
  },
  lostLock: {
    narrate: (d) => ({ text: `finds its lease (token ${n(d.token)}) ran out before its next piece of work`, major: true, topic: 'unsafe' }),
  },
  failed: {
    narrate: (d) => ({ text: 'fails to take the lock', note: s(d.why), major: false, topic: 'lock' }),
  },
  fenced: {
    interesting: true,
    narrate: (d) => ({ text: `learns its token ${n(d.token)} is stale`, note: `the storage has seen ${n(d.highest)}: someone else held the lock meanwhile`, major: true, topic: 'fenced' }),
  },
  granted: {
    narrate: (d, name) => ({ text: `grants the lock to ${name(n(d.client))}`, note: `token ${n(d.token)}${d.expiresAtUs !== null ? `, lease until ${formatSeconds(n(d.expiresAtUs))}` : ''}`, major: false, topic: 'lock' }),
  },
  renewed: {
    narrate: (d, name) => ({ text: `renews ${name(n(d.client))}'s lease`, major: false, topic: 'lock' }),
  },
  freed: {
    narrate: (d, name) => ({ text: `frees the lock: ${name(n(d.client))}'s lease ${d.why === 'expired' ? 'expired' : 'was released'}`, major: false, topic: 'lock' }),
  },
  writeAccepted: {
    lane: (d) => ({ kind: 'lk-write', shape: 'diamond', label: `✓ ${n(d.token)}`, title: `accepts a write with token ${n(d.token)}`, fill: 'var(--ok)', priority: 1 }),
    narrate: (d, name) => ({ text: `accepts ${name(n(d.client))}'s write with token ${n(d.token)}`, note: `highest token seen: ${n(d.highest)}`, major: false, topic: 'write' }),
  },
  writeRefused: {
    interesting: true,
    marker: { kind: 'lk-refused', symbol: '✕', legend: 'a stale write refused', label: (d, node) => `${node} refuses token ${n(d.token)}` },
    lane: (d) => ({ kind: 'lk-refused', shape: 'star', label: `✕ ${n(d.token)}`, title: `refuses token ${n(d.token)}: it has seen ${n(d.highest)}`, fill: 'var(--danger)', priority: 3 }),
    narrate: (d, name) => ({ text: `refuses ${name(n(d.client))}'s write with token ${n(d.token)}`, note: `fencing: it has seen token ${n(d.highest)}`, major: true, topic: 'fenced' }),
  },
  leader: {
    interesting: true,
    marker: { kind: 'lk-leader', symbol: '★', legend: 'the lock group elects a leader', label: (d, node) => `${node} leads the lock group, term ${n(d.term)}` },
    narrate: (d) => ({ text: `leads the lock group in term ${n(d.term)}`, major: true, topic: 'group' }),
  },
  election: {
    narrate: (d) => ({ text: `stands for election in term ${n(d.term)}`, major: false, topic: 'group' }),
  },
  steppedDown: {
    narrate: (d) => ({ text: `steps down (term ${n(d.term)} is over)`, major: false, topic: 'group' }),
  },
};
