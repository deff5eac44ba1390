import { plantedBugs, type PlantedBug } from '../lib/planted-bugs';
import type { TwoPcChaosMode } from './chaos-scenario';

/**
 * Planted two-phase-commit bugs for mutation.test.ts: each a textual edit of one file of this
 * folder, planted in a bundled copy only; the chaos runs must catch every one through the real
 * monitors. They are the textbook mistakes of atomic commitment.
 */
export type TwoPcMutant = PlantedBug<{
  /** Where the rule the bug breaks is stated. */
  readonly rule: string;
  /** The chaos it runs over: Paxos Commit's, or classic with cooperative termination; absent: classic 2PC's. */
  readonly mode?: TwoPcChaosMode;
}>;

export const TWO_PC_MUTANTS: readonly TwoPcMutant[] = plantedBugs<TwoPcMutant>([
  {
    id: 'commit-on-some-yes',
    bug: 'the coordinator commits as soon as one participant votes yes',
    rule: 'Gray and Lamport §3: the TM commits only if every RM is prepared',
    file: 'coordinator.ts',
    swap: ['if (txn.participants.every((p) => txn.votes[p] === true))', 'if (txn.participants.some((p) => txn.votes[p] === true))'],
    symptoms: ['Validity: commit only if all voted yes', 'Agreement: all decide the same'],
  },
  {
    id: 'abort-while-in-doubt',
    bug: 'a participant tired of waiting in doubt aborts on its own instead of asking the coordinator',
    rule: 'Bernstein et al. §7.3: a participant that voted yes is uncertain and may not decide alone',
    file: 'participant.ts',
    swap: ["ctx.send(prepared.coordinator, { type: 'Query', txid });", "return onDecision(ctx, state, prepared.coordinator, txid, 'abort');"],
    symptoms: ['Agreement: all decide the same'],
  },
  {
    id: 'decision-not-logged',
    bug: 'the coordinator sends its decision without forcing it to its log first',
    rule: 'Mohan et al. (presumed abort): the commit record is forced before the Commit messages go out',
    file: 'coordinator.ts',
    swap: ['logDecision(ctx, txn.txid, { outcome, participants: txn.participants });', ''],
    symptoms: ['Agreement: all decide the same'],
  },
  {
    id: 'locks-not-rebuilt',
    bug: 'a participant restarted in doubt forgets the locks of its prepared transactions',
    rule: 'Bernstein et al. §7.3: an uncertain participant holds its locks until it learns the outcome',
    file: 'participant.ts',
    swap: ['for (const w of p.writes) state.locks[w.key] = txid;', ''],
    symptoms: ['Locks are exclusive'],
  },
  {
    id: 'prepared-not-durable',
    bug: 'a participant votes yes without forcing its prepared record to disk',
    rule: 'Gray and Lamport §3: an RM records that it is prepared on stable storage before it says so',
    file: 'participant.ts',
    swap: ["ctx.durable.put(PREPARED, state.prepared);\n  ctx.observe('vote', { txid, yes: true, keys });", "ctx.observe('vote', { txid, yes: true, keys });"],
    symptoms: ['Locks are exclusive', 'No participant stays in doubt', 'Agreement: all decide the same'],
  },
  {
    id: 'forgetful-acceptor',
    bug: "a Paxos Commit acceptor keeps its promises and acceptances in memory only, so a restart forgets them",
    rule: 'Paxos Made Simple §2.3 / Gray and Lamport §4: an acceptor records its promise and its acceptance on stable storage before answering',
    file: 'paxos-commit.ts',
    swap: ['  ctx.durable.put(recordKey(txid), record);\n', ''],
    symptoms: ['Paxos: one value per instance', 'Agreement: all decide the same', 'Validity: commit only if all voted yes'],
    mode: { commit: 'paxos' },
  },
  {
    id: 'leader-ignores-promises',
    bug: 'a Paxos Commit leader taking over proposes Aborted for every instance, ignoring the values its promises reported',
    rule: 'Gray and Lamport §4.2: the new leader proposes the value of the highest ballot reported, Aborted only where none was',
    file: 'paxos-commit.ts',
    swap: ['prepared: best.get(rm)?.prepared ?? false', 'prepared: false'],
    symptoms: ['Paxos: one value per instance', 'Agreement: all decide the same'],
    mode: { commit: 'paxos' },
  },
  {
    id: 'uncertain-peer-aborts',
    bug: 'cooperative termination: a participant asked by a peer aborts although it is itself prepared (uncertain)',
    rule: 'Bernstein et al. §7.4: only a participant that has not voted yes may answer abort on its own',
    file: 'participant.ts',
    swap: ['if (state.prepared[txid]) {\n    ctx.observe(\'uncertain\'', 'if (!state.prepared[txid]) {\n    ctx.observe(\'uncertain\''],
    symptoms: ['Agreement: all decide the same', 'Validity: commit only if all voted yes'],
    mode: { cooperative: true },
  },
]);
