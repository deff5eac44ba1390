import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLessonFits, LessonError, nodesNamed, parseCatalog, parseLesson } from './lesson';

const minimal = () => ({
  version: 2,
  id: 'electing-a-leader',
  protocol: 'raft',
  title: 'Electing a leader',
  scenario: 'first-election.json',
  steps: [{ text: 'Five servers start as followers.' }],
});

const withStep = (step: Record<string, unknown>) => ({ ...minimal(), steps: [step] });
const problem = (input: unknown) => {
  try {
    parseLesson(input);
  } catch (error) {
    expect(error).toBeInstanceOf(LessonError);
    return (error as Error).message;
  }
  throw new Error('expected the lesson to be refused');
};

describe('parseLesson', () => {
  it('accepts a minimal lesson and fills defaults', () => {
    const lesson = parseLesson(minimal());
    expect(lesson.steps).toEqual([{ text: 'Five servers start as followers.', do: [], highlight: [] }]);
    expect(lesson.summary).toBeUndefined();
  });

  it('accepts every condition and action kind, and turns a single action into a list', () => {
    const conditions = [
      { kind: 'raft.leaderElected' },
      { kind: 'raft.leaderElected', minTerm: 2, newTerm: true },
      { kind: 'time', atMs: 2500 },
      { kind: 'elapsed', ms: 1000 },
      { kind: 'nodeCrashed', who: 'leader' },
      { kind: 'nodeCrashed', who: 3 },
      { kind: 'nodeRestarted', who: 'any' },
      { kind: 'nodesDown', atLeast: 2 },
      { kind: 'raft.committedAtLeast', index: 5 },
      { kind: 'raft.committedMore', count: 3 },
      { kind: 'partitioned' },
      { kind: 'healed' },
      { kind: 'raft.termAtLeast', term: 3 },
      { kind: 'raft.splitVote' },
      { kind: 'observed', what: 'truncate', atLeast: 2, node: 1 },
      { kind: 'delivered', type: 'AppendEntries', atLeast: 3, to: 2 },
      { kind: 'raft.logsAgree' },
      { kind: 'raft.memberCount', atLeast: 6 },
      { kind: 'network', latencyMaxAtLeastMs: 100 },
      { kind: 'network', latencyMaxAtMostMs: 15, lossAtLeast: 0.1, lossAtMost: 0.5 },
    ];
    const actions = [
      { kind: 'play' },
      { kind: 'pause' },
      { kind: 'setSpeed', speed: 0.05 },
      { kind: 'seek', atMs: 740 },
      { kind: 'crash', node: 'leader' },
      { kind: 'restart', node: 1 },
      { kind: 'raft.forceTimeout', node: 'follower' },
      { kind: 'raft.clientWrite', node: 0 },
      { kind: 'raft.clientRead', node: 'leader' },
      { kind: 'raft.removeServer', node: 4 },
      { kind: 'cutLink', from: 'leader', to: 2, oneWay: true },
      { kind: 'restoreLink', from: 0, to: 2 },
      { kind: 'partition', groups: [['leader', 'follower'], [2, 3]] },
      { kind: 'heal' },
      { kind: 'raft.addServer' },
      { kind: 'setNetwork', latencyMs: { min: 50, max: 200 }, lossRate: 0.2 },
    ];
    const lesson = parseLesson({
      ...minimal(),
      steps: [
        ...conditions.map((until) => ({ text: 'x', until })),
        { text: 'all actions', do: actions },
        { text: 'one action', do: { kind: 'pause' }, highlight: [0, 4] },
      ],
    });
    expect(lesson.steps.map((s) => s.until)).toEqual([...conditions, undefined, undefined]);
    expect(lesson.steps.at(-2)!.do).toEqual(actions);
    expect(lesson.steps.at(-1)!.do).toEqual([{ kind: 'pause' }]);
    expect(lesson.steps.at(-1)!.highlight).toEqual([0, 4]);
  });

  it('names the first problem with its path', () => {
    expect(problem({ ...minimal(), version: 3 })).toMatch(/^the lesson: version: /);
    expect(problem({ ...minimal(), steps: [] })).toMatch(/steps: a lesson needs at least one step/);
    expect(problem(withStep({ text: 'x', until: { kind: 'leaderElekted' } }))).toMatch(/steps\.0\.until\.kind/);
    expect(problem(withStep({ text: 'x', until: { kind: 'raft.leaderElekted' } }))).toMatch(/steps\.0\.until\.kind: raft has no lesson condition "leaderElekted" \(known: raft\.leaderElected, /);
    expect(problem(withStep({ text: 'x', until: { kind: 'raft.leaderElected', minTerm: -1 } }))).toMatch(/steps\.0\.until\.minTerm/);
    expect(problem(withStep({ text: 'x', until: { kind: 'raft.leaderElected', colour: 1 } }))).toMatch(/steps\.0\.until\.colour/);
    expect(problem(withStep({ text: 'x', do: [{ kind: 'pause' }, { kind: 'raft.forceTimeout' }] }))).toMatch(/steps\.0\.do\.1\.node: is missing/);
    expect(problem(withStep({ text: 'x', until: { kind: 'nonesuch.chosen' } }))).toMatch(/"nonesuch" is not a protocol with lesson words/);
    expect(problem(withStep({ text: 'x', do: { kind: 'crash', node: 'primary' } }))).toMatch(/steps\.0\.do: "primary" is not a role of raft \(roles: leader, follower\)/);
    expect(problem({ ...withStep({ text: 'x', until: { kind: 'raft.logsAgree' } }), protocol: undefined })).toMatch(/a raft word in a lesson whose protocol is not given/);
    expect(problem({ ...withStep({ text: 'x', do: { kind: 'crash', node: 'leader' } }), protocol: undefined })).toMatch(/"leader" is not a role of any protocol/);
    expect(problem({ ...minimal(), protocol: 'nonesuch' })).toMatch(/protocol: "nonesuch" has no lesson words/);
    expect(problem(withStep({ text: 'x', until: { kind: 'time' } }))).toMatch(/steps\.0\.until\.atMs: is missing/);
    expect(problem(withStep({ text: 'x', do: { kind: 'crash', node: 'the leader' } }))).toMatch(/steps\.0\.do/);
    expect(problem(withStep({ text: 'x', colour: 'red' }))).toMatch(/steps\.0\.colour/);
    expect(problem(withStep({ text: 'x', until: { kind: 'raft.memberCount' } }))).toMatch(/memberCount needs atLeast or atMost/);
    expect(problem(withStep({ text: 'x', until: { kind: 'network' } }))).toMatch(/network needs latencyMaxAtLeastMs/);
    expect(problem(withStep({ text: 'x', until: { kind: 'network', lossAtLeast: 1.5 } }))).toMatch(/steps\.0\.until\.lossAtLeast/);
    expect(problem(withStep({ text: 'x', until: { kind: 'network', latencyMs: 100 } }))).toMatch(/steps\.0\.until/);
    expect(problem(withStep({ text: 'x', autoAdvance: true }))).toMatch(/steps\.0: autoAdvance needs an "until" condition/);
    expect(problem(withStep({ text: '   ' }))).toMatch(/steps\.0\.text: must not be empty/);
  });

  it('refuses HTML in texts: the page shows plain text only', () => {
    expect(problem(withStep({ text: 'Click <b>Crash</b>' }))).toMatch(/steps\.0\.text: must be plain text, not HTML/);
    expect(problem(withStep({ text: '<img src=x onerror=alert(1)>' }))).toMatch(/plain text/);
    expect(problem(withStep({ text: 'Tom &amp; Jerry' }))).toMatch(/plain text/);
    expect(problem({ ...minimal(), summary: '<script>x</script>' })).toMatch(/summary: must be plain text/);
    // Comparisons and ampersands in prose are fine.
    expect(parseLesson(withStep({ text: 'If term < 3 and S1 & S2 > S3, then...' })).steps[0]!.text).toContain('<');
  });

  it('refuses a scenario that is not a bare file name', () => {
    for (const scenario of ['../secret.json', 'scenarios/x.json', 'x.txt', 'https://example.com/x.json', 'X.json']) {
      expect(problem({ ...minimal(), scenario })).toMatch(/^the lesson: scenario: must be a file name/);
    }
  });

  it('caps the number of steps and the length of a text', () => {
    expect(problem({ ...minimal(), steps: Array.from({ length: 101 }, () => ({ text: 'x' })) })).toMatch(/steps/);
    expect(problem(withStep({ text: 'x'.repeat(2001) }))).toMatch(/steps\.0\.text/);
  });

  it('lists the servers a lesson names and checks them against its scenario', () => {
    const lesson = parseLesson({
      ...minimal(),
      steps: [
        { text: 'a', until: { kind: 'nodeCrashed', who: 6 }, highlight: [1] },
        { text: 'b', do: [{ kind: 'cutLink', from: 'leader', to: 9 }, { kind: 'partition', groups: [[2], ['leader']] }] },
      ],
    });
    expect(nodesNamed(lesson)).toEqual([1, 2, 6, 9]);
    expect(() => checkLessonFits(lesson, { nodes: 15 })).not.toThrow();
    expect(() => checkLessonFits(lesson, { nodes: 5 })).toThrow(/names S7, but its scenario has only 5 servers/);
    expect(() => checkLessonFits(lesson, { nodes: 15, protocol: { name: 'ping' } })).toThrow(/the lesson teaches raft, but its scenario runs ping/);
    expect(() => checkLessonFits({ ...lesson, protocol: undefined }, { nodes: 15, protocol: { name: 'ping' } })).not.toThrow();
  });
});

describe('format 1 lessons', () => {
  const v1 = (steps: unknown[]) => ({ version: 1, id: 'old', title: 'Old', scenario: 'old.json', steps });

  it('open as format 2: Raft\'s words get their prefix and the lesson its protocol', () => {
    const lesson = parseLesson(
      v1([
        { text: 'a', until: { kind: 'leaderElected', newTerm: true } },
        { text: 'b', do: [{ kind: 'pause' }, { kind: 'forceTimeout', node: 'follower' }, { kind: 'addServer' }], until: { kind: 'nodeCrashed', who: 'leader' } },
        { text: 'c', until: { kind: 'memberCount', atLeast: 6 } },
      ]),
    );
    expect(lesson.version).toBe(2);
    expect(lesson.protocol).toBe('raft');
    expect(lesson.steps.map((s) => s.until)).toEqual([
      { kind: 'raft.leaderElected', newTerm: true },
      { kind: 'nodeCrashed', who: 'leader' },
      { kind: 'raft.memberCount', atLeast: 6 },
    ]);
    expect(lesson.steps[1]!.do).toEqual([{ kind: 'pause' }, { kind: 'raft.forceTimeout', node: 'follower' }, { kind: 'raft.addServer' }]);
  });

  it('stay protocol-free when they used generic words only, and name problems as before', () => {
    const lesson = parseLesson(v1([{ text: 'a', until: { kind: 'elapsed', ms: 10 }, do: { kind: 'crash', node: 2 } }]));
    expect(lesson.protocol).toBeUndefined();
    expect(lesson.steps[0]!.until).toEqual({ kind: 'elapsed', ms: 10 });
    expect(problem(v1([{ text: 'x', until: { kind: 'leaderElekted' } }]))).toMatch(/steps\.0\.until\.kind: raft has no lesson condition "leaderElekted"/);
    expect(problem(v1([{ text: 'x', until: { kind: 'time' } }]))).toMatch(/steps\.0\.until\.atMs: is missing/);
  });

  it('every built-in lesson as it was in format 1 opens exactly as its format-2 file', () => {
    const fixtures = join(__dirname, 'fixtures', 'lessons-v1');
    const files = readdirSync(fixtures);
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) {
      const old = JSON.parse(readFileSync(join(fixtures, file), 'utf8'));
      const now = JSON.parse(readFileSync(join(__dirname, '..', '..', 'public', 'lessons', file), 'utf8'));
      expect(old.version, file).toBe(1);
      expect(now.version, file).toBe(2);
      // A format-1 lesson of generic words only (figure-8) opens protocol-free; its file now says raft.
      const migrated = parseLesson(old, file);
      expect({ protocol: 'raft', ...migrated }, file).toEqual(parseLesson(now, file));
    }
  });
});

describe('parseCatalog', () => {
  const entry = { id: 'leader-crash', title: 'Leader crash', summary: 'The leader crashes.', file: 'leader-crash.json' };

  it('reads a catalogue of either kind', () => {
    expect(parseCatalog({ version: 1, scenarios: [entry] }, 'scenarios')).toEqual([entry]);
    expect(parseCatalog({ version: 1, lessons: [] }, 'lessons')).toEqual([]);
  });

  it('refuses a wrong key, duplicate ids, paths and HTML', () => {
    expect(() => parseCatalog({ version: 1, lessons: [entry] }, 'scenarios')).toThrow(/scenarios\/index\.json: /);
    expect(() => parseCatalog({ version: 1, scenarios: [entry, entry] }, 'scenarios')).toThrow(/the id "leader-crash" appears twice/);
    expect(() => parseCatalog({ version: 1, scenarios: [{ ...entry, file: '../x.json' }] }, 'scenarios')).toThrow(/scenarios\.0\.file/);
    expect(() => parseCatalog({ version: 1, scenarios: [{ ...entry, title: '<i>x</i>' }] }, 'scenarios')).toThrow(/scenarios\.0\.title: must be plain text/);
    expect(() => parseCatalog({ version: 1, scenarios: [{ ...entry, summary: '<i>x</i>' }] }, 'scenarios')).toThrow(/plain text/);
    expect(() => parseCatalog([entry], 'scenarios')).toThrow(LessonError);
  });
});
