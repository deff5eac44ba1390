import type { GenericCondition, LessonCondition } from '../../engine/scenario/lesson';
import { isProtocolWord, splitWord } from '../../engine/scenario/lesson';
import type { NodeId } from '../../engine/kernel/protocol';
import { formatMicros, fromMs } from '../../engine/kernel/time';
import type { LessonConditionUi, StepEntry } from './contract';
import { lessonUiOf, members } from './vocabulary';
import { deliveriesSince, isUp, nodeLabel, observationsSince, type LessonWorld } from './world';

export type { StepEntry } from './contract';

/**
 * Generic lesson conditions (time, crashes and restarts, the network, observations and
 * deliveries) are evaluated here; a protocol's own (`raft.leaderElected`) by its lesson words
 * (`ProtocolUi.lessons`, contract.ts).
 */

export function captureEntry(world: LessonWorld): StepEntry {
  const ui = lessonUiOf(world);
  return {
    atUs: world.now,
    up: world.nodes.filter((n) => n.up).map((n) => n.id),
    roles: Object.fromEntries(Object.entries(ui.roles).map(([name, role]) => [name, role.atEntry(world)])),
    own: ui.capture(world),
    playing: world.playing,
    speed: world.speed,
  };
}

/** The evaluator of a protocol's condition (`raft.leaderElected`: Raft's "leaderElected"), or null when it has none. */
export function protocolCondition(kind: string): LessonConditionUi | null {
  const [owner, name] = splitWord(kind);
  const conditions = lessonUiOf({ protocol: owner }).conditions;
  return Object.hasOwn(conditions, name) ? conditions[name]! : null;
}

/** Whether `condition` holds now. Pure: the same world and entry give the same answer. */
export function conditionHolds(condition: LessonCondition, world: LessonWorld, entry: StepEntry): boolean {
  if (isProtocolWord(condition)) {
    // Another protocol's word never holds here (checkLessonFits keeps lessons on their protocol).
    if (splitWord(condition.kind)[0] !== world.protocol) return false;
    return protocolCondition(condition.kind)?.holds(condition, world, entry) ?? false;
  }
  const c = condition as GenericCondition;
  switch (c.kind) {
    case 'time':
      return world.now >= fromMs(c.atMs);
    case 'elapsed':
      return world.now >= entry.atUs + fromMs(c.ms);
    case 'nodeCrashed': {
      const who = c.who;
      if (typeof who === 'number') return !isUp(world, who);
      const held = who === 'any' ? entry.up : (entry.roles[who] ?? []);
      return held.some((id) => !isUp(world, id));
    }
    case 'nodeRestarted': {
      const who = c.who;
      if (typeof who === 'number') return isUp(world, who) && !entry.up.includes(who);
      return world.nodes.some((n) => n.up && !entry.up.includes(n.id));
    }
    case 'nodesDown':
      return members(world).filter((id) => !isUp(world, id)).length >= c.atLeast;
    case 'partitioned':
      return world.links.groups !== null || world.links.cuts.length > 0;
    case 'healed':
      return world.links.groups === null && world.links.cuts.length === 0;
    case 'observed': {
      const seen = observationsSince(world, entry.atUs).filter((e) => e.what === c.what && (c.node === undefined || e.node === c.node));
      return seen.length >= (c.atLeast ?? 1);
    }
    case 'delivered': {
      const seen = deliveriesSince(world, entry.atUs).filter((e) => e.msgType === c.type && (c.to === undefined || e.node === c.to));
      return seen.length >= (c.atLeast ?? 1);
    }
    case 'network':
      return networkMatches(c, world.links.network);
  }
}

/** Whether a network model is within the condition's bounds (latency in ms, loss as a rate). */
export function networkMatches(c: Extract<GenericCondition, { kind: 'network' }>, network: LessonWorld['links']['network']): boolean {
  const { latencyUs, lossRate } = network;
  const maxMs = latencyUs.max / 1000;
  return (
    (c.latencyMaxAtLeastMs === undefined || maxMs >= c.latencyMaxAtLeastMs) &&
    (c.latencyMaxAtMostMs === undefined || maxMs <= c.latencyMaxAtMostMs) &&
    (c.lossAtLeast === undefined || lossRate >= c.lossAtLeast) &&
    (c.lossAtMost === undefined || lossRate <= c.lossAtMost)
  );
}

/** "the leader (S2)" when one node held the role at the step's start; "the leader" otherwise. */
function roleWords(role: string, protocol: string | undefined, entry: StepEntry | null): string {
  const roles = protocol === undefined ? {} : lessonUiOf({ protocol }).roles;
  const r = Object.hasOwn(roles, role) ? roles[role]! : null;
  if (!r) return `the ${role}`;
  const held: NodeId[] = entry?.roles[role] ?? [];
  return r.single && held.length === 1 ? `${r.words} (${nodeLabel(held[0]!)})` : r.words;
}

/**
 * What the learner waits for, in a few words after "Waiting for: ". The step's own
 * `waitingFor` wins; this is the fallback. Never HTML: React renders it as text. A protocol's
 * words describe themselves; `protocol` (the lesson's) names the roles in `nodeCrashed`.
 */
export function describeCondition(condition: LessonCondition, entry: StepEntry | null, protocol?: string): string {
  if (isProtocolWord(condition)) return protocolCondition(condition.kind)?.describe(condition, entry) ?? `"${condition.kind}"`;
  const c = condition as GenericCondition;
  switch (c.kind) {
    case 'time':
      return `t = ${formatMicros(fromMs(c.atMs))}`;
    case 'elapsed':
      return `${formatMicros(fromMs(c.ms))} of simulated time`;
    case 'nodeCrashed': {
      const who = c.who;
      if (typeof who === 'number') return `crash ${nodeLabel(who)}`;
      return who === 'any' ? 'crash a server' : `crash ${roleWords(who, protocol, entry)}`;
    }
    case 'nodeRestarted':
      return typeof c.who === 'number' ? `restart ${nodeLabel(c.who)}` : 'restart a crashed server';
    case 'nodesDown':
      return c.atLeast === 1 ? 'one server down' : `${c.atLeast} servers down`;
    case 'partitioned':
      return 'a network partition (drag across the cluster, or cut a link)';
    case 'healed':
      return 'the network to heal (press "Heal network")';
    case 'observed':
      return c.atLeast && c.atLeast > 1 ? `${c.atLeast} "${c.what}" events` : `a "${c.what}" event`;
    case 'delivered': {
      const to = c.to === undefined ? '' : ` to ${nodeLabel(c.to)}`;
      return c.atLeast && c.atLeast > 1 ? `${c.atLeast} ${c.type} messages delivered${to}` : `a ${c.type} message delivered${to}`;
    }
    case 'network': {
      const parts: string[] = [];
      if (c.latencyMaxAtLeastMs !== undefined) parts.push(`latency up to ${c.latencyMaxAtLeastMs} ms or more`);
      if (c.latencyMaxAtMostMs !== undefined) parts.push(`latency of at most ${c.latencyMaxAtMostMs} ms`);
      if (c.lossAtLeast !== undefined) parts.push(`${percent(c.lossAtLeast)} loss or more`);
      if (c.lossAtMost !== undefined) parts.push(c.lossAtMost === 0 ? 'no message loss' : `at most ${percent(c.lossAtMost)} loss`);
      return `a network with ${parts.join(' and ')} (Latency and Loss in the toolbar)`;
    }
  }
}

const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;

