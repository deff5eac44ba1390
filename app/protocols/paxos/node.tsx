import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSim } from '../../store/store';
import type { NodeState } from '../../store/types';
import type { NodeBodyProps, NodeLook } from '../ui';
import { asPaxosView, ballotText, PHASE_TEXT, proposalText, type PaxosView } from './view';

/**
 * A Paxos node in the cluster view: a badge with what it is doing (learned, proposing, backing
 * off, or an acceptor's promise), and on the disc its name, its promise and what it accepted.
 */

/** The node's tone: learned a value, proposing (phase 1 or 2), backing off, or just accepting. */
function toneOf(view: PaxosView): string {
  if (view.learner?.learned) return 'learned';
  const phase = view.proposer?.phase;
  if (phase === 'preparing' || phase === 'accepting') return 'proposing';
  if (phase === 'backoff') return 'backoff';
  return 'acceptor';
}

export function paxosLook(node: NodeState | undefined, _nodes: readonly NodeState[]): NodeLook {
  if (!node) return { tone: 'unknown', label: '?' };
  if (!node.up) return { tone: 'down', label: `${node.name}, crashed` };
  const view = asPaxosView(node.view);
  if (!view) return { tone: 'unknown', label: `${node.name}, starting` };
  const parts = [node.name];
  const p = view.proposer;
  if (p && p.phase !== 'idle' && p.phase !== 'done') parts.push(`proposer ${PHASE_TEXT[p.phase]}, ballot ${ballotText(p.ballot)}`);
  if (view.acceptor) parts.push(`promised ${ballotText(view.acceptor.promised)}`, `accepted ${proposalText(view.acceptor.accepted)}`);
  if (view.learner) parts.push(view.learner.learned ? `learned ${view.learner.learned.value}` : 'learned nothing yet');
  return { tone: toneOf(view), label: parts.join(', ') };
}

const BADGE: Record<string, { icon: string; word: string }> = {
  learned: { icon: '✓', word: 'Learned' },
  proposing: { icon: '▶', word: 'Proposing' },
  backoff: { icon: '⏸', word: 'Backing off' },
  acceptor: { icon: '●', word: 'Waiting' },
  down: { icon: '✕', word: 'Crashed' },
  unknown: { icon: '…', word: 'Starting' },
};

function summary(node: NodeState | undefined) {
  const view = node?.up ? asPaxosView(node.view) : null;
  if (!node || !view) return { name: node?.name ?? '?', up: false, line1: '', line2: '', learned: '', phase: '' };
  const a = view.acceptor;
  const p = view.proposer;
  return {
    name: node.name,
    up: true,
    line1: a ? `P ${ballotText(a.promised)}` : p ? `B ${ballotText(p.ballot)}` : '',
    line2: a ? (a.accepted ? `A ${a.accepted.value}@${ballotText(a.accepted.ballot)}` : 'A –') : '',
    learned: view.learner?.learned ? String(view.learner.learned.value) : '',
    phase: p && p.phase !== 'idle' && p.phase !== 'done' ? `${PHASE_TEXT[p.phase]} ${ballotText(p.ballot)}` : '',
  };
}

function PaxosNodeBodyImpl({ id, look, disc }: NodeBodyProps) {
  const s = useSim(useShallow((st) => summary(st.nodes.find((n) => n.id === id))));
  const badge = BADGE[look.tone] ?? BADGE.unknown!;
  const word = look.tone === 'learned' ? `Learned ${s.learned}` : look.tone === 'proposing' || look.tone === 'backoff' ? s.phase : badge.word;
  return (
    <>
      <div className="cv-badge">
        <span aria-hidden="true">{badge.icon}</span>
        <span>{word}</span>
      </div>
      <div className="cv-disc" aria-hidden="true" style={disc}>
        <span className="cv-name">{s.name}</span>
        {s.line1 && <span className="cv-detail paxos-line">{s.line1}</span>}
        {s.line2 && <span className="cv-detail paxos-line">{s.line2}</span>}
      </div>
    </>
  );
}

export const PaxosNodeBody = memo(PaxosNodeBodyImpl);
