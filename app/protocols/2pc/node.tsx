import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSim } from '../../store/store';
import type { NodeState } from '../../store/types';
import type { NodeBodyProps, NodeLook } from '../ui';
import { asTwoPcView, txnText } from './view';

/**
 * A two-phase-commit node in the cluster view. The coordinator shows its open transactions; a
 * participant shows the locks it holds and whether it is in doubt (voted yes, no decision yet):
 * the state in which it may neither commit nor abort on its own.
 */
export function twoPcLook(node: NodeState | undefined, _nodes: readonly NodeState[]): NodeLook {
  if (!node) return { tone: 'unknown', label: '?' };
  const view = asTwoPcView(node.view);
  if (!node.up) return { tone: 'down', label: `${node.name}, crashed${view?.role === 'participant' && view.prepared.length ? ', in doubt' : ''}` };
  if (!view) return { tone: 'unknown', label: `${node.name}, starting` };
  if (view.role === 'coordinator') {
    const open = view.txns.length;
    const parts = [node.name, 'coordinator', open === 0 ? 'no open transactions' : `${open} open: ${view.txns.slice(0, 2).map(txnText).join('; ')}`];
    return { tone: 'tpc-coordinator', label: parts.join(', ') };
  }
  if (view.role === 'acceptor') {
    const leads = view.leading.map((l) => `leads ${l.txid} in ballot ${l.ballot}`);
    const latest = view.records[0];
    const what = view.mode !== 'paxos' ? 'idle' : latest ? `holds votes on ${view.records.length} transaction(s), latest ${latest.txid}` : 'no votes yet';
    return { tone: 'tpc-coordinator', label: [node.name, 'acceptor', what, ...leads].join(', ') };
  }
  const locked = Object.keys(view.locks).sort();
  if (view.prepared.length > 0) {
    return {
      tone: 'tpc-doubt',
      label: `${node.name}, participant, in doubt about ${view.prepared.map((p) => p.txid).join(', ')}, holds locks on ${locked.join(', ')}`,
    };
  }
  return { tone: 'tpc-ready', label: `${node.name}, participant, no locks held, ${Object.keys(view.data).length} keys stored` };
}

function summary(node: NodeState | undefined) {
  const view = node ? asTwoPcView(node.view) : null;
  if (!node || !view) return { name: node?.name ?? '?', role: null, line: '', locks: '', doubt: 0 };
  if (view.role === 'coordinator') {
    return { name: node.name, role: 'coordinator' as const, line: view.txns.length ? `${view.txns.length} open` : 'idle', locks: '', doubt: 0 };
  }
  if (view.role === 'acceptor') {
    const lead = view.leading[0];
    return { name: node.name, role: 'acceptor' as const, line: lead ? `ballot ${lead.ballot}` : view.mode === 'paxos' ? `${view.records.length} txns` : 'idle', locks: '', doubt: 0 };
  }
  return { name: node.name, role: 'participant' as const, line: '', locks: Object.keys(view.locks).sort().join(' '), doubt: view.prepared.length };
}

function TwoPcNodeBodyImpl({ id, look, disc }: NodeBodyProps) {
  const s = useSim(useShallow((st) => summary(st.nodes.find((n) => n.id === id))));
  const badge =
    look.tone === 'down' ? 'Crashed' : s.role === 'coordinator' ? 'Coordinator' : s.role === 'acceptor' ? 'Acceptor' : s.doubt > 0 ? 'In doubt' : 'Participant';
  const icon = look.tone === 'down' ? '✕' : s.role === 'coordinator' ? '◆' : s.role === 'acceptor' ? '▲' : s.doubt > 0 ? '?' : '✓';
  return (
    <>
      <div className="cv-badge">
        <span aria-hidden="true">{icon}</span>
        <span>{badge}</span>
      </div>
      <div className="cv-disc" aria-hidden="true" style={disc}>
        <span className="cv-name">{s.name}</span>
        {(s.role === 'coordinator' || s.role === 'acceptor') && <span className="tpc-line">{s.line}</span>}
      </div>
      {s.locks && (
        <div className="tpc-locks" aria-hidden="true">
          locked {s.locks}
        </div>
      )}
    </>
  );
}

export const TwoPcNodeBody = memo(TwoPcNodeBodyImpl);
