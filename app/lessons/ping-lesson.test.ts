import { describe, expect, it } from 'vitest';
import { checkLessonFits, parseLesson } from '../../engine/scenario/lesson';
import { defaultScenario } from '../../engine/scenario/schema';
import { walkLesson } from './walk';

/**
 * A second protocol's lesson through the same seam: ping's words (`ping.allHear`,
 * `ping.suspected`, `ping.echo`) beside generic ones (`nodeCrashed`, `delivered`,
 * `nodeRestarted`), walked to its end by the headless learner.
 */
const lesson = parseLesson({
  version: 2,
  id: 'ping-detects-a-crash',
  protocol: 'ping',
  title: 'A heartbeat mesh notices a crash',
  scenario: 'ping.json',
  steps: [
    { text: 'Every node pings every other.', do: [{ kind: 'setSpeed', speed: 0.2 }, { kind: 'play' }], until: { kind: 'ping.allHear' } },
    { text: 'Crash S3.', until: { kind: 'nodeCrashed', who: 2 } },
    { text: 'Its peers fall silent about it, then suspect it.', until: { kind: 'ping.suspected', node: 2 } },
    { text: 'A client echo to S1 is answered at once.', do: { kind: 'ping.echo', node: 0 }, until: { kind: 'delivered', type: 'Ping', atLeast: 3, to: 0 } },
    { text: 'Restart S3.', until: { kind: 'nodeRestarted', who: 2 } },
    { text: 'Everyone hears it again.', until: { kind: 'ping.allHear' } },
  ],
});

describe('a ping lesson', () => {
  it('parses with ping\'s words and refuses Raft\'s', () => {
    expect(lesson.protocol).toBe('ping');
    expect(() => parseLesson({ ...lesson, steps: [{ text: 'x', until: { kind: 'raft.leaderElected' } }] })).toThrow(/a raft word in a lesson whose protocol is ping/);
    expect(() => parseLesson({ ...lesson, steps: [{ text: 'x', do: { kind: 'crash', node: 'leader' } }] })).toThrow(/"leader" is not a role of ping/);
  });

  it('is walked to its end by the headless learner', async () => {
    const scenario = defaultScenario({ protocol: 'ping', nodes: 4, seed: 11, untilUs: 600_000_000, workload: { kind: 'none' } });
    checkLessonFits(lesson, scenario);
    expect(() => checkLessonFits(lesson, defaultScenario({ protocol: 'raft', nodes: 4, seed: 1 }))).toThrow(/teaches ping, but its scenario runs raft/);
    const { steps, session } = await walkLesson(lesson, scenario);
    expect(steps).toHaveLength(6);
    for (const s of steps) expect(s.problems, `step ${s.index + 1}`).toEqual([]);
    expect(steps.map((s) => s.learnerDid)).toEqual([null, 'crash S3', null, null, 'restart S3', null]);
    expect(session.calls.some((c) => c.name === 'echo' && c.args[0] === 0)).toBe(true);
    // Suspicion comes after the crash, within a few ping rounds.
    expect(steps[2]!.metAtUs - steps[1]!.metAtUs).toBeLessThan(1_000_000);
    expect(session.runner!.violation).toBeNull();
  });
});
