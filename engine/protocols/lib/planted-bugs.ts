import type { EditMutant } from './mutant-edits';

/**
 * The record every protocol's planted bug shares (the mutation tests of 2pc/, locks/,
 * primary-replica/): the edits that plant it, what it breaks in words, and the invariants
 * allowed to catch it; `Extra` carries a folder's own fields (the chaos mode it runs in, the
 * rule it breaks).
 */
export type PlantedBug<Extra extends object = object> = EditMutant & {
  /** The bug in a sentence: the test's title. */
  readonly bug: string;
  /** The monitor names that may report it: a catch by any other fails the test. */
  readonly symptoms: readonly string[];
} & Extra;

type Edit = EditMutant['edits'][number];

/**
 * How a planted bug `M` is written down: one `swap` ([find, replace], most bugs) or several
 * `edits`; `prelude` as in EditMutant.
 */
export type PlantedBugSpec<M extends PlantedBug> = Omit<M, 'edits'> &
  ({ readonly swap: readonly [find: string, replace: string]; readonly edits?: never } | { readonly edits: readonly Edit[]; readonly swap?: never });

/**
 * A folder's list of planted bugs, with `swap` spelled out as an edit. Fails at load (so the
 * mutation test fails before it runs anything) on a repeated id, a bug without edits, or one that
 * no invariant is expected to catch: such a record would test nothing.
 */
export function plantedBugs<M extends PlantedBug>(specs: readonly PlantedBugSpec<M>[]): readonly M[] {
  const seen = new Set<string>();
  return specs.map((spec) => {
    const { swap, edits, ...rest } = spec;
    if (seen.has(spec.id)) throw new Error(`planted bug ${spec.id} is listed twice`);
    seen.add(spec.id);
    const all: readonly Edit[] = swap ? [{ find: swap[0], replace: swap[1] }] : edits!;
    if (all.length === 0) throw new Error(`planted bug ${spec.id} has no edits`);
    if (spec.symptoms.length === 0) throw new Error(`planted bug ${spec.id} names no invariant that catches it`);
    return { ...rest, edits: all } as unknown as M;
  });
}
