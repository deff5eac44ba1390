import type { Monitor, Violation } from '../../kernel/protocol';
import { sometimesResult } from '../../kernel/sometimes';
import { nodeName, nodesOf, type TopologyLayout } from '../../kernel/topology';
import type { Micros } from '../../kernel/time';
import type { TraceEvent } from '../../kernel/trace';
import { faultsTolerated } from './config';
import { NULL_DIGEST, parseRequestDigest } from './digest';

export const AGREEMENT = 'Agreement: correct replicas commit the same request at each sequence number';
export const ORDERED_EXECUTION = 'Correct replicas execute in sequence order';
export const CLIENT_ACCEPTS_AGREED = 'Clients accept only results f + 1 replicas agree on';
export const LIVENESS = 'Liveness: a request completes after the heal';

export const SOMETIMES_ACCEPTED = 'a client accepts a result';
export const SOMETIMES_VIEW_CHANGE = 'a view change completes';
export const SOMETIMES_STABLE = 'a checkpoint becomes stable';

interface MonitorState {
  /** Nodes that were ever byzantine in this run: never counted as correct again. */
  faulty: number[];
  /** The first commit by a correct replica at each sequence number: who, which digest, which view. */
  committed: Record<string, { node: number; digest: string; view: number }>;
  /** Each node's last executed sequence number (state transfers jump it). */
  lastExecuted: Record<string, number>;
  /** The results correct replicas produced for each request "client:t". */
  results: Record<string, string[]>;
  messages: number;
  messagesByType: Record<string, number>;
  accepted: number;
  acceptedAfterHeal: number;
  latenciesMs: number[];
  viewAtEnd: number;
  viewChanges: number;
  stableCheckpoint: number;
  firstAcceptedUs: number | null;
  firstNewViewUs: number | null;
  firstStableUs: number | null;
}

function fresh(): MonitorState {
  return {
    faulty: [],
    committed: {},
    lastExecuted: {},
    results: {},
    messages: 0,
    messagesByType: {},
    accepted: 0,
    acceptedAfterHeal: 0,
    latenciesMs: [],
    viewAtEnd: 0,
    viewChanges: 0,
    stableCheckpoint: 0,
    firstAcceptedUs: null,
    firstNewViewUs: null,
    firstStableUs: null,
  };
}

const quantile = (sorted: number[], q: number) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * PBFT's invariants over the trace (§4.5.1's safety: "the algorithm provides safety if all
 * non-faulty replicas agree on the sequence numbers of requests that commit locally"), with
 * byzantine nodes, known from the run's `byzantine` actions, left out of "correct":
 *
 * - Agreement: no two correct replicas commit different requests at one sequence number, in any
 *   views (the violation names both replicas, both digests and the faulty nodes of the run).
 * - Correct replicas execute in sequence order: each execution is the next number (a state
 *   transfer to a stable checkpoint moves a replica forward).
 * - A client accepts a result only with f + 1 matching replies from different replicas, and only
 *   a result the correct replicas that executed that request (if any did yet) produced.
 * - Liveness, when the nemesis heals and no more than f nodes were byzantine: some client
 *   accepts a result after the heal.
 *
 * Stats: requests accepted, messages per accepted request (all messages of the run over the
 * requests accepted), latency (ms, request sent to f + 1 matching replies), views and checkpoints.
 */
export function pbftMonitors(topology: TopologyLayout, healedAtUs: Micros | null): Monitor[] {
  const replicas = nodesOf(topology, 'replica');
  const clients = nodesOf(topology, 'client');
  const f = faultsTolerated(replicas.length);
  const name = (id: number) => nodeName(topology, id);
  let s = fresh();
  const correct = (node: number) => !s.faulty.includes(node);
  /** A digest in words: "C1's request 4", "the null request in place of C1's request 4". */
  const request = (digest: string) => {
    if (digest === NULL_DIGEST) return 'the null request';
    const r = parseRequestDigest(digest);
    if (!r) return digest;
    return r.lie ? `the null request in place of ${name(r.client)}'s request ${r.t}` : `${name(r.client)}'s request ${r.t}`;
  };
  const faultyNames = () => (s.faulty.length === 0 ? 'no byzantine node' : `byzantine: ${s.faulty.map(name).join(', ')}`);

  const monitor: Monitor = {
    observe(e: TraceEvent): Violation | undefined {
      if (e.kind === 'action') {
        const action = e.action as { kind: string; node?: number; policy?: string | null };
        if (action.kind === 'byzantine' && typeof action.node === 'number' && action.policy && !s.faulty.includes(action.node)) {
          s.faulty.push(action.node);
          s.faulty.sort((a, b) => a - b);
        }
        return undefined;
      }
      if (e.kind === 'send') {
        s.messages++;
        s.messagesByType[e.msg.type] = (s.messagesByType[e.msg.type] ?? 0) + 1;
        return undefined;
      }
      if (e.kind === 'metric' && e.name === 'latencyMs') {
        s.latenciesMs.push(e.value);
        return undefined;
      }
      if (e.kind !== 'observe') return undefined;
      const data = (e.data ?? {}) as Record<string, unknown>;
      switch (e.what) {
        case 'committed': {
          if (!correct(e.node)) return undefined;
          const seq = data.seq as number;
          const digest = data.digest as string;
          const view = data.view as number;
          const first = s.committed[seq];
          if (!first) {
            s.committed[seq] = { node: e.node, digest, view };
            return undefined;
          }
          if (first.digest !== digest && correct(first.node)) {
            return {
              invariant: AGREEMENT,
              message: `${name(e.node)} committed ${request(digest)} at sequence number ${seq} (view ${view}), but ${name(first.node)} committed ${request(first.digest)} there (view ${first.view}); ${faultyNames()} (${s.faulty.length} of ${replicas.length + clients.length} nodes; PBFT tolerates f = ${f} with ${replicas.length} replicas)`,
              event: e,
            };
          }
          return undefined;
        }
        case 'executed': {
          const seq = data.seq as number;
          const last = s.lastExecuted[e.node] ?? 0;
          s.lastExecuted[e.node] = seq;
          if (correct(e.node) && seq !== last + 1) {
            return { invariant: ORDERED_EXECUTION, message: `${name(e.node)} executed sequence number ${seq} right after ${last}`, event: e };
          }
          if (correct(e.node) && typeof data.client === 'number') {
            const key = `${data.client}:${data.t as number}`;
            const result = JSON.stringify(data.result);
            const list = (s.results[key] ??= []);
            if (!list.includes(result)) list.push(result);
          }
          return undefined;
        }
        case 'state-transfer':
          s.lastExecuted[e.node] = data.seq as number;
          return undefined;
        case 'new-view':
          if ((data.view as number) > s.viewAtEnd) {
            s.viewAtEnd = data.view as number;
            s.viewChanges++;
            s.firstNewViewUs ??= e.at;
          }
          return undefined;
        case 'checkpoint-stable':
          if ((data.seq as number) > s.stableCheckpoint) s.stableCheckpoint = data.seq as number;
          s.firstStableUs ??= e.at;
          return undefined;
        case 'accepted': {
          s.accepted++;
          s.firstAcceptedUs ??= e.at;
          if (healedAtUs !== null && e.at >= healedAtUs) s.acceptedAfterHeal++;
          if (!correct(e.node)) return undefined;
          const repliers = (data.repliers as number[]) ?? [];
          const distinct = new Set(repliers.filter((r) => replicas.includes(r)));
          if (distinct.size < f + 1) {
            return {
              invariant: CLIENT_ACCEPTS_AGREED,
              message: `${name(e.node)} accepted the result of request ${data.t as number} with ${distinct.size} matching replies (${[...distinct].map(name).join(', ') || 'none'}); f + 1 = ${f + 1} are needed`,
              event: e,
            };
          }
          // Judged against the correct replicas that executed it so far (one may not have yet:
          // the f + 1 replies need not include its own).
          const produced = s.results[`${e.node}:${data.t as number}`] ?? [];
          const result = JSON.stringify(data.result);
          if (produced.length > 0 && !produced.includes(result)) {
            return {
              invariant: CLIENT_ACCEPTS_AGREED,
              message: `${name(e.node)} accepted ${result} for request ${data.t as number} from ${repliers.map(name).join(', ')}, a result no correct replica produced (they produced ${produced.join(' or ')}); ${faultyNames()}`,
              event: e,
            };
          }
          return undefined;
        }
        default:
          return undefined;
      }
    },

    finish({ untilUs }) {
      const violations: Violation[] = [];
      const liveByzantine = s.faulty.length <= f;
      if (healedAtUs !== null && liveByzantine && clients.length > 0 && untilUs > healedAtUs && s.acceptedAfterHeal === 0) {
        violations.push({ invariant: LIVENESS, message: `no client accepted a result between the heal at ${healedAtUs / 1000} ms and the end at ${untilUs / 1000} ms` });
      }
      const sorted = [...s.latenciesMs].sort((a, b) => a - b);
      const mean = sorted.length === 0 ? null : round(sorted.reduce((a, b) => a + b, 0) / sorted.length);
      return {
        stats: {
          replicas: replicas.length,
          f,
          accepted: s.accepted,
          ...(healedAtUs !== null ? { acceptedAfterHeal: s.acceptedAfterHeal } : {}),
          messages: s.messages,
          messagesPerRequest: s.accepted === 0 ? null : round(s.messages / s.accepted),
          messagesByType: { ...s.messagesByType },
          latencyMsMean: mean,
          latencyMsP50: quantile(sorted, 0.5),
          latencyMsP99: quantile(sorted, 0.99),
          viewAtEnd: s.viewAtEnd,
          viewChanges: s.viewChanges,
          stableCheckpoint: s.stableCheckpoint,
          byzantine: s.faulty.map(name),
        },
        violations,
        sometimes: [
          sometimesResult(SOMETIMES_ACCEPTED, s.firstAcceptedUs),
          sometimesResult(SOMETIMES_VIEW_CHANGE, s.firstNewViewUs),
          sometimesResult(SOMETIMES_STABLE, s.firstStableUs),
        ],
      };
    },

    snapshot: () => JSON.parse(JSON.stringify(s)) as unknown,
    restore(state) {
      s = { ...fresh(), ...(JSON.parse(JSON.stringify(state)) as Partial<MonitorState>) };
    },
  };
  return [monitor];
}
