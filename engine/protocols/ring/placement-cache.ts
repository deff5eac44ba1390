import type { NodeId } from '../../kernel/protocol';
import type { RingConfig } from './config';
import { makeScheme } from './placement/index';
import { nodeName as topologyName } from '../../kernel/topology';

/** Key number i is called user:i; its name is what the schemes hash. */
export const keyName = (key: number): string => `user:${key}`;
/** Node i is called S{i+1}; members hash by name, so an owner never depends on list positions. */
/** A member's name as the placement hashes it: its name in the default topology ("S3"). */
export const nodeName = (node: NodeId): string => topologyName(null, node);

const cache = new Map<string, NodeId[]>();
const keyNamesCache = new Map<number, string[]>();

/**
 * The owner of every key under `members` (ascending node ids), as node ids (-1 with no
 * members). A pure function, memoised because Maglev's table takes milliseconds to fill and every
 * node asks the same question after each membership change.
 */
export function ownersOf(config: RingConfig, members: readonly NodeId[]): NodeId[] {
  if (config.scheme === 'range') throw new Error('range partitioning places keys by its range table (ranges.ts), not by the membership alone');
  const id = `${config.scheme}|${config.vnodes}|${config.loadFactor}|${config.maglevTableSize}|${config.keys}|${members.join(',')}`;
  const hit = cache.get(id);
  if (hit) return [...hit];
  let names = keyNamesCache.get(config.keys);
  if (!names) {
    names = Array.from({ length: config.keys }, (_, i) => keyName(i));
    keyNamesCache.set(config.keys, names);
  }
  const scheme = makeScheme(config.scheme, config);
  const owners =
    members.length === 0 ? names.map(() => -1) : scheme.assign(names, members.map(nodeName)).map((i) => members[i]!);
  if (cache.size > 64) cache.delete(cache.keys().next().value!);
  cache.set(id, owners);
  return [...owners];
}

/** The bytes one stored key weighs in a transfer: its name and its value. */
export function entryBytes(config: RingConfig, key: number): number {
  return keyName(key).length + config.valueBytes;
}
