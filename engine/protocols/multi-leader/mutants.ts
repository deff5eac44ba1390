import type { EditMutant } from '../lib/mutant-edits';

/**
 * Planted multi-leader bugs for mutation.test.ts: each a textual edit of one file of this
 * folder, planted in a bundled copy only; the chaos runs must catch every one through the real
 * monitors (which judge with this process's own, unmutated code).
 */
export interface MultiLeaderMutant extends EditMutant {
  bug: string;
  /** Where the rule the bug breaks is stated. */
  rule: string;
  symptoms: string[];
}

export const MULTI_LEADER_MUTANTS: readonly MultiLeaderMutant[] = [
  {
    id: 'counter-merge-adds',
    bug: 'the PN-counter merge adds the two entries instead of keeping the larger: merging a state twice counts it twice',
    rule: 'Shapiro et al. 2011 §2.2 and §3.1.2: a merge is a least upper bound, idempotent (max per entry)',
    file: 'crdt.ts',
    edits: [{ find: 'out[node] = y === undefined ? x : Math.max(y, x);', replace: 'out[node] = y === undefined ? x : y + x;' }],
    symptoms: ["Counter: no entry exceeds its node's increments"],
  },
  {
    id: 'or-set-remove-wins',
    bug: 'the OR-set merge drops every add of an element when the other side has seen any of them, so a remove beats a concurrent add',
    rule: 'Bieniusa et al. 2012, Algorithm 2: only the dots the other side has seen are dropped; an unseen add survives',
    file: 'crdt.ts',
    edits: [
      { find: 'const keptA = onlyA.filter((d) => !seen(b.context, d));', replace: 'const keptA = onlyA.some((d) => seen(b.context, d)) ? [] : onlyA;' },
      { find: 'const keptB = onlyB.filter((d) => !seen(a.context, d));', replace: 'const keptB = onlyB.some((d) => seen(a.context, d)) ? [] : onlyB;' },
    ],
    symptoms: ['OR-set: an add no remove had seen survives', 'Convergence: healed leaders hold the same state'],
  },
  {
    id: 'no-anti-entropy',
    bug: 'a leader replicates each write once and never runs anti-entropy, so a Replicate lost to a partition is lost for good',
    rule: 'Demers et al. 1987 (anti-entropy): direct mail alone is not reliable; periodic exchange of whole states repairs it',
    file: 'leader.ts',
    edits: [{ find: "replicate(ctx, { type: 'Sync', registers: state.registers, counter: state.counter, cart: state.cart });", replace: '' }],
    symptoms: ['Convergence: healed leaders hold the same state'],
  },
  {
    id: 'sync-merges-registers-only',
    bug: 'anti-entropy merges the registers but forgets the counter, so increments lost in flight never arrive',
    rule: 'every replicated object must take part in anti-entropy for the CRDT convergence guarantee to hold',
    file: 'leader.ts',
    edits: [{ find: 'storeCounter(ctx, state, counterMerge(state.counter, msg.counter));\n  storeCart', replace: 'storeCart' }],
    symptoms: ['Convergence: healed leaders hold the same state', 'Counter: equals the acknowledged increments'],
  },
];
