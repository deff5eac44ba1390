import { plantedBugs, type PlantedBug } from '../lib/planted-bugs';

/**
 * Planted PBFT bugs for mutation.test.ts (after raft/mutants.ts and swim/mutants.ts): each is a
 * textual edit of one file of this folder, planted in a bundled copy, never in the code itself;
 * the seeded chaotic runs with byzantine replicas must catch every one through the real
 * monitors. An anchor must occur exactly once, so a change to the code under it fails the test
 * loudly instead of testing nothing.
 */
export type PbftMutant = PlantedBug<{
  /** Where the rule the bug breaks is stated. */
  readonly rule: string;
}>;

export const PBFT_MUTANTS: readonly PbftMutant[] = plantedBugs<PbftMutant>([
  {
    id: 'commit-after-2f-commits',
    bug: 'a replica commits locally after 2f matching commits instead of 2f + 1',
    rule: 'PBFT §4.2: committed-local(m, v, n, i) needs prepared and 2f + 1 matching commits',
    file: 'replica.ts',
    edits: [{ find: "if (slot.phase === 'prepared' && votes.commits.length >= quorum(s)) {", replace: "if (slot.phase === 'prepared' && votes.commits.length >= quorum(s) - 1) {" }],
    symptoms: ['Agreement: correct replicas commit the same request at each sequence number', 'Correct replicas execute in sequence order', 'Clients accept only results f + 1 replicas agree on'],
  },
  {
    id: 'new-view-ignores-prepared-certificates',
    bug: 'the new primary fills every gap with the null request, ignoring the prepared certificates in the VIEW-CHANGE messages',
    rule: 'PBFT §4.4: O holds, for each n, the request of the prepared certificate with the highest view',
    file: 'view-change.ts',
    edits: [{ find: 'O.push(best ? { seq: n, digest: best.digest, m: best.m } : { seq: n, digest: NULL_DIGEST, m: { kind: \'null\' } });', replace: "void best; O.push({ seq: n, digest: NULL_DIGEST, m: { kind: 'null' } });" }],
    symptoms: ['Agreement: correct replicas commit the same request at each sequence number', 'Correct replicas execute in sequence order', 'Clients accept only results f + 1 replicas agree on'],
  },
]);
