import type { EditMutant } from '../lib/mutant-edits';

/**
 * Planted two-phase-commit bugs for mutation.test.ts: each a textual edit of one file of this
 * folder, planted in a bundled copy only; the chaos runs must catch every one through the real
 * monitors. They are the textbook mistakes of atomic commitment.
 */
export interface TwoPcMutant extends EditMutant {
  bug: string;
  /** Where the rule the bug breaks is stated. */
  rule: string;
  symptoms: string[];
}

export const TWO_PC_MUTANTS: readonly TwoPcMutant[] = [
  {
    id: 'commit-on-some-yes',
    bug: 'the coordinator commits as soon as one participant votes yes',
    rule: 'Gray and Lamport §3: the TM commits only if every RM is prepared',
    file: 'coordinator.ts',
    edits: [{ find: 'if (txn.participants.every((p) => txn.votes[p] === true))', replace: 'if (txn.participants.some((p) => txn.votes[p] === true))' }],
    symptoms: ['Validity: commit only if all voted yes', 'Agreement: all decide the same'],
  },
  {
    id: 'abort-while-in-doubt',
    bug: 'a participant tired of waiting in doubt aborts on its own instead of asking the coordinator',
    rule: 'Bernstein et al. §7.3: a participant that voted yes is uncertain and may not decide alone',
    file: 'participant.ts',
    edits: [{ find: "ctx.send(prepared.coordinator, { type: 'Query', txid });", replace: "return onDecision(ctx, state, prepared.coordinator, txid, 'abort');" }],
    symptoms: ['Agreement: all decide the same'],
  },
  {
    id: 'decision-not-logged',
    bug: 'the coordinator sends its decision without forcing it to its log first',
    rule: 'Mohan et al. (presumed abort): the commit record is forced before the Commit messages go out',
    file: 'coordinator.ts',
    edits: [{ find: 'logDecision(ctx, txn.txid, { outcome, participants: txn.participants });', replace: '' }],
    symptoms: ['Agreement: all decide the same'],
  },
  {
    id: 'locks-not-rebuilt',
    bug: 'a participant restarted in doubt forgets the locks of its prepared transactions',
    rule: 'Bernstein et al. §7.3: an uncertain participant holds its locks until it learns the outcome',
    file: 'participant.ts',
    edits: [{ find: 'for (const w of p.writes) state.locks[w.key] = txid;', replace: '' }],
    symptoms: ['Locks are exclusive'],
  },
  {
    id: 'prepared-not-durable',
    bug: 'a participant votes yes without forcing its prepared record to disk',
    rule: 'Gray and Lamport §3: an RM records that it is prepared on stable storage before it says so',
    file: 'participant.ts',
    edits: [{ find: 'state.prepared[txid] = { coordinator: from, writes, preparedUs: ctx.now() };\n  ctx.durable.put(PREPARED, state.prepared);', replace: 'state.prepared[txid] = { coordinator: from, writes, preparedUs: ctx.now() };' }],
    symptoms: ['Locks are exclusive', 'No participant stays in doubt', 'Agreement: all decide the same'],
  },
];
