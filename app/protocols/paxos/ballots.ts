import type { TraceEvent } from '../../../engine/kernel/trace';
import { majority, proposerOf } from '../../../engine/protocols/paxos/ballot';

/**
 * The ballot timeline's model: the page's trace (its `observe` events, engine/protocols/paxos/)
 * folded into one row per proposer, one span per ballot it started ("Paxos Made Simple" §2.2):
 * - started: it sent Prepare (`prepare`);
 * - accept sent: a majority promised, so it sent Accept (`propose`: promised and accept at once);
 * - chosen: a majority of acceptors accepted it (`accepted` counted), or a learner learned it;
 * - pre-empted: a Nack told it a higher ballot was promised (`preempted`, §2.2's optimisation);
 * - abandoned: it started another ballot without either (a phase timed out) or it crashed.
 * Pure, so a test drives it with a real run's trace; the page recomputes it from the trace it
 * holds, so it follows time travel as the rest of the page does.
 */
export type BallotOutcome = 'open' | 'chosen' | 'preempted' | 'abandoned';

export interface BallotSpan {
  ballot: number;
  proposer: number;
  startUs: number;
  /** When a majority promised and it sent Accept (null: not yet / never). */
  acceptUs: number | null;
  value: number | null;
  /** When the ballot ended (chosen, pre-empted or abandoned); null while open. */
  endUs: number | null;
  outcome: BallotOutcome;
  /** The higher ballot that pre-empted it. */
  by: number | null;
}

export interface ProposerRow {
  proposer: number;
  ballots: BallotSpan[];
}

/** The proposers' rows, ascending by node, each with its ballots in the order it started them. */
export function ballotRows(trace: readonly TraceEvent[], acceptorCount: number): ProposerRow[] {
  const need = majority(Math.max(1, acceptorCount));
  const rows = new Map<number, ProposerRow>();
  const spans = new Map<number, BallotSpan>();
  const open = new Map<number, BallotSpan>();
  const acceptedBy = new Map<number, Set<number>>();
  const rowOf = (proposer: number) => {
    let row = rows.get(proposer);
    if (!row) rows.set(proposer, (row = { proposer, ballots: [] }));
    return row;
  };
  const end = (span: BallotSpan, outcome: BallotOutcome, atUs: number) => {
    if (span.outcome !== 'open' && !(outcome === 'chosen' && span.outcome !== 'chosen')) return;
    span.outcome = outcome;
    span.endUs = atUs;
    if (open.get(span.proposer) === span) open.delete(span.proposer);
  };
  for (const e of trace) {
    if (e.kind === 'crash') {
      const span = open.get(e.node);
      if (span) end(span, 'abandoned', e.at);
      continue;
    }
    if (e.kind !== 'observe' || !e.data) continue;
    const ballot = e.data.ballot;
    if (typeof ballot !== 'number') continue;
    if (e.what === 'prepare') {
      const proposer = proposerOf(ballot);
      const previous = open.get(proposer);
      if (previous) end(previous, 'abandoned', e.at);
      const span: BallotSpan = { ballot, proposer, startUs: e.at, acceptUs: null, value: null, endUs: null, outcome: 'open', by: null };
      rowOf(proposer).ballots.push(span);
      spans.set(ballot, span);
      open.set(proposer, span);
      continue;
    }
    const span = spans.get(ballot);
    if (!span) continue; // begun before the page's (capped) trace starts
    if (e.what === 'propose') {
      span.acceptUs = e.at;
      span.value = typeof e.data.value === 'number' ? e.data.value : null;
    } else if (e.what === 'preempted') {
      span.by = typeof e.data.by === 'number' ? e.data.by : null;
      end(span, 'preempted', e.at);
    } else if (e.what === 'accepted') {
      const from = acceptedBy.get(ballot) ?? new Set<number>();
      acceptedBy.set(ballot, from.add(e.node));
      if (from.size >= need && span.outcome !== 'chosen') end(span, 'chosen', e.at);
    } else if (e.what === 'learned' && span.outcome !== 'chosen') {
      end(span, 'chosen', e.at);
    }
  }
  return [...rows.values()].sort((a, b) => a.proposer - b.proposer);
}
