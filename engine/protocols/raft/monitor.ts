import type { Monitor, Violation } from '../../kernel/protocol';
import type { TraceEvent } from '../../kernel/trace';
import type { RaftConfig } from './config';

type Digest = number | string | null;
type MonitorRole = 'follower' | 'precandidate' | 'candidate' | 'leader' | 'down';

interface RaftMonitorState {
  up: boolean[];
  role: MonitorRole[];
  term: number[];
  /** Each node's log, mirrored from its 'append' and 'truncate' events (durable: kept on crash). */
  logTerms: number[][];
  logValues: Digest[][];
  /** Each node's commitIndex as it reported it (volatile: 0 after a restart). */
  commitIndex: number[];
  /** Every entry ever appended at index i, once per term: [term, value, previous entry's term]... */
  appended: Digest[][];
  /** The committed prefix of the cluster's log and when each index was first committed. */
  committedTerms: number[];
  committedValues: Digest[];
  committedAtUs: number[];
  /**
   * The term in which each index was committed: the term of the first node to report it
   * committed, which is the leader that committed it (followers learn of a commit from it).
   */
  committedInTerm: number[];
  /** The members of the latest configuration in the committed prefix (thesis §4.1). */
  committedMembers: number[];
  /** leaderOfTerm[t]: the node that became leader in term t, -1 when none did. */
  leaderOfTerm: number[];
  leaderChanges: number;
  electionsStarted: number;
  lastWriteInvokedAtUs: number;
  /** Since when the committed configuration's members follow no leader (currentLeader); null: they do. */
  leaderlessSinceUs: number | null;
}

const name = (node: number) => `S${node + 1}`;

/**
 * The five safety properties of Raft (Figure 3), checked as the trace is produced, plus stats
 * and liveness after the nemesis healed. Each node's log is mirrored from its own events, so
 * the checks cost O(entries appended or committed), never a scan of every log per event.
 */
export function raftMonitors(config: RaftConfig, nodeCount: number): Monitor[] {
  return [raftSafetyMonitor(nodeCount, config)];
}

export function raftSafetyMonitor(
  nodeCount: number,
  config: Pick<RaftConfig, 'electionTimeoutMaxUs'> & Partial<Pick<RaftConfig, 'initialMembers'>> = { electionTimeoutMaxUs: 200_000 },
): Monitor {
  const perNode = <T>(make: () => T) => Array.from({ length: nodeCount }, make);
  let s: RaftMonitorState = {
    up: perNode(() => false),
    role: perNode((): MonitorRole => 'down'),
    term: perNode(() => 0),
    logTerms: perNode((): number[] => []),
    logValues: perNode((): Digest[] => []),
    commitIndex: perNode(() => 0),
    appended: [],
    committedTerms: [],
    committedValues: [],
    committedAtUs: [],
    committedInTerm: [],
    committedMembers: initialMembers(nodeCount, config.initialMembers ?? null),
    leaderOfTerm: [],
    leaderChanges: 0,
    electionsStarted: 0,
    lastWriteInvokedAtUs: -1,
    leaderlessSinceUs: 0,
  };
  // An election may be under way at the very instant a run ends (a lost heartbeat can start
  // one at any time): liveness asks that the cluster was not leaderless for this long.
  const leaderlessGraceUs = 5 * config.electionTimeoutMaxUs;

  const violation = (invariant: string, message: string): Violation => ({ invariant, message });

  /**
   * The running leader that the running members of the latest committed configuration follow:
   * one whose term is not below any of theirs; null when there is none. Only those members
   * matter. A server removed without learning it (the leader stops sending to it at once) may
   * campaign in terms of its own forever and nobody needs it (thesis §4.2.3); a member of a
   * later, uncommitted configuration only matters once it commits. The leader itself need not
   * be a member: one that appended its own removal leads until Cnew commits (§4.2.2).
   */
  function currentLeader(): number | null {
    let top = -1;
    for (const node of s.committedMembers) if (s.up[node] && s.term[node]! > top) top = s.term[node]!;
    if (top < 0) return null;
    let leader: number | null = null;
    for (let node = 0; node < nodeCount; node++) {
      if (!s.up[node] || s.role[node] !== 'leader' || s.term[node]! < top) continue;
      if (leader === null || s.term[node]! > s.term[leader]!) leader = node;
    }
    return leader;
  }

  /** Called after the events that can make or unmake a leader (rare: roles, terms, crashes). */
  function noteLeadership(at: number): void {
    const leading = currentLeader() !== null;
    if (leading) s.leaderlessSinceUs = null;
    else if (s.leaderlessSinceUs === null) s.leaderlessSinceUs = at;
  }

  /** Election Safety: at most one leader per term. Leader Completeness: it has every committed entry. */
  function onLeader(node: number, term: number): Violation | undefined {
    while (s.leaderOfTerm.length <= term) s.leaderOfTerm.push(-1);
    const previous = s.leaderOfTerm[term]!;
    if (previous !== -1 && previous !== node) {
      return violation('Election Safety', `${name(node)} became leader of term ${term}, which ${name(previous)} already leads`);
    }
    s.leaderOfTerm[term] = node;
    s.leaderChanges++;
    return checkLeaderCompleteness(node, term);
  }

  /**
   * Leader Completeness, as Figure 3 states it: "if a log entry is committed in a given term,
   * then that entry will be present in the logs of the leaders for all higher-numbered terms".
   * A leader of an older term is not bound: elected late by a delayed vote, it may lack what a
   * later term committed (and it will be deposed as soon as it meets that term). Checking the
   * last entry committed in a term below the leader's is enough: Log Matching (checked on every
   * append below) ties each entry to the term of the one before it, so equal entries mean equal
   * prefixes. In a correct run commit terms only grow, so the scan stops at once.
   */
  function checkLeaderCompleteness(node: number, term: number): Violation | undefined {
    let last = s.committedInTerm.length;
    while (last > 0 && s.committedInTerm[last - 1]! >= term) last--;
    if (last === 0) return undefined;
    const terms = s.logTerms[node]!;
    if (terms[last - 1] !== s.committedTerms[last - 1] || s.logValues[node]![last - 1] !== s.committedValues[last - 1]) {
      return violation(
        'Leader Completeness',
        `${name(node)} became leader of term ${term} without entry ${last} (term ${s.committedTerms[last - 1]}), committed in term ${s.committedInTerm[last - 1]}; its log has ${terms.length} entries`,
      );
    }
    return undefined;
  }

  /** Leader Append-Only and Log Matching, entry by entry. */
  function onAppend(node: number, first: number, terms: number[], values: Digest[]): Violation | undefined {
    const logTerms = s.logTerms[node]!;
    const logValues = s.logValues[node]!;
    if (first !== logTerms.length + 1) {
      return s.role[node] === 'leader'
        ? violation('Leader Append-Only', `leader ${name(node)} wrote index ${first} over its log of ${logTerms.length} entries`)
        : violation('Log Matching', `${name(node)} appended at index ${first} to a log of ${logTerms.length} entries without truncating`);
    }
    for (let k = 0; k < terms.length; k++) {
      const index = first + k;
      const term = terms[k]!;
      const value = values[k]!;
      const prevTerm = index > 1 ? logTerms[index - 2]! : 0;
      let seen = s.appended[index - 1];
      if (!seen) {
        seen = [];
        s.appended[index - 1] = seen;
      }
      let known = false;
      for (let j = 0; j < seen.length; j += 3) {
        if (seen[j] !== term) continue;
        known = true;
        if (seen[j + 1] !== value || seen[j + 2] !== prevTerm) {
          return violation(
            'Log Matching',
            `${name(node)} has entry ${index} of term ${term} = ${String(value)} after an entry of term ${prevTerm}, ` +
              `but that index and term hold ${String(seen[j + 1])} after term ${String(seen[j + 2])} elsewhere`,
          );
        }
      }
      if (!known) seen.push(term, value, prevTerm);
      logTerms.push(term);
      logValues.push(value);
    }
    return undefined;
  }

  function onTruncate(node: number, from: number): Violation | undefined {
    if (s.role[node] === 'leader') {
      return violation('Leader Append-Only', `leader ${name(node)} removed its entries from index ${from} on`);
    }
    if (from <= s.commitIndex[node]!) {
      return violation('State Machine Safety', `${name(node)} removed entry ${from}, which it had committed`);
    }
    s.logTerms[node]!.length = Math.min(s.logTerms[node]!.length, from - 1);
    s.logValues[node]!.length = Math.min(s.logValues[node]!.length, from - 1);
    return undefined;
  }

  /** State Machine Safety: every node commits the same entry at each index. */
  function onCommit(node: number, index: number, at: number): Violation | undefined {
    const logTerms = s.logTerms[node]!;
    const logValues = s.logValues[node]!;
    if (index > logTerms.length) {
      return violation('State Machine Safety', `${name(node)} committed index ${index} beyond its log of ${logTerms.length} entries`);
    }
    for (let i = s.commitIndex[node]! + 1; i <= index; i++) {
      const term = logTerms[i - 1]!;
      const value = logValues[i - 1]!;
      if (i <= s.committedTerms.length) {
        if (s.committedTerms[i - 1] !== term || s.committedValues[i - 1] !== value) {
          return violation(
            'State Machine Safety',
            `${name(node)} committed ${String(value)} (term ${term}) at index ${i}, where ${String(s.committedValues[i - 1])} (term ${s.committedTerms[i - 1]}) was committed`,
          );
        }
      } else {
        s.committedTerms.push(term);
        s.committedValues.push(value);
        s.committedAtUs.push(at);
        s.committedInTerm.push(s.term[node]!);
        const members = configMembers(value);
        if (members) {
          s.committedMembers = members;
          noteLeadership(at);
        }
      }
    }
    if (index > s.commitIndex[node]!) s.commitIndex[node] = index;
    return undefined;
  }

  function onObserve(e: Extract<TraceEvent, { kind: 'observe' }>): Violation | undefined {
    const node = e.node;
    const data = e.data ?? {};
    switch (e.what) {
      case 'append':
        return onAppend(node, data.index as number, data.terms as number[], data.values as Digest[]);
      case 'truncate':
        return onTruncate(node, data.from as number);
      case 'commit':
        return onCommit(node, data.index as number, e.at);
      case 'role':
        s.role[node] = data.role as MonitorRole;
        s.term[node] = data.term as number;
        noteLeadership(e.at);
        return undefined;
      case 'term':
        s.term[node] = data.term as number;
        noteLeadership(e.at);
        return undefined;
      case 'leader':
        return onLeader(node, data.term as number);
      case 'election':
        s.electionsStarted++;
        return undefined;
      case 'recover': {
        // The durable log a node restarts with must be the one it had: the mirror is kept.
        const length = data.logLength as number;
        if (length !== s.logTerms[node]!.length) {
          return violation('Durability', `${name(node)} recovered ${length} log entries but had ${s.logTerms[node]!.length}`);
        }
        s.term[node] = data.term as number;
        noteLeadership(e.at);
        return undefined;
      }
      default:
        return undefined;
    }
  }

  return {
    observe(e: TraceEvent): Violation | undefined {
      switch (e.kind) {
        case 'observe':
          return onObserve(e);
        case 'start':
          s.up[e.node] = true;
          s.role[e.node] = 'follower';
          s.commitIndex[e.node] = 0;
          if (!e.recovered) {
            s.logTerms[e.node] = [];
            s.logValues[e.node] = [];
          }
          noteLeadership(e.at);
          return undefined;
        case 'crash':
          s.up[e.node] = false;
          s.role[e.node] = 'down';
          noteLeadership(e.at);
          return undefined;
        case 'invoke':
          if (e.command.type === 'write') s.lastWriteInvokedAtUs = e.at;
          return undefined;
        default:
          return undefined;
      }
    },

    finish({ untilUs, healedAtUs }) {
      const leaderAtEnd = currentLeader();
      const committed = s.committedTerms.length;
      const committedAfterHeal = committed - firstAtOrAfter(s.committedAtUs, healedAtUs ?? 0);
      const violations: Violation[] = [];
      if (healedAtUs !== null) {
        const leaderlessSince = s.leaderlessSinceUs === null ? null : Math.max(s.leaderlessSinceUs, healedAtUs);
        if (leaderlessSince !== null && untilUs - leaderlessSince > leaderlessGraceUs) {
          violations.push(
            violation(
              'Liveness: leader after heal',
              `the members of the committed configuration (${s.committedMembers.map(name).join(', ')}) have followed no leader since ${(leaderlessSince / 1000).toFixed(1)} ms, although every fault was healed at ${(healedAtUs / 1000).toFixed(1)} ms`,
            ),
          );
        }
        if (committedAfterHeal === 0 && s.lastWriteInvokedAtUs >= healedAtUs) {
          violations.push(
            violation('Liveness: progress after heal', 'nothing was committed after the heal, although clients kept writing'),
          );
        }
      }
      return {
        stats: {
          leaderAtEnd,
          term: Math.max(0, ...s.term, s.leaderOfTerm.length - 1),
          committed,
          committedAfterHeal,
          leaderChanges: s.leaderChanges,
          electionsStarted: s.electionsStarted,
        },
        violations,
      };
    },

    snapshot: () => structuredClone(s),
    restore(state) {
      s = structuredClone(state as RaftMonitorState);
    },
  };
}

/** The configured first members that exist in this topology, or every slot (as log.ts reads them). */
function initialMembers(nodeCount: number, named: readonly number[] | null): number[] {
  const members = named?.filter((id) => id < nodeCount) ?? [];
  return members.length > 0 ? [...members] : Array.from({ length: nodeCount }, (_, i) => i);
}

/** The members named by a configuration entry's digest ("config 0,2,3"), null for any other entry. */
function configMembers(value: Digest): number[] | null {
  if (typeof value !== 'string' || !value.startsWith('config ')) return null;
  return value.slice('config '.length).split(',').map(Number);
}

/** The first position whose time is >= `at` in a non-decreasing list (binary search). */
function firstAtOrAfter(times: readonly number[], at: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
