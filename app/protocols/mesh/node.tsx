import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSim } from '../../store/store';
import type { NodeState } from '../../store/types';
import type { NodeBodyProps, NodeLook } from '../ui';
import { asMeshView, failureWords, routeWords, type MeshView } from './view';

/**
 * A mesh node in the cluster view. An instance shows its service, its workers and queue, and
 * its health (slow, failing); a caller shows the breaker of the route it calls on as a chip
 * under the disc; the registry shows how many instances it lists.
 */
const SERVICE_ICON: Record<string, string> = { frontend: '▭', checkout: '🛒', payments: '$', client: '☺', registry: '☰', ca: '✎', stranger: '?' };
const BREAKER_MARK = { closed: '●', open: '⚡', 'half-open': '◐' } as const;

export function toneOf(view: MeshView): string {
  const b = view.route?.breaker;
  if (b?.state === 'open') return 'mesh-open';
  if (b?.state === 'half-open') return 'mesh-half-open';
  const i = view.instance;
  if (i && i.failPercent > 0) return 'mesh-failing';
  if (i && (i.slowFactor > 1 || i.queue > 0)) return 'mesh-slow';
  if (view.kind === 'registry' || view.kind === 'ca') return 'mesh-registry';
  if (view.kind === 'client') return 'mesh-client';
  return 'mesh-ok';
}

/** "route checkout to payments, breaker open, 42% failures". */
export function routePhrase(view: MeshView): string | null {
  const r = view.route;
  if (!r) return null;
  if (!r.breaker) return `route ${routeWords(r.route)}, no breaker`;
  return `route ${routeWords(r.route)}, breaker ${r.breaker.state}, ${failureWords(r.breaker)}`;
}

export function meshLook(node: NodeState | undefined): NodeLook {
  if (!node) return { tone: 'unknown', label: '?' };
  if (!node.up) return { tone: 'down', label: `${node.name}, crashed` };
  const view = asMeshView(node.view);
  if (!view) return { tone: 'unknown', label: `${node.name}, starting` };
  const parts = [node.name];
  if (view.instance) {
    const i = view.instance;
    parts.push(`${i.service} instance`, `${i.busy} of ${i.workers} workers busy`);
    if (i.queue > 0) parts.push(`${i.queue} queued`);
    if (i.slowFactor > 1) parts.push(`slow ×${i.slowFactor}`);
    if (i.failPercent > 0) parts.push(`failing ${i.failPercent}%`);
    if (i.expired) parts.push(`${i.expired} dropped past deadline`);
  } else if (view.stranger) parts.push('stranger outside the mesh, no certificate', `${view.client?.rps ?? 0} requests per second`);
  else if (view.client) parts.push('client', `${view.client.rps} requests per second`);
  else if (view.ca) parts.push('mesh CA', `${view.ca.issued} certificates issued`);
  else if (view.registry) {
    const listed = Object.values(view.registry.table).reduce((n, e) => n + e.length, 0);
    parts.push('registry', `${listed} instances registered`);
  }
  if (view.tls?.mode) parts.push(`${view.tls.mode} mTLS${view.tls.accepted.refused ? `, ${view.tls.accepted.refused} calls refused` : ''}`);
  const phrase = routePhrase(view);
  if (phrase) parts.push(phrase);
  return { tone: toneOf(view), label: parts.join(', ') };
}

function summary(node: NodeState | undefined) {
  const view = node?.up ? asMeshView(node.view) : null;
  const b = view?.route?.breaker ?? null;
  const i = view?.instance ?? null;
  return {
    name: node?.name ?? '?',
    kind: view?.kind ?? '',
    detail: i ? `${i.busy}/${i.workers} busy${i.queue ? ` · q ${i.queue}` : ''}` : view?.client ? `${view.client.rps} req/s` : view?.ca ? `${view.ca.issued} certs` : view?.registry ? `${Object.values(view.registry.table).reduce((n, e) => n + e.length, 0)} listed` : '',
    health: i ? (i.failPercent > 0 ? `fails ${i.failPercent}%` : i.slowFactor > 1 ? `slow ×${i.slowFactor}` : '') : '',
    breaker: b ? b.state : null,
    rate: b && b.failureRate >= 0 ? `${Math.round(b.failureRate)}%` : '',
    inFlight: view?.route ? view.route.inFlight : null,
  };
}

function MeshNodeBodyImpl({ id, look, disc }: NodeBodyProps) {
  const s = useSim(useShallow((st) => summary(st.nodes.find((n) => n.id === id))));
  const down = look.tone === 'down';
  return (
    <>
      <div className="cv-badge">
        <span aria-hidden="true">{down ? '✕' : (SERVICE_ICON[s.kind] ?? '●')}</span>
        <span>{down ? 'Crashed' : s.health || s.kind || '…'}</span>
      </div>
      <div className="cv-disc" aria-hidden="true" style={disc}>
        <span className="cv-name">{s.name}</span>
        {s.detail && <span className="cv-detail">{s.detail}</span>}
      </div>
      {s.breaker && (
        <div className={`mesh-chip mesh-chip--${s.breaker}`} aria-hidden="true">
          {BREAKER_MARK[s.breaker]} {s.breaker} {s.rate}
        </div>
      )}
    </>
  );
}

export const MeshNodeBody = memo(MeshNodeBodyImpl);
