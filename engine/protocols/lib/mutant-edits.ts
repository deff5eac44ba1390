/**
 * Planted bugs as textual edits (the mutation tests of raft/, swim/, 2pc/): pure string work, so
 * that a protocol's mutants.ts can use it without pulling in the test bundler.
 */

/** A planted bug written as textual edits of one file (raft/, swim/ and 2pc/mutants.ts). */
export interface EditMutant {
  readonly id: string;
  readonly file: string;
  readonly edits: readonly { find: string; replace: string }[];
  /** Code put before the edited file (imports or helpers the edits use). */
  readonly prelude?: string;
}

export class MutantAnchorError extends Error {
  override name = 'MutantAnchorError';
}

/** An anchor matches with any run of whitespace standing for any other. */
function anchorPattern(find: string): RegExp {
  const parts = find.trim().split(/\s+/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('\\s+'), 'g');
}

/**
 * `source` with the mutant's edits. Each anchor must occur exactly once, so a change to the code
 * under it fails loudly (naming the mutant and the anchor) instead of testing nothing.
 */
export function applyEdits(source: string, mutant: EditMutant): string {
  let out = source;
  for (const edit of mutant.edits) {
    const pattern = anchorPattern(edit.find);
    const count = out.match(pattern)?.length ?? 0;
    if (count !== 1) {
      throw new MutantAnchorError(`mutant ${mutant.id}: anchor ${JSON.stringify(edit.find)} occurs ${count} times in ${mutant.file} (expected exactly once)`);
    }
    out = out.replace(pattern, () => edit.replace);
  }
  if (mutant.prelude) out = `${mutant.prelude}\n${out}`;
  if (out === source) throw new MutantAnchorError(`mutant ${mutant.id}: its edits leave ${mutant.file} unchanged`);
  return out;
}
