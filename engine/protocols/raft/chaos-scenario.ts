import { chaosTimeline } from '../../scenario/chaos';
import { schedulesOf, steeringTimeline, type NemesisName, type SteeringResult } from '../../scenario/nemesis';
import { defaultScenario, type Scenario } from '../../scenario/schema';

/**
 * The seeded chaotic run of the Raft tests (chaos.test.ts, mutation.test.ts): everything follows
 * from the seed and the nemesis's name (nemesis.ts), so those two replay it. A 5-node cluster under the
 * default write load, with loss and duplication; half the runs without Pre-Vote, and a third
 * with tiny batches, which make followers lag behind the commit index in many steps (the
 * Figure 8 shapes): every variant must stay safe and live. A batch of one entry per round trip
 * cannot carry a write every 10 ms, so those runs get a lighter load. Log compaction at the
 * default threshold (rare in a run this short) and at small ones, so servers snapshot often and
 * a crashed or cut-off server comes back to an InstallSnapshot.
 *
 * The steering nemesis also gets a spare slot in a third of the runs (S6, down and outside the
 * first configuration), for its membership schedule to add. The random nemesis's runs are the
 * ones chaos.test.ts has always run.
 */
export function raftChaosScenario(seed: number, nemesis: NemesisName = 'random'): Scenario {
  return raftChaosRun(seed, nemesis).scenario;
}

/** The scenario, and which steering schedule ran when (none for the random nemesis). */
export function raftChaosRun(seed: number, nemesis: NemesisName): { scenario: Scenario; episodes: SteeringResult['episodes'] } {
  const schedules = schedulesOf(nemesis);
  const withSpare = schedules !== null && seed % 3 === 2;
  const members = 5;
  const nodes = withSpare ? members + 1 : members;
  const untilUs = 5_000_000 + (seed % 6) * 1_000_000;
  const maxEntriesPerAppend = [64, 1, 3][(seed >>> 1) % 3]!;
  const snapshotThreshold = [1000, 60, 5][(seed >>> 3) % 3]!;
  const base = defaultScenario({
    protocol: 'raft',
    nodes,
    seed,
    untilUs,
    config: {
      preVote: seed % 2 === 0,
      maxEntriesPerAppend,
      snapshotThreshold,
      ...(withSpare ? { initialMembers: Array.from({ length: members }, (_, i) => i) } : {}),
    },
    network: { lossRate: 0.05, duplicateRate: 0.02 },
    workload: maxEntriesPerAppend < 64 ? { kind: 'interval', intervalUs: 50_000 } : { kind: 'default' },
  });
  const spares = withSpare ? [members] : [];
  const chaos: SteeringResult =
    schedules === null
      ? { ...chaosTimeline({ seed, nodes, untilUs, meanGapUs: 250_000, baseLossRate: 0.05 }), episodes: [] }
      : steeringTimeline({ seed, nodes, untilUs, latencyUs: base.network.latencyUs, baseLossRate: 0.05, spares, schedules });
  return {
    scenario: { ...base, initiallyDown: spares, timeline: chaos.timeline, healedAtUs: chaos.healedAtUs },
    episodes: chaos.episodes,
  };
}
