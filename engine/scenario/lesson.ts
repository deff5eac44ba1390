import * as v from 'valibot';
import { lessonVocabulary } from '../protocols/registry';
import { ms, node, nodeRef, positive, rate, roleName } from './lesson-parts';
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
 * Pure: no DOM, no clock. The app evaluates conditions and performs actions (app/lessons/). A protocol's own
 * words (`raft.leaderElected`) are validated by its vocabulary (engine/protocols/NAME/lesson.ts).
 */
export const LESSON_VERSION = 2;
/** The catalogues' own format (`lessons/index.json`, `scenarios/index.json`): unchanged since 1. */
export const CATALOG_VERSION = 1;
export const MAX_LESSON_STEPS = 100;
export const MAX_STEP_TEXT = 2_000;

/**
 * A node named by id (0 is the first node), or by the role it holds when the step is entered
 * ("leader"): the lesson's protocol lists its roles (`LessonVocabulary.roles`) and says who
 * holds one (app/lessons/contract.ts).
 */
export type NodeRef = number | string;

/** A protocol's word: `<protocol>.<name>` (`raft.leaderElected`), with fields its vocabulary validates. */
export interface ProtocolWord {
  readonly kind: `${string}.${string}`;
  readonly [field: string]: unknown;
}

/**
 * What a step waits for, in generic words (any protocol), or a protocol's own condition
 * (`raft.leaderElected`; engine/protocols/NAME/lesson.ts). Conditions "since the step"
 * (`elapsed`, `observed`, `delivered`, `nodeCrashed`, `nodeRestarted`) compare with the run as
 * it was when the learner entered the step.
 */
export type GenericCondition =
  /** Virtual time reached atMs. */
  | { kind: 'time'; atMs: number }
  /** ms of virtual time passed since the step began. */
  | { kind: 'elapsed'; ms: number }
  /** A role ('leader'): a node that held it at the step's start is down; 'any': a node running then is down; a number: that node is down. */
  | { kind: 'nodeCrashed'; who: NodeRef | 'any' }
  /** A node that was down at the step's start runs again ('any'), or that node runs. */
  | { kind: 'nodeRestarted'; who: 'any' | number }
  /** At least this many members are down (members: the protocol's to say; all nodes by default). */
  | { kind: 'nodesDown'; atLeast: number }
  /** A partition or a cut link is in place. */
  | { kind: 'partitioned' }
  /** No partition and no cut link. */
  | { kind: 'healed' }
  /** At least atLeast (default 1) observations named `what` (the protocol's, e.g. Raft's "truncate") since the step began, from `node` if given. */
  | { kind: 'observed'; what: string; atLeast?: number; node?: number }
  /** At least atLeast (default 1) messages of this type delivered since the step began, to `to` if given. */
  | { kind: 'delivered'; type: string; atLeast?: number; to?: number }
  /**
   * The network model now (the toolbar's Latency and Loss, or a scenario's change): its upper
   * latency bound and its loss rate within the given bounds. Not "since the step": a step that
   * asks the learner to change the network should start from a network that does not match.
   */
  | { kind: 'network'; latencyMaxAtLeastMs?: number; latencyMaxAtMostMs?: number; lossAtLeast?: number; lossAtMost?: number };

export type LessonCondition = GenericCondition | ProtocolWord;

export type ConditionKind = LessonCondition['kind'];

/** What a step does when it is entered: one of the page's named commands (app/commands/), or a protocol's action (`raft.forceTimeout`). */
export type GenericAction =
  | { kind: 'play' }
  | { kind: 'pause' }
  | { kind: 'setSpeed'; speed: number }
  /** Go to this virtual time (forward runs; backward replays from a checkpoint). Pauses. */
  | { kind: 'seek'; atMs: number }
  | { kind: 'crash' | 'restart'; node: NodeRef }
  | { kind: 'cutLink' | 'restoreLink'; from: NodeRef; to: NodeRef; oneWay?: boolean }
  | { kind: 'partition'; groups: NodeRef[][] }
  | { kind: 'heal' }
  | { kind: 'setNetwork'; latencyMs?: { min: number; max: number }; lossRate?: number; duplicateRate?: number };

export type LessonAction = GenericAction | ProtocolWord;

export type LessonActionKind = LessonAction['kind'];

/** Whether a condition or action is a protocol's own word (`raft.leaderElected`), not a generic one. */
export const isProtocolWord = (x: { kind: string }): x is ProtocolWord => x.kind.includes('.');

/** A protocol's word split: `raft.leaderElected` is ["raft", "leaderElected"]. */
export function splitWord(kind: string): [protocol: string, name: string] {
  const dot = kind.indexOf('.');
  return [kind.slice(0, dot), kind.slice(dot + 1)];
}

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
  /**
   * The protocol the lesson teaches ("raft"): its words (`raft.*`) and roles are the only
   * protocol words the lesson may use, and its scenario must run it. Absent: generic words
   * only, any protocol.
   */
  protocol?: string;
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
const fileName = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}\.json$/, 'must be a file name like "intro.json"'));
const looksLikeHtml = (s: string) => /<\/?[a-z!][^>]*>/i.test(s) || /&[a-z]+;|&#\d+;/i.test(s);
const plainText = (max: number) =>
  v.pipe(
    v.string(),
    v.maxLength(max),
    v.check((s) => !looksLikeHtml(s), 'must be plain text, not HTML'),
  );
const title = v.pipe(plainText(120), v.trim(), v.minLength(1, 'must not be empty'));
const word = (what: string) => v.pipe(v.string(), v.regex(/^[a-zA-Z][a-zA-Z0-9-]{0,31}$/, `must name ${what}`));

const condition = v.variant('kind', [
  v.strictObject({ kind: v.literal('time'), atMs: ms }),
  v.strictObject({ kind: v.literal('elapsed'), ms }),
  v.strictObject({ kind: v.literal('nodeCrashed'), who: v.union([node, v.literal('any'), roleName], 'must be a node id, "any" or a role') }),
  v.strictObject({ kind: v.literal('nodeRestarted'), who: v.union([node, v.literal('any')]) }),
  v.strictObject({ kind: v.literal('nodesDown'), atLeast: positive }),
  v.strictObject({ kind: v.literal('partitioned') }),
  v.strictObject({ kind: v.literal('healed') }),
  v.strictObject({ kind: v.literal('observed'), what: word('an observation, e.g. "truncate"'), atLeast: v.optional(positive), node: v.optional(node) }),
  v.strictObject({ kind: v.literal('delivered'), type: word('a message type, e.g. "Ping"'), atLeast: v.optional(positive), to: v.optional(node) }),
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
  link('cutLink'),
  link('restoreLink'),
  v.strictObject({ kind: v.literal('partition'), groups: v.pipe(v.array(v.pipe(v.array(nodeRef), v.maxLength(128))), v.maxLength(128)) }),
  v.strictObject({ kind: v.literal('heal') }),
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

/** A condition or an action before it is told apart: checked by `condition`/`action` or by its protocol's vocabulary. */
const kinded = v.looseObject({ kind: v.pipe(v.string(), v.maxLength(96)) });

const step = v.strictObject({
  text: v.pipe(plainText(MAX_STEP_TEXT), v.check((s) => s.trim().length > 0, 'must not be empty')),
  until: v.optional(kinded),
  autoAdvance: v.optional(v.boolean()),
  waitingFor: v.optional(v.pipe(plainText(120), v.trim(), v.minLength(1))),
  // One action or a list of them; always a list after parsing.
  do: v.optional(v.union([kinded, v.pipe(v.array(kinded), v.maxLength(20))]), []),
  highlight: v.optional(v.pipe(v.array(node), v.maxLength(128)), []),
});

const lessonSchema = v.strictObject({
  version: v.literal(LESSON_VERSION),
  id,
  protocol: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must name a protocol (as scenarios do)'))),
  title,
  summary: v.optional(v.pipe(plainText(400), v.trim())),
  scenario: fileName,
  steps: v.pipe(v.array(step), v.minLength(1, 'a lesson needs at least one step'), v.maxLength(MAX_LESSON_STEPS)),
});

const entry = v.strictObject({ id, title, summary: v.pipe(plainText(400), v.trim()), file: fileName });

function fail(issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]], what: string, prefix = ''): never {
  const issue = issues[0];
  const path = [prefix, v.getDotPath(issue)].filter(Boolean).join('.');
  const problem = issue.input === undefined && issue.kind === 'schema' ? 'is missing' : issue.message;
  throw new LessonError(`${what}: ${path ? `${path}: ` : ''}${problem}`);
}

// ---------------------------------------------------------------------------------------------
// Format 1 -> 2

/**
 * Format 1 had one vocabulary beyond the generic words, Raft's (the only protocol with lessons
 * then): `leaderElected`, `forceTimeout`, ... and the roles "leader" and "follower". Format 2
 * spells a protocol's words with its name (`raft.leaderElected`) and says the lesson's protocol.
 * So a format-1 lesson that used any word or role beyond the generic ones is a Raft lesson, its
 * words prefixed; one that used none stays protocol-free. Built-in files are format 2; links
 * and saved format-1 files keep opening (lesson.test.ts parses the format-1 originals).
 */
const FORMAT_1_PROTOCOL = 'raft';
/** The generic words of format 1 (format 2 added `delivered`). */
const GENERIC_CONDITIONS: ReadonlySet<string> = new Set(['time', 'elapsed', 'nodeCrashed', 'nodeRestarted', 'nodesDown', 'partitioned', 'healed', 'observed', 'network']);
const GENERIC_ACTIONS: ReadonlySet<string> = new Set(['play', 'pause', 'setSpeed', 'seek', 'crash', 'restart', 'cutLink', 'restoreLink', 'partition', 'heal', 'setNetwork']);
const FORMAT_1_ROLES = new Set(['leader', 'follower']);

function migrateFrom1(input: Record<string, unknown>): Record<string, unknown> {
  let spoke = false;
  const rename = (x: unknown, generic: ReadonlySet<string>): unknown => {
    if (!isRecord(x) || typeof x.kind !== 'string') return x;
    const roles = Object.values(x).some((f) => FORMAT_1_ROLES.has(f as string) || (Array.isArray(f) && f.flat().some((r) => FORMAT_1_ROLES.has(r as string))));
    if (roles) spoke = true;
    if (generic.has(x.kind)) return x;
    spoke = true;
    return { ...x, kind: `${FORMAT_1_PROTOCOL}.${x.kind}` };
  };
  const steps = Array.isArray(input.steps)
    ? input.steps.map((s) => {
        if (!isRecord(s)) return s;
        const out: Record<string, unknown> = { ...s };
        if ('until' in s) out.until = rename(s.until, GENERIC_CONDITIONS);
        if ('do' in s) out.do = Array.isArray(s.do) ? s.do.map((a) => rename(a, GENERIC_ACTIONS)) : rename(s.do, GENERIC_ACTIONS);
        return out;
      })
    : input.steps;
  return { ...input, version: 2, ...(spoke ? { protocol: FORMAT_1_PROTOCOL } : {}), steps };
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

// ---------------------------------------------------------------------------------------------
// Parsing

/** Validates one condition or action: a generic one by the schema here, a protocol's by its vocabulary. */
function parseWord<T>(raw: { kind: string }, generic: v.GenericSchema, which: 'conditions' | 'actions', protocol: string | undefined, what: string, path: string): T {
  if (!isProtocolWord(raw)) {
    const result = v.safeParse(generic, raw);
    if (!result.success) fail(result.issues, what, path);
    return result.output as T;
  }
  const [owner, name] = splitWord(raw.kind);
  const vocabulary = lessonVocabulary(owner);
  if (!vocabulary) throw new LessonError(`${what}: ${path}.kind: "${owner}" is not a protocol with lesson words`);
  if (owner !== protocol) throw new LessonError(`${what}: ${path}.kind: a ${owner} word in a lesson whose protocol is ${protocol ?? 'not given'} (say "protocol": "${owner}")`);
  const schema = Object.hasOwn(vocabulary[which], name) ? vocabulary[which][name]! : undefined;
  if (!schema) {
    const known = Object.keys(vocabulary[which]).map((n) => `${owner}.${n}`).join(', ');
    throw new LessonError(`${what}: ${path}.kind: ${owner} has no lesson ${which === 'conditions' ? 'condition' : 'action'} "${name.slice(0, 40)}" (known: ${known})`);
  }
  const { kind: _kind, ...fields } = raw as Record<string, unknown>;
  const result = v.safeParse(schema, fields);
  if (!result.success) fail(result.issues, what, path);
  return { kind: raw.kind, ...(result.output as object) } as T;
}

/** Every role a condition or action names ('leader' in `who`, `node`, `from`, `to`, `groups`). */
function rolesIn(x: object): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(x)) {
    if (key === 'kind') continue;
    if ((key === 'node' || key === 'from' || key === 'to' || key === 'who') && typeof value === 'string' && value !== 'any') out.push(value);
    if (key === 'groups' && Array.isArray(value)) out.push(...value.flat().filter((r): r is string => typeof r === 'string'));
  }
  return out;
}

/**
 * Validates an untrusted lesson (format 2, or format 1 migrated first); throws a LessonError
 * naming the first problem. A protocol's words are checked by its vocabulary (the registry's
 * `lessonVocabulary`).
 */
export function parseLesson(input: unknown, what = 'the lesson'): Lesson {
  const migrated = isRecord(input) && input.version === 1 ? migrateFrom1(input) : input;
  const result = v.safeParse(lessonSchema, migrated);
  if (!result.success) fail(result.issues, what);
  const out = result.output;
  const protocol = out.protocol;
  const vocabulary = protocol === undefined ? undefined : lessonVocabulary(protocol);
  if (protocol !== undefined && !vocabulary) throw new LessonError(`${what}: protocol: "${protocol}" has no lesson words (a lesson of generic words only needs no protocol)`);
  const roles = new Set(vocabulary?.roles ?? []);
  const checkRoles = (x: object, path: string) => {
    const unknown = rolesIn(x).find((r) => !roles.has(r));
    if (unknown !== undefined) {
      throw new LessonError(
        `${what}: ${path}: "${unknown.slice(0, 32)}" is not a role ${protocol ? `of ${protocol} (roles: ${[...roles].join(', ')})` : 'of any protocol the lesson names (say "protocol")'}`,
      );
    }
  };
  const steps: LessonStep[] = out.steps.map((s, i) => {
    const rawActions = Array.isArray(s.do) ? s.do : [s.do];
    const actions = rawActions.map((a, j) => {
      const path = Array.isArray(s.do) ? `steps.${i}.do.${j}` : `steps.${i}.do`;
      const parsed = parseWord<LessonAction>(a, action, 'actions', protocol, what, path);
      checkRoles(parsed, path);
      return parsed;
    });
    const normal: LessonStep = { text: s.text.trim(), do: actions, highlight: [...s.highlight] };
    if (s.until) {
      normal.until = parseWord<LessonCondition>(s.until, condition, 'conditions', protocol, what, `steps.${i}.until`);
      checkRoles(normal.until, `steps.${i}.until`);
    }
    if (s.autoAdvance !== undefined) normal.autoAdvance = s.autoAdvance;
    if (s.waitingFor !== undefined) normal.waitingFor = s.waitingFor;
    return normal;
  });
  steps.forEach((s, i) => {
    if (s.autoAdvance && !s.until) throw new LessonError(`${what}: steps.${i}: autoAdvance needs an "until" condition`);
  });
  const lesson: Lesson = { version: LESSON_VERSION, id: out.id, title: out.title, scenario: out.scenario, steps };
  if (protocol !== undefined) lesson.protocol = protocol;
  if (out.summary) lesson.summary = out.summary;
  return lesson;
}

/**
 * Validates a catalogue: `{"version": 1, "<kind>": [{id, title, summary, file}, ...]}` with
 * kind "scenarios" or "lessons". Ids must be unique.
 */
export function parseCatalog(input: unknown, kind: 'scenarios' | 'lessons', what = `${kind}/index.json`): CatalogEntry[] {
  const schema = v.strictObject({ version: v.literal(CATALOG_VERSION), [kind]: v.pipe(v.array(entry), v.maxLength(500)) });
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

/** Every node id a lesson names (in conditions, actions and highlights). */
export function nodesNamed(lesson: Lesson): number[] {
  const ids: number[] = [];
  const add = (r: unknown) => {
    if (typeof r === 'number') ids.push(r);
  };
  const fields = (x: object) => {
    for (const [key, value] of Object.entries(x)) {
      if (key === 'node' || key === 'from' || key === 'to' || key === 'who') add(value);
      if (key === 'groups' && Array.isArray(value)) value.flat().forEach(add);
    }
  };
  for (const s of lesson.steps) {
    ids.push(...s.highlight);
    if (s.until) fields(s.until);
    s.do.forEach(fields);
  }
  return [...new Set(ids)].sort((a, b) => a - b);
}

/**
 * Checks a lesson against the scenario it runs: it teaches the protocol the scenario runs, and
 * every node it names exists there.
 */
export function checkLessonFits(lesson: Lesson, scenario: { nodes: number; protocol?: { name: string } }): void {
  if (lesson.protocol !== undefined && scenario.protocol && scenario.protocol.name !== lesson.protocol) {
    throw new LessonError(`the lesson teaches ${lesson.protocol}, but its scenario runs ${scenario.protocol.name}`);
  }
  const beyond = nodesNamed(lesson).filter((n) => n >= scenario.nodes);
  if (beyond.length > 0) {
    throw new LessonError(`the lesson names ${nodeName(null, beyond[0]!)}, but its scenario has only ${scenario.nodes} servers`);
  }
}
