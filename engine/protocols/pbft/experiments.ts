import type { ExperimentVocabulary, MeasureState } from '../../experiments/contract';
import type { TraceEvent } from '../../kernel/trace';
import { defaultScenario } from '../../scenario/schema';

/**
 * PBFT in experiments (engine/experiments/contract.ts): what one request costs. Castro and
 * Liskov count the normal case at about 2n² messages per request for n replicas (§4.2: a
 * pre-prepare to n − 1 backups, n − 1 backups each prepare to n − 1 replicas, n replicas each
 * commit to n − 1, n replies); with the client's request, 1 + (n − 1) + (n − 1)² + n(n − 1) + n,
 * 29 at n = 4 and 92 at n = 7. Checkpoints add n(n − 1) every K requests.
 */
const NORMAL_CASE = new Set(['Request', 'PrePrepare', 'Prepare', 'Commit', 'Reply']);

/** Messages sent per result a client accepted; `only` narrows the messages counted. */
function perRequest(only: Set<string> | null): () => MeasureState {
  return () => {
    let sent = 0;
    let accepted = 0;
    return {
      push(e: TraceEvent) {
        if (e.kind === 'send' && (only === null || only.has(e.msg.type))) sent++;
        else if (e.kind === 'observe' && e.what === 'accepted') accepted++;
      },
      done: false,
      value: () => (accepted === 0 ? null : sent / accepted),
    };
  };
}

function costExperiment(replicas: number) {
  return {
    experiment: 2,
    name: `pbft-cost-n${replicas}`,
    title: `PBFT at n = ${replicas}: messages and latency per request`,
    description:
      `${replicas} replicas (f = ${Math.floor((replicas - 1) / 3)}) and two clients on a 10–15 ms network, a request every 50 ms, no faults, 5 s per run. ` +
      'Messages per request counts every message (checkpoints included) over the results the clients accepted; ' +
      'the normal case counts request, pre-prepare, prepare, commit and reply only (the paper: about 2n²). ' +
      'Latency is from sending a request to holding f + 1 matching replies: five message delays.',
    scenario: defaultScenario({
      protocol: 'pbft',
      seed: 0,
      untilUs: 5_000_000,
      config: { workloadIntervalMs: 50 },
      topology: {
        groups: [
          { kind: 'replica', count: replicas, prefix: 'R' },
          { kind: 'client', count: 2, prefix: 'C' },
        ],
      },
    }),
    seeds: { from: 1, to: 20 },
    variants: [{ name: `n = ${replicas}` }],
    steps: [],
    measures: ['pbft.messagesPerRequest', 'pbft.normalCaseMessagesPerRequest', 'metric:latencyMs:median', 'metric:latencyMs:p99'],
  };
}

export const pbftExperiments: ExperimentVocabulary = {
  steps: {},
  measures: {
    messagesPerRequest: {
      label: 'messages per request',
      axis: 'messages sent per request a client accepted',
      unit: 'messages',
      explain: 'Every message of the run (checkpoints and view changes included) over the results the clients accepted.',
      create: perRequest(null),
    },
    normalCaseMessagesPerRequest: {
      label: 'normal-case messages per request',
      axis: 'request, pre-prepare, prepare, commit and reply messages per accepted request',
      unit: 'messages',
      explain: "The normal case's messages only (§4.2; about 2n² for n replicas) over the results the clients accepted.",
      create: perRequest(NORMAL_CASE),
    },
  },
  builtins: {
    'pbft-cost-n4': { label: 'PBFT: messages and latency per request at n = 4', make: () => costExperiment(4) },
    'pbft-cost-n7': { label: 'PBFT: messages and latency per request at n = 7', make: () => costExperiment(7) },
  },
  scenario: [
    {
      id: 'cost',
      label: 'Messages and latency per request',
      title: 'This scenario: messages and latency per request',
      steps: [],
      measures: ['pbft.messagesPerRequest', 'pbft.normalCaseMessagesPerRequest', 'metric:latencyMs:median'],
      untilMs: 10_000,
    },
  ],
};
