import type * as v from 'valibot';
import type { Action } from '../kernel/actions';
import type { NodeId, NodeView } from '../kernel/protocol';
import type { Micros } from '../kernel/time';
import type { TraceEvent } from '../kernel/trace';

/**
 * What a protocol adds to experiments (engine/protocols/NAME/experiments.ts, listed by
 * engine/protocols/registry.ts): scripted steps and measures under its own name
 * (`raft.crashLeader`, `raft.leaderRecoveryMs`), its built-in experiments (Raft: the paper's
 * Figure 16) and what the page offers to measure over "this scenario". The generic ones (crash
 * or restart a node; counts and first times of observations, messages per operation, metric
 * percentiles) are engine/experiments/'s own. Nothing here imports the registry.
 */

/** One run's measure, fed the trace event by event in canonical order (no run keeps its trace). */
export interface MeasureState {
  push(event: TraceEvent): void;
  /** True once the value is final: later events cannot change it. */
  readonly done: boolean;
  /** The run's value, or null when it never got there. */
  value(): number | null;
}

export interface MeasureInfo {
  /** As specs spell it: `raft.leaderRecoveryMs`, `firstObservedMs:suspect`. */
  name: string;
  /** A short label for tables and axes. */
  label: string;
  /** The axis title, in the paper's words where there are some. */
  axis: string;
  /** 'ms' for virtual time; otherwise what it counts ("elections", "messages"). */
  unit: string;
  /** One sentence for docs, the CLI and the page. */
  explain: string;
  create(): MeasureState;
}

/** What a step may do to the run it acts in (trial.ts hands it over at the step's time). */
export interface TrialControl {
  now(): Micros;
  /** Runs the simulation up to `at` (no further than the run's end). */
  runUntil(at: Micros): void;
  /** Applies an action now; returns the time it was stamped at. */
  act(action: Action): Micros;
  /** What each node shows now (its protocol's `view`). */
  views(): readonly { id: NodeId; up: boolean; view: NodeView | null }[];
  /** The run is over: a violation stopped it, or its end was reached. */
  stopped(): boolean;
  /** The run's end now (a step may bring it closer). */
  untilUs(): Micros;
  /** Ends the run at the latest at `at`. */
  endBy(at: Micros): void;
}

/** A scripted step's common fields: when it acts, its seeded jitter, how long the run goes on after it. */
export interface StepTiming {
  atMs: number;
  /** A number of ms, or 'heartbeat': one heartbeat interval of the variant's settings (step-timing.ts). */
  jitterMs: number | 'heartbeat';
  /** The run ends at the latest this long after the step acted; null: at the run's end. */
  limitMs: number | null;
}

/** A protocol's step: its extra fields' schema and what it does (a node it acted on and when, or null). */
export interface StepKind {
  /** The step's own fields (beyond kind, atMs, jitterMs, limitMs); an empty strict object if none. */
  readonly schema: v.GenericSchema;
  /** One line for docs and the CLI. */
  readonly explain: string;
  /**
   * Acts at the step's time. `offsetUs` is the seeded offset already added to atMs (a step that
   * must wait for its target may apply it again). Returns the node acted on and when, or null.
   */
  run(step: StepTiming & Record<string, unknown>, control: TrialControl, offsetUs: Micros): { node: NodeId; atUs: Micros } | null;
}

/** A built-in experiment, for menus and `--experiment NAME`. */
export interface BuiltinExperiment {
  /** A short menu label; the spec's title is the long one. */
  label: string;
  /**
   * The experiment as a file would spell it (format 2), parsed by engine/experiments/builtins.ts.
   * Unparsed on purpose: a protocol's folder imports nothing of spec.ts, which reaches the registry.
   */
  make(): Record<string, unknown>;
}

/** What "this scenario, over many seeds" can measure in the page for a protocol. */
export interface ScenarioExperiment {
  /** A short id for the panel's select. */
  id: string;
  label: string;
  /** The results' title. */
  title: string;
  /** The steps and measures, and how long each run may go (ms of virtual time). */
  steps: Record<string, unknown>[];
  measures: string[];
  untilMs: number;
}

export interface ExperimentVocabulary {
  /** Its steps by name without the prefix ("crashLeader" for `raft.crashLeader`). */
  readonly steps: Readonly<Record<string, StepKind>>;
  /** Its measures by name without the prefix. */
  readonly measures: Readonly<Record<string, Omit<MeasureInfo, 'name'>>>;
  /** Its built-in experiments by name (`figure16`): names are unique across protocols. */
  readonly builtins: Readonly<Record<string, BuiltinExperiment>>;
  /** What the page's "this scenario" offers to measure, first the default. */
  readonly scenario: readonly ScenarioExperiment[];
}
