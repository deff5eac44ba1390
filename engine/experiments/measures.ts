import type { TraceEvent } from '../kernel/trace';
import { experimentVocabulary } from '../protocols/registry';
import type { MeasureInfo, MeasureState } from './contract';
import { describe, type Stats } from './stats';

export type { MeasureInfo, MeasureState } from './contract';

/**
 * Measures: pure functions of one run's trace, fed event by event in canonical order (through
 * the runner's sink), so a run never has to keep its trace. Each yields one number per run, or
 * null when the run never got there.
 *
 * Generic measures read only what every protocol's trace has; their names carry an argument:
 *
 * - `firstObservedMs:<what>`: when a node first observed `what` (ms from the start);
 * - `observedCount:<what>`: how many times nodes observed `what`;
 * - `messagesPerOperation`: messages sent per client operation invoked (null without any);
 * - `messagesPerOkOperation`: messages sent per client operation answered `{ ok: true }` (null without any);
 * - `okOperationLatencyMs`: the mean time from invoking a client operation to its `{ ok: true }` answer;
 * - `metric:<name>:<stat>`: a statistic (min, median, p90, p99, max, mean, count) of the
 *   samples of metric `name` (null without any).
 *
 * A protocol's own measures are spelt `<protocol>.<name>` (`raft.leaderRecoveryMs`) and come
 * from its experiment vocabulary (engine/protocols/NAME/experiments.ts, through the registry).
 */
export type MeasureName = string;

const ARG = /^[a-zA-Z][a-zA-Z0-9_-]{0,31}$/;
const METRIC_STATS = ['min', 'median', 'p90', 'p99', 'max', 'mean', 'count'] as const;
type MetricStat = (typeof METRIC_STATS)[number];

/** What generic measures exist, for messages. */
export const GENERIC_MEASURE_FORMS = ['firstObservedMs:<what>', 'observedCount:<what>', 'messagesPerOperation', 'messagesPerOkOperation', 'okOperationLatencyMs', 'metric:<name>:<stat>'];

function firstObservedMs(what: string): MeasureState {
  let at: number | null = null;
  return {
    push(e) {
      if (at === null && e.kind === 'observe' && e.what === what) at = e.at;
    },
    get done() {
      return at !== null;
    },
    value: () => (at === null ? null : at / 1000),
  };
}

/** Counts to the run's end: never done early. */
function counter(counts: (e: TraceEvent) => boolean): MeasureState {
  let n = 0;
  return {
    push(e) {
      if (counts(e)) n++;
    },
    done: false,
    value: () => n,
  };
}

function messagesPerOperation(): MeasureState {
  let sent = 0;
  let operations = 0;
  return {
    push(e) {
      if (e.kind === 'send') sent++;
      else if (e.kind === 'invoke') operations++;
    },
    done: false,
    value: () => (operations === 0 ? null : sent / operations),
  };
}

function metricStat(name: string, stat: MetricStat): MeasureState {
  const samples: number[] = [];
  return {
    push(e) {
      if (e.kind === 'metric' && e.name === name) samples.push(e.value);
    },
    done: false,
    value() {
      if (samples.length === 0) return null;
      const s: Stats = describe(samples);
      return s[stat];
    },
  };
}

/**
 * Client operations answered `{ ok: true }`, and the messages of the run: what a successful
 * request costs, in any protocol whose operations are invoked and answered through the kernel
 * (so two replicated stores compare on the same terms).
 */
function answeredOk(): { push(e: TraceEvent): void; sent: () => number; oks: () => number; meanLatencyUs: () => number | null } {
  let sent = 0;
  let oks = 0;
  let latencyUs = 0;
  const invokedAt = new Map<number, number>();
  return {
    push(e) {
      if (e.kind === 'send') sent++;
      else if (e.kind === 'invoke') invokedAt.set(e.opId, e.at);
      else if (e.kind === 'return') {
        const at = invokedAt.get(e.opId);
        invokedAt.delete(e.opId);
        if (at !== undefined && (e.result as { ok?: unknown } | null)?.ok === true) {
          oks++;
          latencyUs += e.at - at;
        }
      }
    },
    sent: () => sent,
    oks: () => oks,
    meanLatencyUs: () => (oks === 0 ? null : latencyUs / oks),
  };
}

function messagesPerOkOperation(): MeasureState {
  const c = answeredOk();
  return { push: c.push, done: false, value: () => (c.oks() === 0 ? null : c.sent() / c.oks()) };
}

function okOperationLatencyMs(): MeasureState {
  const c = answeredOk();
  return { push: c.push, done: false, value: () => (c.meanLatencyUs() === null ? null : c.meanLatencyUs()! / 1000) };
}

/** A generic measure by name, or a string saying what is wrong with it. */
function genericMeasure(name: string): MeasureInfo | string {
  const [head, ...args] = name.split(':');
  const arg = args[0] ?? '';
  const needsArg = (what: string) => (args.length === 1 && ARG.test(arg) ? null : `"${head}" takes ${what} after a colon ("${head}:${what === 'an observation' ? 'suspect' : 'x'}")`);
  switch (head) {
    case 'firstObservedMs': {
      const bad = needsArg('an observation');
      if (bad) return bad;
      return {
        name,
        label: `time to the first "${arg}"`,
        axis: `time until a node first observes "${arg}" (ms)`,
        unit: 'ms',
        explain: `From the start of the run to the first time a node observes "${arg}".`,
        create: () => firstObservedMs(arg),
      };
    }
    case 'observedCount': {
      const bad = needsArg('an observation');
      if (bad) return bad;
      return {
        name,
        label: `"${arg}" observations`,
        axis: `observations of "${arg}" per run (count)`,
        unit: 'observations',
        explain: `How many times nodes observed "${arg}" in the run.`,
        create: () => counter((e) => e.kind === 'observe' && e.what === arg),
      };
    }
    case 'messagesPerOperation':
      if (args.length > 0) return '"messagesPerOperation" takes no argument';
      return {
        name,
        label: 'messages per operation',
        axis: 'messages sent per client operation (count)',
        unit: 'messages',
        explain: 'Messages sent in the run divided by the client operations invoked (no value without operations).',
        create: messagesPerOperation,
      };
    case 'messagesPerOkOperation':
      if (args.length > 0) return '"messagesPerOkOperation" takes no argument';
      return {
        name,
        label: 'messages per successful operation',
        axis: 'messages sent per client request answered ok (count)',
        unit: 'messages',
        explain: 'Messages sent in the run (every kind, heartbeats included) divided by the client operations answered { ok: true } (no value without any).',
        create: messagesPerOkOperation,
      };
    case 'okOperationLatencyMs':
      if (args.length > 0) return '"okOperationLatencyMs" takes no argument';
      return {
        name,
        label: 'latency of successful operations',
        axis: 'mean time from a client request to its ok answer (ms)',
        unit: 'ms',
        explain: 'The mean time from invoking a client operation to its { ok: true } answer, over the operations so answered (no value without any).',
        create: okOperationLatencyMs,
      };
    case 'metric': {
      const stat = args[1] as MetricStat;
      if (args.length !== 2 || !ARG.test(arg) || !METRIC_STATS.includes(stat)) return `"metric" takes a metric name and one of ${METRIC_STATS.join(', ')} ("metric:latencyMs:p99")`;
      return {
        name,
        label: `${arg}, ${stat}`,
        axis: `${stat} of the metric "${arg}" per run`,
        unit: stat === 'count' ? 'samples' : arg,
        explain: `The ${stat} of the samples of the metric "${arg}" in the run (no value without samples).`,
        create: () => metricStat(arg, stat),
      };
    }
    default:
      return `a measure is one of ${GENERIC_MEASURE_FORMS.join(', ')} or a protocol's, spelt <protocol>.<name>`;
  }
}

/** A measure by name (generic or a protocol's), or a string saying what is wrong. */
export function findMeasure(name: string): MeasureInfo | string {
  const dot = name.indexOf('.');
  if (dot < 0) return genericMeasure(name);
  const owner = name.slice(0, dot);
  const own = name.slice(dot + 1);
  const vocabulary = experimentVocabulary(owner);
  if (!vocabulary) return `"${owner.slice(0, 40)}" is not a protocol with measures`;
  const info = Object.hasOwn(vocabulary.measures, own) ? vocabulary.measures[own]! : undefined;
  if (!info) return `${owner} has no measure "${own.slice(0, 40)}" (known: ${Object.keys(vocabulary.measures).map((m) => `${owner}.${m}`).join(', ')})`;
  return { ...info, name };
}

/** A measure by name; throws a RangeError for an unknown one (specs are checked when parsed). */
export function measureInfo(name: string): MeasureInfo {
  const info = findMeasure(name);
  if (typeof info === 'string') throw new RangeError(info);
  return info;
}

/** Runs measures over a finished trace (tests, and anyone who kept the trace). */
export function measureTrace(names: readonly MeasureName[], events: Iterable<TraceEvent>): (number | null)[] {
  const states = names.map((n) => measureInfo(n).create());
  for (const e of events) for (const s of states) s.push(e);
  return states.map((s) => s.value());
}
