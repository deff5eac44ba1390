import type { BuiltinExperiment } from '../../experiments/contract';
import { defaultScenario } from '../../scenario/schema';

/**
 * The built-in cost experiments shared by the replicated key-value stores (Raft, Multi-Paxos):
 * what a committed request costs at n = 3, 5 and 7 servers on the same network and under the
 * same load, measured with the generic `messagesPerOkOperation` and `okOperationLatencyMs`
 * (engine/experiments/measures.ts), which read only the kernel's invoke/return/send events. An
 * experiment runs one protocol at one size, so each protocol lists its own three
 * (`costs-raft-n5` beside `costs-multi-paxos-n5`), read side by side.
 *
 * The load: two client nodes, an operation every 50 ms on average, 30% reads over three keys,
 * 10–15 ms links, no faults, 5 s of virtual time, seeds 1 to 20.
 */
export const COST_SIZES = [3, 5, 7] as const;
export const COST_MEASURES = ['messagesPerOkOperation', 'okOperationLatencyMs'];

export function costExperiments(protocol: string, title: string, other: string): Record<string, BuiltinExperiment> {
  const out: Record<string, BuiltinExperiment> = {};
  for (const n of COST_SIZES) {
    out[`costs-${protocol}-n${n}`] = {
      label: `Cost per request, n = ${n}: ${title}`,
      make: () => ({
        experiment: 2,
        name: `costs-${protocol}-n${n}`,
        title: `${title}, ${n} servers: messages and latency per committed request`,
        description:
          `${n} servers and two client nodes, an operation every 50 ms (30% reads, three keys), 10–15 ms links, no faults. ` +
          'Messages per committed request count every message of the run, heartbeats and client requests included; ' +
          `latency is from the client's invoke to its ok answer. Compare with costs-${other}-n${n}.`,
        scenario: defaultScenario({
          protocol,
          seed: 0,
          nodes: n + 2,
          topology: { groups: [{ kind: 'server', count: n }, { kind: 'client', count: 2 }] },
          config: { readFraction: 0.3, kvKeys: 3 },
          workload: { kind: 'interval', intervalUs: 50_000 },
          untilUs: 5_000_000,
        }),
        seeds: { from: 1, to: 20 },
        steps: [],
        measures: COST_MEASURES,
      }),
    };
  }
  return out;
}
