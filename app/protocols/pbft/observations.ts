import type { NodeId } from '../../../engine/kernel/protocol';
import { nodeName } from '../../store/store';
import type { ObservationDescriptors } from '../ui';
import { digestText } from './view';

/**
 * What PBFT nodes observe (engine/protocols/pbft/): the phases of a sequence number at a replica
 * (pre-prepared, prepared, committed), its execution, stable checkpoints, view changes and new
 * views, state transfers; at a client, a broadcast after its timeout and the acceptance of a
 * result. Commits, view changes, new views and acceptances are "interesting".
 */
export type PbftObservation =
  | { what: 'boot'; data: { view: number; lastExecuted: number; f: number } }
  | { what: 'pre-prepared'; data: { seq: number; view: number; digest: string } }
  | { what: 'prepared'; data: { seq: number; view: number; digest: string } }
  | { what: 'committed'; data: { seq: number; view: number; digest: string } }
  | { what: 'executed'; data: { seq: number; digest: string; client?: NodeId; t?: number } }
  | { what: 'checkpoint-stable'; data: { seq: number; digest: string } }
  | { what: 'view-change'; data: { view: number; primary: NodeId } }
  | { what: 'new-view'; data: { view: number; primary: NodeId } }
  | { what: 'state-transfer'; data: { seq: number } }
  | { what: 'broadcast'; data: { t: number; digest: string } }
  | { what: 'accepted'; data: { t: number; digest: string; repliers: NodeId[] } };

const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string => (typeof v === 'string' ? digestText(v) : '?');
const at = (d: Record<string, unknown>) => `n = ${int(d.seq)}, view ${int(d.view)}`;

export const pbftObservations: ObservationDescriptors<PbftObservation> = {
  boot: { narrate: (d) => ({ text: `boots in view ${int(d.view)}`, note: `executed up to ${int(d.lastExecuted)}; tolerates f = ${int(d.f)}`, major: false, topic: 'view' }) },
  'pre-prepared': {
    narrate: (d) => ({ text: `pre-prepares ${str(d.digest)}`, note: at(d), major: false, topic: 'order' }),
  },
  prepared: {
    lane: (d) => ({ kind: 'pbft-prepared', shape: 'diamond', label: `◐${int(d.seq)}`, title: `prepared ${str(d.digest)} at ${at(d)}`, fill: 'var(--msg-vote)', priority: 1 }),
    narrate: (d) => ({ text: `has prepared ${str(d.digest)}`, note: `${at(d)}: the pre-prepare and 2f matching prepares`, major: false, topic: 'order' }),
  },
  committed: {
    interesting: true,
    marker: { kind: 'pbft-committed', symbol: '●', legend: 'committed locally', minor: true, label: (d, node) => `${node} commits ${str(d.digest)} at ${at(d)}` },
    lane: (d) => ({ kind: 'pbft-committed', shape: 'diamond', label: `●${int(d.seq)}`, title: `committed ${str(d.digest)} at ${at(d)}`, fill: 'var(--ok)', priority: 2 }),
    narrate: (d) => ({ text: `commits ${str(d.digest)}`, note: `${at(d)}: 2f + 1 matching commits`, major: true, topic: 'commit' }),
  },
  executed: {
    narrate: (d) => ({ text: `executes ${str(d.digest)}`, note: `n = ${int(d.seq)}${typeof d.client === 'number' ? `; replies to ${nodeName(d.client)}` : ''}`, major: false, topic: 'commit' }),
  },
  'checkpoint-stable': {
    marker: { kind: 'pbft-checkpoint', symbol: '▣', legend: 'stable checkpoint', minor: true, label: (d, node) => `${node}: checkpoint ${int(d.seq)} is stable` },
    narrate: (d) => ({ text: `holds checkpoint ${int(d.seq)} stable`, note: '2f + 1 matching checkpoints: the log below it is discarded', major: false, topic: 'checkpoint' }),
  },
  'view-change': {
    interesting: true,
    marker: { kind: 'pbft-view-change', symbol: '⟳', legend: 'view change asked', label: (d, node) => `${node} asks for view ${int(d.view)}` },
    lane: (d) => ({ kind: 'pbft-view-change', shape: 'diamond', label: `⟳${int(d.view)}`, title: `asks for view ${int(d.view)} (primary ${nodeName(int(d.primary))})`, fill: 'var(--warn)', priority: 3 }),
    narrate: (d) => ({ text: `asks for view ${int(d.view)}`, note: `${nodeName(int(d.primary))} would be its primary`, major: true, topic: 'view' }),
  },
  'new-view': {
    interesting: true,
    marker: { kind: 'pbft-new-view', symbol: '★', legend: 'new view entered', label: (d, node) => `${node} enters view ${int(d.view)}, primary ${nodeName(int(d.primary))}` },
    lane: (d) => ({ kind: 'pbft-new-view', shape: 'star', label: `★${int(d.view)}`, title: `enters view ${int(d.view)}, primary ${nodeName(int(d.primary))}`, fill: 'var(--warn)', priority: 4 }),
    narrate: (d) => ({ text: `enters view ${int(d.view)}`, note: `primary ${nodeName(int(d.primary))}`, major: true, topic: 'view' }),
  },
  'state-transfer': {
    narrate: (d) => ({ text: `takes the state at checkpoint ${int(d.seq)} from another replica`, note: 'it matched the stable checkpoint digest', major: true, topic: 'checkpoint' }),
  },
  broadcast: {
    narrate: (d) => ({ text: `broadcasts request ${int(d.t)} to every replica`, note: 'no f + 1 matching replies in time', major: true, topic: 'client' }),
  },
  accepted: {
    interesting: true,
    narrate: (d) => ({
      text: `accepts the result of request ${int(d.t)}`,
      note: `matching replies from ${Array.isArray(d.repliers) ? (d.repliers as unknown[]).map((r) => nodeName(int(r))).join(', ') : '?'}`,
      major: false,
      topic: 'client',
    }),
  },
};
