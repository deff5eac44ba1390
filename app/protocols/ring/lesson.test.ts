import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../../engine/scenario/lesson';
import { parseScenario } from '../../../engine/scenario/schema';
import { asRingView } from './view';
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


describe('"A node joins: which keys move"', () => {
  const file = 'a-node-joins-the-ring.json';
  it('step 4: S6 counts itself a member while the others still have five', async () => {
    const { world } = await atStep(file, 3);
    const views = world.nodes.map((n) => asRingView(n.view)!);
    expect(views[5]!.members).toEqual([0, 1, 2, 3, 4, 5]);
    for (const v of views.slice(0, 5)) expect(v.members).toEqual([0, 1, 2, 3, 4]);
  });

  it('step 6: chunks are on their way, and the senders\' keys to move are 8, 6, 5, 3 and 2 (24)', async () => {
    const { world, trace } = await atStep(file, 5);
    expect(world.nodes.some((n) => asRingView(n.view)!.outgoing.length > 0)).toBe(true);
    const toMove = new Map<number, number>();
    for (const e of trace) if (e.kind === 'observe' && e.what === 'view' && e.node !== 5) toMove.set(e.node, (e.data as { toMove: number }).toMove);
    expect(Object.fromEntries(toMove)).toEqual({ 1: 8, 2: 6, 4: 5, 0: 3, 3: 2 });
  });

  it('step 8: every key is at its owner; 24 keys moved, S6 holds 24 (the fullest)', async () => {
    const { world } = await atStep(file, 7);
    const views = world.nodes.map((n) => asRingView(n.view)!);
    expect(views.every((v) => v.toMove === 0 && v.outgoing.length === 0)).toBe(true);
    expect(views[5]!.held).toHaveLength(24);
    expect(views[5]!.keysReceived).toBe(24);
    expect(Math.max(...views.map((v) => v.held.length))).toBe(24);
    expect(views.reduce((s, v) => s + v.bytesReceived, 0)).toBeGreaterThan(23 * 1024);
  });
});
