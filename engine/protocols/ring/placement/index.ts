/**
 * Placement schemes, importable by any protocol (`engine/protocols/ring/placement`): pure
 * functions from keys and members to owners, plus the measures that compare them.
 */
import { boundedLoads } from './bounded';
import { jump } from './jump';
import { maglev } from './maglev';
import { modulo } from './modulo';
import { consistentRing } from './ring';
import { DEFAULT_SCHEME_SETTINGS, type PlacementScheme, type SchemeName, type SchemeSettings } from './scheme';

export { murmur32, hash64 } from './hash';
export { buildRing, preferenceList, successorIndex, consistentRing, type RingPoint } from './ring';
export { jumpConsistentHash, jump } from './jump';
export { maglevTable, maglev } from './maglev';
export { boundedLoads, capacity } from './bounded';
export { modulo } from './modulo';
export { SCHEME_NAMES, DEFAULT_SCHEME_SETTINGS, type PlacementScheme, type SchemeName, type SchemeSettings } from './scheme';
export { compareSchemes, keysMoved, loadImbalance, loads, type SchemeComparison } from './measure';

export function makeScheme(name: SchemeName, settings: Partial<SchemeSettings> = {}): PlacementScheme {
  const s = { ...DEFAULT_SCHEME_SETTINGS, ...settings };
  switch (name) {
    case 'modulo':
      return modulo;
    case 'ring':
      return consistentRing(s.vnodes);
    case 'jump':
      return jump;
    case 'maglev':
      return maglev(s.maglevTableSize);
    case 'bounded':
      return boundedLoads(s.vnodes, s.loadFactor);
  }
}
