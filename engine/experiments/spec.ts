import * as v from 'valibot';
import { isNemesisName, NEMESIS_NAMES, withNemesis, type NemesisName } from '../scenario/nemesis';
import { MAX_UNTIL_US, parseScenario, ScenarioError, type Scenario } from '../scenario/schema';
import { checkRunnable, parseUntrustedJson } from '../scenario/untrusted';
import type { NetworkModel } from '../kernel/faults';
import { experimentVocabulary } from '../protocols/registry';
import type { StepTiming } from './contract';
import { findMeasure, type MeasureName } from './measures';
import { HEARTBEAT_JITTER, stepJitterUs } from './step-timing';

/**
 * An experiment: one scenario template run over a range of seeds, once per variant (a named set
 * of protocol-setting and network overrides), with scripted steps (such as "crash whoever leads
 * at 1 s") and measures taken from each run's trace. Files, the CLI and the page all go through
 * `parseExperiment`, the one door for untrusted experiment input (docs/experiments.md).
 */
export const EXPERIMENT_VERSION = 2;
/** The most seeds one experiment may ask for (per variant). */
export const MAX_SEEDS = 100_000;
export const MAX_VARIANTS = 12;
/** The most runs (seeds × variants) in one experiment. */
export const MAX_RUNS = 200_000;
/** Largest experiment file accepted, in characters. */
export const MAX_EXPERIMENT_CHARS = 1024 * 1024;

/**
 * A scripted step: at `atMs` plus a seeded offset drawn uniformly from [0, jitterMs), it acts;
 * with `limitMs` the run ends at the latest that long after it acted. Generic steps crash or
 * restart a node (`{ kind: 'crash', node: 2 }`); a protocol's are spelt `<protocol>.<name>`
 * (`raft.crashLeader`: crash whoever leads; engine/protocols/NAME/experiments.ts).
 * `jitterMs: 'heartbeat'` is one heartbeat interval of each variant's settings (step-timing.ts).
 */
export type ExperimentStep = StepTiming & { kind: string; readonly [field: string]: unknown };

export interface Variant {
  name: string;
  /** Merged over the template's `protocol.config`. */
  config: Record<string, unknown>;
  /** Replaces parts of the template's network model. */
  network: Partial<NetworkModel>;
  /**
   * Replaces the template's node count (a group-size sweep: SWIM's detection time for 8 to 64
   * members). Only for templates of one kind of node (no topology). Absent: the template's.
   */
  nodes?: number;
}

export interface ExperimentSpec {
  experiment: typeof EXPERIMENT_VERSION;
  /** A short id: lowercase letters, digits and dashes (`figure16`). */
  name: string;
  title: string;
  description: string;
  /** The template; its `seed` is replaced by each seed of the range, `untilUs` caps each run. */
  scenario: Scenario;
  /** Inclusive range. */
  seeds: { from: number; to: number };
  variants: Variant[];
  steps: ExperimentStep[];
  /** What to take from each run's trace (measures.ts); the first is the one plotted. May be empty (a plain sweep). */
  measures: MeasureName[];
  /**
   * A seeded nemesis is added to each run (its timeline depends on the seed). In a file,
   * `chaos: true` alone asks for the random one of `npm run sim -- --chaos`.
   */
  chaos: boolean;
  /** Which nemesis, by name (scenario/nemesis.ts, `--nemesis`); null when `chaos` is false. */
  nemesis: NemesisName | null;
  /** Stop a run as soon as every measure has its value (else run to `scenario.untilUs`). */
  stopWhenMeasured: boolean;
}

export class ExperimentError extends Error {
  override name = 'ExperimentError';
}

const seedValue = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(0xffffffff));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const ms = v.pipe(v.number(), v.minValue(0), v.maxValue(MAX_UNTIL_US / 1000));

/** A step's common fields; the rest is its kind's (generic here, or its protocol's schema). */
const stepTimingSchema = v.looseObject({
  kind: v.pipe(v.string(), v.maxLength(96)),
  atMs: ms,
  // A number of ms, or "heartbeat": the variant's own heartbeat interval (Raft paper §9.3).
  jitterMs: v.optional(v.union([ms, v.literal(HEARTBEAT_JITTER)], `jitterMs must be a number of ms or "${HEARTBEAT_JITTER}"`), 0),
  limitMs: v.optional(v.nullable(v.pipe(ms, v.minValue(1))), null),
});

/** The generic steps' own fields. */
const GENERIC_STEPS: Record<string, v.GenericSchema> = {
  crash: v.strictObject({ node: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1023)) }),
  restart: v.strictObject({ node: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1023)) }),
};

const latency = v.strictObject({
  min: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(60_000_000)),
  max: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(60_000_000)),
});

const variantSchema = v.strictObject({
  name: v.pipe(v.string(), v.minLength(1, 'a variant needs a name'), v.maxLength(64)),
  config: v.optional(v.record(v.string(), v.unknown()), {}),
  nodes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1024))),
  network: v.optional(
    v.strictObject({
      latencyUs: v.optional(latency),
      lossRate: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
      duplicateRate: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
    }),
    {},
  ),
});

const specSchema = v.strictObject({
  experiment: v.literal(EXPERIMENT_VERSION),
  name: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'name must be lowercase letters, digits and dashes (at most 64)')),
  title: v.optional(text(200), ''),
  description: v.optional(text(4000), ''),
  // Checked by parseScenario below (after a default seed is filled in).
  scenario: v.looseObject({}),
  seeds: v.pipe(
    v.strictObject({ from: seedValue, to: seedValue }),
    v.check((s) => s.to >= s.from, 'seeds.to must not be below seeds.from'),
    v.check((s) => s.to - s.from + 1 <= MAX_SEEDS, `at most ${MAX_SEEDS} seeds`),
  ),
  variants: v.optional(v.pipe(v.array(variantSchema), v.minLength(1, 'give at least one variant'), v.maxLength(MAX_VARIANTS)), [{ name: 'default' }]),
  steps: v.optional(v.pipe(v.array(stepTimingSchema), v.maxLength(16)), []),
  measures: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(96), v.check((m) => typeof findMeasure(m) !== 'string', (issue) => findMeasure(issue.input as string) as string))), v.maxLength(8)), []),
  chaos: v.optional(v.boolean(), false),
  nemesis: v.optional(v.nullable(v.picklist(NEMESIS_NAMES, `nemesis is one of ${NEMESIS_NAMES.join(', ')}`)), null),
  stopWhenMeasured: v.optional(v.boolean(), true),
});

function firstIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0]!;
  const path = v.getDotPath(issue);
  const what = issue.input === undefined && issue.kind === 'schema' ? 'is missing' : issue.message;
  return `${path ? `${path}: ` : ''}${what}`;
}

/**
 * Format 1 had one vocabulary beyond the generic words, Raft's: its only step (`crashLeader`)
 * and all its measures (`leaderRecoveryMs`, ...) were Raft's. Format 2 spells a protocol's
 * words with its name, so a format-1 file opens with `raft.` before each.
 */
const FORMAT_1_PROTOCOL = 'raft';

function migrateFrom1(input: Record<string, unknown>): Record<string, unknown> {
  const prefix = (x: unknown) => (typeof x === 'string' ? `${FORMAT_1_PROTOCOL}.${x}` : x);
  const out: Record<string, unknown> = { ...input, experiment: 2 };
  if (Array.isArray(input.steps)) out.steps = input.steps.map((st) => (isRecord(st) ? { ...st, kind: prefix(st.kind) } : st));
  if (Array.isArray(input.measures)) out.measures = input.measures.map(prefix);
  return out;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Validates one step's own fields: a generic step's here, a protocol's by its vocabulary. */
function parseStep(raw: v.InferOutput<typeof stepTimingSchema>, i: number, protocol: string): ExperimentStep {
  const { kind, atMs, jitterMs, limitMs, ...fields } = raw;
  const dot = kind.indexOf('.');
  let schema: v.GenericSchema | undefined;
  if (dot < 0) {
    schema = Object.hasOwn(GENERIC_STEPS, kind) ? GENERIC_STEPS[kind] : undefined;
    if (!schema) throw new ExperimentError(`steps.${i}.kind: a step is one of ${Object.keys(GENERIC_STEPS).join(', ')} or a protocol's, spelt <protocol>.<name>`);
  } else {
    const owner = kind.slice(0, dot);
    const name = kind.slice(dot + 1);
    const steps = experimentVocabulary(owner)?.steps ?? {};
    if (owner !== protocol) throw new ExperimentError(`steps.${i}.kind: a ${owner.slice(0, 40)} step in an experiment whose scenario runs ${protocol}`);
    schema = Object.hasOwn(steps, name) ? steps[name]!.schema : undefined;
    if (!schema) throw new ExperimentError(`steps.${i}.kind: ${owner} has no step "${name.slice(0, 40)}" (known: ${Object.keys(steps).map((n) => `${owner}.${n}`).join(', ') || 'none'})`);
  }
  const result = v.safeParse(schema, fields);
  if (!result.success) throw new ExperimentError(`steps.${i}.${firstIssue(result.issues)}`);
  return { kind, atMs, jitterMs, limitMs, ...(result.output as object) };
}

/** Validates untrusted input (format 2, or format 1 migrated first); throws an ExperimentError whose message names the first problem. */
export function parseExperiment(input: unknown): ExperimentSpec {
  const migrated = isRecord(input) && input.experiment === 1 ? migrateFrom1(input) : input;
  const result = v.safeParse(specSchema, migrated);
  if (!result.success) throw new ExperimentError(firstIssue(result.issues));
  const raw = result.output;
  let scenario: Scenario;
  try {
    scenario = parseScenario({ seed: 0, ...raw.scenario }, 'scenario');
    checkRunnable(scenario);
  } catch (error) {
    throw new ExperimentError(`scenario.${(error as Error).message}`);
  }
  const names = new Set<string>();
  for (const [i, variant] of raw.variants.entries()) {
    if (names.has(variant.name)) throw new ExperimentError(`variants.${i}.name: "${variant.name}" is used twice`);
    names.add(variant.name);
  }
  const runs = (raw.seeds.to - raw.seeds.from + 1) * raw.variants.length;
  if (runs > MAX_RUNS) throw new ExperimentError(`${runs} runs is more than the ${MAX_RUNS} one experiment may have`);
  for (const [i, variant] of raw.variants.entries()) {
    if (variant.nodes !== undefined && scenario.topology) throw new ExperimentError(`variants.${i}.nodes: a scenario with a topology keeps its node count`);
  }
  // A step must name a node every variant has.
  const fewestNodes = Math.min(...raw.variants.map((x) => x.nodes ?? scenario.nodes));
  const steps = raw.steps.map((step, i) => parseStep(step, i, scenario.protocol.name));
  for (const [i, step] of steps.entries()) {
    if (step.atMs * 1000 >= scenario.untilUs) throw new ExperimentError(`steps.${i}.atMs: after the end of the run (scenario.untilUs)`);
    if (typeof step.node === 'number' && step.node >= fewestNodes) throw new ExperimentError(`steps.${i}.node: the scenario has only ${fewestNodes} nodes`);
  }
  for (const [i, m] of raw.measures.entries()) {
    const owner = m.includes('.') ? m.slice(0, m.indexOf('.')) : null;
    if (owner !== null && owner !== scenario.protocol.name) throw new ExperimentError(`measures.${i}: a ${owner} measure in an experiment whose scenario runs ${scenario.protocol.name}`);
  }
  if (new Set(raw.measures).size !== raw.measures.length) throw new ExperimentError('measures: a measure is listed twice');
  // `chaos: true` alone is the random nemesis; a named nemesis wins (a parsed spec has both).
  const nemesis = raw.nemesis !== null && isNemesisName(raw.nemesis) ? raw.nemesis : raw.chaos ? 'random' : null;
  const spec: ExperimentSpec = {
    experiment: EXPERIMENT_VERSION,
    name: raw.name,
    title: raw.title || raw.name,
    description: raw.description,
    scenario,
    seeds: raw.seeds,
    variants: raw.variants.map((x) => ({ name: x.name, config: x.config, network: x.network as Partial<NetworkModel>, ...(x.nodes === undefined ? {} : { nodes: x.nodes }) })),
    steps,
    measures: raw.measures,
    chaos: nemesis !== null,
    nemesis,
    stopWhenMeasured: raw.stopWhenMeasured,
  };
  // Every variant must make a runnable scenario, and every step must know its jitter in it:
  // a bad setting fails here, not in a worker.
  spec.variants.forEach((_, i) => {
    let scenario: Scenario;
    try {
      scenario = trialScenario(spec, i, spec.seeds.from);
    } catch (error) {
      throw new ExperimentError(`variants.${i}: ${(error as Error).message}`);
    }
    spec.steps.forEach((step, s) => {
      try {
        stepJitterUs(step, scenario);
      } catch (error) {
        throw new ExperimentError(`steps.${s}.jitterMs: ${(error as Error).message}`);
      }
    });
  });
  return spec;
}

/** Reads an experiment file (untrusted JSON text). */
export function experimentFromText(text: string, name = 'the experiment file'): ExperimentSpec {
  if (text.length > MAX_EXPERIMENT_CHARS) throw new ExperimentError(`${name} is larger than ${MAX_EXPERIMENT_CHARS / 1024} KiB`);
  try {
    return parseExperiment(parseUntrustedJson(text.replace(/^\uFEFF/, ''), name));
  } catch (error) {
    if (error instanceof ScenarioError) throw new ExperimentError(error.message);
    throw error;
  }
}

/** The same experiment over another seed range (the CLI's --seeds, the page's seed count). */
export function withSeeds(spec: ExperimentSpec, from: number, to: number): ExperimentSpec {
  return parseExperiment({ ...spec, seeds: { from, to } });
}

export const seedCount = (spec: ExperimentSpec) => spec.seeds.to - spec.seeds.from + 1;
export const runCount = (spec: ExperimentSpec) => seedCount(spec) * spec.variants.length;

/**
 * The scenario of one run: the template with the variant's overrides, this seed and, with a
 * nemesis, this seed's nemesis timeline. Validated (the protocol checks its settings).
 */
export function trialScenario(spec: ExperimentSpec, variantIndex: number, seed: number): Scenario {
  const variant = spec.variants[variantIndex];
  if (!variant) throw new ExperimentError(`no variant ${variantIndex}`);
  const t = spec.scenario;
  const scenario: Scenario = {
    ...t,
    seed,
    nodes: variant.nodes ?? t.nodes,
    protocol: { name: t.protocol.name, config: { ...t.protocol.config, ...variant.config } },
    network: { ...t.network, ...variant.network },
    timeline: [...t.timeline],
  };
  const checked = parseScenario(spec.nemesis === null ? scenario : withNemesis(scenario, spec.nemesis));
  checkRunnable(checked);
  return checked;
}

/** Every run of the experiment as (variant, seed), variants outermost: the order results use. */
export function* trials(spec: ExperimentSpec): Generator<{ variantIndex: number; seed: number }> {
  for (let variantIndex = 0; variantIndex < spec.variants.length; variantIndex++) {
    for (let seed = spec.seeds.from; seed <= spec.seeds.to; seed++) yield { variantIndex, seed };
  }
}
