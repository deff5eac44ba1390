import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../../engine/scenario/lesson';
import { parseScenario } from '../../../engine/scenario/schema';
import { asSwimView } from './view';
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

describe('"A rumour spreads, and is refuted"', () => {
  const file = 'a-rumour-refuted.json';
  const lastObserved = (trace: Awaited<ReturnType<typeof atStep>>['trace'], what: string) => [...trace].reverse().find((e) => e.kind === 'observe' && e.what === what)!;

  it('step 3: S3 asked S5, S2 and S4 to ping S7', async () => {
    const { trace } = await atStep(file, 2);
    const e = lastObserved(trace, 'pingReq');
    expect(e.node).toBe(2);
    expect(e.kind === 'observe' && e.data).toEqual({ target: 6, helpers: [4, 1, 3] });
  });

  it('step 5: S6 suspects S1 at 5.9 s after ping-reqs through S5, S4 and S3; S1 runs', async () => {
    const { world, trace } = await atStep(file, 4);
    expect(world.nodes[0]!.up).toBe(true);
    expect(asSwimView(world.nodes[5]!.view)!.members[0]!.status).toBe('suspect');
    const e = lastObserved(trace, 'pingReq');
    expect([e.node, e.kind === 'observe' && e.data]).toEqual([5, { target: 0, helpers: [4, 3, 2] }]);
    expect(world.now).toBeGreaterThanOrEqual(5_895_000);
    expect(world.now).toBeLessThan(5_950_000);
  });

  it('step 7: every other member suspects S1, and S1 has not refuted yet', async () => {
    const { world } = await atStep(file, 6);
    for (const n of world.nodes.slice(1)) expect(asSwimView(n.view)!.members[0]!.status).toBe('suspect');
    expect(asSwimView(world.nodes[0]!.view)!.incarnation).toBe(0);
  });

  it('step 9: S1 refuted at incarnation 1', async () => {
    const { world } = await atStep(file, 8);
    expect(asSwimView(world.nodes[0]!.view)!.incarnation).toBe(1);
  });
});
