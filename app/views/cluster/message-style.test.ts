import { describe, expect, it } from 'vitest';
import { markPath, shapePath } from './message-style';

describe('paths', () => {
  it('produces closed shapes and marks', () => {
    for (const shape of ['diamond', 'circle', 'square'] as const) expect(shapePath(shape, 10)).toMatch(/Z$/);
    expect(markPath('check', 10)).toMatch(/^M/);
    expect(markPath('cross', 10)).toMatch(/^M/);
    expect(markPath(null, 10)).toBe('');
  });
});
