import { applyEdits, MutantAnchorError } from '../lib/mutant-edits';

/**
 * Planted SWIM bugs for mutation.test.ts (after raft/mutants.ts): each is a textual edit of one
 * file of this folder, planted in a bundled copy, never in the code itself; the chaos runs of
 * chaos-scenario.ts must catch every one through the real monitors. An anchor is matched with
 * any run of whitespace standing for any other and must occur exactly once, so a change to the
 * code under it fails the test loudly instead of testing nothing.
 */
export interface SwimMutant {
  id: string;
  bug: string;
  /** Where the rule the bug breaks is stated. */
  rule: string;
  /** The file of engine/protocols/swim/ that gets the edits. */
  file: string;
  edits: { find: string; replace: string }[];
  /** A safety violation (the run stops at the event), or also the end-of-run completeness check. */
  caughtBy: 'safety' | 'safety-or-liveness';
  symptoms: string[];
}

export const SWIM_MUTANTS: readonly SwimMutant[] = [
  {
    id: 'accept-equal-incarnation-alive',
    bug: 'an Alive rumour of the same incarnation clears a suspicion or a death (a refutation that did not raise the incarnation is believed)',
    rule: 'SWIM §4.2: Alive{M, i} overrides Suspect{M, j} only if i > j',
    file: 'membership.ts',
    edits: [{ find: 'if (entry.status !== null && a.incarnation <= entry.incarnation) return;', replace: 'if (entry.status !== null && a.incarnation < entry.incarnation) return;' }],
    caughtBy: 'safety',
    symptoms: ['Suspicion is refuted only by a higher incarnation', 'Death is overridden only by a higher incarnation'],
  },
  {
    id: 'never-expire-suspicion',
    bug: 'a suspicion never runs out, so a crashed member is suspected forever and never declared dead',
    rule: 'SWIM §4.2: a suspect not refuted within the timeout is declared faulty',
    file: 'membership.ts',
    edits: [{ find: 'deadNode(state, ctx, { node: data.node, incarnation: data.incarnation, from: state.self });', replace: 'return;' }],
    caughtBy: 'safety-or-liveness',
    symptoms: ['Completeness: failed members are dead'],
  },
  {
    id: 'no-self-refutation',
    bug: 'a member that hears itself suspected takes the rumour instead of refuting it',
    rule: 'SWIM §4.2: a member suspected at incarnation i spreads Alive with a higher incarnation',
    file: 'membership.ts',
    edits: [
      {
        find: "if (s.node === state.self) {\n    if (!state.left) refute(state, ctx, s.incarnation, 'refute');\n    return;\n  }",
        replace: '',
      },
    ],
    caughtBy: 'safety',
    symptoms: ['No member believes itself suspect or dead'],
  },
  {
    id: 'incarnation-not-durable',
    bug: 'a restarted member starts again at incarnation 0 (its incarnation was not kept on disk)',
    rule: 'SWIM §4.2 with memberlist: a rejoining member must outbid every rumour of its previous life',
    file: 'swim.ts',
    edits: [{ find: 'const incarnation = stored === undefined ? 0 : stored + 1;', replace: 'const incarnation = 0;' }],
    caughtBy: 'safety',
    symptoms: ['Incarnation only grows'],
  },
  {
    id: 'suspect-the-dead',
    bug: 'a Suspect rumour of the same incarnation brings a dead member back as a suspect',
    rule: 'SWIM §4.2: Confirm (dead) overrides everything; only a higher Alive undoes it',
    file: 'membership.ts',
    edits: [{ find: "if (entry.status !== 'alive') return;\n  startSuspicion", replace: "if (entry.status === 'left') return;\n  startSuspicion" }],
    caughtBy: 'safety',
    symptoms: ['Death is overridden only by a higher incarnation'],
  },
  {
    id: 'refute-without-raising',
    bug: 'a refutation repeats the incarnation it was accused at instead of raising it',
    rule: 'SWIM §4.2: the refuting Alive carries a higher incarnation',
    file: 'membership.ts',
    edits: [{ find: 'state.incarnation = Math.max(state.incarnation, accused) + 1;', replace: 'state.incarnation = Math.max(state.incarnation, accused);' }],
    caughtBy: 'safety',
    symptoms: ['Incarnation only grows'],
  },
  {
    id: 'never-reshuffle',
    bug: 'the round-robin list is never reshuffled, so after one pass nobody is probed again and failures go unnoticed',
    rule: 'SWIM §4.3: at the end of a pass the list is shuffled and traversed again',
    file: 'probe.ts',
    edits: [{ find: 'state.probeOrder = ctx.random.shuffled(known);', replace: 'if (state.probeOrder.length === 0) state.probeOrder = ctx.random.shuffled(known); else return null;' }],
    caughtBy: 'safety-or-liveness',
    symptoms: ['Completeness: failed members are dead'],
  },
];

/** `source` with the mutant's edits (anchors must occur exactly once; see lib/mutant-edits.ts). */
export const applyMutant = (source: string, mutant: SwimMutant): string => applyEdits(source, mutant);
export { MutantAnchorError };
