import type { ExperimentVocabulary, MeasureState } from '../../experiments/contract';
import type { TraceEvent } from '../../kernel/trace';
import { foldLedger, freshLedger, settleLedger } from './ledger';
import { lostWriteScenario } from './scenarios';

/**
 * Primary and replicas in experiments (engine/experiments/contract.ts): the writes a client was
 * told succeeded and that a failover then lost (`primary-replica.lostAckedWrites`), and stale
 * reads (`primary-replica.staleReads`), both from the ledger the monitors use (ledger.ts). The
 * built-in `primary-lost-writes` runs the "lost write" scenario (scenarios.ts) in each mode.
 */
function ledgerMeasure(read: (l: ReturnType<typeof freshLedger>) => number): () => MeasureState {
  return () => {
    const ledger = freshLedger();
    let lastAt = 0;
    let settled = false;
    return {
      push(e: TraceEvent) {
        lastAt = e.at;
        foldLedger(ledger, e);
      },
      // Final only at the run's end: a later failover or rewind can still lose a write.
      done: false,
      value() {
        if (!settled) settleLedger(ledger, lastAt);
        settled = true;
        return read(ledger);
      },
    };
  };
}

const MODES = ['async', 'semi-sync', 'sync'] as const;

export const primaryReplicaExperiments: ExperimentVocabulary = {
  steps: {},
  measures: {
    lostAckedWrites: {
      label: 'acknowledged writes lost',
      axis: 'writes acknowledged to a client and then lost at a failover',
      unit: 'writes',
      explain: 'Writes a client was told succeeded that the primary elected afterwards does not hold (dropped at a failover or rewound).',
      create: ledgerMeasure((l) => l.lost.length),
    },
    staleReads: {
      label: 'stale reads',
      axis: 'reads that missed a write acknowledged before they began',
      unit: 'reads',
      explain: 'Reads that returned an older version of their key than a write acknowledged before the read began.',
      create: ledgerMeasure((l) => l.staleReads),
    },
  },
  builtins: {
    'primary-lost-writes': {
      label: 'Primary and replicas: acknowledged writes lost per replication mode',
      make: () => ({
        experiment: 2,
        name: 'primary-lost-writes',
        title: 'Acknowledged writes lost at a failover, for asynchronous, semi-synchronous and synchronous replication',
        description:
          'The "lost write" scenario: three servers, a client operation every 100 ms (70% writes), Patroni timings ten times ' +
          'faster (ttl 3 s, loop_wait 1 s, retry_timeout 1 s). At 5 s the primary S1 and both clients are cut off from the ' +
          'replicas and the lease store; S1 demotes itself after about 2 s, S2 or S3 takes over, the network heals at 10 s. ' +
          'Each line is a replication mode; each run a seed (network latency 10-15 ms drawn per message).',
        scenario: lostWriteScenario('async', 0),
        seeds: { from: 1, to: 50 },
        variants: MODES.map((replication) => ({ name: replication, config: { replication } })),
        steps: [],
        measures: ['primary-replica.lostAckedWrites', 'primary-replica.staleReads'],
      }),
    },
  },
  scenario: [
    {
      id: 'crash-primary',
      label: 'Acknowledged writes lost when S1 crashes at 5 s',
      title: 'This scenario: acknowledged writes lost when the first primary crashes',
      steps: [{ kind: 'crash', node: 0, atMs: 5000, jitterMs: 500 }],
      measures: ['primary-replica.lostAckedWrites', 'primary-replica.staleReads'],
      untilMs: 20_000,
    },
  ],
};
