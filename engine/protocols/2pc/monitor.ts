import type { Monitor, Violation } from '../../kernel/protocol';
import { sometimesMonitor, type SometimesCheck } from '../../kernel/sometimes';
import type { Micros } from '../../kernel/time';
import { nodeName, type TopologyLayout } from '../../kernel/topology';
import type { TraceEvent } from '../../kernel/trace';
import { percentile } from '../../experiments/stats';
import type { TwoPcConfig } from './config';

/**
 * Two-phase commit's invariants as code, over the canonical trace (README.md, "Invariants"):
 *
 * *always*
 * - **Agreement**: no two nodes decide differently for one transaction (the coordinator's
 *   decision and every participant's commit or abort, a no vote being an abort).
 * - **Validity**: a transaction commits only if every participant it touches voted yes.
 * - **A decision is final**: the coordinator never decides a transaction twice differently,
 *   across crashes too.
 * - **Locks are exclusive**: a participant never grants a key's lock to a transaction while
 *   another holds it, restarts included (its locks are on disk with its prepared records).
 *
 * *at the end*, once every fault healed long enough: **no participant stays in doubt**.
 *
 * Stats: transactions committed and aborted (with why), commit latency, how long participants
 * were blocked in doubt, messages per transaction.
 */
type Outcome = 'commit' | 'abort';

interface State {
  /** The first decision anyone made for each transaction, and who made it. */
  decided: Record<string, { outcome: Outcome; by: number }>;
  coordinatorDecision: Record<string, Outcome>;
  votes: Record<string, Record<number, boolean>>;
  /** Why the first no vote of a transaction was cast (the coordinator only hears "no"). */
  noReason: Record<string, string>;
  /** node -> key -> holding transaction. */
  locks: Record<number, Record<string, string>>;
  /** "node txid" -> since when it has been in doubt (voted yes, no decision yet). */
  inDoubt: Record<string, Micros>;
  begun: number;
  committed: number;
  aborted: Record<string, number>;
  invokedAt: Record<number, Micros>;
  commitLatenciesUs: number[];
  blockedUs: number[];
  queries: number;
  sends: number;
  lastChangeUs: Micros;
  /** Paxos Commit: "txid rm ballot" -> the acceptors that accepted, and the value. */
  accepts: Record<string, { prepared: boolean; by: number[] }>;
  /** Paxos Commit: "txid rm" -> the value chosen (a majority accepted it in one ballot). */
  chosen: Record<string, { prepared: boolean; ballot: number }>;
  takeovers: number;
}

export const TWO_PC_SOMETIMES: readonly SometimesCheck[] = [
  { property: 'a transaction commits', holds: (e) => e.kind === 'observe' && e.what === 'decision' && e.data?.outcome === 'commit' },
  { property: 'a transaction aborts', holds: (e) => e.kind === 'observe' && e.what === 'decision' && e.data?.outcome === 'abort' },
  { property: 'a participant in doubt asks the coordinator', holds: (e) => e.kind === 'observe' && e.what === 'query' },
];

/** Paxos Commit's, beside the above. */
export const PAXOS_COMMIT_SOMETIMES: readonly SometimesCheck[] = [
  { property: 'a leader other than the coordinator takes over', holds: (e) => e.kind === 'observe' && e.what === 'takeover' },
];

/** How long after the last fault every participant in doubt must have learned its outcome. */
export function settleUs(config: TwoPcConfig): Micros {
  return config.voteTimeoutUs + 6 * (config.queryUs + config.resendUs);
}

function why(reason: unknown): string {
  const r = String(reason ?? '');
  if (r.includes('locked')) return 'lock conflict';
  if (r.includes('refuses')) return 'a participant refused';
  if (r.includes('in time')) return 'vote timeout';
  return 'other';
}

export function twoPcMonitors(config: TwoPcConfig, _nodeCount: number, run: { healedAtUs: Micros | null; topology: TopologyLayout }): Monitor[] {
  const name = (n: number) => nodeName(run.topology, n);
  const acceptors = run.topology.groups.filter((g) => g.kind === 'acceptor').reduce((n, g) => n + g.count, 0);
  const quorum = Math.floor(acceptors / 2) + 1;
  const fresh = (): State => ({
    decided: {},
    coordinatorDecision: {},
    votes: {},
    noReason: {},
    locks: {},
    inDoubt: {},
    begun: 0,
    committed: 0,
    aborted: {},
    invokedAt: {},
    commitLatenciesUs: [],
    blockedUs: [],
    queries: 0,
    sends: 0,
    lastChangeUs: 0,
    accepts: {},
    chosen: {},
    takeovers: 0,
  });
  let s = fresh();

  /** Agreement: the first decision for a transaction binds everyone. */
  function agree(e: TraceEvent, txid: string, outcome: Outcome, what: string): Violation | undefined {
    const first = s.decided[txid];
    if (!first) {
      s.decided[txid] = { outcome, by: e.node };
      return undefined;
    }
    if (first.outcome === outcome) return undefined;
    return {
      invariant: 'Agreement: all decide the same',
      message: `${name(e.node)} ${what} ${txid} but ${name(first.by)} decided to ${first.outcome} it`,
      event: e,
    };
  }

  /**
   * Paxos's own invariant, per instance (Paxos Made Simple §2.1): only one value is chosen. The
   * monitor counts acceptances itself, from the acceptors' observations, rather than trusting
   * any leader: a value is chosen once a majority accepted it in one ballot.
   */
  function onAccept(e: TraceEvent, txid: string, ballot: number, votes: { rm: number; prepared: boolean }[]): Violation | undefined {
    for (const v of votes) {
      const key = `${txid} ${v.rm} ${ballot}`;
      const a = (s.accepts[key] ??= { prepared: v.prepared, by: [] });
      if (a.prepared !== v.prepared) {
        return { invariant: 'Paxos: one value per instance', message: `${name(e.node)} accepted ${v.prepared ? 'Prepared' : 'Aborted'} for ${name(v.rm)}'s vote on ${txid} in ballot ${ballot}, where others accepted the other value`, event: e };
      }
      if (a.by.includes(e.node)) continue;
      a.by.push(e.node);
      if (a.by.length < quorum) continue;
      const instance = `${txid} ${v.rm}`;
      const chosen = s.chosen[instance];
      if (!chosen) s.chosen[instance] = { prepared: v.prepared, ballot };
      else if (chosen.prepared !== v.prepared) {
        return {
          invariant: 'Paxos: one value per instance',
          message: `${name(v.rm)}'s vote on ${txid} was chosen ${chosen.prepared ? 'Prepared' : 'Aborted'} in ballot ${chosen.ballot}, and now ${v.prepared ? 'Prepared' : 'Aborted'} in ballot ${ballot} (${a.by.map(name).join(', ')} accepted it)`,
          event: e,
        };
      }
    }
    return undefined;
  }

  function onObserve(e: Extract<TraceEvent, { kind: 'observe' }>): Violation | undefined {
    const d = (e.data ?? {}) as Record<string, unknown>;
    const txid = String(d.txid ?? '');
    switch (e.what) {
      case 'begin':
        s.begun++;
        return undefined;
      case 'decision': {
        const outcome = d.outcome as Outcome;
        const before = s.coordinatorDecision[txid];
        if (before !== undefined && before !== outcome) {
          return { invariant: 'A decision is final', message: `${name(e.node)} decided to ${outcome} ${txid}, which it had decided to ${before}`, event: e };
        }
        s.coordinatorDecision[txid] = outcome;
        if (outcome === 'commit') {
          const participants = Array.isArray(d.participants) ? (d.participants as number[]) : [];
          const notYes = participants.filter((p) => s.votes[txid]?.[p] !== true);
          if (notYes.length > 0) {
            return {
              invariant: 'Validity: commit only if all voted yes',
              message: `${name(e.node)} commits ${txid} without a yes vote from ${notYes.map(name).join(', ')}`,
              event: e,
            };
          }
          s.committed++;
        } else {
          const key = why(s.noReason[txid] ?? d.reason);
          delete s.noReason[txid];
          s.aborted[key] = (s.aborted[key] ?? 0) + 1;
        }
        return agree(e, txid, outcome, `(the coordinator) decided to ${outcome}`);
      }
      case 'vote': {
        const yes = d.yes === true;
        (s.votes[txid] ??= {})[e.node] = yes;
        if (!yes) {
          s.noReason[txid] ??= String(d.reason ?? '');
          return agree(e, txid, 'abort', 'voted no on');
        }
        const held = (s.locks[e.node] ??= {});
        for (const key of Array.isArray(d.keys) ? (d.keys as string[]) : []) {
          const holder = held[key];
          if (holder !== undefined && holder !== txid) {
            return { invariant: 'Locks are exclusive', message: `${name(e.node)} locks ${key} for ${txid} while ${holder} holds it`, event: e };
          }
          held[key] = txid;
        }
        s.inDoubt[`${e.node} ${txid}`] = e.at;
        return undefined;
      }
      case 'decide': {
        const outcome = d.outcome as Outcome;
        if (outcome === 'commit' && s.votes[txid]?.[e.node] !== true) {
          return { invariant: 'Validity: commit only if all voted yes', message: `${name(e.node)} commits ${txid}, for which it never voted yes`, event: e };
        }
        const held = s.locks[e.node] ?? {};
        for (const key of Array.isArray(d.keys) ? (d.keys as string[]) : []) if (held[key] === txid) delete held[key];
        delete s.inDoubt[`${e.node} ${txid}`];
        if (typeof d.blockedUs === 'number') s.blockedUs.push(d.blockedUs);
        return agree(e, txid, outcome, `${outcome === 'commit' ? 'commits' : 'aborts'}`);
      }
      case 'query':
        s.queries++;
        return undefined;
      case 'takeover':
        s.takeovers++;
        return undefined;
      case 'accept':
        return onAccept(e, txid, Number(d.ballot), Array.isArray(d.votes) ? (d.votes as { rm: number; prepared: boolean }[]) : []);
      default:
        return undefined;
    }
  }

  const safety: Monitor = {
    observe(e) {
      switch (e.kind) {
        case 'observe':
          return onObserve(e);
        case 'send':
          s.sends++;
          return undefined;
        case 'invoke':
          s.invokedAt[e.opId] = e.at;
          return undefined;
        case 'return': {
          const at = s.invokedAt[e.opId];
          delete s.invokedAt[e.opId];
          if (at !== undefined && (e.result as { ok?: unknown } | null)?.ok === true) s.commitLatenciesUs.push(e.at - at);
          return undefined;
        }
        case 'crash':
        case 'start':
          s.lastChangeUs = e.at;
          return undefined;
        case 'action':
          if (e.action.kind !== 'command' && e.action.kind !== 'drop') s.lastChangeUs = e.at;
          return undefined;
        default:
          return undefined;
      }
    },
    finish({ untilUs, healedAtUs }) {
      const violations: Violation[] = [];
      const quietSince = Math.max(healedAtUs ?? untilUs, s.lastChangeUs);
      const judged = healedAtUs !== null && untilUs - quietSince >= settleUs(config);
      if (judged) {
        for (const [key, since] of Object.entries(s.inDoubt)) {
          if (untilUs - since < settleUs(config)) continue;
          const [node, txid] = key.split(' ');
          violations.push({
            invariant: 'No participant stays in doubt',
            message: `${name(Number(node))} has been in doubt about ${txid} since ${since / 1000} ms, long after every fault healed`,
          });
        }
      }
      const ms = (us: number | null) => (us === null ? null : us / 1000);
      const aborted = Object.values(s.aborted).reduce((a, b) => a + b, 0);
      const decisions = s.committed + aborted;
      return {
        stats: {
          inDoubtJudged: judged,
          transactions: s.begun,
          committed: s.committed,
          aborted,
          abortedBecause: { ...s.aborted },
          commitLatencyP50Ms: ms(percentile(s.commitLatenciesUs, 50)),
          commitLatencyP99Ms: ms(percentile(s.commitLatenciesUs, 99)),
          blockedInDoubtP50Ms: ms(percentile(s.blockedUs, 50)),
          blockedInDoubtMaxMs: ms(s.blockedUs.length ? Math.max(...s.blockedUs) : null),
          queriesInDoubt: s.queries,
          inDoubtAtEnd: Object.keys(s.inDoubt).length,
          messagesPerDecision: decisions > 0 ? s.sends / decisions : 0,
          ...(config.commit === 'paxos' ? { takeovers: s.takeovers, instancesChosen: Object.keys(s.chosen).length } : {}),
        },
        violations,
      };
    },
    snapshot: () => structuredClone(s),
    restore(state) {
      s = structuredClone(state as State);
    },
  };
  return [safety, sometimesMonitor(config.commit === 'paxos' ? [...TWO_PC_SOMETIMES, ...PAXOS_COMMIT_SOMETIMES] : TWO_PC_SOMETIMES)];
}
