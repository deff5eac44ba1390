import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSim } from '../../store/store';
import type { NodeState } from '../../store/types';
import type { NodeBodyProps, NodeLook } from '../ui';
import { compareLeaders } from './compare';
import { asMultiLeaderView, skewText } from './view';

/**
 * A leader in the cluster view: its clock's skew (what last writer wins trusts), how many keys
 * hold siblings, and whether it agrees with the other leaders that are up. Tones: in agreement
 * (green), diverged (amber, dashed), crashed.
 */
export function multiLeaderLook(node: NodeState | undefined, nodes: readonly NodeState[]): NodeLook {
  if (!node) return { tone: 'unknown', label: '?' };
  if (!node.up) return { tone: 'down', label: `${node.name}, crashed (its acknowledged writes are on its disk)` };
  const view = asMultiLeaderView(node.view);
  if (!view) return { tone: 'unknown', label: `${node.name}, starting` };
  const compared = compareLeaders(nodes);
  const differ = compared ? compared.rows.filter((r) => r.disagree).map((r) => r.label.split(' ')[0]!) : [];
  const unique = [...new Set(differ)];
  const siblings = view.registers.filter((r) => r.siblings.length > 1).length;
  const parts = [
    node.name,
    'leader',
    `clock ${skewText(view.skewMs)}`,
    ...(siblings > 0 ? [`${siblings} key${siblings === 1 ? '' : 's'} with siblings`] : []),
    unique.length > 0 ? `leaders differ on ${unique.join(', ')}` : 'leaders agree',
  ];
  return { tone: unique.length > 0 ? 'ml-diverged' : 'ml-agreed', label: parts.join(', ') };
}

function summary(node: NodeState | undefined) {
  const view = node ? asMultiLeaderView(node.view) : null;
  return {
    name: node?.name ?? '?',
    skew: view ? skewText(view.skewMs) : '',
    siblings: view ? view.registers.filter((r) => r.siblings.length > 1).length : 0,
    likes: view?.counter.value ?? null,
  };
}

function MultiLeaderNodeBodyImpl({ id, look, disc }: NodeBodyProps) {
  const s = useSim(useShallow((st) => summary(st.nodes.find((n) => n.id === id))));
  const down = look.tone === 'down';
  const diverged = look.tone === 'ml-diverged';
  return (
    <>
      <div className="cv-badge">
        <span aria-hidden="true">{down ? '✕' : diverged ? '≠' : '='}</span>
        <span>{down ? 'Crashed' : diverged ? 'Diverged' : 'Leader'}</span>
      </div>
      <div className="cv-disc" aria-hidden="true" style={disc}>
        <span className="cv-name">{s.name}</span>
        {!down && <span className="ml-clock">◷ {s.skew}</span>}
      </div>
      {!down && s.likes !== null && (
        <div className="ml-under" aria-hidden="true">
          ♥ {s.likes}
          {s.siblings > 0 ? ` · ∥ ${s.siblings}` : ''}
        </div>
      )}
    </>
  );
}

export const MultiLeaderNodeBody = memo(MultiLeaderNodeBodyImpl);
