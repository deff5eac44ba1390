import type { BuiltinExperiment, ExperimentVocabulary } from '../../experiments/contract';
import { defaultScenario } from '../../scenario/schema';

/**
 * Multi-Paxos in experiments (engine/experiments/contract.ts): what a committed request costs,
 * against Raft, at n = 3, 5 and 7 servers on the same network and under the same load. An
 * experiment runs one protocol at one size (variants change settings, not the protocol or the
 * topology), so each pair is two built-ins read side by side: `costs-multi-paxos-n5` and
 * `costs-raft-n5`. Both measure with the generic `messagesPerCommit` and `commitLatencyMs`
 * (engine/experiments/measures.ts), which read only the kernel's invoke/return/send events.
 *
 * The load: two client nodes, an operation every 50 ms on average, 30% reads over three keys,
 * 10–15 ms links, no faults, 5 s of virtual time. Raft serves reads by ReadIndex (a heartbeat
 * round, no log entry); Multi-Paxos puts reads in the log: see the README's figures.
 */

const SIZES = [3, 5, 7] as const;
const MEASURES = ['messagesPerCommit', 'commitLatencyMs'];
const LOAD = { readFraction: 0.3, kvKeys: 3 };

function costs(protocol: 'multi-paxos' | 'raft', n: number): BuiltinExperiment {
  const title = protocol === 'raft' ? 'Raft' : 'Multi-Paxos';
  return {
    label: `Cost per request, n = ${n}: ${title}`,
    make: () => ({
      experiment: 2,
      name: `costs-${protocol}-n${n}`,
      title: `${title}, ${n} servers: messages and latency per committed request`,
      description:
        `${n} servers and two client nodes, an operation every 50 ms (30% reads, three keys), 10–15 ms links, no faults. ` +
        'Messages per committed request count every message of the run, heartbeats and client requests included; ' +
        `latency is from the client's invoke to its ok answer. Compare with costs-${protocol === 'raft' ? 'multi-paxos' : 'raft'}-n${n}.`,
      scenario: defaultScenario({
        protocol,
        seed: 0,
        nodes: n + 2,
        topology: { groups: [{ kind: 'server', count: n }, { kind: 'client', count: 2 }] },
        config: LOAD,
        workload: { kind: 'interval', intervalUs: 50_000 },
        untilUs: 5_000_000,
      }),
      seeds: { from: 1, to: 20 },
      steps: [],
      measures: MEASURES,
    }),
  };
}

const builtins: Record<string, BuiltinExperiment> = {};
for (const n of SIZES) {
  builtins[`costs-multi-paxos-n${n}`] = costs('multi-paxos', n);
  builtins[`costs-raft-n${n}`] = costs('raft', n);
}

export const multiPaxosExperiments: ExperimentVocabulary = {
  steps: {},
  measures: {},
  builtins,
  scenario: [
    {
      id: 'costs',
      label: 'Messages and latency per committed request',
      title: 'This scenario: messages and latency per committed request',
      steps: [],
      measures: MEASURES,
      untilMs: 10_000,
    },
  ],
};
