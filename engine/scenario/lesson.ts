import * as v from 'valibot';
import { nodeName } from '../kernel/topology';

/**
 * Lessons (docs/lessons.md): a guided walk through one built-in scenario, one short step of
 * plain text at a time, in the spirit of The Secret Lives of Data but on the live simulation.
 * A step may act when it is entered (pause, seek, crash the leader, ...) and may wait for a
 * condition on the run (a leader is elected, the learner crashed the leader, ...) before the
 * learner can go on. Lesson files and the two catalogues (`scenarios/index.json`,
 * `lessons/index.json`) are fetched at run time, so they are untrusted input: `parseLesson` and
 * `parseCatalog` are their one door, as `parseScenario` is for scenarios.
 *
 * Pure: no DOM, no clock. The app evaluates conditions and performs actions (app/lessons/).
 */
export const LESSON_VERSION = 1;
export const MAX_LESSON_STEPS = 100;
export const MAX_STEP_TEXT = 2_000;
const MAX_NODE = 127;

/** A node named by id (0 is S1), or by its role when the step is entered. */
export type NodeRef = number | 'leader' | 'follower';

/**
 * What a step waits for. Conditions "since the step" (`elapsed`, `committedMore`, `observed`,
 * `splitVote`, `newTerm`, `nodeCrashed`, `nodeRestarted`) compare with the run as it was when
 * the learner entered the step.
 */
export type LessonCondition =
  /** A running server leads (in a term >= minTerm; with newTerm, in a term above every term known at the step's start). */
  | { kind: 'leaderElected'; minTerm?: number; newTerm?: boolean }
  /** Virtual time reached atMs. */
  | { kind: 'time'; atMs: number }
  /** ms of virtual time passed since the step began. */
  | { kind: 'elapsed'; ms: number }
  /** 'leader': the leader at the step's start is down; 'follower'/'any': one of the servers running then is down; a number: that server is down. */
  | { kind: 'nodeCrashed'; who: 'leader' | 'follower' | 'any' | number }
  /** A server that was down at the step's start runs again ('any'), or that server runs. */
  | { kind: 'nodeRestarted'; who: 'any' | number }
  /** At least this many members of the configuration are down. */
  | { kind: 'nodesDown'; atLeast: number }
  /** Some running server's commitIndex reached index. */
  | { kind: 'committedAtLeast'; index: number }
  /** The highest commitIndex grew by count since the step began. */
  | { kind: 'committedMore'; count: number }
  /** A partition or a cut link is in place. */
  | { kind: 'partitioned' }
  /** No partition and no cut link. */
  | { kind: 'healed' }
  /** Some running server is in term >= term. */
  | { kind: 'termAtLeast'; term: number }
  /** Since the step began, an election ended without a winner: a later election started and no leader was elected for the earlier term. */
  | { kind: 'splitVote' }
  /** At least atLeast (default 1) observations named `what` (Raft: role, term, vote, election, leader, append, truncate, commit, config, recover) since the step began, from `node` if given. */
  | { kind: 'observed'; what: string; atLeast?: number; node?: number }
  /** No two running servers hold entries of different terms at one index. */
  | { kind: 'logsAgree' }
  /** The newest configuration a running server knows has between atLeast and atMost members. */
  | { kind: 'memberCount'; atLeast?: number; atMost?: number }
  /**
   * The network model now (the toolbar's Latency and Loss, or a scenario's change): its upper
   * latency bound and its loss rate within the given bounds. Not "since the step": a step that
   * asks the learner to change the network should start from a network that does not match.
   */
  | { kind: 'network'; latencyMaxAtLeastMs?: number; latencyMaxAtMostMs?: number; lossAtLeast?: number; lossAtMost?: number };

export type ConditionKind = LessonCondition['kind'];

/** What a step does when it is entered: one of the page's named commands (app/session/commands.ts). */
export type LessonAction =
  | { kind: 'play' }
  | { kind: 'pause' }
  | { kind: 'setSpeed'; speed: number }
  /** Go to this virtual time (forward runs; backward replays from a checkpoint). Pauses. */
  | { kind: 'seek'; atMs: number }
  | { kind: 'crash' | 'restart' | 'forceTimeout' | 'clientWrite' | 'clientRead' | 'removeServer'; node: NodeRef }
  | { kind: 'cutLink' | 'restoreLink'; from: NodeRef; to: NodeRef; oneWay?: boolean }
  | { kind: 'partition'; groups: NodeRef[][] }
  | { kind: 'heal' }
  | { kind: 'addServer' }
  | { kind: 'setNetwork'; latencyMs?: { min: number; max: number }; lossRate?: number; duplicateRate?: number };

export type LessonActionKind = LessonAction['kind'];

export interface LessonStep {
  /** Plain text, a few sentences; a blank line separates paragraphs. Never HTML. */
  text: string;
  /** Must hold before Next is enabled (or before the lesson moves on by itself, with autoAdvance). */
  until?: LessonCondition;
  /** Go to the next step as soon as `until` holds. */
  autoAdvance?: boolean;
  /** The hint under the text while `until` does not hold ("crash the leader"); a default is derived from `until`. */
  waitingFor?: string;
  /** Done in order when the step is entered for the first time. */
  do: LessonAction[];
  /** Servers to emphasise in the cluster view while the step shows. */
  highlight: number[];
}

export interface Lesson {
  version: typeof LESSON_VERSION;
  id: string;
  title: string;
  summary?: string;
  /** A file name in public/scenarios/ ("leader-crash.json"). */
  scenario: string;
  steps: LessonStep[];
}

/** One line of `scenarios/index.json` or `lessons/index.json`. */
export interface CatalogEntry {
  id: string;
  title: string;
  summary: string;
  /** A file name beside the index. */
  file: string;
}

export class LessonError extends Error {
  override name = 'LessonError';
}

// ---------------------------------------------------------------------------------------------
// Schema

const id = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case letters, digits and dashes'));
/** A bare file name: no directory, so a fetched index can never point outside its folder. */
const fileName = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}\.json$/, 'must be a file name like "leader-crash.json"'));
const looksLikeHtml = (s: string) => /<\/?[a-z!][^>]*>/i.test(s) || /&[a-z]+;|&#\d+;/i.test(s);
const plainText = (max: number) =>
  v.pipe(
    v.string(),
    v.maxLength(max),
    v.check((s) => !looksLikeHtml(s), 'must be plain text, not HTML'),
  );
const title = v.pipe(plainText(120), v.trim(), v.minLength(1, 'must not be empty'));
const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000));
const positive = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000));
const ms = v.pipe(v.number(), v.minValue(0), v.maxValue(24 * 3600 * 1000));
const node = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_NODE));
const nodeRef = v.union([node, v.literal('leader'), v.literal('follower')]);
const rate = v.pipe(v.number(), v.minValue(0), v.maxValue(1));

const condition = v.variant('kind', [
  v.strictObject({ kind: v.literal('leaderElected'), minTerm: v.optional(count), newTerm: v.optional(v.boolean()) }),
  v.strictObject({ kind: v.literal('time'), atMs: ms }),
  v.strictObject({ kind: v.literal('elapsed'), ms }),
  v.strictObject({
    kind: v.literal('nodeCrashed'),
    who: v.union([node, v.literal('leader'), v.literal('follower'), v.literal('any')]),
  }),
  v.strictObject({ kind: v.literal('nodeRestarted'), who: v.union([node, v.literal('any')]) }),
  v.strictObject({ kind: v.literal('nodesDown'), atLeast: positive }),
  v.strictObject({ kind: v.literal('committedAtLeast'), index: count }),
  v.strictObject({ kind: v.literal('committedMore'), count: positive }),
  v.strictObject({ kind: v.literal('partitioned') }),
  v.strictObject({ kind: v.literal('healed') }),
  v.strictObject({ kind: v.literal('termAtLeast'), term: count }),
  v.strictObject({ kind: v.literal('splitVote') }),
  v.strictObject({
    kind: v.literal('observed'),
    what: v.pipe(v.string(), v.regex(/^[a-zA-Z][a-zA-Z0-9-]{0,31}$/, 'must name an observation, e.g. "truncate"')),
    atLeast: v.optional(positive),
    node: v.optional(node),
  }),
  v.strictObject({ kind: v.literal('logsAgree') }),
  v.pipe(
    v.strictObject({ kind: v.literal('memberCount'), atLeast: v.optional(positive), atMost: v.optional(positive) }),
    v.check((c) => c.atLeast !== undefined || c.atMost !== undefined, 'memberCount needs atLeast or atMost'),
  ),
  v.pipe(
    v.strictObject({
      kind: v.literal('network'),
      latencyMaxAtLeastMs: v.optional(ms),
      latencyMaxAtMostMs: v.optional(ms),
      lossAtLeast: v.optional(rate),
      lossAtMost: v.optional(rate),
    }),
    v.check(
      (c) => c.latencyMaxAtLeastMs !== undefined || c.latencyMaxAtMostMs !== undefined || c.lossAtLeast !== undefined || c.lossAtMost !== undefined,
      'network needs latencyMaxAtLeastMs, latencyMaxAtMostMs, lossAtLeast or lossAtMost',
    ),
  ),
]);

const oneNode = <K extends string>(kind: K) => v.strictObject({ kind: v.literal(kind), node: nodeRef });
const link = <K extends string>(kind: K) =>
  v.strictObject({ kind: v.literal(kind), from: nodeRef, to: nodeRef, oneWay: v.optional(v.boolean()) });

const action = v.variant('kind', [
  v.strictObject({ kind: v.literal('play') }),
  v.strictObject({ kind: v.literal('pause') }),
  v.strictObject({ kind: v.literal('setSpeed'), speed: v.pipe(v.number(), v.minValue(0.01), v.maxValue(100)) }),
  v.strictObject({ kind: v.literal('seek'), atMs: ms }),
  oneNode('crash'),
  oneNode('restart'),
  oneNode('forceTimeout'),
  oneNode('clientWrite'),
  oneNode('clientRead'),
  oneNode('removeServer'),
  link('cutLink'),
  link('restoreLink'),
  v.strictObject({ kind: v.literal('partition'), groups: v.pipe(v.array(v.pipe(v.array(nodeRef), v.maxLength(128))), v.maxLength(128)) }),
  v.strictObject({ kind: v.literal('heal') }),
  v.strictObject({ kind: v.literal('addServer') }),
  v.strictObject({
    kind: v.literal('setNetwork'),
    latencyMs: v.optional(
      v.pipe(
        v.strictObject({ min: v.pipe(v.number(), v.minValue(0.001), v.maxValue(60_000)), max: v.pipe(v.number(), v.minValue(0.001), v.maxValue(60_000)) }),
        v.check((l) => l.max >= l.min, 'latency max must not be below min'),
      ),
    ),
    lossRate: v.optional(rate),
    duplicateRate: v.optional(rate),
  }),
]);

const step = v.strictObject({
  text: v.pipe(plainText(MAX_STEP_TEXT), v.check((s) => s.trim().length > 0, 'must not be empty')),
  until: v.optional(condition),
  autoAdvance: v.optional(v.boolean()),
  waitingFor: v.optional(v.pipe(plainText(120), v.trim(), v.minLength(1))),
  // One action or a list of them; always a list after parsing.
  do: v.optional(v.union([action, v.pipe(v.array(action), v.maxLength(20))]), []),
  highlight: v.optional(v.pipe(v.array(node), v.maxLength(128)), []),
});

const lessonSchema = v.strictObject({
  version: v.literal(LESSON_VERSION),
  id,
  title,
  summary: v.optional(v.pipe(plainText(400), v.trim())),
  scenario: fileName,
  steps: v.pipe(v.array(step), v.minLength(1, 'a lesson needs at least one step'), v.maxLength(MAX_LESSON_STEPS)),
});

const entry = v.strictObject({ id, title, summary: v.pipe(plainText(400), v.trim()), file: fileName });

function fail(issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]], what: string): never {
  const issue = issues[0];
  const path = v.getDotPath(issue);
  const problem = issue.input === undefined && issue.kind === 'schema' ? 'is missing' : issue.message;
  throw new LessonError(`${what}: ${path ? `${path}: ` : ''}${problem}`);
}

/** Validates an untrusted lesson; throws a LessonError naming the first problem. */
export function parseLesson(input: unknown, what = 'the lesson'): Lesson {
  const result = v.safeParse(lessonSchema, input);
  if (!result.success) fail(result.issues, what);
  const out = result.output;
  const steps: LessonStep[] = out.steps.map((s) => {
    const actions = (Array.isArray(s.do) ? s.do : [s.do]) as LessonAction[];
    const normal: LessonStep = { text: s.text.trim(), do: actions, highlight: [...s.highlight] };
    if (s.until) normal.until = s.until as LessonCondition;
    if (s.autoAdvance !== undefined) normal.autoAdvance = s.autoAdvance;
    if (s.waitingFor !== undefined) normal.waitingFor = s.waitingFor;
    return normal;
  });
  steps.forEach((s, i) => {
    if (s.autoAdvance && !s.until) throw new LessonError(`${what}: steps.${i}: autoAdvance needs an "until" condition`);
  });
  const lesson: Lesson = { version: LESSON_VERSION, id: out.id, title: out.title, scenario: out.scenario, steps };
  if (out.summary) lesson.summary = out.summary;
  return lesson;
}

/**
 * Validates a catalogue: `{"version": 1, "<kind>": [{id, title, summary, file}, ...]}` with
 * kind "scenarios" or "lessons". Ids must be unique.
 */
export function parseCatalog(input: unknown, kind: 'scenarios' | 'lessons', what = `${kind}/index.json`): CatalogEntry[] {
  const schema = v.strictObject({ version: v.literal(LESSON_VERSION), [kind]: v.pipe(v.array(entry), v.maxLength(500)) });
  const result = v.safeParse(schema, input);
  if (!result.success) fail(result.issues, what);
  const entries = (result.output as Record<string, CatalogEntry[]>)[kind]!;
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.id)) throw new LessonError(`${what}: the id "${e.id}" appears twice`);
    seen.add(e.id);
  }
  return entries.map((e) => ({ ...e }));
}

/** Every server id a lesson names (in conditions, actions and highlights). */
export function nodesNamed(lesson: Lesson): number[] {
  const ids: number[] = [];
  const add = (r: unknown) => {
    if (typeof r === 'number') ids.push(r);
  };
  for (const s of lesson.steps) {
    ids.push(...s.highlight);
    const c = s.until;
    if (c && (c.kind === 'nodeCrashed' || c.kind === 'nodeRestarted')) add(c.who);
    if (c?.kind === 'observed') add(c.node);
    for (const a of s.do) {
      if ('node' in a) add(a.node);
      if ('from' in a) add(a.from);
      if ('to' in a) add(a.to);
      if (a.kind === 'partition') a.groups.flat().forEach(add);
    }
  }
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** Checks a lesson against the scenario it runs: every server it names must exist there. */
export function checkLessonFits(lesson: Lesson, scenario: { nodes: number }): void {
  const beyond = nodesNamed(lesson).filter((n) => n >= scenario.nodes);
  if (beyond.length > 0) {
    throw new LessonError(`the lesson names ${nodeName(null, beyond[0]!)}, but its scenario has only ${scenario.nodes} servers`);
  }
}
