import type { ExperimentVocabulary, MeasureState } from '../../experiments/contract';
import type { TraceEvent } from '../../kernel/trace';
import { retryStorm } from './builtin-scenarios';
import { STORM_BREAKER, STORM_RETRY } from './storm';

/**
 * The mesh in experiments (engine/experiments/contract.ts): end-to-end goodput and p99 at the
 * clients once a trigger is over, and the built-in "goodput and p99 against offered load" for
 * five policies: none, retries, retries with a budget, a breaker, a breaker with a bulkhead.
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
/** The five policies of the comparison, each on every route. */
export const POLICIES: Record<string, Record<string, unknown>> = {
  'no policy': { timeoutMs: 300 },
  retries: { timeoutMs: 300, retry: RETRY },
  'retries + budget': { timeoutMs: 300, retry: RETRY, budget: { retryRatio: 0.1, minRetriesPerSecond: 1 } },
  breaker: { timeoutMs: 300, retry: RETRY, breaker: STORM_BREAKER },
  'breaker + bulkhead': { timeoutMs: 300, retry: RETRY, breaker: STORM_BREAKER, bulkhead: { maxConcurrentCalls: 10 } },
};
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
      label: 'Mesh: goodput and p99 against offered load, five policies',
      make: () => {
        const template = retryStorm();
        return {
          experiment: 2,
          name: 'mesh-load',
          title: 'Mesh: goodput and p99 after a 2 s slowdown, against offered load, for five resilience policies',
          description:
            'Clients, frontend, checkout and payments (three instances of one worker, 30 ms a call: about 100 calls a second). ' +
            'Payments slows down fourfold from 5 s to 7 s. Each variant is a policy on every route at an offered load of 60 ' +
            '(60% of capacity) or 120 requests a second (overload). Goodput and p99 are measured from 10 s on, after the trigger: ' +
            'retries alone keep the system down (a metastable failure); a budget, a breaker and a bulkhead each bring it back.',
          scenario: { ...template, protocol: { name: 'mesh', config: { ...template.protocol.config } } },
          seeds: { from: 1, to: 3 },
          variants: LOADS_RPS.flatMap((rps) => Object.entries(POLICIES).map(([name, policy]) => ({ name: `${name} @ ${rps}/s`, config: { clientRps: rps, policy } }))),
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
