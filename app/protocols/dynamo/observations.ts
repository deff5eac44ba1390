import type { ObservationDescriptors } from '../ui';
import { nodeName } from '../../store/store';

/**
 * What a dynamo node observes (engine/protocols/dynamo/). A stand-in used (sloppy quorum), a
 * quorum that failed, siblings returned, a hint handed back and a suspicion are news; stores,
 * stamps and quorums reached are routine.
 */
export type DynamoObservation =
  | { what: 'store'; data: { key: string; dot: string; hintFor: number | null; dropped: string[]; via: string } }
  | { what: 'stamp'; data: { op: number; key: string; dot: string } }
  | { what: 'quorum'; data: { op: number; key: string; phase: string; acks: number; need: number; sloppy: boolean } }
  | { what: 'quorum-failed'; data: { op: number; key: string; phase: string; acks: number; need: number } }
  | { what: 'sloppy'; data: { op: number; key: string; intended: number; standIn: number } }
  | { what: 'siblings'; data: { op: number; key: string; dots: string[] } }
  | { what: 'repair'; data: { op: number; key: string; node: number } }
  | { what: 'handoff'; data: { key: string; to: number; dots: string[] } }
  | { what: 'truncate'; data: { key: string; dropped: string[] } }
  | { what: 'anti-entropy'; data: { peer: number; leaves: number[] } }
  | { what: 'suspect'; data: { peer: number } }
  | { what: 'join'; data: { version: number } }
  | { what: 'leave'; data: { version: number } }
  | { what: 'ring'; data: { members: number[]; view: string } }
  | { what: 'relocate'; data: { key: string; dots: string[]; to: number[] } }
  | { what: 'transferred'; data: { key: string; to: number; dots: string[] } }
  | { what: 'trust'; data: { peer: number } };

const str = (v: unknown, fallback = '?') => (typeof v === 'string' ? v : fallback);
const node = (v: unknown) => (typeof v === 'number' ? nodeName(v) : 'a node');
const count = (v: unknown) => (Array.isArray(v) ? v.length : 0);

const nodes = (v: unknown) => (Array.isArray(v) ? v.map(node).join(', ') : '?');

export const dynamoObservations: ObservationDescriptors<DynamoObservation> = {
  join: {
    interesting: true,
    marker: { kind: 'join', symbol: '+', legend: 'joins the ring', label: (_d, n) => `${n} joins the ring` },
    narrate: () => ({ text: 'joins the ring', note: 'the keys it now replicates will be transferred to it (§4.9)', major: true, topic: 'ring' }),
  },
  leave: {
    interesting: true,
    marker: { kind: 'leave', symbol: '−', legend: 'leaves the ring', label: (_d, n) => `${n} leaves the ring` },
    narrate: () => ({ text: 'leaves the ring', note: 'it hands its keys on first (§4.9)', major: true, topic: 'ring' }),
  },
  ring: {
    narrate: (d) => ({ text: `learns the ring: ${nodes(d.members)}`, major: false, topic: 'ring' }),
  },
  relocate: {
    interesting: true,
    narrate: (d) => ({ text: `hands ${str(d.key)} to ${nodes(d.to)}`, note: 'no longer one of its replicas (§4.9)', major: true, topic: 'ring' }),
  },
  transferred: {
    narrate: (d) => ({ text: `deletes ${str(d.key)}: ${node(d.to)} confirmed it`, major: false, topic: 'ring' }),
  },
  store: {
    narrate: (d) => ({
      text: `stores ${str(d.dot)} of ${str(d.key)}${typeof d.hintFor === 'number' ? ` for ${node(d.hintFor)} (hinted)` : d.via === 'handoff' ? ' (handed back)' : d.via === 'repair' ? ' (read repair)' : ''}`,
      note: count(d.dropped) > 0 ? `supersedes ${(d.dropped as string[]).join(', ')}` : undefined,
      major: false,
      topic: 'store',
    }),
  },
  stamp: {
    narrate: (d) => ({ text: `stamps version ${str(d.dot)} of ${str(d.key)}`, major: false, topic: 'write' }),
  },
  quorum: {
    narrate: (d) => ({
      text: `has ${String(d.acks)} of ${d.phase === 'read' ? 'R' : 'W'}=${String(d.need)} for ${str(d.key)}`,
      note: d.sloppy ? 'a stand-in counted' : undefined,
      major: true,
      topic: 'quorum',
    }),
  },
  'quorum-failed': {
    interesting: true,
    marker: { kind: 'quorum-failed', symbol: '✕', legend: 'quorum failed', label: (d, n) => `${n}: ${str(d.key)} got ${String(d.acks)} of ${String(d.need)}` },
    lane: (d) => ({ kind: 'quorum-failed', shape: 'diamond', label: `✕ ${str(d.key)}`, title: `quorum failed for ${str(d.key)}`, fill: 'var(--danger)', priority: 3 }),
    narrate: (d) => ({ text: `gives up on ${str(d.key)}`, note: `${String(d.acks)} of ${String(d.need)} in time`, major: true, topic: 'failed' }),
  },
  sloppy: {
    interesting: true,
    marker: { kind: 'sloppy', symbol: '↷', legend: 'stand-in (sloppy quorum)', minor: true, label: (d, n) => `${n} asks ${node(d.standIn)} to stand in for ${node(d.intended)}` },
    lane: (d) => ({ kind: 'sloppy', shape: 'diamond', label: `↷ ${node(d.standIn)}`, title: `${node(d.standIn)} stands in for ${node(d.intended)}`, fill: 'var(--warn, #b36b00)', priority: 2 }),
    narrate: (d) => ({ text: `asks ${node(d.standIn)} to stand in for ${node(d.intended)}`, note: 'sloppy quorum', major: true, topic: 'sloppy' }),
  },
  siblings: {
    interesting: true,
    marker: { kind: 'siblings', symbol: '≠', legend: 'siblings read', label: (d, n) => `${n} read ${count(d.dots)} versions of ${str(d.key)}` },
    lane: (d) => ({ kind: 'siblings', shape: 'star', label: `≠ ${count(d.dots)}`, title: `${count(d.dots)} conflicting versions of ${str(d.key)}`, fill: null, priority: 3 }),
    narrate: (d) => ({ text: `reads ${count(d.dots)} conflicting versions of ${str(d.key)}`, note: (d.dots as string[] | undefined)?.join(', '), major: true, topic: 'siblings' }),
  },
  repair: {
    narrate: (d) => ({ text: `repairs ${node(d.node)}'s copy of ${str(d.key)}`, major: true, topic: 'repair' }),
  },
  handoff: {
    interesting: true,
    marker: { kind: 'handoff', symbol: '⇥', legend: 'hint handed off', label: (d, n) => `${n} handed ${str(d.key)} back to ${node(d.to)}` },
    lane: (d) => ({ kind: 'handoff', shape: 'diamond', label: `⇥ ${node(d.to)}`, title: `handed ${str(d.key)} back to ${node(d.to)}`, fill: 'var(--ok)', priority: 2 }),
    narrate: (d) => ({ text: `hands ${str(d.key)} back to ${node(d.to)}`, note: 'hinted handoff', major: true, topic: 'handoff' }),
  },
  'anti-entropy': {
    marker: { kind: 'anti-entropy', symbol: '⇅', legend: 'Merkle trees differ', minor: true, label: (d, n) => `${n}'s tree differs from ${node(d.peer)}'s` },
    narrate: (d) => ({ text: `finds its Merkle tree differs from ${node(d.peer)}'s`, note: `${count(d.leaves)} leaves; sends their versions`, major: true, topic: 'repair' }),
  },
  truncate: {
    narrate: (d) => ({ text: `truncates the clock of ${str(d.key)}`, note: `drops ${(d.dropped as string[] | undefined)?.join(', ') ?? ''}`, major: true, topic: 'write' }),
  },
  suspect: {
    interesting: true,
    marker: { kind: 'suspect', symbol: '⚠', legend: 'suspicion', minor: true, label: (d, n) => `${n} suspects ${node(d.peer)}` },
    narrate: (d) => ({ text: `suspects ${node(d.peer)}`, note: 'no answer in time', major: true, topic: 'suspect' }),
  },
  trust: {
    narrate: (d) => ({ text: `hears from ${node(d.peer)} again`, major: false, topic: 'suspect' }),
  },
};
