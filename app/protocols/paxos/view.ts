import { ballotLabel, NO_BALLOT } from '../../../engine/protocols/paxos/ballot';
import { nodeName } from '../../store/store';

/**
 * The shape of single-decree Paxos' `view()` (engine/protocols/paxos/paxos.ts) as the page reads
 * it: the one place that knows its fields. A field of the wrong type reads as absent.
 */
export interface Proposal {
  ballot: number;
  value: number;
}

export type ProposerPhase = 'idle' | 'preparing' | 'accepting' | 'backoff' | 'done';

export interface PaxosView {
  roles: { proposer: boolean; acceptor: boolean; learner: boolean };
  strategy: 'duelling' | 'distinguished';
  acceptorCount: number;
  proposer: {
    phase: ProposerPhase;
    value: number | null;
    ballot: number;
    proposing: number | null;
    promises: number[];
    accepts: number[];
    ballotsStarted: number;
    preemptions: number;
  } | null;
  acceptor: { promised: number; accepted: Proposal | null } | null;
  learner: { learned: Proposal | null } | null;
}

const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const ids = (v: unknown): number[] => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : []);
const PHASES: readonly ProposerPhase[] = ['idle', 'preparing', 'accepting', 'backoff', 'done'];

function proposal(v: unknown): Proposal | null {
  const p = obj(v);
  return p && typeof p.ballot === 'number' && typeof p.value === 'number' ? { ballot: p.ballot, value: p.value } : null;
}

export function asPaxosView(view: Record<string, unknown> | null | undefined): PaxosView | null {
  const roles = obj(view?.roles);
  if (!view || !roles) return null;
  const p = obj(view.proposer);
  const a = obj(view.acceptor);
  const l = obj(view.learner);
  return {
    roles: { proposer: roles.proposer === true, acceptor: roles.acceptor === true, learner: roles.learner === true },
    strategy: view.strategy === 'duelling' ? 'duelling' : 'distinguished',
    acceptorCount: num(view.acceptorCount),
    proposer: p && {
      phase: PHASES.includes(p.phase as ProposerPhase) ? (p.phase as ProposerPhase) : 'idle',
      value: numOrNull(p.value),
      ballot: num(p.ballot),
      proposing: numOrNull(p.proposing),
      promises: ids(p.promises),
      accepts: ids(p.accepts),
      ballotsStarted: num(p.ballotsStarted),
      preemptions: num(p.preemptions),
    },
    acceptor: a && { promised: num(a.promised), accepted: proposal(a.accepted) },
    learner: l && { learned: proposal(l.learned) },
  };
}

/** "3.S2" (round 3 of S2's ballots), or "none". */
export function ballotText(ballot: number): string {
  return ballot === NO_BALLOT ? 'none' : ballotLabel(ballot, nodeName);
}

/** "10 at 3.S2", or "nothing". */
export function proposalText(p: Proposal | null): string {
  return p ? `${p.value} at ${ballotText(p.ballot)}` : 'nothing';
}

export function rolesText(view: PaxosView): string {
  const r = [view.roles.proposer && 'proposer', view.roles.acceptor && 'acceptor', view.roles.learner && 'learner'].filter(Boolean);
  return r.join(', ');
}

export const PHASE_TEXT: Record<ProposerPhase, string> = {
  idle: 'idle',
  preparing: 'preparing',
  accepting: 'asking to accept',
  backoff: 'backing off',
  done: 'done',
};
