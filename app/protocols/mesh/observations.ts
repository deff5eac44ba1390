import type { NodeId } from '../../../engine/kernel/protocol';
import { nodeName } from '../../store/store';
import type { ObservationDescriptors } from '../ui';

/**
 * What mesh nodes observe (engine/protocols/mesh/): breaker transitions on a caller's route,
 * a caller's changed view of the callee's instances, the registry registering and expiring
 * instances, the user's changes to an instance's health or a client's load, and (with deadline
 * propagation) a call an instance drops unstarted because its caller stopped waiting. Breaker
 * transitions and expiries are "interesting". (The `work` observation, traced for the monitor
 * with deadlines on, is routine: not narrated.)
 */
export type MeshObservation =
  | { what: 'breaker'; data: { route: string; from: string; to: string; failureRate: number; slowCallRate: number } }
  | { what: 'endpoints'; data: { route: string; instances: NodeId[] } }
  | { what: 'registered'; data: { instance: NodeId; service: string } }
  | { what: 'expired'; data: { instance: NodeId; service: string; silentMs: number } }
  | { what: 'health'; data: { slowFactor: number; failPercent: number } }
  | { what: 'load'; data: { rps: number } }
  | { what: 'ejected'; data: { route: string; instance: NodeId; times: number; forMs: number; baseMs: number } }
  | { what: 'split'; data: { route: string; canaryPercent: number } }
  | { what: 'returned'; data: { route: string; instance: NodeId; times: number } }
  | { what: 'cert'; data: { serial: number; expiresAtMs: number } }
  | { what: 'cert-expired'; data: { serial: number } }
  | { what: 'mtls-mode'; data: { service: string; mode: string } }
  | { what: 'deadline-expired'; data: { from: NodeId; callId: number; lateMs: number; waitedMs: number } };

const int = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const s = (v: unknown) => (typeof v === 'string' ? v : '?');
const rate = (v: unknown) => (int(v) === null || int(v)! < 0 ? 'too few calls' : `${Math.round(int(v)!)}% failures`);
const route = (v: unknown) => s(v).replace('>', ' to ');

export const meshObservations: ObservationDescriptors<MeshObservation> = {
  breaker: {
    interesting: true,
    marker: { kind: 'mesh-breaker', symbol: '⚡', legend: 'breaker changes state', label: (d, node) => `${node}: breaker on ${route(d.route)} ${s(d.from)} → ${s(d.to)}` },
    lane: (d) => ({
      kind: `mesh-breaker-${s(d.to)}`,
      shape: 'diamond',
      label: d.to === 'open' ? '⚡ open' : d.to === 'half-open' ? '◐ half-open' : '● closed',
      title: `breaker on ${route(d.route)}: ${s(d.from)} → ${s(d.to)} (${rate(d.failureRate)})`,
      fill: d.to === 'open' ? 'var(--danger)' : d.to === 'half-open' ? 'var(--warn)' : 'var(--ok)',
      priority: d.to === 'open' ? 3 : 2,
    }),
    narrate: (d) => ({
      text: d.to === 'open' ? `opens its breaker on ${route(d.route)}` : d.to === 'half-open' ? `lets probes through on ${route(d.route)} (half-open)` : `closes its breaker on ${route(d.route)}`,
      note: d.from === 'open' ? 'the wait in open is over' : rate(d.failureRate),
      major: true,
      topic: 'breaker',
    }),
  },
  endpoints: {
    narrate: (d) => {
      const ids = Array.isArray(d.instances) ? (d.instances as unknown[]).filter((x): x is number => typeof x === 'number') : [];
      return { text: `routes ${route(d.route)} to ${ids.length ? ids.map(nodeName).join(', ') : 'nobody'}`, note: 'the registry said so', major: false, topic: 'registry' };
    },
  },
  registered: {
    narrate: (d, n) => ({ text: `registers ${int(d.instance) === null ? 'an instance' : n(int(d.instance)!)}`, note: s(d.service), major: false, topic: 'registry' }),
  },
  expired: {
    interesting: true,
    marker: { kind: 'mesh-expired', symbol: '◷', legend: 'a lease expires', label: (d, node) => `${node} drops ${int(d.instance) === null ? 'an instance' : nodeName(int(d.instance)!)} (lease expired)` },
    lane: (d) => ({ kind: 'mesh-expired', shape: 'diamond', label: `◷ ${int(d.instance) === null ? '?' : nodeName(int(d.instance)!)}`, title: `lease expired after ${int(d.silentMs) ?? '?'} ms of silence`, fill: 'var(--warn)', priority: 2 }),
    narrate: (d, n) => ({ text: `drops ${int(d.instance) === null ? 'an instance' : n(int(d.instance)!)} from ${s(d.service)}`, note: `no heartbeat for ${int(d.silentMs) ?? '?'} ms`, major: true, topic: 'registry' }),
  },
  health: {
    narrate: (d) => ({
      text: int(d.failPercent)! > 0 ? `starts failing ${int(d.failPercent)}% of calls` : int(d.slowFactor)! > 1 ? `slows down ×${int(d.slowFactor)}` : 'is healthy again',
      major: true,
      topic: 'health',
    }),
  },
  ejected: {
    interesting: true,
    marker: { kind: 'mesh-ejected', symbol: '⊗', legend: 'an outlier is ejected', label: (d, node) => `${node} ejects ${int(d.instance) === null ? 'an instance' : nodeName(int(d.instance)!)} for ${(int(d.forMs) ?? 0) / 1000} s` },
    lane: (d) => ({ kind: 'mesh-ejected', shape: 'diamond', label: `⊗ ${int(d.instance) === null ? '?' : nodeName(int(d.instance)!)}`, title: `ejected for ${(int(d.baseMs) ?? 0) / 1000} s × ${int(d.times) ?? 1}`, fill: 'var(--danger)', priority: 2 }),
    narrate: (d, n) => ({
      text: `ejects ${int(d.instance) === null ? 'an instance' : n(int(d.instance)!)} from ${route(d.route)}`,
      note: `too many failures in a row: ${(int(d.baseMs) ?? 0) / 1000} s × ${int(d.times) ?? 1} ejection(s) = ${(int(d.forMs) ?? 0) / 1000} s`,
      major: true,
      topic: 'registry',
    }),
  },
  split: {
    marker: { kind: 'mesh-split', symbol: '⇄', legend: 'the canary split moves', minor: true, label: (d, node) => `${node}: canary at ${int(d.canaryPercent) ?? 0}% on ${route(d.route)}` },
    narrate: (d) => ({ text: `sends ${int(d.canaryPercent) ?? 0}% of ${route(d.route)} to the canary`, major: true, topic: 'registry' }),
  },
  returned: {
    narrate: (d, n) => ({ text: `takes ${int(d.instance) === null ? 'an instance' : n(int(d.instance)!)} back into ${route(d.route)}`, note: 'its ejection time is up', major: true, topic: 'registry' }),
  },
  cert: {
    narrate: (d) => ({ text: `gets certificate #${int(d.serial) ?? '?'} from the mesh CA`, note: `valid until ${((int(d.expiresAtMs) ?? 0) / 1000).toFixed(1)} s`, major: false, topic: 'mtls' }),
  },
  'cert-expired': {
    interesting: true,
    marker: { kind: 'mesh-cert-expired', symbol: '◌', legend: 'a certificate expires', label: (d, node) => `${node}: certificate #${int(d.serial) ?? '?'} expired` },
    lane: (d) => ({ kind: 'mesh-cert-expired', shape: 'diamond', label: '◌ expired', title: `certificate #${int(d.serial) ?? '?'} expired before a new one came`, fill: 'var(--danger)', priority: 3 }),
    narrate: (d) => ({ text: `lets certificate #${int(d.serial) ?? '?'} expire`, note: 'no new one came from the CA in time', major: true, topic: 'mtls' }),
  },
  'mtls-mode': {
    interesting: true,
    marker: { kind: 'mesh-mtls-mode', symbol: '◆', legend: 'an mTLS mode changes', label: (d, node) => `${node}: ${s(d.mode)} mTLS` },
    narrate: (d) => ({ text: d.mode === 'strict' ? 'turns strict: refuses calls without a valid certificate' : 'turns permissive: accepts plain-text calls too', note: s(d.service), major: true, topic: 'mtls' }),
  },
  'deadline-expired': {
    // Routine in a storm (hundreds a second): told in the log, not marked on the timeline.
    narrate: (d, n) => {
      const waited = Math.round(int(d.waitedMs) ?? 0);
      return {
        text: `drops ${int(d.from) === null ? 'a call' : `${n(int(d.from)!)}'s call`} without working on it: its deadline passed`,
        note: `${waited > 0 ? `it waited ${waited} ms in the queue` : 'it arrived too late'}; its caller had already given up`,
        major: false,
        topic: 'deadline',
      };
    },
  },
  load: {
    narrate: (d) => ({ text: `now sends ${int(d.rps) ?? 0} requests per second`, major: true, topic: 'health' }),
  },
};
