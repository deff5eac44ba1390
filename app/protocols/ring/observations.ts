import type { NodeId } from '../../../engine/kernel/protocol';
import type { ObservationDescriptors } from '../ui';
import { nodeName } from '../../store/store';

/**
 * What a ring node observes (engine/protocols/ring/ring.ts). Membership changes and the chunks
 * of a migration are the news ("interesting", on the timeline and the lanes); an applied put is
 * routine.
 */
export type RingObservation =
  | { what: 'holding'; data: { keys: number[]; members: NodeId[] } }
  | { what: 'status'; data: { status: string; version: number } }
  | { what: 'view'; data: { members: NodeId[]; toMove: number } }
  | { what: 'handoff'; data: { to: NodeId; seq: number; keys: number[]; bytes: number; remaining: number } }
  | { what: 'handed'; data: { to: NodeId; seq: number; keys: number[]; bytes: number } }
  | { what: 'accept'; data: { from: NodeId; seq: number; keys: number[]; bytes: number } }
  | { what: 'apply'; data: { key: number; opId: number; version: number; value: number | null } }
  | { what: 'ranges'; data: { change: 'split' | 'merge' | 'reassign'; version: number; starts: number[]; owners: NodeId[] } };

const n = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const list = (v: unknown): number[] => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : []);
const S = (id: number | null) => (id === null ? 'a node' : nodeName(id));
const keysText = (keys: number[]) => `${keys.length} key${keys.length === 1 ? '' : 's'}`;
const rangeVerb = (change: unknown) =>
  change === 'split' ? 'splits a range that grew too large' : change === 'merge' ? 'merges two small ranges' : 'gives a range to another member';

export const bytesText = (bytes: number): string =>
  bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} B`;

export const ringObservations: ObservationDescriptors<RingObservation> = {
  holding: {
    narrate: (data) => ({ text: `holds ${keysText(list(data.keys))} on disk`, major: false, topic: 'keys' }),
  },
  status: {
    interesting: true,
    marker: { kind: 'ring-status', symbol: '◎', legend: 'joins or leaves', label: (data, node) => `${node} ${data.status === 'member' ? 'joins the ring' : 'leaves the ring'}` },
    lane: (data) => ({
      kind: 'ring-status',
      shape: 'star',
      label: data.status === 'member' ? 'joins' : 'leaves',
      title: data.status === 'member' ? 'joins the ring' : 'leaves the ring',
      fill: data.status === 'member' ? 'var(--ok)' : 'var(--danger)',
      priority: 3,
    }),
    narrate: (data) => ({ text: data.status === 'member' ? 'joins the ring' : 'leaves the ring', major: true, topic: 'membership' }),
  },
  view: {
    interesting: true,
    narrate: (data, name) => ({
      text: `learns the ring is now ${list(data.members).map(name).join(', ') || 'empty'}`,
      note: n(data.toMove) ? `${n(data.toMove)} of its keys must move` : undefined,
      major: true,
      topic: 'membership',
    }),
  },
  handoff: {
    interesting: true,
    marker: { kind: 'ring-handoff', symbol: '⇢', legend: 'chunk sent', minor: true, label: (data, node) => `${node} sends ${keysText(list(data.keys))} to ${S(n(data.to))}` },
    lane: (data) => ({ kind: 'ring-handoff', shape: 'diamond', label: `⇢${S(n(data.to))}`, title: `sends ${keysText(list(data.keys))} to ${S(n(data.to))}`, fill: 'var(--warn, #b45309)', priority: 1 }),
    narrate: (data, name) => ({
      text: `sends ${keysText(list(data.keys))} (${bytesText(n(data.bytes) ?? 0)}) to ${n(data.to) === null ? 'a node' : name(n(data.to)!)}`,
      note: n(data.remaining) ? `${n(data.remaining)} more to go` : 'the last chunk',
      major: true,
      topic: 'migration',
    }),
  },
  handed: {
    narrate: (data, name) => ({ text: `hands ${keysText(list(data.keys))} over to ${n(data.to) === null ? 'a node' : name(n(data.to)!)}`, note: 'acknowledged: it forwards their requests there now', major: false, topic: 'migration' }),
  },
  accept: {
    interesting: true,
    lane: (data) => ({ kind: 'ring-accept', shape: 'diamond', label: `+${list(data.keys).length}`, title: `takes ${keysText(list(data.keys))} from ${S(n(data.from))}`, fill: 'var(--ok)', priority: 1 }),
    narrate: (data, name) => ({
      text: `takes ${keysText(list(data.keys))} (${bytesText(n(data.bytes) ?? 0)}) from ${n(data.from) === null ? 'a node' : name(n(data.from)!)}`,
      note: 'stored on disk, then acknowledged',
      major: true,
      topic: 'migration',
    }),
  },
  ranges: {
    interesting: true,
    marker: { kind: 'ring-ranges', symbol: '¦', legend: 'ranges change', label: (data, node) => `${node} ${rangeVerb(data.change)} (${list(data.starts).length} ranges)` },
    lane: (data) => ({ kind: 'ring-ranges', shape: 'star', label: String(data.change ?? 'ranges'), title: `${rangeVerb(data.change)}, table version ${String(data.version)}`, fill: 'var(--accent)', priority: 2 }),
    narrate: (data) => ({ text: `${rangeVerb(data.change)}`, note: `range table version ${String(data.version)}: ${list(data.starts).length} ranges`, major: true, topic: 'membership' }),
  },
  apply: {
    narrate: (data) => ({ text: `writes user:${String(data.key)} = ${String(data.value)}`, note: `version ${String(data.version)}`, major: false, topic: 'keys' }),
  },
};
