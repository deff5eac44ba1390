import { describe, expect, it } from 'vitest';
import { toolbarNetworkFor } from './walk';

/** The headless learner changes the network as the page's toolbar can (Latency, Loss). */
describe('toolbarNetworkFor', () => {
  const calm = { min: 10_000, max: 15_000 };
  const slow = { min: 100_000, max: 150_000 };

  it('raises latency or loss to the smallest toolbar choice that is enough', () => {
    expect(toolbarNetworkFor({ kind: 'network', latencyMaxAtLeastMs: 100 }, calm, 0)).toEqual({ latencyUs: slow });
    expect(toolbarNetworkFor({ kind: 'network', latencyMaxAtLeastMs: 40 }, calm, 0)).toEqual({ latencyUs: { min: 30_000, max: 60_000 } });
    expect(toolbarNetworkFor({ kind: 'network', lossAtLeast: 0.2 }, calm, 0)).toEqual({ lossRate: 0.25 });
  });

  it('lowers them to the largest choice that is low enough, and changes nothing that already fits', () => {
    expect(toolbarNetworkFor({ kind: 'network', latencyMaxAtMostMs: 20, lossAtMost: 0 }, slow, 0.2)).toEqual({ latencyUs: calm, lossRate: 0 });
    expect(toolbarNetworkFor({ kind: 'network', latencyMaxAtMostMs: 20 }, calm, 0.2)).toBeNull();
  });

  it('gives up when no toolbar choice fits', () => {
    expect(toolbarNetworkFor({ kind: 'network', latencyMaxAtLeastMs: 500 }, calm, 0)).toBeNull();
    expect(toolbarNetworkFor({ kind: 'network', lossAtLeast: 0.9 }, calm, 0)).toBeNull();
  });
});

describe('fast-forwarding a lesson to a step', () => {
  it('stops on entering the step, with a timeline that replays to the same moment', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { parseLesson } = await import('../../engine/scenario/lesson');
    const { parseScenario } = await import('../../engine/scenario/schema');
    const { walkLesson, HeadlessSession } = await import('./walk');
    const { captureEntry } = await import('./conditions');
    const { resumeStep } = await import('./runner');
    const pub = join(__dirname, '..', '..', 'public');
    const lesson = parseLesson(JSON.parse(readFileSync(join(pub, 'lessons', 'split-vote.json'), 'utf8')), 'split-vote.json');
    const scenario = parseScenario(JSON.parse(readFileSync(join(pub, 'scenarios', lesson.scenario), 'utf8')));
    const walked = await walkLesson(lesson, scenario, { stopAtStep: 4 });
    expect(walked.progress.index).toBe(4);
    expect(walked.progress.met.slice(0, 4)).toEqual([true, true, true, true]);
    const entry = walked.progress.entries[4]!;
    expect(entry.atUs).toBeGreaterThan(0);
    // The walk's actions are the lesson's; the scenario's own (the crash at 3 s) stay the scenario's.
    const timeline = walked.session.runner!.actions;
    expect(timeline.filter((a) => a.by === undefined)).toHaveLength(scenario.timeline.length);
    expect(timeline.filter((a) => a.by !== undefined).every((a) => a.by === 'lesson')).toBe(true);
    // Replaying that timeline (as the page does) shows the run as the step found it.
    const replay = new HeadlessSession();
    await replay.load({ ...scenario, timeline: [...timeline] });
    replay.command('seek', entry.atUs);
    const seen = captureEntry(replay.world());
    expect({ ...seen, playing: entry.playing, speed: entry.speed }).toEqual(entry);
    const effects = resumeStep(lesson, walked.progress, walked.session.world());
    expect(effects.calls[0]).toEqual({ name: 'seek', args: [entry.atUs] });
    expect(effects.calls[1]).toEqual({ name: 'setSpeed', args: [entry.speed] });
  });
});
