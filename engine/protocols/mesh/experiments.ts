import type { ExperimentVocabulary, MeasureState } from '../../experiments/contract';
import type { TraceEvent } from '../../kernel/trace';
import { retryStorm } from './builtin-scenarios';
import { STORM_BREAKER, STORM_RETRY, STORM_THROTTLE } from './storm';

/**
 * The mesh in experiments (engine/experiments/contract.ts): end-to-end goodput and p99 at the
 * clients once a trigger is over, and two built-in comparisons against offered load: mesh-load
 * (none, retries, retries with a budget, a breaker, a breaker with a bulkhead, retries with
 * adaptive throttling and deadline propagation) and mesh-storm (throttling and deadlines apart,
 * the backoff's jitter, the throttle's two ways of counting).
 */
const FROM_US = 10_000_000;

/** Successful client requests per second from 10 s on (the clients' `clientOkMs` metrics). */
function goodput(): MeasureState {
  let ok = 0;
  let lastUs = FROM_US;
  return {
    push(e: TraceEvent) {
      if (e.at > lastUs) lastUs = e.at;
      if (e.kind === 'metric' && e.name === 'clientOkMs' && e.at >= FROM_US) ok++;
    },
    done: false,
    value: () => (lastUs <= FROM_US ? null : Math.round((ok * 1_000_000 * 10) / (lastUs - FROM_US)) / 10),
  };
}

/** The 99th percentile of successful client requests' latency from 10 s on. */
function p99(): MeasureState {
  const samples: number[] = [];
  return {
    push(e: TraceEvent) {
      if (e.kind === 'metric' && e.name === 'clientOkMs' && e.at >= FROM_US) samples.push(e.value);
    },
    done: false,
    value: () => {
      if (samples.length === 0) return null;
      const sorted = [...samples].sort((a, b) => a - b);
      return sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)]!;
    },
  };
}

/** Share of client requests that failed from 10 s on. */
function errorRate(): MeasureState {
  let ok = 0;
  let failed = 0;
  return {
    push(e: TraceEvent) {
      if (e.kind !== 'metric' || e.at < FROM_US) return;
      if (e.name === 'clientOkMs') ok++;
      else if (e.name === 'clientFailedMs') failed++;
    },
    done: false,
    value: () => (ok + failed === 0 ? null : Math.round((failed * 1000) / (ok + failed)) / 1000),
  };
}

const RETRY = STORM_RETRY;
/** A row of a comparison: a policy on every route, with or without deadline propagation (the mesh's `deadlines`). */
export interface Row {
  policy: Record<string, unknown>;
  deadlines?: true;
}

/** mesh-load's policies (at most six: an experiment has at most 12 variants, two loads each). */
export const POLICIES: Record<string, Row> = {
  'no policy': { policy: { timeoutMs: 300 } },
  retries: { policy: { timeoutMs: 300, retry: RETRY } },
  'retries + budget': { policy: { timeoutMs: 300, retry: RETRY, budget: { retryRatio: 0.1, minRetriesPerSecond: 1 } } },
  breaker: { policy: { timeoutMs: 300, retry: RETRY, breaker: STORM_BREAKER } },
  'breaker + bulkhead': { policy: { timeoutMs: 300, retry: RETRY, breaker: STORM_BREAKER, bulkhead: { maxConcurrentCalls: 10 } } },
  // Google SRE's adaptive throttling (the book's K = 2 over two minutes) with deadline propagation.
  'retries + throttling + deadlines': { policy: { timeoutMs: 300, retry: RETRY, throttle: true }, deadlines: true },
};

/** mesh-storm's: the pieces of the last row of mesh-load, apart, and its variants. */
export const STORM_POLICIES: Record<string, Row> = {
  'retries + throttling': { policy: { timeoutMs: 300, retry: RETRY, throttle: true } },
  'retries + deadlines': { policy: { timeoutMs: 300, retry: RETRY }, deadlines: true },
  'retries (decorrelated jitter) + deadlines': { policy: { timeoutMs: 300, retry: { ...RETRY, jitter: 'decorrelated' } }, deadlines: true },
  'retries (no jitter) + deadlines': { policy: { timeoutMs: 300, retry: { ...RETRY, jitter: 'none' } }, deadlines: true },
  // The built-in scenario's: attempts counted at their outcome (grpc-go's adaptive throttler).
  'retries + throttling (counted at outcome) + deadlines': { policy: { timeoutMs: 300, retry: RETRY, throttle: STORM_THROTTLE }, deadlines: true },
};

const variantsOf = (rows: Record<string, Row>) =>
  LOADS_RPS.flatMap((rps) =>
    Object.entries(rows).map(([name, row]) => ({ name: `${name} @ ${rps}/s`, config: { clientRps: rps, policy: row.policy, ...(row.deadlines ? { deadlines: true } : {}) } })),
  );

export const LOADS_RPS = [60, 120];

export const meshExperiments: ExperimentVocabulary = {
  steps: {},
  measures: {
    goodputRps: {
      label: 'goodput after the trigger',
      axis: 'successful client requests per second, from 10 s on',
      unit: 'requests/s',
      explain: 'Successful end-to-end requests per second at the clients, from t = 10 s to the end of the run.',
      create: goodput,
    },
    p99Ms: {
      label: 'p99 latency after the trigger',
      axis: '99th percentile of successful client requests (ms), from 10 s on',
      unit: 'ms',
      explain: 'The 99th percentile of the latency of successful client requests, retries included, from t = 10 s on.',
      create: p99,
    },
    errorRate: {
      label: 'error rate after the trigger',
      axis: 'share of client requests that failed, from 10 s on',
      unit: 'fraction',
      explain: 'Failed client requests over all client requests that ended from t = 10 s on.',
      create: errorRate,
    },
  },
  builtins: {
    'mesh-load': {
      label: 'Mesh: goodput and p99 against offered load, six policies',
      make: () => {
        const template = retryStorm();
        return {
          experiment: 2,
          name: 'mesh-load',
          title: 'Mesh: goodput and p99 after a 2 s slowdown, against offered load, for six resilience policies',
          description:
            'Clients, frontend, checkout and payments (three instances of one worker, 30 ms a call: about 100 calls a second). ' +
            'Payments slows down fourfold from 5 s to 7 s. Each variant is a policy on every route at an offered load of 60 ' +
            '(60% of capacity) or 120 requests a second (overload). Goodput and p99 are measured from 10 s on, after the trigger: ' +
            'retries alone keep the system down (a metastable failure); a budget, a breaker and a bulkhead each bring it back. ' +
            'So does adaptive throttling with deadline propagation (instances drop calls whose caller gave up); mesh-storm takes the two apart.',
          scenario: { ...template, protocol: { name: 'mesh', config: { ...template.protocol.config } } },
          seeds: { from: 1, to: 3 },
          variants: variantsOf(POLICIES),
          steps: [],
          measures: ['mesh.goodputRps', 'mesh.p99Ms', 'mesh.errorRate'],
        };
      },
    },
    'mesh-storm': {
      label: 'Mesh: taming a retry storm with throttling, deadlines and jitter',
      make: () => {
        const template = retryStorm();
        return {
          experiment: 2,
          name: 'mesh-storm',
          title: 'Mesh: the retry storm against adaptive throttling, deadline propagation and jitter, apart and together',
          description:
            'The mesh-load storm (payments slows down fourfold from 5 s to 7 s; every hop retries 3 times). Adaptive throttling alone ' +
            'cannot bring it back: payments answers nothing in time, so no attempt counts as accepted and the throttle ends up rejecting almost ' +
            'everything. Deadline propagation alone lets payments drop the calls whose caller gave up, but the clients’ retries still bring ' +
            'more calls than it can serve. Together they recover; the jitter of the backoff (none, full, decorrelated) changes little here.',
          scenario: { ...template, protocol: { name: 'mesh', config: { ...template.protocol.config } } },
          seeds: { from: 1, to: 3 },
          variants: variantsOf(STORM_POLICIES),
          steps: [],
          measures: ['mesh.goodputRps', 'mesh.p99Ms', 'mesh.errorRate'],
        };
      },
    },
  },
  scenario: [
    {
      id: 'goodput',
      label: 'Goodput, p99 and errors from 10 s on',
      title: 'This scenario: goodput, p99 and error rate from 10 s on',
      steps: [],
      measures: ['mesh.goodputRps', 'mesh.p99Ms', 'mesh.errorRate'],
      untilMs: 20_000,
    },
  ],
};
