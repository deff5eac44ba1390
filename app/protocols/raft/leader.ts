import type { NodeId } from '../../../engine/kernel/protocol';
import type { NodeState } from '../../store/types';
import { asRaftView } from './view';

/**
 * Who leads, as the page sees it: the one way to find "the leader" (the toolbar's + Server, the
 * inspector's Remove, the log table's conflicts, lessons' "crash the leader" all ask here).
 */

/** The running leader of the highest term, or null (a deposed leader that has not noticed can linger). */
export function currentLeader(nodes: readonly NodeState[]): NodeId | null {
  let best: { id: NodeId; term: number } | null = null;
  for (const node of nodes) {
    const view = node.up ? asRaftView(node.view) : null;
    if (view?.role === 'leader' && (best === null || view.term > best.term)) best = { id: node.id, term: view.term };
  }
  return best?.id ?? null;
}

/**
 * The newest configuration a running server knows: the leader's if there is one (it appends
 * changes first), else the first running server's with a view. Without any view, the running servers.
 */
export function members(nodes: readonly NodeState[]): NodeId[] {
  const leader = currentLeader(nodes);
  const source = leader !== null ? nodes.find((n) => n.id === leader) : nodes.find((n) => n.up && asRaftView(n.view) !== null);
  const view = source?.up ? asRaftView(source.view) : null;
  return view ? [...view.members] : nodes.filter((n) => n.up).map((n) => n.id);
}

/** The first running follower that is a member (lowest id), or null. */
export function someFollower(nodes: readonly NodeState[]): NodeId | null {
  const m = new Set(members(nodes));
  const f = nodes.find((n) => m.has(n.id) && n.up && asRaftView(n.view)?.role === 'follower');
  return f ? f.id : null;
}
