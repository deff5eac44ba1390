import type { NodeId } from '../../../engine/kernel/protocol';
import { murmur32 } from '../../../engine/protocols/ring/placement/hash';
import { buildRing } from '../../../engine/protocols/ring/placement/ring';
import type { RingScheme } from '../../../engine/protocols/ring/config';
import { serverName } from '../../lib/format';
import type { NodeState } from '../../store/types';
import { asRingView, freshestView, keyLabel, ringShare } from './view';

/**
 * What the ring panel draws, as plain data computed from the nodes (pure, so it is tested without
 * a DOM): the members and their arcs, every key at its hash's angle with the node that holds it
 * and the node that should own it, and the chunks on their way.
 */
export interface RingMemberModel {
  id: NodeId;
  name: string;
  color: string;
  /** Keys it holds right now (what the histogram draws). */
  held: number;
  /** Its share of the ring's positions (ring and bounded schemes), else of the keys. */
  share: number;
  member: boolean;
  up: boolean;
  label: string;
  /** "23% of the ring" (", leaving" when it is no member any more). */
  shareText: string;
}

export interface RingKeyModel {
  key: number;
  /** Radians clockwise from twelve o'clock: where the key's hash falls on the ring. */
  angle: number;
  /** The node holding it (-1: unknown, on a crashed node). */
  holder: NodeId;
  /** Its owner under the freshest membership (-1: none). */
  owner: NodeId;
  /** In a chunk from `holder` to this node, not yet acknowledged. */
  movingTo: NodeId | null;
  /** Where the arc to its owner ends: the angle of the ring point it belongs to (ring schemes). */
  ownerAngle: number | null;
  label: string;
}

export interface RingModel {
  scheme: RingScheme;
  vnodes: number;
  keys: RingKeyModel[];
  members: RingMemberModel[];
  /** Virtual node points on the ring (ring and bounded schemes only). */
  points: { angle: number; member: NodeId; vnode: number }[];
  moving: { from: NodeId; to: NodeId; keys: number }[];
  /** Keys not yet at their owner (0 once the migration settled). */
  misplaced: number;
  label: string;
}

/** Eight colours told apart also by people with the common colour-vision deficiencies (Okabe-Ito, plus two). */
export const NODE_COLORS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#7a6a00', '#444466'];
export const nodeColor = (id: NodeId): string => (id < 0 ? '#9a9a9a' : NODE_COLORS[id % NODE_COLORS.length]!);

const TWO_PI = Math.PI * 2;
const angleOf = (position: number) => (position / 2 ** 32) * TWO_PI;

export function ringModel(nodes: readonly NodeState[]): RingModel | null {
  const fresh = freshestView(nodes);
  if (!fresh) return null;
  const { view } = fresh;
  const ringScheme = view.scheme === 'ring' || view.scheme === 'bounded';
  const memberNames = view.members.map(serverName);
  const ring = ringScheme ? buildRing(memberNames, view.vnodes) : [];
  const ranged = view.scheme === 'range' && view.ranges !== null;
  // Range partitioning: keys in key order round the ring, each range an arc ending at a point.
  const rangeAngle = (k: number) => (k / Math.max(1, view.keys)) * TWO_PI;
  const points = ranged
    ? view.ranges!.starts.map((_, i) => ({ angle: rangeAngle(view.ranges!.starts[i + 1] ?? view.keys), member: view.ranges!.owners[i]!, vnode: i }))
    : ring.map((p) => ({ angle: angleOf(p.position), member: view.members[p.member]!, vnode: p.vnode }));

  const holder = new Array<NodeId>(view.keys).fill(-1);
  const movingTo = new Array<NodeId | null>(view.keys).fill(null);
  const held = new Map<NodeId, number>();
  const moving: RingModel['moving'] = [];
  for (const node of nodes) {
    const v = node.up ? asRingView(node.view) : null;
    if (!v) continue;
    held.set(node.id, v.held.length);
    for (const k of v.held) if (k < view.keys) holder[k] = node.id;
    for (const c of v.outgoing) {
      moving.push({ from: node.id, to: c.to, keys: c.keys.length });
      for (const k of c.keys) if (k < view.keys) movingTo[k] = c.to;
    }
  }

  const keys: RingKeyModel[] = [];
  let misplaced = 0;
  for (let key = 0; key < view.keys; key++) {
    const position = murmur32(keyLabel(key));
    const owner = view.owners[key] ?? -1;
    let ownerAngle: number | null = null;
    if (ranged) {
      const i = view.ranges!.starts.findLastIndex((st) => st <= key);
      ownerAngle = rangeAngle(view.ranges!.starts[i + 1] ?? view.keys) - 0.001;
    }
    if (ring.length > 0) {
      let lo = 0;
      let hi = ring.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (ring[mid]!.position < position) lo = mid + 1;
        else hi = mid;
      }
      ownerAngle = angleOf(ring[lo === ring.length ? 0 : lo]!.position);
    }
    if (holder[key] !== owner) misplaced++;
    const where = holder[key]! >= 0 ? serverName(holder[key]!) : 'a crashed node';
    const label =
      `${keyLabel(key)} on ${where}` +
      (movingTo[key] !== null ? `, moving to ${serverName(movingTo[key]!)}` : holder[key] !== owner && owner >= 0 ? `, belongs to ${serverName(owner)}` : '');
    keys.push({ key, angle: ranged ? rangeAngle(key + 0.5) : angleOf(position), holder: holder[key]!, owner, movingTo: movingTo[key]!, ownerAngle, label });
  }

  const members: RingMemberModel[] = nodes
    .filter((n) => view.members.includes(n.id) || (held.get(n.id) ?? 0) > 0)
    .map((n) => {
      const isMember = view.members.includes(n.id);
      const count = held.get(n.id) ?? 0;
      const share = ringScheme ? ringShare(view.members, view.vnodes, n.id) : view.owners.filter((o) => o === n.id).length / Math.max(1, view.keys);
      const shareText = `${Math.round(share * 100)}% of the ${ringScheme ? 'ring' : 'keys'}${isMember ? '' : ', leaving'}`;
      const label = `${n.name}, ${n.up ? `holds ${count} key${count === 1 ? '' : 's'}` : 'crashed'}, ${shareText}`;
      return { id: n.id, name: n.name, color: nodeColor(n.id), held: count, share, member: isMember, up: n.up, label, shareText };
    });

  const label =
    (ranged
      ? `Key ranges in key order (${view.ranges!.starts.length} ranges): ${view.keys} keys on ${view.members.length} members`
      : `Hash ring (${view.scheme}${ringScheme ? `, ${view.vnodes} virtual nodes each` : ''}): ${view.keys} keys on ${view.members.length} members`) +
    (misplaced > 0 ? `, ${misplaced} not yet at their owner` : ', every key at its owner');
  return { scheme: view.scheme, vnodes: view.vnodes, keys, members, points, moving, misplaced, label };
}
