import { makeScheme } from '../../../engine/protocols/ring/placement/index';
import { compareSchemes } from '../../../engine/protocols/ring/placement/measure';
import type { PlacementScheme } from '../../../engine/protocols/ring/placement/scheme';
import { serverName } from '../../lib/format';
import { keyLabel, type RingView } from './view';

export interface ComparisonRow {
  label: string;
  title: string;
  /** The scheme this run uses. */
  current: boolean;
  addMoved: number;
  addOverIdeal: number;
  removeMoved: number;
  removeOverIdeal: number;
  imbalance: number;
}

/**
 * Every scheme on the run's keys: its members plus one more node (the next slot) for "+1", and
 * without the highest-numbered member for "−1" (jump's good case; it renumbers otherwise).
 */
export function comparisonRows(view: RingView, nodeCount: number): ComparisonRow[] {
  const members = view.members.map(serverName);
  if (members.length === 0 || view.keys === 0) return [];
  const keys = Array.from({ length: view.keys }, (_, k) => keyLabel(k));
  const spare = Array.from({ length: nodeCount + 1 }, (_, i) => i).find((i) => !view.members.includes(i))!;
  const plus = [...view.members, spare].sort((a, b) => a - b).map(serverName);
  const minus = members.slice(0, -1);
  const schemes: { label: string; scheme: PlacementScheme; current: boolean }[] = [
    { label: 'modulo', scheme: makeScheme('modulo'), current: view.scheme === 'modulo' },
    { label: 'ring ×1', scheme: makeScheme('ring', { vnodes: 1 }), current: false },
    { label: `ring ×${view.vnodes}`, scheme: makeScheme('ring', { vnodes: view.vnodes }), current: view.scheme === 'ring' },
    { label: 'ring ×256', scheme: makeScheme('ring', { vnodes: 256 }), current: false },
    { label: 'jump', scheme: makeScheme('jump'), current: view.scheme === 'jump' },
    { label: 'Maglev', scheme: makeScheme('maglev'), current: view.scheme === 'maglev' },
    { label: 'bounded', scheme: makeScheme('bounded', { vnodes: view.vnodes, loadFactor: view.loadFactor }), current: view.scheme === 'bounded' },
  ].filter((s, i, all) => all.findIndex((o) => o.label === s.label) === i);
  const added = compareSchemes(schemes.map((s) => s.scheme), keys, members, plus);
  const removed = minus.length > 0 ? compareSchemes(schemes.map((s) => s.scheme), keys, members, minus) : null;
  return schemes.map((s, i) => ({
    label: s.label,
    title: s.scheme.title,
    current: s.current,
    addMoved: added[i]!.moved,
    addOverIdeal: added[i]!.movedOverIdeal,
    removeMoved: removed ? removed[i]!.moved : 0,
    removeOverIdeal: removed ? removed[i]!.movedOverIdeal : 0,
    imbalance: added[i]!.imbalanceBefore,
  }));
}
