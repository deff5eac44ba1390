import type { TraceEvent } from '../../../engine/kernel/trace';

/**
 * The ballot timeline's model, for any Paxos-family protocol: the page's trace folded into one
 * row per proposer, one span per ballot it started ("Paxos Made Simple" §2.2 for one value, §3
 * for a leader's ballot over many slots). A protocol's adapter (app/protocols/NAME/ballots.ts)
 * says what each trace event means as a `BallotStep`; this fold knows no protocol:
 * - start: the proposer sent Prepare in a new ballot (an open ballot of its own is given up);
 * - promise: an acceptor promised the ballot (phase 1b);
 * - phase2: a majority promised, so the proposer sent Accept (or, as a leader, began to);
 * - accepted: an acceptor accepted a value in the ballot for a slot (phase 2b); a majority of
 *   them for one slot chose it there;
 * - learned: a learner learned the ballot's value for a slot (chosen, even if the accepts that
 *   chose it were not all seen);
 * - preempted: a higher ballot passed the proposer by (Nack, or a leader stepping down);
 * - down: the node crashed: its open ballot is given up.
 * Pure, so a test drives it with a real run's trace; the page recomputes it from the trace it
 * holds, so it follows time travel as the rest of the page does.
 */
export type BallotStep =
  | { readonly kind: 'start'; readonly proposer: number; readonly ballot: number }
  | { readonly kind: 'promise'; readonly acceptor: number; readonly ballot: number }
  | { readonly kind: 'phase2'; readonly ballot: number; readonly value: number | null }
  | { readonly kind: 'accepted'; readonly acceptor: number; readonly ballot: number; readonly slot: number }
  | { readonly kind: 'learned'; readonly ballot: number; readonly slot: number }
  /** `ballot` null: the proposer's open ballot, whichever it is. */
  | { readonly kind: 'preempted'; readonly proposer: number; readonly ballot: number | null; readonly by: number | null }
  | { readonly kind: 'down'; readonly node: number };

export interface BallotModel {
  /** What `e` means for the timeline: nothing (null), one step, or several at the same instant. */
  readonly stepOf: (e: TraceEvent) => BallotStep | readonly BallotStep[] | null;
  /**
   * Single-decree Paxos: a ballot ends once its value is chosen. Multi-Paxos: a leader's ballot
   * keeps running and collects chosen slots until it is pre-empted or given up.
   */
  readonly endsWhenChosen: boolean;
}

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
  /** The acceptors that promised it, in the order they did. */
  promisedBy: number[];
  /** The acceptors that accepted something in it, in the order they first did. */
  acceptedBy: number[];
  /** The slots chosen in it, in the order they were chosen. */
  chosenSlots: number[];
  /** When its first slot was chosen. */
  firstChosenUs: number | null;
}

export interface ProposerRow {
  proposer: number;
  ballots: BallotSpan[];
}

/** The proposers' rows, ascending by node, each with its ballots in the order it started them. */
export function ballotRows(trace: readonly TraceEvent[], model: BallotModel, acceptorCount: number): ProposerRow[] {
  const need = Math.floor(Math.max(1, acceptorCount) / 2) + 1;
  const rows = new Map<number, ProposerRow>();
  const spans = new Map<number, BallotSpan>();
  const open = new Map<number, BallotSpan>();
  /** Per ballot and slot, the acceptors that accepted it there. */
  const acceptedAt = new Map<string, Set<number>>();
  const rowOf = (proposer: number) => {
    let row = rows.get(proposer);
    if (!row) rows.set(proposer, (row = { proposer, ballots: [] }));
    return row;
  };
  const end = (span: BallotSpan, outcome: Exclude<BallotOutcome, 'open'>, atUs: number) => {
    // A chosen ballot stays chosen; a ballot seen chosen after it was ended (its accepts were
    // still on their way) is chosen all the same.
    if (span.outcome !== 'open' && !(outcome === 'chosen' && span.outcome !== 'chosen')) return;
    span.outcome = outcome;
    span.endUs = atUs;
    if (open.get(span.proposer) === span) open.delete(span.proposer);
  };
  const choose = (span: BallotSpan, slot: number, atUs: number) => {
    if (span.chosenSlots.includes(slot)) return;
    span.chosenSlots.push(slot);
    span.firstChosenUs ??= atUs;
    if (model.endsWhenChosen) end(span, 'chosen', atUs);
  };
  const apply = (e: TraceEvent, step: BallotStep) => {
    switch (step.kind) {
      case 'start': {
        const previous = open.get(step.proposer);
        if (previous) end(previous, 'abandoned', e.at);
        const span: BallotSpan = {
          ballot: step.ballot,
          proposer: step.proposer,
          startUs: e.at,
          acceptUs: null,
          value: null,
          endUs: null,
          outcome: 'open',
          by: null,
          promisedBy: [],
          acceptedBy: [],
          chosenSlots: [],
          firstChosenUs: null,
        };
        rowOf(step.proposer).ballots.push(span);
        spans.set(step.ballot, span);
        open.set(step.proposer, span);
        return;
      }
      case 'down': {
        const span = open.get(step.node);
        if (span) end(span, 'abandoned', e.at);
        return;
      }
      case 'preempted': {
        const span = step.ballot === null ? open.get(step.proposer) : spans.get(step.ballot);
        if (!span) return;
        span.by = step.by;
        end(span, 'preempted', e.at);
        return;
      }
      default: {
        const span = spans.get(step.ballot);
        if (!span) return; // begun before the page's (capped) trace starts
        if (step.kind === 'promise') {
          if (!span.promisedBy.includes(step.acceptor)) span.promisedBy.push(step.acceptor);
        } else if (step.kind === 'phase2') {
          span.acceptUs = e.at;
          span.value = step.value;
        } else if (step.kind === 'accepted') {
          if (!span.acceptedBy.includes(step.acceptor)) span.acceptedBy.push(step.acceptor);
          const key = `${step.ballot}/${step.slot}`;
          const from = acceptedAt.get(key) ?? new Set<number>();
          acceptedAt.set(key, from.add(step.acceptor));
          if (from.size >= need) choose(span, step.slot, e.at);
        } else {
          choose(span, step.slot, e.at);
        }
      }
    }
  };
  for (const e of trace) for (const step of stepsOf(model, e)) apply(e, step);
  return [...rows.values()].sort((a, b) => a.proposer - b.proposer);
}

/**
 * Which ballot each acceptor has promised at the end of `trace` (the highest it promised or
 * accepted in), as far as the trace shows (a promise is durable: a crash keeps it): the duelling leaders' tug of war in one line.
 */
export function promisedNow(trace: readonly TraceEvent[], model: BallotModel): Map<number, number> {
  const now = new Map<number, number>();
  for (const e of trace) {
    for (const step of stepsOf(model, e)) {
      if (step.kind === 'promise' || step.kind === 'accepted') now.set(step.acceptor, Math.max(now.get(step.acceptor) ?? 0, step.ballot));
    }
  }
  return now;
}

const NONE: readonly BallotStep[] = [];

function stepsOf(model: BallotModel, e: TraceEvent): readonly BallotStep[] {
  const steps = model.stepOf(e);
  if (steps === null) return NONE;
  return 'kind' in steps ? [steps as BallotStep] : (steps as readonly BallotStep[]);
}
