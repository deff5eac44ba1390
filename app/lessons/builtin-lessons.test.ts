import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLessonFits, parseCatalog, parseLesson } from '../../engine/scenario/lesson';
import { parseScenario } from '../../engine/scenario/schema';
import { offTrack } from './on-track';
import { walkLesson } from './walk';

/**
 * Every built-in lesson (public/lessons/) parses, fits its scenario, and can be walked to its
 * end by a learner who does what each step asks: no step waits for the simulation while it is
 * paused, and every condition is met within 30 s of simulated time; and on that walk no card
 * ever says the learner is off track (on-track.ts: it warns only when the learner strays).
 * `LESSON_TRANSCRIPT=1` prints when each step was entered and met (for writing the texts).
 */
const publicDir = join(__dirname, '..', '..', 'public');
const read = (path: string) => JSON.parse(readFileSync(join(publicDir, path), 'utf8')) as unknown;
const lessons = parseCatalog(read('lessons/index.json'), 'lessons');

/**
 * The trace hash of each lesson's walk (its scenario plus what the lesson and the learner did),
 * as it was before lessons spoke in protocols' own words (format 2): the same walk, step for
 * step. A change here means a lesson now runs differently for every learner.
 */
const WALK_HASHES: Record<string, string> = {
  'electing-a-leader': '1e67d3a36b697c2c',
  'log-replication': '910434514cacc871',
  'partitions-and-the-stale-leader': 'd365f3deecfaf6c3',
  'figure-8': '459eb89dbfebf157',
  'split-vote': 'ab9e63e45c5e9b71',
  'membership-change': '9e1e382151fe968e',
  'network-storms': 'a8105a364271b482',
  // Added with the lessons themselves (format 2 from the start).
  'a-node-joins-the-ring': '92f5590d459aeaf3',
  'sloppy-quorum-and-hinted-handoff': 'd569859134e0e0d7',
  'a-rumour-refuted': 'fcd779831c7191cc',
  // Pinned once every system had its lesson (2026-12-05); a new lesson adds its line here.
  'two-phase-commit-blocks': 'ee481da16da7b488',
  'why-r-plus-w-greater-than-n': '521eabd09f31691a',
  'why-3f-plus-1': 'a214c3d5db74851f',
  'the-breaker-opens': '9bc64c1730322766',
  'a-retry-storm': '8b59d3fa6485bf29',
  'adaptive-throttling-sheds-a-retry-storm': '2936c5bf48a7a2fc',
  'a-canary-rollout': '7234c6d20d96aad5',
  'strict-mtls-refuses-a-stranger': 'e3f0f999ac6934db',
  'the-lost-write': 'fff473610db85e57',
  'two-random-choices': '49f6fbbc3068470d',
  'duelling-proposers': 'eb04c1f20b844268',
  'last-writer-wins-loses-data': '0e3a0462f33ef9e2',
  'the-paused-lock-holder': 'bff2019bfe2a9a7b',
  'split-brain-and-fencing': 'f53c0ac5bd75316c',
  'the-equivocating-primary': '9b5be82de52b3868',
};

describe('built-in lessons', () => {
  it('are listed in lessons/index.json, with at least the three core lessons', () => {
    expect(lessons.map((l) => l.id)).toEqual(expect.arrayContaining(['electing-a-leader', 'log-replication', 'partitions-and-the-stale-leader']));
  });

  it('share no title with a built-in scenario (the menu lists both, and a title must name one thing)', () => {
    const scenarios = new Set((read('scenarios/index.json') as { scenarios: { title: string }[] }).scenarios.map((s) => s.title));
    expect(lessons.map((l) => l.title).filter((title) => scenarios.has(title))).toEqual([]);
  });

  it('each has its walk pinned here, so that a change to what a lesson shows is noticed', () => {
    expect(lessons.map((l) => l.id).filter((id) => !Object.hasOwn(WALK_HASHES, id))).toEqual([]);
  });

  for (const entry of lessons) {
    it(`${entry.id} parses, fits its scenario and can be completed`, async () => {
      const lesson = parseLesson(read(`lessons/${entry.file}`), entry.file);
      expect(lesson.id).toBe(entry.id);
      expect(lesson.title).toBe(entry.title);
      const scenario = parseScenario(read(`scenarios/${lesson.scenario}`));
      checkLessonFits(lesson, scenario);
      const strayed: string[] = [];
      const { steps, session } = await walkLesson(lesson, scenario, {
        onTick: (progress, world) => {
          const off = offTrack(lesson, progress, world);
          if (off && strayed.length < 3) strayed.push(`step ${progress.index + 1} at ${world.now} µs: ${JSON.stringify(off)}`);
        },
      });
      expect(strayed).toEqual([]);
      expect(steps).toHaveLength(lesson.steps.length);
      for (const s of steps) expect(s.problems, `step ${s.index + 1}`).toEqual([]);
      expect(session.runner!.violation).toBeNull();
      if (Object.hasOwn(WALK_HASHES, entry.id)) expect(session.runner!.summary().traceHash).toBe(WALK_HASHES[entry.id]);
      if (process.env.LESSON_TRANSCRIPT) {
        const lines = steps.map(
          (s) => `${String(s.index + 1).padStart(2)} entered ${(s.enteredAtUs / 1000).toFixed(1)} ms, met ${(s.metAtUs / 1000).toFixed(1)} ms${s.learnerDid ? `, learner: ${s.learnerDid}` : ''}`,
        );
        console.log(`${lesson.id}\n${lines.join('\n')}`);
      }
    });
  }
});
