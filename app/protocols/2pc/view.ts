import type { NodeId } from '../../../engine/kernel/protocol';
import type { Micros } from '../../../engine/kernel/time';

/**
 * The shape of two-phase commit's `view()` (engine/protocols/2pc/twopc.ts) as the page reads it:
 * the one place that knows its fields. A field of the wrong type reads as absent.
 */
export type Outcome = 'commit' | 'abort';
export type Phase = 'preparing' | 'committing' | 'aborting';

export interface OpenTxn {
  txid: string;
  phase: Phase;
  participants: NodeId[];
  /** By participant, in the order of `participants`: true yes, false no, null not in yet. */
  votes: (boolean | null)[];
  acks: NodeId[];
  keys: string[];
  startedUs: Micros;
  reason: string | null;
}

export interface FinishedTxn {
  txid: string;
  outcome: Outcome;
  reason: string | null;
  atUs: Micros;
}

export interface CoordinatorView {
  role: 'coordinator';
  /** Paxos Commit: the votes are with the acceptors; absent in classic 2PC. */
  paxos?: boolean;
  txns: OpenTxn[];
  finished: FinishedTxn[];
}

export interface PreparedTxn {
  txid: string;
  coordinator: NodeId;
  keys: string[];
  preparedUs: Micros;
}

export interface ParticipantView {
  role: 'participant';
  /** Key -> the transaction holding its lock. */
  locks: Record<string, string>;
  prepared: PreparedTxn[];
  data: Record<string, { value: number; txid: string }>;
  recent: { txid: string; outcome: Outcome; atUs: Micros }[];
}

/** A Paxos Commit acceptor (commit: 'paxos'): per recent transaction, its promise and the votes it accepted. */
export interface AcceptorRecordView {
  txid: string;
  promised: number;
  accepted: { rm: NodeId; ballot: number; prepared: boolean }[];
  outcome: Outcome | null;
}

export interface AcceptorView {
  role: 'acceptor';
  mode: 'coordinator' | 'paxos';
  records: AcceptorRecordView[];
  /** Transactions it leads as a taking-over leader. */
  leading: { txid: string; ballot: number; phase: string }[];
}

export type TwoPcView = CoordinatorView | ParticipantView | AcceptorView;

const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const ids = (v: unknown): NodeId[] => arr(v).filter((x): x is number => typeof x === 'number');
const strings = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');
const outcome = (v: unknown): Outcome => (v === 'commit' ? 'commit' : 'abort');
const phase = (v: unknown): Phase => (v === 'committing' || v === 'aborting' ? v : 'preparing');

/** Reads a two-phase-commit view out of a node's `view` field; null when it is not one. */
export function asTwoPcView(view: Record<string, unknown> | null | undefined): TwoPcView | null {
  if (!view || typeof view !== 'object') return null;
  if (view.role === 'acceptor') {
    return {
      role: 'acceptor',
      mode: view.mode === 'paxos' ? 'paxos' : 'coordinator',
      records: arr(view.records).map((r) => {
        const o = obj(r);
        return {
          txid: str(o.txid),
          promised: num(o.promised, -1),
          accepted: arr(o.accepted).map((a) => {
            const x = obj(a);
            return { rm: num(x.rm), ballot: num(x.ballot), prepared: x.prepared === true };
          }),
          outcome: o.outcome === 'commit' || o.outcome === 'abort' ? o.outcome : null,
        };
      }),
      leading: arr(view.leading).map((l) => {
        const o = obj(l);
        return { txid: str(o.txid), ballot: num(o.ballot), phase: str(o.phase) };
      }),
    };
  }
  if (view.role === 'coordinator') {
    return {
      role: 'coordinator',
      ...(view.mode === 'paxos' ? { paxos: true } : {}),
      txns: arr(view.txns).map((t) => {
        const o = obj(t);
        return {
          txid: str(o.txid),
          phase: phase(o.phase),
          participants: ids(o.participants),
          votes: arr(o.votes).map((v) => (typeof v === 'boolean' ? v : null)),
          acks: ids(o.acks),
          keys: strings(o.keys),
          startedUs: num(o.startedUs),
          reason: typeof o.reason === 'string' ? o.reason : null,
        };
      }),
      finished: arr(view.finished).map((f) => {
        const o = obj(f);
        return { txid: str(o.txid), outcome: outcome(o.outcome), reason: typeof o.reason === 'string' ? o.reason : null, atUs: num(o.atUs) };
      }),
    };
  }
  if (view.role === 'participant') {
    const locks: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj(view.locks))) if (typeof v === 'string') locks[k] = v;
    const data: ParticipantView['data'] = {};
    for (const [k, v] of Object.entries(obj(view.data))) {
      const o = obj(v);
      if (typeof o.value === 'number') data[k] = { value: o.value, txid: str(o.txid) };
    }
    return {
      role: 'participant',
      locks,
      prepared: arr(view.prepared).map((p) => {
        const o = obj(p);
        return { txid: str(o.txid), coordinator: num(o.coordinator), keys: strings(o.keys), preparedUs: num(o.preparedUs) };
      }),
      data,
      recent: arr(view.recent).map((r) => {
        const o = obj(r);
        return { txid: str(o.txid), outcome: outcome(o.outcome), atUs: num(o.atUs) };
      }),
    };
  }
  return null;
}

export const PHASE_WORD: Record<Phase, string> = { preparing: 'waiting for votes', committing: 'committing', aborting: 'aborting' };

/** "TM1.3 waiting for votes (1 of 2 in)". */
export function txnText(t: OpenTxn): string {
  if (t.phase === 'preparing') return `${t.txid} ${PHASE_WORD[t.phase]} (${t.votes.filter((v) => v !== null).length} of ${t.participants.length} in)`;
  return `${t.txid} ${PHASE_WORD[t.phase]} (${t.acks.length} of ${t.participants.length} acked)`;
}

/** "TM1.2: promised 96; P1 Prepared in 0, P2 Prepared in 96; committed" (names from `name`). */
export function acceptorRecordText(r: AcceptorRecordView, name: (id: NodeId) => string): string {
  const votes = r.accepted.map((a) => `${name(a.rm)} ${a.prepared ? 'Prepared' : 'Aborted'} in ballot ${a.ballot}`).join(', ');
  const outcome = r.outcome === null ? '' : r.outcome === 'commit' ? '; committed' : '; aborted';
  return `${r.txid}: ${r.promised > 0 ? `promised ballot ${r.promised}; ` : ''}${votes || 'no vote accepted'}${outcome}`;
}
