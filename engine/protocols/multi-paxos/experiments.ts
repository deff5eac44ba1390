import type { ExperimentVocabulary } from '../../experiments/contract';
import { COST_MEASURES, costExperiments } from '../lib/costs';

/**
 * Multi-Paxos in experiments (engine/experiments/contract.ts): what a committed request costs at
 * n = 3, 5 and 7 (`costs-multi-paxos-nN`, read beside Raft's `costs-raft-nN`: lib/costs.ts), and
 * the same two measures over "this scenario". Raft serves reads by ReadIndex (a heartbeat round,
 * no log entry) and batches entries into its next AppendEntries; this Multi-Paxos puts reads in
 * the log and sends an Accept per request at once: see the README's figures.
 */
export const multiPaxosExperiments: ExperimentVocabulary = {
  steps: {},
  measures: {},
  builtins: costExperiments('multi-paxos', 'Multi-Paxos', 'raft'),
  scenario: [
    {
      id: 'costs',
      label: 'Messages and latency per committed request',
      title: 'This scenario: messages and latency per committed request',
      steps: [],
      measures: COST_MEASURES,
      untilMs: 10_000,
    },
  ],
};
