import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatDuration, formatSeconds } from '../../lib/format';
import { nodeName, useSim } from '../../store/store';
import type { NodeState } from '../../store/types';
import type { NodeBodyProps, NodeLook } from '../ui';
import { asLocksView, clientTruth, isClient, isServer, isStorage, liveHolder, PHASE_WORD } from './view';

/**
 * A node of the lock service in the cluster view. A lock server shows whom it grants the lock
 * to and a bar of the lease's remaining time; a client says whether it believes it holds the
 * lock and whether its lease is actually still valid (the two part during a pause); the storage
 * shows the highest token it has seen and how many writes it took and refused.
 */
export function locksLook(node: NodeState | undefined, _nodes: readonly NodeState[]): NodeLook {
  if (!node) return { tone: 'unknown', label: '?' };
  const view = asLocksView(node.view);
  if (!node.up) return { tone: 'down', label: `${node.name}, crashed` };
  if (!view) return { tone: 'unknown', label: `${node.name}, starting` };
  const paused = node.paused ? ', paused' : '';
  if (isServer(view)) {
    const role = view.role === 'redlock' ? 'lock server' : `lock server, ${view.role}${view.term !== null ? ` of term ${view.term}` : ''}`;
    const lease = view.holder !== null && view.expiresAtUs !== null ? `lease to ${nodeName(view.holder)} until ${formatSeconds(view.expiresAtUs)}` : 'no lease';
    return { tone: view.role === 'leader' ? 'lk-leader' : view.holder !== null ? 'lk-granted' : 'lk-free', label: `${node.name}, ${role}, ${lease}${paused}` };
  }
  if (isClient(view)) {
    if (view.phase === 'holding') {
      return {
        tone: 'lk-holder',
        label: `${node.name}, client, believes it holds the lock with token ${view.token ?? '?'}, lease valid until ${view.validUntilUs !== null ? formatSeconds(view.validUntilUs) : '?'}${paused}`,
      };
    }
    return { tone: 'lk-client', label: `${node.name}, client, ${PHASE_WORD[view.phase]}${paused}` };
  }
  if (isStorage(view)) {
    return {
      tone: 'lk-storage',
      label: `${node.name}, storage, fencing ${view.fencing ? 'on' : 'off'}, highest token ${view.highest}, ${view.accepted} writes accepted, ${view.refused} refused`,
    };
  }
  return { tone: 'unknown', label: node.name };
}

function summary(node: NodeState | undefined, now: number) {
  const view = node ? asLocksView(node.view) : null;
  const base = { name: node?.name ?? '?', kind: 'none' as 'none' | 'server' | 'client' | 'storage', badge: '', icon: '', line: '', share: -1, warn: false };
  if (!node || !view) return base;
  if (isServer(view)) {
    const live = liveHolder(view, now);
    const leader = view.role === 'leader';
    return {
      ...base,
      kind: 'server' as const,
      badge: leader ? 'Leader' : view.role === 'candidate' ? 'Candidate' : 'Lock server',
      icon: leader ? '★' : '◇',
      line: live ? `→ ${nodeName(live.holder)} ${formatDuration(live.remainingUs)}` : 'free',
      // The lease's remaining share of one TTL, as the server's own expiry says.
      share: live ? Math.min(1, live.remainingUs / Math.max(1, view.ttlUs)) : -1,
    };
  }
  if (isClient(view)) {
    const { believes, valid } = clientTruth(view, now);
    return {
      ...base,
      kind: 'client' as const,
      badge: believes ? (valid ? 'Holds' : 'Expired!') : view.phase === 'acquiring' || view.phase === 'fencing' ? 'Asking' : 'Waiting',
      icon: believes ? (valid ? '◆' : '⚠') : '…',
      line: believes ? `token ${view.token ?? '?'}` : '',
      warn: believes && !valid,
    };
  }
  if (isStorage(view)) {
    return { ...base, kind: 'storage' as const, badge: view.fencing ? 'Storage, fenced' : 'Storage', icon: '▭', line: `max token ${view.highest}` };
  }
  return base;
}

function LocksNodeBodyImpl({ id, look, disc }: NodeBodyProps) {
  const s = useSim(useShallow((st) => summary(st.nodes.find((n) => n.id === id), st.now)));
  const down = look.tone === 'down';
  return (
    <>
      <div className={`cv-badge${s.warn ? ' lk-badge-warn' : ''}`}>
        <span aria-hidden="true">{down ? '✕' : s.icon}</span>
        <span>{down ? 'Crashed' : s.badge}</span>
      </div>
      <div className="cv-disc" aria-hidden="true" style={disc}>
        <span className="cv-name">{s.name}</span>
        {s.line && <span className="lk-line">{s.line}</span>}
      </div>
      {s.kind === 'server' && s.share >= 0 && (
        <div className="lk-lease-bar" aria-hidden="true">
          <div className="lk-lease-fill" style={{ width: `${Math.round(s.share * 100)}%` }} />
        </div>
      )}
    </>
  );
}

export const LocksNodeBody = memo(LocksNodeBodyImpl);
