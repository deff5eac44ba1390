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

export type TwoPcView = CoordinatorView | ParticipantView;

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
  if (view.role === 'coordinator') {
    return {
      role: 'coordinator',
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
