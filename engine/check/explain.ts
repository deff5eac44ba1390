import { formatInterval, type Operation } from './history';
import type { Model } from './model';

export interface FailureFacts<S, I, O> {
  key: string | undefined;
  minimalHistory: readonly Operation<I, O>[];
  /** The longest order of the minimal history's operations found valid, or null if unknown. */
  partialLinearization: readonly Operation<I, O>[] | null;
  notLinearized: readonly Operation<I, O>[];
  minimal: boolean;
  recordedBefore: number | null;
  statesAtCut: readonly S[];
}

/** The failure in words, for the page and the CLI: which operations, and where order breaks. */
export function explainFailure<S, I, O>(model: Model<S, I, O>, facts: FailureFacts<S, I, O>): string {
  const line = (op: Operation<I, O>) => `${model.describe(op)} by client ${op.client} (${formatInterval(op)})`;
  const count = facts.minimalHistory.length;
  const where = facts.key === undefined ? '' : `Key ${JSON.stringify(facts.key)}: `;
  const lines = [
    `${where}${count === 1 ? 'this operation cannot' : `these ${count} operations cannot`} be linearized: ` +
      'no order of them both respects real time (an operation that returned before another was called comes first) ' +
      'and is a valid sequential run.',
  ];
  if (facts.recordedBefore === null) {
    lines.push("Whatever the history's other operations did, this stays so.");
  } else {
    const states = facts.statesAtCut.map((s) => (model.describeState ? model.describeState(s) : String(s)));
    lines.push(
      `The operations that returned before ${facts.recordedBefore} µs are taken as recorded (they can be linearized` +
        (states.length > 0 ? `, leaving ${states.join(' or ')}` : '') +
        "); whatever the others did, this stays so.",
    );
  }
  const partial = facts.partialLinearization;
  const needed = new Set(facts.minimalHistory);
  if (partial !== null && partial.some((op) => needed.has(op))) {
    const context = partial.some((op) => !needed.has(op));
    lines.push(
      context
        ? 'The longest valid order found (operations in brackets are other operations of the history, placed where they help):'
        : 'The longest valid order found:',
    );
    partial.forEach((op, i) => lines.push(`  ${i + 1}. ${needed.has(op) ? line(op) : `[${line(op)}]`}`));
    lines.push('None of the rest can come next:');
    for (const op of facts.notLinearized) lines.push(`  - ${line(op)}`);
  } else {
    lines.push(partial === null ? 'The operations:' : 'Not one of them can be placed in any valid order:');
    for (const op of facts.notLinearized) lines.push(`  - ${line(op)}`);
  }
  if (!facts.minimal) lines.push('(Shrinking stopped at its step budget: some of these operations may not be needed.)');
  return lines.join('\n');
}
