import type { TimedAction } from '../../kernel/actions';
import { RandomStream } from '../../kernel/random';
import { chaosTimeline } from '../../scenario/chaos';
import { defaultScenario, type Scenario } from '../../scenario/schema';
import { faultsTolerated } from './config';

export const BYZANTINE_POLICIES = ['equivocate', 'forge-votes', 'silent'] as const;

export interface PbftChaosOptions {
  /** How many replicas turn byzantine: 'f' (up to f, the tolerated number; the default) or 'none'. */
  byzantine?: 'f' | 'none';
}

/**
 * The seeded chaotic run of the PBFT tests (chaos.test.ts, mutation.test.ts): everything follows
 * from the seed. 4 to 7 replicas and 1 or 2 clients; the random nemesis (crashes and restarts,
 * partitions, one-way cuts, loss bursts) over the replicas for 2 to 4 s, then a heal and 4 s to
 * recover; and up to f replicas turned byzantine at random moments with random policies
 * (equivocate, forge votes, go silent). Short timeouts so view changes happen within the run.
 */
export function pbftChaosScenario(seed: number, o: PbftChaosOptions = {}): Scenario {
  const random = RandomStream.derive(seed, 'pbft-chaos');
  const replicas = random.int(4, 7);
  const clients = random.int(1, 2);
  const f = faultsTolerated(replicas);
  const activeUs = 2_000_000 + random.int(0, 2) * 1_000_000;
  const chaos = chaosTimeline({ seed, nodes: replicas, untilUs: Math.ceil(activeUs / 0.75), meanGapUs: 300_000, baseLossRate: 0.02 });
  const byzantine: TimedAction[] = [];
  if (o.byzantine !== 'none') {
    const count = random.int(0, f);
    const chosen = random.shuffled(Array.from({ length: replicas }, (_, i) => i)).slice(0, count);
    for (const node of chosen) {
      const policy = BYZANTINE_POLICIES[random.int(0, BYZANTINE_POLICIES.length - 1)]!;
      byzantine.push({ at: random.int(0, activeUs), action: { kind: 'byzantine', node, policy }, by: 'nemesis' });
    }
  }
  const untilUs = chaos.healedAtUs + 4_000_000;
  const base = defaultScenario({
    protocol: 'pbft',
    seed,
    untilUs,
    config: { clientTimeoutMs: 150, requestTimeoutMs: 200, viewChangeTimeoutMs: 200, workloadIntervalMs: 40 },
    network: { latencyUs: { min: 5_000, max: 12_000 }, lossRate: 0.02, duplicateRate: 0.02 },
    topology: {
      groups: [
        { kind: 'replica', count: replicas, prefix: 'R' },
        { kind: 'client', count: clients, prefix: 'C' },
      ],
    },
  });
  const timeline = [...chaos.timeline, ...byzantine].sort((a, b) => a.at - b.at);
  return { ...base, timeline, healedAtUs: chaos.healedAtUs };
}
