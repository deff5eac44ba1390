import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ReactNode } from 'react';
import { formatDuration } from '../../lib/format';
import { BallotIcon, CrossIcon, CrownIcon, FollowerIcon } from '../../views/cluster/icons';
import { nodeName, useSim } from '../../store/store';
import type { NodeState } from '../../store/types';
import type { NodeBodyProps, NodeLook } from '../ui';
import { asPrView, currentPrimary, lagOf, lagWords } from './view';

/**
 * A node of primary-replica in the cluster view. A server shows its role (primary, replica,
 * a primary of an epoch already over: split brain), its epoch and where its log ends; a replica
 * its lag as the primary sees it ("340 ms behind, 12 entries"); the lease store who holds the
 * lease and for how long; a client the epoch it knows and what it waits for.
 */
export function prLook(node: NodeState | undefined, nodes: readonly NodeState[]): NodeLook {
  if (!node) return { tone: 'unknown', label: '?' };
  if (!node.up) return { tone: 'down', label: `${node.name}, crashed` };
  const view = asPrView(node.view);
  if (!view) return { tone: 'unknown', label: `${node.name}, starting` };
  if (view.kind === 'dcs') {
    const holder = view.holder === null ? 'nobody holds the lease' : `lease held by ${nodeName(view.holder)} in epoch ${view.epoch}`;
    return { tone: 'pr-dcs', label: `${node.name}, lease store, ${holder}` };
  }
  if (view.kind === 'consumer') {
    const head = currentPrimary(nodes);
    const behind = head ? Math.max(0, head.view.last - view.position) : 0;
    const where = view.snapshotAt === null ? 'waiting for its snapshot' : `at ${view.position} (epoch ${view.epoch}), ${behind} behind`;
    return { tone: 'pr-client', label: `${node.name}, change consumer, ${where}` };
  }
  if (view.kind === 'client') {
    return { tone: 'pr-client', label: `${node.name}, client, knows epoch ${view.epoch}, ${view.pending.length} waiting` };
  }
  const head = currentPrimary(nodes);
  if (view.role === 'primary') {
    const stale = head !== null && head.view.epoch > view.epoch;
    const waiting = view.waiting.length ? `, ${view.waiting.length} writes waiting for replicas` : '';
    if (stale) return { tone: 'pr-stale', label: `${node.name}, primary of epoch ${view.epoch}, which is over (split brain), log at ${view.last}${waiting}` };
    return { tone: 'pr-primary', label: `${node.name}, primary, epoch ${view.epoch}, log at ${view.last}${waiting}` };
  }
  const lag = lagWords(lagOf(node.id, nodes));
  return { tone: view.candidate ? 'pr-candidate' : 'pr-replica', label: `${node.name}, ${view.candidate ? 'candidate' : 'replica'}, ${lag}, epoch ${view.epoch}, log at ${view.last}` };
}

interface Summary {
  name: string;
  kind: string;
  role: string;
  epoch: number;
  last: number;
  lag: string | null;
  lease: string | null;
}

function summary(node: NodeState | undefined, nodes: readonly NodeState[], now: number): Summary {
  const view = node?.up ? asPrView(node.view) : null;
  const base = { name: node?.name ?? '?', kind: view?.kind ?? 'down', role: '', epoch: 0, last: 0, lag: null, lease: null };
  if (!view || !node) return base;
  if (view.kind === 'dcs') {
    const left = view.expiresAtUs - now;
    return { ...base, epoch: view.epoch, role: view.holder === null ? 'free' : nodeName(view.holder), lease: left > 0 ? `${formatDuration(left)} left` : 'expired' };
  }
  if (view.kind === 'client') return { ...base, epoch: view.epoch, role: `${view.pending.length} waiting` };
  if (view.kind === 'consumer') return { ...base, kind: 'client', epoch: view.epoch, role: `at ${view.position}` };
  const f = view.role === 'replica' ? lagOf(node.id, nodes) : null;
  return { ...base, role: view.role, epoch: view.epoch, last: view.last, lag: view.role === 'replica' ? (f ? (f.entries ? `${f.ms} ms · ${f.entries}` : 'caught up') : null) : null };
}

/** An hourglass: the lease store keeps time for the lease. */
function LeaseIcon({ size = 14 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" className="cv-icon">
      <path d="M6 3h12M6 21h12M7 3c0 6 10 6 10 9s-10 3-10 9M17 3c0 6-10 6-10 9s10 3 10 9" fill="none" stroke="currentColor" strokeWidth={2.5} />
    </svg>
  );
}

/** Two arrows: a client sends requests and takes answers. */
function ClientIcon({ size = 14 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" className="cv-icon">
      <path d="M3 8h16l-4-4M21 16H5l4 4" fill="none" stroke="currentColor" strokeWidth={3} strokeLinecap="round" />
    </svg>
  );
}

// The icon is drawn even where the cluster is too small for words (legibility tiers keep svgs).
const BADGE: Record<string, [ReactNode, string]> = {
  'pr-primary': [<CrownIcon key="i" />, 'Primary'],
  'pr-stale': [<CrossIcon key="i" />, 'Old primary'],
  'pr-replica': [<FollowerIcon key="i" />, 'Replica'],
  'pr-candidate': [<BallotIcon key="i" />, 'Candidate'],
  'pr-dcs': [<LeaseIcon key="i" />, 'Lease store'],
  'pr-client': [<ClientIcon key="i" />, 'Client'],
  down: [<CrossIcon key="i" />, 'Crashed'],
};

function PrNodeBodyImpl({ id, look, disc }: NodeBodyProps) {
  const s = useSim(useShallow((st) => summary(st.nodes.find((n) => n.id === id), st.nodes, st.now)));
  const [icon, word] = BADGE[look.tone] ?? ['', ''];
  return (
    <>
      <div className="cv-badge">
        {icon}
        <span>{word}</span>
      </div>
      <div className="cv-disc" aria-hidden="true" style={disc}>
        <span className="cv-name">{s.name}</span>
        {s.kind === 'server' && <span className="pr-epoch">e{s.epoch} · log {s.last}</span>}
        {s.kind === 'dcs' && <span className="pr-epoch">{s.role} · e{s.epoch}</span>}
        {s.kind === 'dcs' && s.lease && <span className="cv-detail">{s.lease}</span>}
        {s.kind === 'client' && <span className="pr-epoch">e{s.epoch}</span>}
      </div>
      {s.lag && (
        <div className="pr-lag" aria-hidden="true">
          <span className={`pr-chip${s.lag === 'caught up' ? '' : ' pr-chip--behind'}`}>{s.lag}</span>
        </div>
      )}
    </>
  );
}

export const PrNodeBody = memo(PrNodeBodyImpl);
