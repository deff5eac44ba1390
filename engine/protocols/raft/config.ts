import { nodesOf, type TopologyLayout } from '../../kernel/topology';
import type { NodeId } from '../../kernel/protocol';
import { fromMs, type Micros } from '../../kernel/time';
import { flagSetting, rangedSetting as numberSetting, settingsObject } from '../lib/settings';

/**
 * Raft's settings. Users write milliseconds (`electionTimeoutMsMin`); the protocol keeps
 * microseconds, the engine's unit of virtual time, so no handler ever converts.
 */
export interface RaftConfig {
  electionTimeoutMinUs: Micros;
  electionTimeoutMaxUs: Micros;
  heartbeatIntervalUs: Micros;
  /** Ask for votes without raising the term first (Ongaro's thesis §9.6). */
  preVote: boolean;
  /**
   * A leader that has not heard from a majority for a whole election timeout steps down
   * (thesis §6.2, "check-quorum"). On by default, as every link before this setting ran;
   * off, a cut-off leader keeps its role and serves on until it hears a higher term.
   */
  checkQuorum: boolean;
  /** Caps one AppendEntries, so catching up a far-behind follower never builds a huge message. */
  maxEntriesPerAppend: number;
  /** The first configuration; null means every slot of the topology. */
  initialMembers: NodeId[] | null;
  /**
   * Ongaro's thesis rules for membership changes that the first releases lacked (issue 9):
   * a server outside its own latest configuration still campaigns until that configuration is
   * committed, without counting its own vote (§4.1, §4.2.2), and a RequestVote that arrives
   * within the minimum election timeout of hearing from a leader neither moves the term nor
   * wins a vote (§4.2.3). False: such a server never campaigns, and any RequestVote of a higher
   * term deposes the leader, as format-1 scenarios ran.
   */
  thesisMembership: boolean;
  /**
   * Figure 2: a follower restarts its election timeout only on AppendEntries from the current
   * leader or on granting a vote, so adopting a higher term keeps a running timer. False:
   * adopting a higher term restarts it too (format-1 scenarios, and etcd).
   */
  keepTimerOnNewTerm: boolean;
  /**
   * ReadIndex (§8, thesis §6.4) counts only acknowledgements of rounds the leader sent in its
   * current term: rounds never restart (they begin at the incarnation's start time in µs and
   * only grow), and a leader ignores answers to rounds older than its term's first. False: rounds
   * restart at 0 each term, so a leader re-elected into the next term could take a rejection of
   * its previous term's AppendEntries (which carries the follower's new term and the old round)
   * as proof of leadership and answer a stale read (format-1 scenarios ran so).
   */
  readAcksThisTermOnly: boolean;
  /**
   * Log compaction (§7): a server snapshots its state machine once this many applied entries
   * follow its last snapshot; 0 never compacts (format-1 scenarios, which ran without it).
   */
  snapshotThreshold: number;
  /**
   * The default workload's share of reads (0..1): each operation is a read with this
   * probability, drawn from the workload's stream; 0 (the default) writes only and draws
   * nothing, so runs without it replay exactly as before it existed.
   */
  readFraction: number;
  /**
   * The default workload's keys: 0 (the default) addresses the one register `x` and draws
   * nothing, so runs without it replay exactly as before; n > 0 spreads reads and writes over
   * the keys k1..kn, each drawn uniformly from the workload's stream.
   */
  kvKeys: number;
}

/**
 * 1000 entries: ten seconds of the default load (a write every 10 ms). Each server then holds
 * at most about that many applied entries, so an hour's run holds what a minute's does, and a
 * follower down for a few seconds still catches up by AppendEntries. etcd holds 10,000 to
 * 100,000 applied entries before compacting (--snapshot-count, by version) because its
 * snapshots are a whole key-value store; ours is one register, a few bytes, so there is no
 * reason to wait that long, and a run shows a compaction within its first ten seconds.
 */
export const DEFAULT_SNAPSHOT_THRESHOLD = 1000;

/**
 * Settings whose defaults changed since an older scenario format, with the values that format
 * ran with (see Protocol.formerDefaults): links of format 1 replay with these. Frozen once
 * released: add a key here only together with the setting, in the change that adds it.
 */
export const RAFT_FORMER_DEFAULTS: Readonly<Record<number, Readonly<Record<string, unknown>>>> = Object.freeze({
  1: Object.freeze({ thesisMembership: false, keepTimerOnNewTerm: false, snapshotThreshold: 0, readAcksThisTermOnly: false }),
});

const KNOWN_KEYS = new Set([
  'electionTimeoutMsMin',
  'electionTimeoutMsMax',
  'heartbeatIntervalMs',
  'preVote',
  'checkQuorum',
  'maxEntriesPerAppend',
  'initialMembers',
  'thesisMembership',
  'keepTimerOnNewTerm',
  'readAcksThisTermOnly',
  'snapshotThreshold',
  'readFraction',
  'kvKeys',
]);

function membersSetting(raw: Record<string, unknown>): NodeId[] | null {
  const value = raw.initialMembers;
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.length === 0 || value.length > 128) {
    throw new RangeError('initialMembers must be a non-empty array of at most 128 node ids');
  }
  for (const id of value) {
    if (!Number.isInteger(id) || id < 0 || id > 127) throw new RangeError(`initialMembers: ${String(id)} is not a node id`);
  }
  return [...new Set(value as number[])].sort((a, b) => a - b);
}

/**
 * What configure cannot know: the scenario's size. initialMembers must name nodes of it: a
 * member that does not exist would be silently dropped, and a cluster the user did not ask for
 * would run (all of them missing meant every slot).
 */
export function checkRaftScenario(config: RaftConfig, scenario: { nodes: number; topology?: TopologyLayout }): void {
  // Servers are nodes 0..n-1 (their arrays are indexed by id); client nodes come after them.
  const servers = scenario.topology ? nodesOf(scenario.topology, 'server') : Array.from({ length: scenario.nodes }, (_, i) => i);
  if (servers.length === 0) throw new RangeError('a Raft scenario needs at least one server');
  if (servers.some((id, i) => id !== i)) throw new RangeError('the servers\' group must come first in topology.groups');
  const outside = config.initialMembers?.filter((id) => id >= servers.length) ?? [];
  if (outside.length === 0) return;
  const which = outside.length === 1 ? `node ${outside[0]}` : `nodes ${outside.join(', ')}`;
  const what = servers.length === scenario.nodes ? 'nodes' : 'servers';
  throw new RangeError(`initialMembers names ${which}, but the scenario has ${servers.length} ${what} (0 to ${servers.length - 1})`);
}

/** Fills defaults (RaftScope's timeouts) and throws a RangeError naming the first bad field. */
export function configureRaft(raw: unknown): RaftConfig {
  const r = settingsObject(raw, 'raft', (key) => KNOWN_KEYS.has(key));
  const electionMin = numberSetting(r, 'electionTimeoutMsMin', 100, 1, 600_000);
  // RaftScope's range: the maximum defaults to twice the minimum (100..200 ms).
  const electionMax = numberSetting(r, 'electionTimeoutMsMax', 2 * electionMin, 1, 600_000);
  if (electionMax < electionMin) {
    throw new RangeError(`electionTimeoutMsMax (${electionMax}) must not be below electionTimeoutMsMin (${electionMin})`);
  }
  const heartbeat = numberSetting(r, 'heartbeatIntervalMs', 50, 0.01, 600_000);
  // §5.6: broadcastTime << electionTimeout, or followers time out between two heartbeats.
  if (heartbeat >= electionMin) {
    throw new RangeError(`heartbeatIntervalMs (${heartbeat}) must be below electionTimeoutMsMin (${electionMin})`);
  }
  const preVote = flagSetting(r, 'preVote', true);
  const checkQuorum = flagSetting(r, 'checkQuorum', true);
  const thesisMembership = flagSetting(r, 'thesisMembership', true);
  const keepTimerOnNewTerm = flagSetting(r, 'keepTimerOnNewTerm', true);
  const readAcksThisTermOnly = flagSetting(r, 'readAcksThisTermOnly', true);
  const maxEntries = numberSetting(r, 'maxEntriesPerAppend', 64, 1, 100_000);
  if (!Number.isInteger(maxEntries)) throw new RangeError('maxEntriesPerAppend must be a whole number');
  const snapshotThreshold = numberSetting(r, 'snapshotThreshold', DEFAULT_SNAPSHOT_THRESHOLD, 0, 1_000_000_000);
  if (!Number.isInteger(snapshotThreshold)) throw new RangeError('snapshotThreshold must be a whole number (0: never compact)');
  const readFraction = numberSetting(r, 'readFraction', 0, 0, 1);
  const kvKeys = numberSetting(r, 'kvKeys', 0, 0, 1000);
  if (!Number.isInteger(kvKeys)) throw new RangeError('kvKeys must be a whole number (0: the one register x)');
  return {
    electionTimeoutMinUs: fromMs(electionMin),
    electionTimeoutMaxUs: fromMs(electionMax),
    heartbeatIntervalUs: Math.max(1, fromMs(heartbeat)),
    preVote,
    checkQuorum,
    maxEntriesPerAppend: maxEntries,
    initialMembers: membersSetting(r),
    thesisMembership,
    keepTimerOnNewTerm,
    readAcksThisTermOnly,
    snapshotThreshold,
    readFraction,
    kvKeys,
  };
}
