import { applyEdits, MutantAnchorError } from '../lib/mutant-edits';

/**
 * Textbook Raft bugs as textual edits of this folder's sources, for the mutation test
 * (mutation.test.ts): each is planted in a bundled copy of the code, never in the code itself,
 * and the chaos nemesis must catch every one. Plain data and one pure function, so the list can
 * be read (and re-anchored) without running anything.
 *
 * An anchor is matched with any run of whitespace standing for any other, and must occur exactly
 * once in its file: when someone changes the code under an anchor, the mutation test fails and
 * names the mutant and the anchor, so whoever merged re-anchors it instead of testing nothing.
 */

export interface MutantEdit {
  /** Source text to find (whitespace-insensitive), exactly once in the file. */
  find: string;
  replace: string;
}

export interface RaftMutant {
  id: string;
  /** The bug, in a line. */
  bug: string;
  /** Where the paper (or the thesis) states the rule the bug breaks. */
  rule: string;
  /** The file of engine/protocols/raft/ that gets the edits. */
  file: string;
  edits: MutantEdit[];
  /** Lines put at the top of the file, for the imports an edit needs. */
  prelude?: string;
  /**
   * What counts as catching it: a safety violation (the run stops at the event that broke it),
   * or also an end-of-run liveness violation when that is how the bug shows.
   */
  caughtBy: 'safety' | 'safety-or-liveness' | 'linearizability';
  /**
   * The invariants it is expected to break (for the report; any safety violation counts, except
   * for `caughtBy: 'linearizability'`, where only the end-of-run Linearizability check counts).
   */
  symptoms: string[];
  /** Raft settings the chaotic runs get for this mutant (e.g. a `readFraction`, for bugs only reads show). */
  config?: Record<string, unknown>;
}

export const RAFT_MUTANTS: readonly RaftMutant[] = [
  {
    id: 'commit-earlier-term-by-counting',
    bug: 'a leader commits an entry of an earlier term once a majority stores it (no current-term rule)',
    rule: '§5.4.2, Figure 8',
    file: 'replication.ts',
    edits: [
      {
        find: 'if (index <= state.commitIndex || termAt(state, index) !== state.term) return false;',
        replace: 'if (index <= state.commitIndex) return false;',
      },
    ],
    caughtBy: 'safety',
    symptoms: ['State Machine Safety', 'Leader Completeness'],
  },
  {
    id: 'accept-stale-append-entries',
    bug: 'a follower accepts AppendEntries from a leader of an older term',
    rule: 'Figure 2, AppendEntries receiver step 1',
    file: 'replication.ts',
    edits: [{ find: 'if (msg.term < state.term) {', replace: 'if (false) {' }],
    caughtBy: 'safety',
    symptoms: ['State Machine Safety', 'Log Matching'],
  },
  {
    id: 'double-vote',
    bug: 'a server grants its vote to every candidate of a term (votedFor is not checked)',
    rule: 'Figure 2, RequestVote receiver step 2; §5.2',
    file: 'election.ts',
    edits: [{ find: '(state.votedFor === null || state.votedFor === from) &&', replace: 'true /* votedFor ignored */ &&' }],
    caughtBy: 'safety',
    symptoms: ['Election Safety'],
  },
  {
    id: 'no-up-to-date-check',
    bug: 'a server votes for a candidate whose log is behind its own',
    rule: '§5.4.1, the election restriction',
    file: 'election.ts',
    edits: [
      {
        // The RequestVote handler's check; the PreVote handler's stays (forceElection skips it).
        find: 'isUpToDate(state, msg.lastLogIndex, msg.lastLogTerm);\n  if (granted) {',
        replace: 'true /* log not compared */;\n  if (granted) {',
      },
    ],
    caughtBy: 'safety',
    symptoms: ['Leader Completeness', 'State Machine Safety'],
  },
  {
    id: 'commit-on-minority',
    bug: 'the commit quorum is n/2 instead of n/2 + 1 (2 of 5 commit)',
    rule: '§5.3: committed once replicated on a majority',
    file: 'quorum.ts',
    edits: [{ find: 'return matched[majority(members) - 1] ?? 0;', replace: 'return matched[(members.length >>> 1) - 1] ?? 0;' }],
    caughtBy: 'safety',
    symptoms: ['State Machine Safety', 'Leader Completeness'],
  },
  {
    id: 'leader-truncates-own-log',
    bug: "a new leader deletes its uncommitted entries of earlier terms before its no-op",
    rule: 'Figure 3, Leader Append-Only',
    file: 'election.ts',
    prelude: "import { truncateLog as mutantTruncateLog } from './log';",
    edits: [
      {
        find: "appendToLog(state, ctx, [{ term: state.term, kind: 'noop' }]);",
        replace: "mutantTruncateLog(state, ctx, state.commitIndex + 1);\n  appendToLog(state, ctx, [{ term: state.term, kind: 'noop' }]);",
      },
    ],
    caughtBy: 'safety',
    symptoms: ['Leader Append-Only'],
  },
  {
    id: 'no-prev-log-term-check',
    bug: "a follower appends after prevLogIndex without checking that entry's term",
    rule: 'Figure 2, AppendEntries receiver step 2; §5.3 consistency check',
    file: 'replication.ts',
    edits: [
      {
        find: 'if (!intoSnapshot && (prev > lastIndex(state) || termAt(state, prev) !== msg.prevLogTerm)) {',
        replace: 'if (!intoSnapshot && prev > lastIndex(state)) {',
      },
    ],
    caughtBy: 'safety',
    symptoms: ['Log Matching', 'State Machine Safety'],
  },
  {
    id: 'log-not-persisted',
    bug: 'the log is kept in memory only: appends and truncations skip durable storage, so a restart loses acknowledged entries',
    rule: 'Figure 2: persistent state, updated on stable storage before responding',
    file: 'log.ts',
    // Both writers of the durable mirror skip it, so what a restart reads stays consistent (an
    // empty or older log) rather than crashing the recovery.
    prelude:
      '/* mutant: a context whose durable writes go nowhere */\n' +
      'const mutantVolatile = (real: RaftContext): RaftContext => ({ ...real, durable: { get: real.durable.get, getAt: real.durable.getAt, put() {}, delete() {}, putAt() {}, deleteAt() {} } });',
    edits: [
      {
        find: 'export function appendToLog(state: RaftState, ctx: RaftContext, entries: readonly LogEntry[]): void {',
        replace:
          'export function appendToLog(state: RaftState, durableCtx: RaftContext, entries: readonly LogEntry[]): void {\n' +
          '  const ctx = mutantVolatile(durableCtx);',
      },
      {
        find: 'export function truncateLog(state: RaftState, ctx: RaftContext, from: number): void {',
        replace:
          'export function truncateLog(state: RaftState, durableCtx: RaftContext, from: number): void {\n' +
          '  const ctx = mutantVolatile(durableCtx);',
      },
    ],
    caughtBy: 'safety',
    symptoms: ['Durability'],
  },
  {
    id: 'term-not-persisted',
    bug: 'currentTerm is not written to durable storage: a restarted server forgets the term it voted in',
    rule: 'Figure 2: persistent state (currentTerm)',
    file: 'election.ts',
    edits: [{ find: 'ctx.durable.put(TERM_KEY, term);', replace: '/* term not persisted */' }],
    caughtBy: 'safety',
    symptoms: ['Election Safety'],
  },
  {
    id: 'vote-not-persisted',
    bug: 'votedFor is not written to durable storage: a restarted server votes again in the same term',
    rule: 'Figure 2: persistent state (votedFor)',
    file: 'election.ts',
    edits: [{ find: 'ctx.durable.put(VOTE_KEY, candidate);', replace: '/* vote not persisted */' }],
    caughtBy: 'safety',
    symptoms: ['Election Safety'],
  },
  {
    id: 'follower-reads-own-log',
    bug: 'a follower answers a read from its own applied state instead of forwarding it to the leader',
    rule: '§8: reads go to the leader, which confirms it still leads (ReadIndex)',
    file: 'client.ts',
    edits: [
      {
        find: "if (state.leader === null) return ctx.reply(opId, { ok: false, error: 'no leader' });",
        replace:
          "if (command.type === 'read') return ctx.reply(opId, { ok: true, index: state.commitIndex, value: state.appliedValue });\n" +
          "  if (state.leader === null) return ctx.reply(opId, { ok: false, error: 'no leader' });",
      },
    ],
    caughtBy: 'linearizability',
    symptoms: ['Linearizability'],
    config: { readFraction: 0.3 },
  },
];

/** `source` with the mutant's edits (anchors must occur exactly once; see lib/mutant-edits.ts). */
export const applyMutant = (source: string, mutant: RaftMutant): string => applyEdits(source, mutant);
export { MutantAnchorError };
