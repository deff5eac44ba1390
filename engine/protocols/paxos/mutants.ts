import { AT_MOST_ONE, LEARN_ONLY_CHOSEN, NEVER_CHANGES } from './choice-monitor';

/**
 * Planted Paxos bugs for the mutation tests (paxos/mutation.test.ts, multi-paxos/mutation.test.ts),
 * after raft's and swim's: each a textual edit of one file, planted in a bundled copy, never in
 * the code itself; the chaotic runs must catch every one through the real monitors. An anchor
 * must occur exactly once, so a change to the code under it fails the test loudly instead of
 * testing nothing.
 */
export interface PaxosMutant {
  id: string;
  bug: string;
  /** Where the rule the bug breaks is stated. */
  rule: string;
  /** The file of the protocol's folder that gets the edits. */
  file: string;
  edits: { find: string; replace: string }[];
  /** The invariants that may catch it. */
  symptoms: string[];
}

const SAFETY = [AT_MOST_ONE, NEVER_CHANGES, LEARN_ONLY_CHOSEN];

export const PAXOS_MUTANTS: readonly PaxosMutant[] = [
  {
    id: 'acceptor-forgets-promise',
    bug: 'an acceptor forgets its promise across a crash (the promise was never written to disk)',
    rule: 'Paxos Made Simple §2.3: an acceptor must remember its promise even if it fails and restarts',
    file: 'acceptor.ts',
    edits: [{ find: 'promised: ctx.durable.get<number>(PROMISED_KEY) ?? 0,', replace: 'promised: 0,' }],
    symptoms: SAFETY,
  },
  {
    id: 'proposer-ignores-accepted',
    bug: 'a proposer proposes its own value even when a promise reported an accepted one',
    rule: 'Paxos Made Simple §2.2, P2c: the value of the highest-numbered proposal among the promises',
    file: 'proposer.ts',
    edits: [{ find: 'const value = p.highest?.value ?? p.value!;', replace: 'const value = p.value!;' }],
    symptoms: SAFETY,
  },
  {
    id: 'learner-trusts-one-acceptor',
    bug: 'a learner learns a value from the first acceptor that accepted it',
    rule: 'Paxos Made Simple §2.3: a value is chosen only when a majority accepted it',
    file: 'learner.ts',
    edits: [{ find: 'if (vote.from.length < majority(state.acceptors.length)) return false;', replace: '' }],
    symptoms: SAFETY,
  },
];

/**
 * Multi-Paxos' planted bugs over its general chaos. The forgetful acceptor is MULTI_PAXOS_FORGETFUL
 * below: the general chaos does not meet the moment it matters (a bounce between a promise to a
 * new leader and an old leader's Accept); multi-paxos/forgetful-scenario.ts's runs do.
 */
export const MULTI_PAXOS_MUTANTS: readonly PaxosMutant[] = [
  {
    id: 'leader-ignores-promised-values',
    bug: 'a new leader fills every slot it did not see chosen with a no-op, ignoring the values its promises reported',
    rule: 'Paxos Made Simple §3: the new leader runs phase 2 with the values phase 1 reported',
    file: 'leader.ts',
    edits: [{ find: 'const known = state.chosen[slot] ?? state.promisedEntries[slot]?.value;', replace: 'const known = state.chosen[slot];' }],
    symptoms: [...SAFETY, 'Linearizability'],
  },
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The source with the mutant's edits made; throws when an anchor is not found exactly once. */
export function applyPaxosMutant(source: string, mutant: PaxosMutant): string {
  let out = source;
  for (const edit of mutant.edits) {
    const pattern = new RegExp(edit.find.trim().split(/\s+/).map(escape).join('\\s+'), 'g');
    const count = out.match(pattern)?.length ?? 0;
    if (count !== 1) throw new Error(`mutant ${mutant.id}: anchor ${JSON.stringify(edit.find)} occurs ${count} times in ${mutant.file} (expected once)`);
    out = out.replace(pattern, () => edit.replace);
  }
  return out;
}

/**
 * The forgetful acceptor in Multi-Paxos: its promise is not read back from disk after a restart.
 * Caught over multi-paxos/forgetful-scenario.ts's runs (multi-paxos/forgetful.test.ts), which
 * line up the bounce it needs; the general chaos rarely does.
 */
export const MULTI_PAXOS_FORGETFUL: PaxosMutant = {
  id: 'acceptor-forgets-promise',
  bug: 'a Multi-Paxos acceptor forgets its promise across a crash (the promise is not read back from disk)',
  rule: 'Paxos Made Simple §2.3: an acceptor must remember its promise even if it fails and restarts',
  file: 'acceptor.ts',
  edits: [{ find: 'const promised = ctx.durable.get<number>(PROMISED_KEY) ?? 0;', replace: 'const promised = 0;' }],
  symptoms: [...SAFETY, 'Linearizability'],
};
