import type { ByzantinePolicies, NodeId, ProtocolMessage } from './protocol';
import { clonePlain } from './plain';
import type { RandomStream } from './random';

/**
 * The byzantine fault at send time (a `byzantine` action, DESIGN.md invariant 5). A node under a
 * policy hands each message it sends to its protocol's `forge`, which may withhold it, change
 * it, or send different copies to different peers. The draws come from a stream of the node's
 * own, derived by name like every other (`byzantine/<node>/<incarnation>`), so a byzantine node
 * shifts no other stream: honest nodes and links draw exactly what they drew before.
 */
export const byzantineStreamName = (node: NodeId, incarnation: number): string => `byzantine/${node}/${incarnation}`;

export interface ForgedCopy {
  msg: ProtocolMessage;
  /** True when the policy changed it (or made it up): the trace flags the send. */
  forged: boolean;
}

/**
 * What a byzantine node actually sends for `msg` to `to`. An unknown policy (a link naming one
 * a protocol no longer declares) leaves the node honest rather than failing the run.
 */
export function forgeCopies(
  byzantine: ByzantinePolicies | undefined,
  policy: string,
  msg: ProtocolMessage,
  to: NodeId,
  random: RandomStream,
): ForgedCopy[] {
  if (!byzantine || !Object.prototype.hasOwnProperty.call(byzantine.policies, policy)) return [{ msg, forged: false }];
  const copies = byzantine.forge(policy, clonePlain(msg), to, random);
  return copies.map((copy) => {
    const plain = clonePlain(copy);
    return { msg: plain, forged: !samePlain(plain, msg) };
  });
}

/** Structural equality of plain data (key order ignored). */
export function samePlain(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((x, i) => samePlain(x, other[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => samePlain((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
