import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { nodeName, useSim } from '../../store/store';
import type { NodeState } from '../../store/types';
import type { NodeBodyProps, NodeLook } from '../ui';
import { asBalancerSystemView, latencyText, type BalancerSystemView } from './view';

/**
 * A node of the balancer system in the cluster view: a server with its queue (a bar under the
 * disc) and whether it is slow; a balancer with its algorithm and its recent p99; a client with
 * the balancer it sends to. Its accessible name says the same in words ("S2, slow ×5, queue 14,
 * 1 in service").
 */
const SHORT: Record<string, string> = {
  'round-robin': 'RR',
  random: 'rand',
  'least-outstanding': 'LOR',
  'two-choices': 'P2C',
  'peak-ewma': 'EWMA',
  'consistent-hash': 'hash',
};

export function balancerLook(node: NodeState | undefined): NodeLook {
  if (!node) return { tone: 'unknown', label: '?' };
  if (!node.up) return { tone: 'down', label: `${node.name}, crashed` };
  const v = asBalancerSystemView(node.view);
  if (!v) return { tone: 'unknown', label: `${node.name}, starting` };
  return { tone: toneOf(v), label: labelOf(node.name, v) };
}

function toneOf(v: BalancerSystemView): string {
  if (v.role === 'server') return v.slowFactor > 1 ? 'lb-slow' : 'lb-server';
  return v.role === 'balancer' ? 'lb-balancer' : 'lb-client';
}

export function labelOf(name: string, v: BalancerSystemView): string {
  if (v.role === 'server') {
    const parts = [name, v.slowFactor > 1 ? `slow ×${v.slowFactor}` : 'normal speed', `queue ${v.queue}${v.queueLimit > 0 ? ` of ${v.queueLimit}` : ''}`, `${v.busy} in service`];
    if (v.p99Us !== null) parts.push(`p99 ${latencyText(v.p99Us)}`);
    if (v.shed > 0) parts.push(`${v.shed} shed`);
    return parts.join(', ');
  }
  if (v.role === 'balancer') {
    const parts = [name, v.algorithmTitle, `p99 ${latencyText(v.recentP99Us)}`, `${v.inFlight} in flight`];
    if (v.ejected.length > 0) parts.push(`ejected ${v.ejected.map(nodeName).join(', ')}`);
    return parts.join(', ');
  }
  const parts = [name, v.balancer === null ? 'no balancer' : `via ${nodeName(v.balancer)}`, `${v.pending} waiting`];
  if (v.extraPerSecond > 0) parts.push(`extra load ${v.extraPerSecond} a second`);
  return parts.join(', ');
}

interface Summary {
  name: string;
  role: string;
  badge: string;
  icon: string;
  detail: string;
  queue: number | null;
  queueMax: number;
}

function summarise(node: NodeState | undefined): Summary {
  const name = node?.name ?? '?';
  const v = node?.up ? asBalancerSystemView(node.view) : null;
  if (!v) return { name, role: 'none', badge: node && !node.up ? 'Crashed' : 'Starting', icon: node && !node.up ? '✕' : '…', detail: '', queue: null, queueMax: 1 };
  if (v.role === 'server') {
    return {
      name,
      role: 'server',
      badge: v.slowFactor > 1 ? `Slow ×${v.slowFactor}` : 'Server',
      icon: v.slowFactor > 1 ? '◷' : '▤',
      detail: `queue ${v.queue}`,
      queue: v.queue,
      queueMax: v.queueLimit > 0 ? v.queueLimit : 20,
    };
  }
  if (v.role === 'balancer') {
    return { name, role: 'balancer', badge: SHORT[v.algorithm] ?? v.algorithm, icon: '⚖', detail: `p99 ${v.recentP99Us === null ? '–' : latencyText(v.recentP99Us)}`, queue: null, queueMax: 1 };
  }
  return { name, role: 'client', badge: 'Client', icon: '☺', detail: v.balancer === null ? '' : `→ ${nodeName(v.balancer)}`, queue: null, queueMax: 1 };
}

function BalancerNodeBodyImpl({ id, disc }: NodeBodyProps) {
  const s = useSim(useShallow((st) => summarise(st.nodes.find((n) => n.id === id))));
  return (
    <>
      <div className="cv-badge">
        <span aria-hidden="true">{s.icon}</span>
        <span>{s.badge}</span>
      </div>
      <div className="cv-disc" aria-hidden="true" style={disc}>
        <span className="cv-name">{s.name}</span>
        {s.detail && <span className="cv-detail">{s.detail}</span>}
      </div>
      {s.queue !== null && (
        <div className="lb-queue" aria-hidden="true" title={`queue ${s.queue}`}>
          <span className="lb-queue-fill" style={{ width: `${Math.min(100, (100 * s.queue) / s.queueMax)}%` }} />
          <span className="lb-queue-text">{s.queue}</span>
        </div>
      )}
    </>
  );
}

export const BalancerNodeBody = memo(BalancerNodeBodyImpl);
