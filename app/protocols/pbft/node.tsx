import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSim } from '../../store/store';
import type { NodeState } from '../../store/types';
import type { NodeBodyProps, NodeLook } from '../ui';
import { asPbftView, currentSlot, digestText, PHASE_MARK, PHASE_WORD, type ReplicaView } from './view';

/**
 * A PBFT node in the cluster view. A replica: a badge (primary ★, backup, or changing view), its
 * view number on the disc, what it executed and its watermarks h–H, and under the disc one chip
 * per sequence number of its log with the phase as a mark (○ pre-prepared, ◐ prepared, ● committed).
 * A client: the request it waits for and how many matching replies it has of the f + 1 it needs.
 */
export function pbftLook(node: NodeState | undefined, _nodes: readonly NodeState[]): NodeLook {
  if (!node) return { tone: 'unknown', label: '?' };
  if (!node.up) return { tone: 'down', label: `${node.name}, crashed` };
  const v = asPbftView(node.view);
  if (!v) return { tone: 'unknown', label: `${node.name}, starting` };
  if (v.role === 'client') {
    const waiting = v.pending ? `waiting for request ${v.pending.t} (${v.pending.op}), ${v.pending.replies} replies of ${v.f + 1} needed${v.pending.broadcast ? ', broadcast to all replicas' : ''}` : 'idle';
    return { tone: 'pbft-client', label: `${node.name}, client, ${waiting}` };
  }
  return { tone: replicaTone(node.id, v), label: `${node.name}, ${replicaWords(node.id, v)}` };
}

function replicaTone(id: number, v: ReplicaView): string {
  if (v.status === 'view-change') return 'pbft-changing';
  return v.primary === id ? 'pbft-primary' : 'pbft-backup';
}

function replicaWords(id: number, v: ReplicaView): string {
  const role = v.status === 'view-change' ? `changing to view ${v.view}` : `${v.primary === id ? 'primary' : 'backup'} of view ${v.view}`;
  const slot = currentSlot(v);
  const phase = slot ? `, sequence number ${slot.seq} ${PHASE_WORD[slot.phase]} (${digestText(slot.digest)})` : '';
  return `${role}, executed ${v.lastExecuted}${phase}, watermarks ${v.h} to ${v.H}`;
}

function summary(node: NodeState | undefined) {
  const v = node?.up ? asPbftView(node.view) : null;
  if (!node || !v) return { name: node?.name ?? '?', up: node?.up ?? false, client: false, view: 0, line: '', chips: '', badge: '' };
  if (v.role === 'client') {
    return {
      name: node.name,
      up: true,
      client: true,
      view: v.view,
      line: v.pending ? `#${v.pending.t}: ${v.pending.replies}/${v.f + 1}` : 'idle',
      chips: '',
      badge: v.pending?.broadcast ? 'Broadcasting' : 'Client',
    };
  }
  return {
    name: node.name,
    up: true,
    client: false,
    view: v.view,
    line: `exec ${v.lastExecuted} · h ${v.h}–${v.H}`,
    // "seq:phase ..." as a string keeps the compare shallow; the last six only.
    chips: v.slots
      .slice(-6)
      .map((s) => `${s.seq}:${s.phase}`)
      .join(' '),
    badge: v.status === 'view-change' ? `→ view ${v.view}` : v.primary === node.id ? 'Primary' : 'Backup',
  };
}

const ICON: Record<string, string> = { 'pbft-primary': '★', 'pbft-backup': '◆', 'pbft-changing': '⟳', 'pbft-client': '☎', down: '✕' };

function PbftNodeBodyImpl({ id, look, disc }: NodeBodyProps) {
  const s = useSim(useShallow((st) => summary(st.nodes.find((n) => n.id === id))));
  const chips = s.chips ? s.chips.split(' ').map((c) => c.split(':') as [string, keyof typeof PHASE_MARK]) : [];
  return (
    <>
      <div className="cv-badge">
        <span aria-hidden="true">{ICON[look.tone] ?? '?'}</span>
        <span>{look.tone === 'down' ? 'Crashed' : s.badge || 'Starting'}</span>
      </div>
      <div className="cv-disc" aria-hidden="true" style={disc}>
        <span className="cv-name">{s.name}</span>
        {s.up && !s.client && <span className="pbft-viewno">view {s.view}</span>}
        {s.up && <span className="cv-detail">{s.line}</span>}
      </div>
      {s.up && chips.length > 0 && (
        <div className="pbft-slots" aria-hidden="true">
          {chips.map(([seq, phase]) => (
            <span key={seq} className={`pbft-slot pbft-slot--${phase}`} title={`${seq} ${PHASE_WORD[phase]}`}>
              {PHASE_MARK[phase]}
              {seq}
            </span>
          ))}
        </div>
      )}
    </>
  );
}

export const PbftNodeBody = memo(PbftNodeBodyImpl);
