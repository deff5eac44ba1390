import type { Monitor, NodeId } from '../../kernel/protocol';
import { sometimesMonitor } from '../../kernel/sometimes';
import { nodesOf, type TopologyLayout } from '../../kernel/topology';
import { choiceMonitor } from './choice-monitor';
import { ACCEPTOR_KIND, SERVER_KIND } from './types';

/**
 * Single-decree Paxos' monitors: the safety of the choice (choice-monitor.ts, shared with
 * Multi-Paxos), the run's stats, and what a run should sometimes reach.
 */

export function acceptorsOf(topology: TopologyLayout | null, nodeCount: number): NodeId[] {
  if (!topology) return Array.from({ length: nodeCount }, (_, i) => i);
  return [...nodesOf(topology, SERVER_KIND), ...nodesOf(topology, ACCEPTOR_KIND)].sort((a, b) => a - b);
}

/** How a run went: ballots, pre-emptions, when the value was chosen and what it cost in messages. */
function statsMonitor(): Monitor {
  let s = { ballots: 0, preemptions: 0, messages: 0, chosenAtUs: null as number | null, messagesToChoose: null as number | null, learners: [] as number[] };
  return {
    observe(event) {
      if (event.kind === 'send') s.messages++;
      if (event.kind !== 'observe') return undefined;
      if (event.what === 'prepare') s.ballots++;
      else if (event.what === 'preempted') s.preemptions++;
      else if (event.what === 'learned') {
        if (s.chosenAtUs === null) {
          s.chosenAtUs = event.at;
          s.messagesToChoose = s.messages;
        }
        if (!s.learners.includes(event.node)) s.learners.push(event.node);
      }
      return undefined;
    },
    finish: () => ({
      stats: {
        ballotsStarted: s.ballots,
        preemptions: s.preemptions,
        messages: s.messages,
        firstLearnedMs: s.chosenAtUs === null ? null : s.chosenAtUs / 1000,
        messagesUntilLearned: s.messagesToChoose,
        learnersThatLearned: s.learners.length,
      },
      violations: [],
    }),
    snapshot: () => structuredClone(s),
    restore(state) {
      s = structuredClone(state as typeof s);
    },
  };
}

const observed = (what: string) => (event: { kind: string; what?: string }) => event.kind === 'observe' && event.what === what;

export const PAXOS_SOMETIMES = [
  { property: 'a value is chosen and learned', holds: observed('learned') },
  { property: 'a proposer is pre-empted', holds: observed('preempted') },
  { property: 'a proposer adopts a value already accepted', holds: (e: { kind: string; what?: string; data?: Record<string, unknown> }) => e.kind === 'observe' && e.what === 'propose' && e.data?.adopted === true },
];

export function paxosMonitors(nodeCount: number, topology: TopologyLayout | null): Monitor[] {
  return [choiceMonitor(acceptorsOf(topology, nodeCount), topology), statsMonitor(), sometimesMonitor(PAXOS_SOMETIMES as never)];
}
