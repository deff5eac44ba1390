import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSim } from '../../store/store';
import type { NodeState } from '../../store/types';
import type { NodeBodyProps, NodeLook } from '../ui';
import { asSwimView, groupOpinion, STATUS_MARK, STATUS_WORD, type MemberStatus } from './view';

/**
 * A SWIM member in the cluster view, drawn with its state as the majority of the running
 * members sees it (alive, suspect, dead, left): a badge with a word and a mark, its incarnation
 * on the disc, and how many others suspect it or hold it dead under the disc.
 */

const BADGE: Record<MemberStatus, string> = { alive: 'Alive', suspect: 'Suspected', dead: 'Held dead', left: 'Left', unknown: 'Unknown' };

export function swimLook(node: NodeState | undefined, nodes: readonly NodeState[]): NodeLook {
  if (!node) return { tone: 'unknown', label: '?' };
  const g = groupOpinion(node.id, nodes);
  const others = `${g.observers}`;
  if (!node.up) {
    const gone = g.counts.dead + g.counts.left + g.counts.unknown;
    return { tone: 'down', label: `${node.name}, crashed, seen dead by ${gone} of ${others}${g.counts.suspect ? `, suspected by ${g.counts.suspect}` : ''}` };
  }
  const view = asSwimView(node.view);
  if (!view) return { tone: 'unknown', label: `${node.name}, starting` };
  if (view.left) return { tone: 'swim-left', label: `${node.name}, left the group, incarnation ${view.incarnation}` };
  const status = g.observers === 0 ? 'alive' : g.majority;
  const parts = [node.name, STATUS_WORD[status], `incarnation ${view.incarnation}`, `suspected by ${g.counts.suspect} of ${others}`];
  if (g.counts.dead > 0) parts.push(`held dead by ${g.counts.dead}`);
  if (view.joining) parts.push('joining');
  return { tone: `swim-${status}`, label: parts.join(', ') };
}

function summary(node: NodeState | undefined, nodes: readonly NodeState[]) {
  if (!node) return { name: '?', up: false, inc: 0, status: 'unknown' as MemberStatus, suspects: 0, dead: 0, of: 0, left: false, awareness: 0 };
  const g = groupOpinion(node.id, nodes);
  const view = node.up ? asSwimView(node.view) : null;
  return {
    name: node.name,
    up: node.up,
    inc: view?.incarnation ?? g.incarnation,
    status: (g.observers === 0 ? 'alive' : g.majority) as MemberStatus,
    suspects: g.counts.suspect,
    dead: g.counts.dead + (node.up ? 0 : g.counts.left + g.counts.unknown),
    of: g.observers,
    left: view?.left ?? false,
    awareness: view?.awareness ?? 0,
  };
}

function SwimNodeBodyImpl({ id, look, disc }: NodeBodyProps) {
  const s = useSim(useShallow((st) => summary(st.nodes.find((n) => n.id === id), st.nodes)));
  const status: MemberStatus = s.left ? 'left' : s.status;
  const badge = look.tone === 'down' ? 'Crashed' : BADGE[status];
  return (
    <>
      <div className="cv-badge">
        <span aria-hidden="true">{look.tone === 'down' ? '✕' : STATUS_MARK[status]}</span>
        <span>{badge}</span>
      </div>
      <div className="cv-disc" aria-hidden="true" style={disc}>
        <span className="cv-name">{s.name}</span>
        <span className="swim-inc">inc {s.inc}</span>
        {s.up && s.awareness > 0 && <span className="cv-detail">health ×{s.awareness + 1}</span>}
      </div>
      {s.of > 0 && (s.suspects > 0 || s.dead > 0) && (
        <div className="swim-opinion" aria-hidden="true">
          {s.suspects > 0 && <span className="swim-chip swim-chip--suspect">? {s.suspects}/{s.of}</span>}
          {s.dead > 0 && <span className="swim-chip swim-chip--dead">✕ {s.dead}/{s.of}</span>}
        </div>
      )}
    </>
  );
}

export const SwimNodeBody = memo(SwimNodeBodyImpl);
