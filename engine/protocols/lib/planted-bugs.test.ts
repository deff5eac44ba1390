import { describe, expect, it } from 'vitest';
import { applyEdits } from './mutant-edits';
import { plantedBugs, type PlantedBug } from './planted-bugs';

type ModeBug = PlantedBug<{ readonly mode: 'a' | 'b' }>;

describe('plantedBugs', () => {
  it('spells a swap out as one edit and keeps edits, prelude and a folder\'s own fields', () => {
    const [one, two] = plantedBugs<ModeBug>([
      { id: 'one', bug: 'b1', file: 'x.ts', swap: ['a && b', 'a || b'], symptoms: ['S'], mode: 'a' },
      { id: 'two', bug: 'b2', file: 'y.ts', edits: [{ find: 'f()', replace: 'g()' }, { find: 'h()', replace: '' }], prelude: '// p', symptoms: ['S', 'T'], mode: 'b' },
    ]);
    expect(one).toEqual({ id: 'one', bug: 'b1', file: 'x.ts', edits: [{ find: 'a && b', replace: 'a || b' }], symptoms: ['S'], mode: 'a' });
    expect(two!.edits).toHaveLength(2);
    expect(two!.prelude).toBe('// p');
    expect(applyEdits('if (a && b) {}', one!)).toBe('if (a || b) {}');
  });

  it('refuses a repeated id, a bug without edits and one no invariant would catch', () => {
    const base = { bug: 'b', file: 'x.ts', symptoms: ['S'], mode: 'a' } as const;
    expect(() => plantedBugs<ModeBug>([{ ...base, id: 'd', swap: ['x', 'y'] }, { ...base, id: 'd', swap: ['x', 'z'] }])).toThrow(/d is listed twice/);
    expect(() => plantedBugs<ModeBug>([{ ...base, id: 'e', edits: [] }])).toThrow(/e has no edits/);
    expect(() => plantedBugs<ModeBug>([{ ...base, id: 's', swap: ['x', 'y'], symptoms: [] }])).toThrow(/s names no invariant/);
  });
});
