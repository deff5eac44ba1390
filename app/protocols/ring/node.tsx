import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { serverName } from '../../lib/format';
import { useSim } from '../../store/store';
import type { NodeState } from '../../store/types';
import type { NodeBodyProps, NodeLook } from '../ui';
import { asRingView, ringShare, roleOf, type RingView } from './view';

/**
 * A ring node in the cluster view: a badge (member, spare, left, or moving keys), on the disc its
 * name and how many keys it holds, and under the disc the chunk it is sending ("→S6 4 keys").
 */

/** "owns 21 keys, 22% of the ring": what a member holds and, on a hash ring, the arcs it owns. */
export function holdingText(view: RingView, id: number): string {
  const parts = [`owns ${view.held.length} key${view.held.length === 1 ? '' : 's'}`];
  if ((view.scheme === 'ring' || view.scheme === 'bounded') && view.members.includes(id)) {
    parts.push(`${Math.round(ringShare(view.members, view.vnodes, id) * 100)}% of the ring`);
  }
  return parts.join(', ');
}

const ROLE_WORD = { member: 'member', spare: 'spare', left: 'left the ring', moving: 'moving keys' } as const;

export function ringLook(node: NodeState | undefined, _nodes: readonly NodeState[]): NodeLook {
  if (!node) return { tone: 'unknown', label: '?' };
  if (!node.up) return { tone: 'down', label: `${node.name}, crashed` };
  const view = asRingView(node.view);
  if (!view) return { tone: 'unknown', label: `${node.name}, starting` };
  const role = roleOf(view, node.id);
  const parts = [node.name, ROLE_WORD[role], holdingText(view, node.id)];
  if (view.toMove > 0) parts.push(`${view.toMove} to hand off`);
  for (const c of view.outgoing) parts.push(`sending ${c.keys.length} to ${serverName(c.to)}`);
  return { tone: `ring-${role}`, label: parts.join(', ') };
}

function summary(node: NodeState | undefined) {
  const view = node?.up ? asRingView(node.view) : null;
  if (!node || !view) return { name: node?.name ?? '?', up: false, held: 0, role: 'spare', sending: '', toMove: 0 };
  return {
    name: node.name,
    up: true,
    held: view.held.length,
    role: roleOf(view, node.id),
    sending: view.outgoing.map((c) => `→${serverName(c.to)} ${c.keys.length}`).join(' '),
    toMove: view.toMove,
  };
}

const BADGE: Record<string, { icon: string; word: string }> = {
  member: { icon: '◉', word: 'Member' },
  spare: { icon: '○', word: 'Spare' },
  left: { icon: '⊘', word: 'Left' },
  moving: { icon: '⇄', word: 'Moving' },
};

function RingNodeBodyImpl({ id, look, disc }: NodeBodyProps) {
  const s = useSim(useShallow((st) => summary(st.nodes.find((n) => n.id === id))));
  const badge = look.tone === 'down' ? { icon: '✕', word: 'Crashed' } : (BADGE[s.role] ?? BADGE.spare!);
  return (
    <>
      <div className="cv-badge">
        <span aria-hidden="true">{badge.icon}</span>
        <span>{badge.word}</span>
      </div>
      <div className="cv-disc" aria-hidden="true" style={disc}>
        <span className="cv-name">{s.name}</span>
        {s.up && <span className="ring-held">{s.held} keys</span>}
        {s.up && s.toMove > 0 && <span className="cv-detail">{s.toMove} to move</span>}
      </div>
      {s.up && s.sending && (
        <div className="ring-sending" aria-hidden="true">
          {s.sending}
        </div>
      )}
    </>
  );
}

export const RingNodeBody = memo(RingNodeBodyImpl);
