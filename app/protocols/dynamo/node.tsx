import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { nodeName, useSim } from '../../store/store';
import type { NodeState } from '../../store/types';
import type { NodeBodyProps, NodeLook } from '../ui';
import { asDynamoView, keysOf } from './view';

/**
 * A dynamo node in the cluster view: its name, how many keys it holds and how many hinted
 * replicas it keeps for others; a badge says when it coordinates operations or suspects peers,
 * or is off the ring (a spare, or it left: §4.9).
 */
function facts(node: NodeState | undefined) {
  const view = node?.up ? asDynamoView(node.view) : null;
  if (!node || !view) return null;
  const suspects = view.suspected.map((s, i) => (s ? nodeName(i) : '')).filter(Boolean);
  const offRing = !!view.members && !view.members.includes(node.id);
  return { keys: keysOf(view).length, hints: view.hintCount, ops: view.ops.filter((o) => !o.lingering).length, suspects: suspects.join(', '), offRing };
}

export function dynamoLook(node: NodeState | undefined, _nodes: readonly NodeState[]): NodeLook {
  if (!node) return { tone: 'unknown', label: '?' };
  if (!node.up) return { tone: 'down', label: `${node.name}, crashed` };
  const f = facts(node);
  if (!f) return { tone: 'unknown', label: `${node.name}, starting` };
  const parts = [node.name, 'up', `${f.keys} key${f.keys === 1 ? '' : 's'}`, `${f.hints} hint${f.hints === 1 ? '' : 's'}`];
  if (f.ops > 0) parts.push(`coordinating ${f.ops}`);
  if (f.suspects) parts.push(`suspects ${f.suspects}`);
  if (f.offRing) parts.push('off the ring');
  return { tone: f.hints > 0 ? 'hinted' : f.suspects ? 'suspecting' : 'up', label: parts.join(', ') };
}

function DynamoNodeBodyImpl({ id, look, disc }: NodeBodyProps) {
  const s = useSim(useShallow((st) => {
    const node = st.nodes.find((n) => n.id === id);
    const f = facts(node);
    return { name: node?.name ?? '?', up: !!f, keys: f?.keys ?? 0, hints: f?.hints ?? 0, ops: f?.ops ?? 0, suspects: f?.suspects ?? '', offRing: f?.offRing ?? false };
  }));
  const badge = look.tone === 'down' ? 'Crashed' : s.offRing ? 'Off the ring' : s.ops > 0 ? `Coordinating ${s.ops}` : s.suspects ? `Suspects ${s.suspects}` : s.hints > 0 ? `${s.hints} hinted` : 'Up';
  const icon = look.tone === 'down' ? '✕' : s.ops > 0 ? '⇄' : s.suspects ? '⚠' : s.hints > 0 ? 'h' : '●';
  return (
    <>
      <div className="cv-badge">
        <span aria-hidden="true">{icon}</span>
        <span>{badge}</span>
      </div>
      <div className="cv-disc" aria-hidden="true" style={disc}>
        <span className="cv-name">{s.name}</span>
        {s.up && <span className="cv-detail">{s.keys} keys</span>}
        {s.up && s.hints > 0 && <span className="dynamo-hints">{s.hints} hints</span>}
      </div>
    </>
  );
}

export const DynamoNodeBody = memo(DynamoNodeBodyImpl);
