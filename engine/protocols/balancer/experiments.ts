import type { ExperimentVocabulary, MeasureState } from '../../experiments/contract';
import type { TraceEvent } from '../../kernel/trace';
import { defaultScenario } from '../../scenario/schema';
import { ALGORITHMS, ALGORITHM_TITLES } from './config';
import { percentile } from './percentiles';

/**
 * The balancer in experiments (engine/experiments/contract.ts): client latency percentiles and
 * the share of failed requests over a run, and the built-in "p99 by algorithm under a slow
 * server": one run per algorithm and seed, one balancer alone on the servers, so each
 * algorithm's figure is its own (the page's default run shares servers between algorithms to
 * show them side by side; here nothing of one algorithm's load reaches another's).
 */

/** Every client operation's latency, from its invocation to its answer (errors included: a timeout is what the client waited). */
function latencies(): { push(e: TraceEvent): void; values: number[]; failed: () => number } {
  const invoked = new Map<string, number>();
  const values: number[] = [];
  let failed = 0;
  return {
    values,
    failed: () => failed,
    push(e) {
      if (e.kind === 'invoke' && e.command.type === 'request') invoked.set(`${e.node}:${e.opId}`, e.at);
      else if (e.kind === 'return') {
        const k = `${e.node}:${e.opId}`;
        const at = invoked.get(k);
        if (at === undefined) return;
        invoked.delete(k);
        values.push((e.at - at) / 1000);
        if ((e.result as { ok?: boolean } | null)?.ok !== true) failed++;
      }
    },
  };
}

function latencyPercentile(p: number): () => MeasureState {
  return () => {
    const l = latencies();
    return { push: l.push, done: false, value: () => percentile(l.values, p) };
  };
}

function errorPercent(): MeasureState {
  const l = latencies();
  return { push: l.push, done: false, value: () => (l.values.length === 0 ? null : Math.round((1000 * l.failed()) / l.values.length) / 10) };
}

/** The longest queue any server reported. */
function maxQueue(): MeasureState {
  let max = 0;
  return {
    push(e) {
      if (e.kind === 'metric' && e.name === 'queue') max = Math.max(max, e.value);
    },
    done: false,
    value: () => max,
  };
}

const percentileMeasure = (p: number) => ({
  label: `p${p} latency`,
  axis: `client latency, ${p}th percentile (ms)`,
  unit: 'ms',
  explain: `The ${p}th percentile of every client request's latency, from its invocation to its answer (a failed request counts with the time the client waited).`,
  create: latencyPercentile(p),
});

export const balancerExperiments: ExperimentVocabulary = {
  steps: {},
  measures: {
    p50Ms: percentileMeasure(50),
    p95Ms: percentileMeasure(95),
    p99Ms: percentileMeasure(99),
    errorPercent: {
      label: 'failed requests',
      axis: 'requests that failed (timeout, overloaded, no server) (%)',
      unit: '%',
      explain: 'The share of client requests answered with an error or not answered at all.',
      create: errorPercent,
    },
    maxQueue: {
      label: 'longest queue',
      axis: 'longest queue any server held (requests)',
      unit: 'requests',
      explain: 'The most requests any server held waiting at once.',
      create: maxQueue,
    },
  },
  builtins: {
    'balancer-slow-server': {
      label: 'Load balancer: p99 by algorithm under a slow server',
      make: () => ({
        experiment: 2,
        name: 'balancer-slow-server',
        title: 'Load balancer: client latency by algorithm when one server of four is five times slower',
        description:
          'Four servers serve requests in 20 ms on average (exponentially distributed), one at a time; S2 takes five times as long. ' +
          'Two clients send 25 requests a second in all through one balancer; each line is the balancer\'s algorithm. ' +
          'Round robin and random send S2 a quarter of the requests (about 6 a second against the 10 it can serve), so a quarter of the requests ' +
          'wait in its queue; the algorithms that look at load (least outstanding, two random choices) send it fewer, and peak EWMA, which ' +
          'also sees its latency, fewest.',
        scenario: defaultScenario({
          protocol: 'balancer',
          seed: 0,
          untilUs: 10_000_000,
          config: { slowServers: [1], slowFactor: 5, intervalMs: 40 },
          topology: { groups: [{ kind: 'server', count: 4 }, { kind: 'balancer', count: 1 }, { kind: 'client', count: 2 }] },
          network: { latencyUs: { min: 1000, max: 2000 } },
        }),
        seeds: { from: 1, to: 20 },
        variants: ALGORITHMS.map((a) => ({ name: ALGORITHM_TITLES[a], config: { algorithms: [a] } })),
        steps: [],
        measures: ['balancer.p99Ms', 'balancer.p50Ms', 'balancer.errorPercent', 'balancer.maxQueue'],
      }),
    },
  },
  scenario: [
    {
      id: 'latency',
      label: 'Client latency (p99) and failed requests over 10 s',
      title: 'This scenario: client latency and failed requests',
      steps: [],
      measures: ['balancer.p99Ms', 'balancer.p50Ms', 'balancer.errorPercent', 'balancer.maxQueue'],
      untilMs: 10_000,
    },
  ],
};
