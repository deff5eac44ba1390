import type { Monitor } from '../../kernel/protocol';
import { sometimesMonitor, type SometimesCheck } from '../../kernel/sometimes';
import { nodesOf, type TopologyLayout } from '../../kernel/topology';
import type { TraceEvent } from '../../kernel/trace';
import { choiceMonitor } from '../paxos/choice-monitor';
import { raftHistoryMonitor } from '../raft/history';
import { SERVER_KIND } from './types';

/**
 * Multi-Paxos' monitors: the choice in every slot (paxos/choice-monitor.ts: one value per slot,
 * never changed, learners learn only chosen values), the clients' history judged by the
 * linearizability checker (engine/check, through the history monitor Raft's store uses: it reads
 * only `invoke` and `return` events, so it judges any key-value store), the costs, and what a run
 * should sometimes reach.
 */

/** Messages per committed request and commit latency, as the clients saw it. */
export function costMonitor(): Monitor {
  let s = { messages: 0, committed: 0, invoked: {} as Record<number, number>, latenciesUs: [] as number[], leaders: 0, noops: 0 };
  return {
    observe(event: TraceEvent) {
      if (event.kind === 'send') s.messages++;
      else if (event.kind === 'invoke') s.invoked[event.opId] = event.at;
      else if (event.kind === 'return') {
        const at = s.invoked[event.opId];
        delete s.invoked[event.opId];
        if (at !== undefined && (event.result as { ok?: unknown } | null)?.ok === true) {
          s.committed++;
          s.latenciesUs.push(event.at - at);
        }
      } else if (event.kind === 'observe' && event.what === 'leader') s.leaders++;
      else if (event.kind === 'observe' && event.what === 'noop') s.noops++;
      return undefined;
    },
    finish() {
      const sorted = [...s.latenciesUs].sort((a, b) => a - b);
      const pct = (q: number) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! / 1000);
      const mean = sorted.length === 0 ? null : sorted.reduce((a, b) => a + b, 0) / sorted.length / 1000;
      return {
        stats: {
          messages: s.messages,
          committedRequests: s.committed,
          messagesPerCommittedRequest: s.committed === 0 ? null : Math.round((100 * s.messages) / s.committed) / 100,
          commitLatencyMsMean: mean === null ? null : Math.round(mean * 100) / 100,
          commitLatencyMsP50: pct(0.5),
          commitLatencyMsP99: pct(0.99),
          leadersElected: s.leaders,
          noopsFilled: s.noops,
        },
        violations: [],
      };
    },
    snapshot: () => structuredClone(s),
    restore(state) {
      s = structuredClone(state as typeof s);
    },
  };
}

const observed = (what: string): SometimesCheck['holds'] => (e) => e.kind === 'observe' && e.what === what;

export const MULTI_PAXOS_SOMETIMES: readonly SometimesCheck[] = [
  { property: 'a leader is elected', holds: observed('leader') },
  { property: 'a slot is chosen', holds: observed('learned') },
  { property: 'a client request commits', holds: (e) => e.kind === 'return' && (e.result as { ok?: unknown } | null)?.ok === true },
  { property: 'a gap is filled with a no-op', holds: observed('noop') },
];

export function multiPaxosMonitors(nodeCount: number, topology: TopologyLayout | null): Monitor[] {
  const servers = topology ? nodesOf(topology, SERVER_KIND) : Array.from({ length: nodeCount }, (_, i) => i);
  return [choiceMonitor(servers, topology), raftHistoryMonitor(), costMonitor(), sometimesMonitor(MULTI_PAXOS_SOMETIMES)];
}
