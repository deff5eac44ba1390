import { defaultScenario } from '../scenario/schema';
import { ExperimentError, parseExperiment, type ExperimentSpec } from './spec';

/**
 * Figure 16 of the Raft paper (Ongaro & Ousterhout, extended version, §9.3), top graph: the
 * time to detect and replace a crashed leader, as a CDF, for election timeouts drawn from
 * 150–150 ms (no randomness) up to 150–300 ms. Five servers; the leader's heartbeat interval is
 * half the minimum timeout and it is crashed at a uniformly random moment within one heartbeat
 * interval, as in the paper. docs/experiments.md lists what differs from the paper's setup.
 */
/**
 * The election rules docs/experiments.md measured these figures with, those of format-1
 * scenarios. Today's defaults (thesis §4.2.3's lease on RequestVote, Figure 2's election timer;
 * engine/protocols/raft/README.md) move them a little, so they stay pinned until the figures
 * are measured again.
 */
const MEASURED_RULES = { thesisMembership: false, keepTimerOnNewTerm: false };

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
      config: { heartbeatIntervalMs: 75, preVote: false, ...MEASURED_RULES },
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

/**
 * Figure 16, lower graph (§9.3): the same crash, with the election timeout scaled down from
 * 150–300 ms to 12–24 ms while its randomness stays proportional (the maximum is twice the
 * minimum). "For all tests" the heartbeat interval was half the minimum timeout and the leader
 * was crashed uniformly randomly within it, so both scale with each variant: 6 ms for 12–24 ms,
 * 12.5 ms (12,500 µs: Raft's settings take fractions of a ms) for 25–50 ms, and so on. Below
 * about 12–24 ms the paper's broadcast time of ~15 ms breaks §5.6's timing requirement
 * (broadcastTime ≪ electionTimeout ≪ MTBF): here a round trip takes 14–16 ms too.
 */
const SCALED_TIMEOUTS: [number, number][] = [
  [12, 24],
  [25, 50],
  [50, 100],
  [100, 200],
  [150, 300],
];

function figure16Scaled(): ExperimentSpec {
  const crashAtMs = 2_000;
  return parseExperiment({
    experiment: 1,
    name: 'figure16-scaled',
    title: 'Raft paper, Figure 16 (lower graph): scaling the election timeout from 150–300 ms down to 12–24 ms (latency 7–8 ms)',
    description:
      'Five servers; messages take 7–8 ms each way (a round trip close to the paper’s 15 ms broadcast time). Each variant ' +
      'scales the election timeout, its randomness, the heartbeat interval (half the minimum timeout) and the moment of ' +
      'the leader’s crash (within one heartbeat interval) together. Shorter timeouts detect the crash sooner, until ' +
      'they come close to the time a vote request takes to go out and come back: at 12–24 ms votes split, elections ' +
      'repeat, and a voter often times out before its new leader’s first heartbeat arrives and deposes it (this ' +
      'measure stops at the first new leader). The paper recommends a conservative 150–300 ms.',
    scenario: defaultScenario({
      protocol: 'raft',
      nodes: 5,
      seed: 0,
      untilUs: (crashAtMs + 180_000) * 1000,
      network: { latencyUs: { min: 7_000, max: 8_000 } },
      workload: { kind: 'none' },
      config: { preVote: false, ...MEASURED_RULES },
    }),
    seeds: { from: 1, to: 200 },
    variants: SCALED_TIMEOUTS.map(([min, max]) => ({
      name: `${min}–${max} ms`,
      config: { electionTimeoutMsMin: min, electionTimeoutMsMax: max, heartbeatIntervalMs: min / 2 },
    })),
    // 'heartbeat': each variant's own interval, so the crash lands within one heartbeat of it.
    steps: [{ kind: 'crashLeader', atMs: crashAtMs, jitterMs: 'heartbeat', limitMs: 60_000 }],
    measures: ['leaderRecoveryMs', 'electionsPerRecovery', 'stableLeaderMs'],
  });
}

interface Builtin {
  /** A short name for menus (the page's Experiments dialog); the spec's title is the long one. */
  label: string;
  make: () => ExperimentSpec;
}

/** In the order menus list them. */
const BUILTINS = {
  figure16: {
    label: 'Figure 16 of the Raft paper (latency 7–8 ms, like the paper)',
    make: () => figure16('figure16', [7, 8], 'Messages take 7–8 ms each way, a round trip close to the paper’s 15 ms broadcast time.'),
  },
  'figure16-jitter': {
    label: 'Figure 16 with a jittery network (latency 5–15 ms)',
    make: () =>
      figure16(
        'figure16-jitter',
        [5, 15],
        'Here messages take 5–15 ms each way: that jitter is randomness too, and it breaks many ties even with no randomness in the timeout.',
      ),
  },
  'figure16-scaled': {
    label: 'Figure 16, lower graph: shorter election timeouts (12–24 ms to 150–300 ms)',
    make: figure16Scaled,
  },
} satisfies Record<string, Builtin>;

export type BuiltinExperimentName = keyof typeof BUILTINS;

export const isBuiltinExperiment = (name: string): name is BuiltinExperimentName => Object.prototype.hasOwnProperty.call(BUILTINS, name);

export function builtinExperimentNames(): BuiltinExperimentName[] {
  return Object.keys(BUILTINS) as BuiltinExperimentName[];
}

/** Every built-in experiment with its menu label, in menu order. */
export function builtinExperimentLabels(): { name: BuiltinExperimentName; label: string }[] {
  return builtinExperimentNames().map((name) => ({ name, label: BUILTINS[name].label }));
}

/** A built-in experiment by name (a fresh copy each time). */
export function builtinExperiment(name: string): ExperimentSpec {
  if (!isBuiltinExperiment(name)) throw new ExperimentError(`unknown experiment "${name}" (built in: ${builtinExperimentNames().join(', ')})`);
  return BUILTINS[name].make();
}
