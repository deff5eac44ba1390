import { nodeName, type TopologyLayout } from '../../kernel/topology';
import type { Monitor, Violation } from '../../kernel/protocol';
import { sometimesMonitor, type SometimesCheck } from '../../kernel/sometimes';
import type { Micros } from '../../kernel/time';
import type { TraceEvent } from '../../kernel/trace';
import type { RaftConfig } from './config';
import { raftHistoryMonitor } from './history';

type Digest = number | string | null;
type MonitorRole = 'follower' | 'precandidate' | 'candidate' | 'leader' | 'down';

interface RaftMonitorState {
  up: boolean[];
  role: MonitorRole[];
  term: number[];
  /** Each node's snapshot point, from its 'snapshot' events (durable: kept on crash); 0: none. */
  base: number[];
  baseTerm: number[];
  /**
   * Each node's log after its snapshot point, mirrored from its 'append', 'truncate' and
   * 'snapshot' events (durable: kept on crash): logTerms[n][k] is index base[n] + 1 + k.
   */
  logTerms: number[][];
  logValues: Digest[][];
  /** Each node's commitIndex as it reported it (volatile: its snapshot point after a restart). */
  commitIndex: number[];
  /**
   * The window of history the checks still need (see slideWindow): appended[k] and the
   * committed entries describe index floor + 1 + k.
   */
  floor: number;
  /**
   * What a server that was down when the window slid past its entries learned then: its
   * entries up to settled[n] were compared with the committed log, and the first that differed
   * is divergedAt[n] (0: none). It may never commit that one.
   */
  settled: number[];
  divergedAt: number[];
  /**
   * The first entry appended at each index of the window: its term, value and previous entry's
   * term (absent: none yet). Parallel arrays, not an array per index: one per entry made, kept
   * for the whole window, was a young allocation the scavenger promoted (issue 12).
   */
  appendedTerms: number[];
  appendedValues: Digest[];
  appendedPrevTerms: number[];
  /** Entries of other terms appended at an index (rare: a deposed leader's), [term, value, previous term]... */
  appendedMore: Digest[][];
  /** The committed prefix of the cluster's log, from floor + 1 on. */
  committedTerms: number[];
  committedValues: Digest[];
  /**
   * The term in which each index of the window was committed: the term of the first node to
   * report it committed, which is the leader that committed it (followers learn of a commit from
   * it); floorInTerm is that of the entry at `floor`.
   */
  committedInTerm: number[];
  floorInTerm: number;
  /** The members of the latest configuration in the committed prefix (thesis §4.1). */
  committedMembers: number[];
  /** What the committed prefix up to `floor` amounts to: its last term, the register, the configuration. */
  floorTerm: number;
  floorValue: number | null;
  floorMembers: string;
  /** Entries committed at or after the scenario's heal (all of them when it has none). */
  committedAfterHeal: number;
  /** leaderOfTerm[t]: the node that became leader in term t, -1 when none did. */
  leaderOfTerm: number[];
  leaderChanges: number;
  electionsStarted: number;
  lastWriteInvokedAtUs: number;
  /** Since when the committed configuration's members follow no leader (currentLeader); null: they do. */
  leaderlessSinceUs: number | null;
}

/** A configuration as monitors compare it: the digest of a config entry (entryDigest in log.ts). */
const membersDigest = (members: readonly number[]) => `config ${members.join(',')}`;

/** What the scenario fixes from the start: when the nemesis heals, and how nodes are named. */
export interface RaftMonitorRun {
  healedAtUs: Micros | null;
  topology?: TopologyLayout;
}

/**
 * The five safety properties of Raft (Figure 3), checked as the trace is produced, plus stats
 * and liveness after the nemesis healed. Each node's log is mirrored from its own events, so
 * the checks cost O(entries appended or committed), never a scan of every log per event. Then
 * the clients' history, checked for linearizability at the end of the run (history.ts).
 */
export function raftMonitors(config: RaftConfig, nodeCount: number, run: RaftMonitorRun = { healedAtUs: null }): Monitor[] {
  return [raftSafetyMonitor(nodeCount, config, run), raftHistoryMonitor(), sometimesMonitor(RAFT_SOMETIMES)];
}

/**
 * Raft's "sometimes" properties: what a run is meant to reach at least once, reported in the
 * summary (held, and when first) and never a violation of one run (a run whose servers all
 * crash at once elects nobody). chaos.test.ts asserts each held in some of its seeds.
 */
export const RAFT_SOMETIMES: readonly SometimesCheck[] = [
  { property: 'a leader is elected', kind: 'observe', holds: (e) => e.kind === 'observe' && e.what === 'leader' },
  { property: 'an entry commits', kind: 'observe', holds: (e) => e.kind === 'observe' && e.what === 'commit' },
];

export function raftSafetyMonitor(
  nodeCount: number,
  config: Pick<RaftConfig, 'electionTimeoutMaxUs'> & Partial<Pick<RaftConfig, 'initialMembers'>> = { electionTimeoutMaxUs: 200_000 },
  /** The scenario's heal time, known from the start: commits after it are counted as they happen. */
  run: RaftMonitorRun = { healedAtUs: null },
): Monitor {
  // Violations name nodes as the page does (the scenario's topology; S1, S2, ... without one).
  const name = (node: number) => nodeName(run.topology, node);
  const perNode = <T>(make: () => T) => Array.from({ length: nodeCount }, make);
  // The configuration before any config entry (log.ts initialMembers).
  const named = config.initialMembers?.filter((id) => id < nodeCount) ?? [];
  const initialMembers = named.length > 0 ? named : Array.from({ length: nodeCount }, (_, i) => i);
  const healedAtUs = run.healedAtUs ?? 0;
  let s: RaftMonitorState = {
    up: perNode(() => false),
    role: perNode((): MonitorRole => 'down'),
    term: perNode(() => 0),
    base: perNode(() => 0),
    baseTerm: perNode(() => 0),
    logTerms: perNode((): number[] => []),
    logValues: perNode((): Digest[] => []),
    commitIndex: perNode(() => 0),
    floor: 0,
    settled: perNode(() => 0),
    divergedAt: perNode(() => 0),
    appendedTerms: [],
    appendedValues: [],
    appendedPrevTerms: [],
    appendedMore: [],
    committedTerms: [],
    committedValues: [],
    committedInTerm: [],
    floorInTerm: 0,
    committedMembers: [...initialMembers],
    floorTerm: 0,
    floorValue: null,
    floorMembers: membersDigest(initialMembers),
    committedAfterHeal: 0,
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
   * prefixes; a snapshot that covers it holds it too (every snapshot is checked against the
   * committed log). In a correct run commit terms only grow, so the scan stops at once; a stale
   * leader older than everything in the window is not checked (the window forgot its history).
   */
  function checkLeaderCompleteness(node: number, term: number): Violation | undefined {
    let kept = s.committedInTerm.length;
    while (kept > 0 && s.committedInTerm[kept - 1]! >= term) kept--;
    if (kept === 0 && s.floor > 0 && s.floorInTerm >= term) return undefined;
    const last = s.floor + kept;
    const base = s.base[node]!;
    if (last > base) {
      const k = last - base - 1;
      const terms = s.logTerms[node]!;
      const w = last - s.floor - 1;
      const settledWrong = w < 0 && last <= s.settled[node]! && s.divergedAt[node]! > 0 && s.divergedAt[node]! <= last;
      if (k >= terms.length || settledWrong || (w >= 0 && (terms[k] !== s.committedTerms[w] || s.logValues[node]![k] !== s.committedValues[w]))) {
        return violation(
          'Leader Completeness',
          `${name(node)} became leader of term ${term} without entry ${last} (term ${w >= 0 ? s.committedTerms[w] : s.floorTerm}), committed in term ${w >= 0 ? s.committedInTerm[w] : s.floorInTerm}; its log has ${base + terms.length} entries`,
        );
      }
    }
    return undefined;
  }

  /** Leader Append-Only and Log Matching, entry by entry. */
  function onAppend(node: number, first: number, terms: number[], values: Digest[]): Violation | undefined {
    const logTerms = s.logTerms[node]!;
    const logValues = s.logValues[node]!;
    const base = s.base[node]!;
    if (first !== base + logTerms.length + 1) {
      return s.role[node] === 'leader'
        ? violation('Leader Append-Only', `leader ${name(node)} wrote index ${first} over its log of ${base + logTerms.length} entries`)
        : violation('Log Matching', `${name(node)} appended at index ${first} to a log of ${base + logTerms.length} entries without truncating`);
    }
    for (let k = 0; k < terms.length; k++) {
      const index = first + k;
      const term = terms[k]!;
      const value = values[k]!;
      const prevTerm = index - 1 > base ? logTerms[index - base - 2]! : s.baseTerm[node]!;
      // Below the window: what slideWindow gives up (a late message to an empty log, a server
      // fed by one that was down while the window slid). Nothing is left to compare it with.
      if (index <= s.floor) {
        logTerms.push(term);
        logValues.push(value);
        continue;
      }
      const w = index - s.floor - 1;
      const firstTerm = s.appendedTerms[w];
      if (firstTerm === undefined) {
        s.appendedTerms[w] = term;
        s.appendedValues[w] = value;
        s.appendedPrevTerms[w] = prevTerm;
      } else if (firstTerm === term) {
        if (s.appendedValues[w] !== value || s.appendedPrevTerms[w] !== prevTerm) {
          return logMismatch(node, index, term, value, prevTerm, s.appendedValues[w]!, s.appendedPrevTerms[w]!);
        }
      } else {
        let more = s.appendedMore[w];
        if (!more) {
          more = [];
          s.appendedMore[w] = more;
        }
        let known = false;
        for (let j = 0; j < more.length; j += 3) {
          if (more[j] !== term) continue;
          known = true;
          if (more[j + 1] !== value || more[j + 2] !== prevTerm) return logMismatch(node, index, term, value, prevTerm, more[j + 1]!, more[j + 2]!);
        }
        if (!known) more.push(term, value, prevTerm);
      }
      logTerms.push(term);
      logValues.push(value);
    }
    return undefined;
  }

  /** Log Matching: the same index and term hold another entry, or follow another term, elsewhere. */
  function logMismatch(node: number, index: number, term: number, value: Digest, prevTerm: number, otherValue: Digest, otherPrevTerm: Digest): Violation {
    return violation(
      'Log Matching',
      `${name(node)} has entry ${index} of term ${term} = ${String(value)} after an entry of term ${prevTerm}, ` +
        `but that index and term hold ${String(otherValue)} after term ${String(otherPrevTerm)} elsewhere`,
    );
  }

  function onTruncate(node: number, from: number): Violation | undefined {
    if (s.role[node] === 'leader') {
      return violation('Leader Append-Only', `leader ${name(node)} removed its entries from index ${from} on`);
    }
    if (from <= s.commitIndex[node]!) {
      return violation('State Machine Safety', `${name(node)} removed entry ${from}, which it had committed`);
    }
    const keep = from - 1 - s.base[node]!;
    s.logTerms[node]!.length = Math.min(s.logTerms[node]!.length, keep);
    s.logValues[node]!.length = Math.min(s.logValues[node]!.length, keep);
    forgetSettled(node, from);
    return undefined;
  }

  /** State Machine Safety: every node commits the same entry at each index. */
  function onCommit(node: number, index: number, at: number): Violation | undefined {
    const logTerms = s.logTerms[node]!;
    const logValues = s.logValues[node]!;
    const base = s.base[node]!;
    if (index > base + logTerms.length) {
      return violation('State Machine Safety', `${name(node)} committed index ${index} beyond its log of ${base + logTerms.length} entries`);
    }
    for (let i = s.commitIndex[node]! + 1; i <= index; i++) {
      const term = logTerms[i - base - 1]!;
      const value = logValues[i - base - 1]!;
      const w = i - s.floor - 1;
      if (w < 0) {
        // Below the window: compared when the window slid past it, if the node held it then.
        if (i <= s.settled[node]! && s.divergedAt[node]! > 0 && i >= s.divergedAt[node]!) {
          return violation('State Machine Safety', `${name(node)} committed ${String(value)} (term ${term}) at index ${i}, which is not the entry committed there`);
        }
        continue;
      }
      if (w < s.committedTerms.length) {
        if (s.committedTerms[w] !== term || s.committedValues[w] !== value) {
          return violation(
            'State Machine Safety',
            `${name(node)} committed ${String(value)} (term ${term}) at index ${i}, where ${String(s.committedValues[w])} (term ${s.committedTerms[w]}) was committed`,
          );
        }
      } else {
        s.committedTerms.push(term);
        s.committedValues.push(value);
        s.committedInTerm.push(s.term[node]!);
        if (at >= healedAtUs) s.committedAfterHeal++;
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

  function committedLength(): number {
    return s.floor + s.committedTerms.length;
  }

  /**
   * A snapshot (own or installed) holds only committed entries, and exactly the state they
   * build (State Machine Safety for the state machine itself): its last term, the register and
   * the configuration must be those of the committed log at its index. The node's mirror then
   * keeps what follows the snapshot if it holds the snapshot's last entry, as Figure 13 says
   * the node must; otherwise it is empty. A node that does otherwise is caught by the next check
   * of its log (an append at the wrong index, a recovery of another length).
   */
  function onSnapshot(node: number, index: number, term: number, value: Digest, members: readonly number[]): Violation | undefined {
    const base = s.base[node]!;
    if (index < base) {
      return violation('State Machine Safety', `${name(node)} went back from its snapshot up to ${base} to one up to ${index}`);
    }
    if (index > committedLength()) {
      return violation('State Machine Safety', `${name(node)} snapshotted up to index ${index}, but only ${committedLength()} entries are committed`);
    }
    if (index >= s.floor) {
      // The committed state at `index`: from the window's floor, entry by entry (a snapshot is
      // taken every thousand entries or so, and the window is about that long).
      let expectTerm = s.floorTerm;
      let expectValue: Digest = s.floorValue;
      let expectMembers = s.floorMembers;
      for (let w = 0; w < index - s.floor; w++) {
        const v = s.committedValues[w]!;
        expectTerm = s.committedTerms[w]!;
        if (typeof v === 'number') expectValue = v;
        // A keyed write ("k1=4", kv.test.ts) changes neither the register nor the configuration.
        else if (typeof v === 'string' && v.startsWith('config ')) expectMembers = v;
      }
      const got = membersDigest(members);
      if (term !== expectTerm || value !== expectValue || got !== expectMembers) {
        return violation(
          'State Machine Safety',
          `${name(node)} has a snapshot up to index ${index} of term ${term} with value ${String(value)} and ${got}, ` +
            `but the committed log there is of term ${expectTerm} with value ${String(expectValue)} and ${expectMembers}`,
        );
      }
    }
    const terms = s.logTerms[node]!;
    const values = s.logValues[node]!;
    const held = index === base ? s.baseTerm[node] : index - base <= terms.length ? terms[index - base - 1] : undefined;
    if (held === term) {
      terms.splice(0, index - base);
      values.splice(0, index - base);
    } else {
      terms.length = 0;
      values.length = 0;
      forgetSettled(node, index + 1);
    }
    s.base[node] = index;
    s.baseTerm[node] = term;
    // Whatever differed up to here was replaced by a snapshot that was just checked.
    if (s.divergedAt[node]! <= index) s.divergedAt[node] = 0;
    if (index > s.commitIndex[node]!) s.commitIndex[node] = index;
    slideWindow();
    return undefined;
  }

  /**
   * Forgets the history no check needs any more, so the monitor holds about a snapshot's worth
   * of entries, not the run. A server appends or commits only after its own snapshot point (it
   * restarts from it; an InstallSnapshot moves it forward), and it receives an entry only from
   * a leader that still has it, hence past that leader's snapshot. So once every running server
   * that holds a log has a snapshot past an index, that index is not appended again by anyone
   * the running servers feed. A server that is down is settled instead: its entries there are
   * compared with the committed log now, and what it may commit after it restarts is checked
   * against that. Servers with no log at all (spares, never given an entry) hold nothing back:
   * the leader sends them a snapshot, or entries it has.
   *
   * What this gives up: an entry appended below the window later (a message sent before the
   * window slid and delivered to an empty log after; a server that was down while the window
   * slid being elected and feeding another such server) is not compared with the history any
   * more. And a server that runs but hears nobody (cut off) holds the window back until it
   * hears from a leader again: the monitor then keeps three numbers per entry committed
   * meanwhile.
   */
  function slideWindow(): void {
    let lowest = Infinity;
    for (let node = 0; node < nodeCount; node++) {
      if (s.up[node] && (s.base[node]! > 0 || s.logTerms[node]!.length > 0)) lowest = Math.min(lowest, s.base[node]!);
    }
    if (lowest === Infinity || lowest <= s.floor) return;
    for (let node = 0; node < nodeCount; node++) if (s.base[node]! < lowest) settle(node, lowest);
    const drop = lowest - s.floor;
    for (let w = 0; w < drop; w++) {
      const v = s.committedValues[w]!;
      s.floorTerm = s.committedTerms[w]!;
      s.floorInTerm = s.committedInTerm[w]!;
      if (typeof v === 'number') s.floorValue = v;
      else if (typeof v === 'string' && v.startsWith('config ')) s.floorMembers = v;
    }
    s.committedTerms.splice(0, drop);
    s.committedValues.splice(0, drop);
    s.committedInTerm.splice(0, drop);
    s.appendedTerms.splice(0, drop);
    s.appendedValues.splice(0, drop);
    s.appendedPrevTerms.splice(0, drop);
    s.appendedMore.splice(0, drop);
    s.floor = lowest;
  }

  /** Compares `node`'s entries in the window up to `upTo` with the committed log, before the window forgets them. */
  function settle(node: number, upTo: number): void {
    const base = s.base[node]!;
    const terms = s.logTerms[node]!;
    const values = s.logValues[node]!;
    const last = Math.min(upTo, base + terms.length, committedLength());
    for (let i = Math.max(base, s.floor, s.settled[node]!) + 1; i <= last; i++) {
      const w = i - s.floor - 1;
      if (s.divergedAt[node] === 0 && (terms[i - base - 1] !== s.committedTerms[w] || values[i - base - 1] !== s.committedValues[w])) {
        s.divergedAt[node] = i;
      }
    }
    if (last > s.settled[node]!) s.settled[node] = last;
  }

  /** `node`'s entries from `from` on are gone: what was settled about them no longer holds. */
  function forgetSettled(node: number, from: number): void {
    if (s.settled[node]! >= from) s.settled[node] = from - 1;
    if (s.divergedAt[node]! >= from) s.divergedAt[node] = 0;
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
      case 'snapshot':
        return onSnapshot(node, data.index as number, data.term as number, data.value as Digest, (data.members as number[]) ?? []);
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
        const had = s.base[node]! + s.logTerms[node]!.length;
        if (length !== had) {
          return violation('Durability', `${name(node)} recovered ${length} log entries but had ${had}`);
        }
        const snapshot = (data.snapshotIndex as number | undefined) ?? 0;
        if (snapshot !== s.base[node]) {
          return violation('Durability', `${name(node)} recovered a snapshot up to ${snapshot} but had one up to ${s.base[node]}`);
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
    // What observe below reads; every other kind is skipped by the collector (Monitor.kinds).
    kinds: ['observe', 'start', 'crash', 'invoke'],
    observe(e: TraceEvent): Violation | undefined {
      switch (e.kind) {
        case 'observe':
          return onObserve(e);
        case 'start':
          // Client nodes (ids after the servers') are no part of the cluster's safety.
          if (e.node >= nodeCount) return undefined;
          s.up[e.node] = true;
          s.role[e.node] = 'follower';
          if (!e.recovered) {
            s.base[e.node] = 0;
            s.baseTerm[e.node] = 0;
            s.settled[e.node] = 0;
            s.divergedAt[e.node] = 0;
            s.logTerms[e.node] = [];
            s.logValues[e.node] = [];
          }
          // §7: a server restarts with its snapshot applied, and nothing after it committed.
          s.commitIndex[e.node] = s.base[e.node]!;
          noteLeadership(e.at);
          return undefined;
        case 'crash':
          if (e.node >= nodeCount) return undefined;
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
      const committed = committedLength();
      const committedAfterHeal = s.committedAfterHeal;
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

/** The members named by a configuration entry's digest ("config 0,2,3"), null for any other entry. */
function configMembers(value: Digest): number[] | null {
  if (typeof value !== 'string' || !value.startsWith('config ')) return null;
  return value.slice('config '.length).split(',').map(Number);
}
