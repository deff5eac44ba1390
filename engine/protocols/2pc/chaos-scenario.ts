import { RandomStream } from '../../kernel/random';
import { chaosTimeline } from '../../scenario/chaos';
import { defaultScenario, type Scenario } from '../../scenario/schema';
import { configureTwoPc } from './config';
import { settleUs } from './monitor';

/**
 * The seeded chaotic run of the 2pc tests (chaos.test.ts, mutation.test.ts): 2 to 5
 * participants and one coordinator, transactions every 20-60 ms over 4-8 keys (so locks
 * conflict), loss and duplication, and the random nemesis (crashes of the coordinator and of
 * participants, partitions, one-way cuts, loss bursts) for a few seconds, then a heal and a
 * quiet stretch long enough for every participant in doubt to learn its outcome.
 */
export interface TwoPcChaosMode {
  /** Paxos Commit with 3 or 5 acceptors (chosen by the seed). */
  commit?: 'coordinator' | 'paxos';
  /** Classic mode with the cooperative termination protocol. */
  cooperative?: boolean;
}

export function twoPcChaosScenario(seed: number, mode: TwoPcChaosMode = {}): Scenario {
  const random = RandomStream.derive(seed, '2pc-chaos');
  const participants = random.int(2, 5);
  // Drawn only in Paxos Commit, so the classic runs keep their seeds' meaning.
  const acceptors = mode.commit === 'paxos' ? (random.chance(0.5) ? 3 : 5) : 0;
  const nodes = participants + 1 + acceptors;
  const modeConfig = { ...(mode.commit === 'paxos' ? { commit: 'paxos' } : {}), ...(mode.cooperative ? { cooperative: true } : {}) };
  const config = {
    ...modeConfig,
    keys: random.int(4, 8),
    keysPerTxn: random.int(1, 3),
    txnIntervalMs: random.int(20, 60),
    voteTimeoutMs: 100,
    resendMs: 60,
    queryMs: 80,
    refuseRate: 0.05,
  };
  const activeUs = 3_000_000 + random.int(0, 3) * 1_000_000;
  const chaos = chaosTimeline({ seed, nodes, untilUs: Math.ceil(activeUs / 0.75), meanGapUs: 250_000, baseLossRate: 0.05 });
  const untilUs = chaos.healedAtUs + settleUs(configureTwoPc(config)) + 500_000;
  const base = defaultScenario({
    protocol: '2pc',
    nodes,
    seed,
    untilUs,
    config,
    network: { lossRate: 0.05, duplicateRate: 0.02 },
    topology: {
      groups: [
        { kind: 'participant', count: participants },
        { kind: 'coordinator', count: 1 },
        ...(acceptors > 0 ? [{ kind: 'acceptor', count: acceptors }] : []),
      ],
    },
  });
  return { ...base, timeline: chaos.timeline, healedAtUs: chaos.healedAtUs };
}
