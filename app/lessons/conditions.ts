import type { LessonCondition } from '../../engine/scenario/lesson';
import type { NodeId } from '../../engine/kernel/protocol';
import type { Micros } from '../../engine/kernel/time';
import { formatMicros, fromMs } from '../../engine/kernel/time';
import { currentLeader, factsOf, lastObservedLeader, maxCommit, maxTerm, members, nodeById, nodeLabel, observationsSince, type LessonWorld } from './world';

/**
 * The run as it was when the learner entered a step: conditions "since the step" compare with
 * it (a new leader, a crash of the leader of then, entries committed since).
 */
export interface StepEntry {
  atUs: Micros;
  leader: NodeId | null;
  /** The leader of then, or the last one observed when there was none (for "crash the leader"). */
  leaderToCrash: NodeId | null;
  maxTerm: number;
  maxCommit: number;
  up: NodeId[];
  /** The clock then: going Back to the step puts it back (before replaying the step's own play/pause/speed). */
  playing: boolean;
  speed: number;
}

export function captureEntry(world: LessonWorld): StepEntry {
  const leader = currentLeader(world);
  return {
    atUs: world.now,
    leader,
    leaderToCrash: leader ?? lastObservedLeader(world),
    maxTerm: maxTerm(world),
    maxCommit: maxCommit(world),
    up: world.nodes.filter((n) => n.up).map((n) => n.id),
    playing: world.playing,
    speed: world.speed,
  };
}

const isUp = (world: LessonWorld, id: NodeId) => nodeById(world, id)?.up === true;

/** Whether `condition` holds now. Pure: the same world and entry give the same answer. */
export function conditionHolds(condition: LessonCondition, world: LessonWorld, entry: StepEntry): boolean {
  switch (condition.kind) {
    case 'leaderElected': {
      const leader = currentLeader(world);
      if (leader === null) return false;
      const term = factsOf(world).termOf(nodeById(world, leader)) ?? 0;
      if (condition.minTerm !== undefined && term < condition.minTerm) return false;
      if (condition.newTerm && term <= entry.maxTerm) return false;
      return true;
    }
    case 'time':
      return world.now >= fromMs(condition.atMs);
    case 'elapsed':
      return world.now >= entry.atUs + fromMs(condition.ms);
    case 'nodeCrashed': {
      const who = condition.who;
      if (typeof who === 'number') return !isUp(world, who);
      if (who === 'leader') return entry.leaderToCrash !== null && !isUp(world, entry.leaderToCrash);
      const candidates = who === 'follower' ? entry.up.filter((id) => id !== entry.leader) : entry.up;
      return candidates.some((id) => !isUp(world, id));
    }
    case 'nodeRestarted': {
      const who = condition.who;
      if (typeof who === 'number') return isUp(world, who) && !entry.up.includes(who);
      return world.nodes.some((n) => n.up && !entry.up.includes(n.id));
    }
    case 'nodesDown':
      return members(world).filter((id) => !isUp(world, id)).length >= condition.atLeast;
    case 'committedAtLeast':
      return maxCommit(world) >= condition.index;
    case 'committedMore':
      return maxCommit(world) >= entry.maxCommit + condition.count;
    case 'partitioned':
      return world.links.groups !== null || world.links.cuts.length > 0;
    case 'healed':
      return world.links.groups === null && world.links.cuts.length === 0;
    case 'termAtLeast':
      return maxTerm(world) >= condition.term;
    case 'splitVote':
      return splitVoteSince(world, entry.atUs);
    case 'observed': {
      const seen = observationsSince(world, entry.atUs).filter(
        (e) => e.what === condition.what && (condition.node === undefined || e.node === condition.node),
      );
      return seen.length >= (condition.atLeast ?? 1);
    }
    case 'logsAgree':
      return logsAgree(world);
    case 'memberCount': {
      const n = members(world).length;
      return (condition.atLeast === undefined || n >= condition.atLeast) && (condition.atMost === undefined || n <= condition.atMost);
    }
    case 'network':
      return networkMatches(condition, world);
  }
}

/** Whether the network model now is within the condition's bounds (latency in ms, loss as a rate). */
function networkMatches(c: Extract<LessonCondition, { kind: 'network' }>, world: LessonWorld): boolean {
  const { latencyUs, lossRate } = world.links.network;
  const maxMs = latencyUs.max / 1000;
  return (
    (c.latencyMaxAtLeastMs === undefined || maxMs >= c.latencyMaxAtLeastMs) &&
    (c.latencyMaxAtMostMs === undefined || maxMs <= c.latencyMaxAtMostMs) &&
    (c.lossAtLeast === undefined || lossRate >= c.lossAtLeast) &&
    (c.lossAtMost === undefined || lossRate <= c.lossAtMost)
  );
}

/** An election that found no winner since `from` (the protocol judges: `LessonFacts.splitVote`). */
export function splitVoteSince(world: LessonWorld, from: Micros): boolean {
  return factsOf(world).splitVote(observationsSince(world, from));
}

/** No two running servers hold different entries at one index (the protocol judges: `LessonFacts.logsAgree`). */
export function logsAgree(world: LessonWorld): boolean {
  return factsOf(world).logsAgree(world.nodes);
}

/**
 * What the learner waits for, in a few words after "Waiting for: ". The step's own
 * `waitingFor` wins; this is the fallback. Never HTML: React renders it as text.
 */
export function describeCondition(condition: LessonCondition, entry: StepEntry | null): string {
  switch (condition.kind) {
    case 'leaderElected':
      if (condition.newTerm) return 'a new leader, in a later term';
      return condition.minTerm !== undefined ? `a leader in term ${condition.minTerm} or later` : 'a leader to be elected';
    case 'time':
      return `t = ${formatMicros(fromMs(condition.atMs))}`;
    case 'elapsed':
      return `${formatMicros(fromMs(condition.ms))} of simulated time`;
    case 'nodeCrashed': {
      const who = condition.who;
      if (typeof who === 'number') return `crash ${nodeLabel(who)}`;
      if (who === 'leader') return entry?.leaderToCrash != null ? `crash the leader (${nodeLabel(entry.leaderToCrash)})` : 'crash the leader';
      return who === 'follower' ? 'crash a follower' : 'crash a server';
    }
    case 'nodeRestarted':
      return typeof condition.who === 'number' ? `restart ${nodeLabel(condition.who)}` : 'restart a crashed server';
    case 'nodesDown':
      return condition.atLeast === 1 ? 'one server down' : `${condition.atLeast} servers down`;
    case 'committedAtLeast':
      return `entry ${condition.index} to be committed`;
    case 'committedMore':
      return condition.count === 1 ? 'one more committed entry' : `${condition.count} more committed entries`;
    case 'partitioned':
      return 'a network partition (drag across the cluster, or cut a link)';
    case 'healed':
      return 'the network to heal (press "Heal network")';
    case 'termAtLeast':
      return `term ${condition.term}`;
    case 'splitVote':
      return 'an election without a winner (a split vote)';
    case 'observed':
      return condition.atLeast && condition.atLeast > 1 ? `${condition.atLeast} "${condition.what}" events` : `a "${condition.what}" event`;
    case 'logsAgree':
      return 'every log to agree';
    case 'memberCount':
      if (condition.atLeast !== undefined && condition.atMost !== undefined && condition.atLeast === condition.atMost) return `${condition.atLeast} members`;
      if (condition.atLeast !== undefined) return `at least ${condition.atLeast} members`;
      return `at most ${condition.atMost} members`;
    case 'network': {
      const parts: string[] = [];
      if (condition.latencyMaxAtLeastMs !== undefined) parts.push(`latency up to ${condition.latencyMaxAtLeastMs} ms or more`);
      if (condition.latencyMaxAtMostMs !== undefined) parts.push(`latency of at most ${condition.latencyMaxAtMostMs} ms`);
      if (condition.lossAtLeast !== undefined) parts.push(`${percent(condition.lossAtLeast)} loss or more`);
      if (condition.lossAtMost !== undefined) parts.push(condition.lossAtMost === 0 ? 'no message loss' : `at most ${percent(condition.lossAtMost)} loss`);
      return `a network with ${parts.join(' and ')} (Latency and Loss in the toolbar)`;
    }
  }
}

const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;
