import { defaultScenario } from '../scenario/schema';
import { ExperimentError, parseExperiment, type ExperimentSpec } from './spec';

/**
 * Figure 16 of the Raft paper (Ongaro & Ousterhout, extended version, §9.3), top graph: the
 * time to detect and replace a crashed leader, as a CDF, for election timeouts drawn from
 * 150–150 ms (no randomness) up to 150–300 ms. Five servers; the leader's heartbeat interval is
 * half the minimum timeout and it is crashed at a uniformly random moment within one heartbeat
 * interval, as in the paper. docs/experiments.md lists what differs from the paper's setup.
 */
const TIMEOUTS: [number, number][] = [
  [150, 150],
  [150, 151],
  [150, 155],
  [150, 175],
  [150, 200],
  [150, 300],
];

/**
 * `latency`: one-way message latency, uniform in [min, max] ms. The paper's cluster had a
 * broadcast time (send to every server, hear back) of about 15 ms on a quiet LAN: 7–8 ms each
 * way gives round trips of 14–16 ms with little jitter. `figure16-jitter` uses 5–15 ms, whose
 * 10 ms of jitter is randomness of its own: it shows the network breaking ties too.
 */
function figure16(name: string, latency: [number, number], blurb: string): ExperimentSpec {
  const crashAtMs = 2_000;
  return parseExperiment({
    experiment: 1,
    name,
    title: `Raft paper, Figure 16: time to elect a new leader after the leader crashes (latency ${latency[0]}–${latency[1]} ms)`,
    description:
      'Five servers; the leader is crashed at a random moment within one heartbeat interval (75 ms, half the minimum ' +
      'election timeout). With no randomness in the election timeout (150–150 ms) the followers time out together and ' +
      'split the vote, again and again; a few milliseconds of randomness let the first candidate win. ' +
      blurb,
    scenario: defaultScenario({
      protocol: 'raft',
      nodes: 5,
      seed: 0,
      // With no randomness even the first election can take a minute; each run ends at the
      // latest 60 s after its crash (the step's limit), or as soon as it has its values.
      untilUs: (crashAtMs + 180_000) * 1000,
      network: { latencyUs: { min: latency[0] * 1000, max: latency[1] * 1000 } },
      workload: { kind: 'none' },
      // The paper's Raft had no Pre-Vote; the heartbeat interval is half the minimum timeout.
      config: { heartbeatIntervalMs: 75, preVote: false },
    }),
    // The paper ran 1000 trials per line (100 for 150–150 ms): `--seeds 1..1000`.
    seeds: { from: 1, to: 200 },
    variants: TIMEOUTS.map(([min, max]) => ({
      name: `${min}–${max} ms`,
      config: { electionTimeoutMsMin: min, electionTimeoutMsMax: max },
    })),
    steps: [{ kind: 'crashLeader', atMs: crashAtMs, jitterMs: 75, limitMs: 60_000 }],
    measures: ['leaderRecoveryMs', 'electionsPerRecovery'],
  });
}

const BUILTINS: Record<string, () => ExperimentSpec> = {
  figure16: () => figure16('figure16', [7, 8], 'Messages take 7–8 ms each way, a round trip close to the paper’s 15 ms broadcast time.'),
  'figure16-jitter': () =>
    figure16(
      'figure16-jitter',
      [5, 15],
      'Here messages take 5–15 ms each way: that jitter is randomness too, and it breaks many ties even with no randomness in the timeout.',
    ),
};

export function builtinExperimentNames(): string[] {
  return Object.keys(BUILTINS);
}

/** A built-in experiment by name (a fresh copy each time). */
export function builtinExperiment(name: string): ExperimentSpec {
  const make = Object.prototype.hasOwnProperty.call(BUILTINS, name) ? BUILTINS[name] : undefined;
  if (!make) throw new ExperimentError(`unknown experiment "${name}" (built in: ${builtinExperimentNames().join(', ')})`);
  return make();
}
