import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { nodeName, useSim } from '../../store/store';
import type { NodeState } from '../../store/types';
import type { NodeBodyProps, NodeLook } from '../ui';
import { asMultiPaxosView, ballotText } from './view';

/**
 * A Multi-Paxos node in the cluster view. A server: a badge with its role, on the disc its
 * name, its promise and how far its log is chosen. A client: the operations it waits on.
 */
export function multiPaxosLook(node: NodeState | undefined, _nodes: readonly NodeState[]): NodeLook {
  if (!node) return { tone: 'unknown', label: '?' };
  if (!node.up) return { tone: 'down', label: `${node.name}, crashed` };
  const view = asMultiPaxosView(node.view);
  if (!view) return { tone: 'unknown', label: `${node.name}, starting` };
  if (view.kind === 'client') {
    return { tone: 'client', label: `${node.name}, client, ${view.pending.length === 0 ? 'idle' : `waits on ${view.pending.length} operation${view.pending.length === 1 ? '' : 's'}`}` };
  }
  const parts = [node.name, view.role];
  if (view.role !== 'follower') parts.push(`ballot ${ballotText(view.ballot)}`);
  else parts.push(view.leader === null ? 'no leader known' : `follows ${nodeName(view.leader)}`);
  parts.push(`promised ${ballotText(view.promised)}`, `${view.firstUnchosen} slots chosen`);
  return { tone: view.role, label: parts.join(', ') };
}

const BADGE: Record<string, { icon: string; word: string }> = {
  leader: { icon: '★', word: 'Leader' },
  candidate: { icon: '?', word: 'Phase 1' },
  follower: { icon: '●', word: 'Acceptor' },
  client: { icon: '⌨', word: 'Client' },
  down: { icon: '✕', word: 'Crashed' },
  unknown: { icon: '…', word: 'Starting' },
};

function summary(node: NodeState | undefined) {
  const view = node?.up ? asMultiPaxosView(node.view) : null;
  if (!node || !view) return { name: node?.name ?? '?', line1: '', line2: '' };
  if (view.kind === 'client') return { name: node.name, line1: view.pending.length ? `${view.pending.length} waiting` : 'idle', line2: '' };
  return { name: node.name, line1: `P ${ballotText(view.promised)}`, line2: `log ${view.firstUnchosen}` };
}

function MultiPaxosNodeBodyImpl({ id, look, disc }: NodeBodyProps) {
  const s = useSim(useShallow((st) => summary(st.nodes.find((n) => n.id === id))));
  const badge = BADGE[look.tone] ?? BADGE.unknown!;
  return (
    <>
      <div className="cv-badge">
        <span aria-hidden="true">{badge.icon}</span>
        <span>{badge.word}</span>
      </div>
      <div className="cv-disc" aria-hidden="true" style={disc}>
        <span className="cv-name">{s.name}</span>
        {s.line1 && <span className="cv-detail mp-line">{s.line1}</span>}
        {s.line2 && <span className="cv-detail mp-line">{s.line2}</span>}
      </div>
    </>
  );
}

export const MultiPaxosNodeBody = memo(MultiPaxosNodeBodyImpl);
