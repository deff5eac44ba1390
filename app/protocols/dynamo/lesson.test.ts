import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../../engine/scenario/lesson';
import { parseScenario } from '../../../engine/scenario/schema';
import { asDynamoView } from './view';
import { walkLesson } from '../../lessons/walk';

/**
 * This system's lesson says what the page shows at each paused step: walked
 * to that step by the headless learner (as the page would be when the step shows), the run
 * holds what the text claims (app/lessons/builtin-lessons.test.ts walks it to its end).
 */
const publicDir = join(__dirname, '..', '..', '..', 'public');
const read = (path: string) => JSON.parse(readFileSync(join(publicDir, path), 'utf8')) as unknown;

async function atStep(file: string, step: number) {
  const lesson = parseLesson(read(`lessons/${file}`));
  const scenario = parseScenario(read(`scenarios/${lesson.scenario}`));
  const { session } = await walkLesson(lesson, scenario, { stopAtStep: step });
  return { world: session.world(), trace: session.trace };
}

describe('"Sloppy quorum and hinted handoff"', () => {
  const file = 'sloppy-quorum-and-hinted-handoff.json';
  const dots = (world: Awaited<ReturnType<typeof atStep>>['world'], id: number) => (asDynamoView(world.nodes[id]!.view)?.replicas['user:1'] ?? []).map((v) => v.dot);
  const hint = (world: Awaited<ReturnType<typeof atStep>>['world']) => (asDynamoView(world.nodes[3]!.view)?.hints['user:1']?.['0'] ?? []).map((v) => v.dot);

  it('step 3: S1, S3 and S5 hold S2:1', async () => {
    const { world } = await atStep(file, 2);
    for (const id of [0, 2, 4]) expect(dots(world, id)).toEqual(['S2:1']);
  });

  it('step 6: S4 holds S2:2 for S1, as a hint', async () => {
    const { world } = await atStep(file, 5);
    expect(world.nodes[0]!.up).toBe(false);
    expect(hint(world)).toEqual(['S2:2']);
    expect(dots(world, 3)).toEqual([]);
  });

  it('step 8: S3 and S5 hold S2:3, and S4 holds it for S1', async () => {
    const { world } = await atStep(file, 7);
    expect(dots(world, 2)).toEqual(['S2:3']);
    expect(dots(world, 4)).toEqual(['S2:3']);
    expect(hint(world)).toEqual(['S2:3']);
  });

  it('step 10: S1 holds S2:3 after the handoff, and S4 no hint', async () => {
    const { world } = await atStep(file, 9);
    expect(dots(world, 0)).toEqual(['S2:3']);
    expect(asDynamoView(world.nodes[3]!.view)!.hintCount).toBe(0);
  });
});
