import type { Action } from '../../engine/kernel/actions';
import type { NodeId } from '../../engine/kernel/protocol';
import { compareTrace, type TraceEvent } from '../../engine/kernel/trace';
import type { GenericCondition, LessonCondition } from '../../engine/scenario/lesson';
import { isProtocolWord, splitWord } from '../../engine/scenario/lesson';
import { fromMs, type Micros } from '../../engine/kernel/time';
import { conditionHolds, networkMatches, protocolCondition, type StepEntry } from './conditions';
import { members } from './vocabulary';
import { deliveriesSince, isUp, observationsSince, type LessonWorld } from './world';

/**
 * What happened between two frames the page drew, for a step's wait condition. The page sees
 * the run only at its frames (a status about 25 times a second, whatever the speed), so at 4x a
 * frame is 160 ms of simulated time or more, and a state that lasts less (a chunk of keys on
 * its way, a breaker half-open, a crashed node restarted at once) can fall between two of them.
 * Every trace event between them reaches the page, though (the store keeps them, in canonical
 * order): a condition is judged on each of those, as the headless walk judges it on its small
 * ticks, so no moment is stepped over at any speed. The work per frame is bounded by the new
 * events (never a replay of the run).
 */

/**
 * The events `after` holds that `before` did not: the ones the page received since the frame
 * `before` was drawn, oldest first. None when the run went back (a seek back shows the past
 * again: nothing new happened). O(new events): the store only appends, in canonical order.
 */
export function eventsBetween(before: Pick<LessonWorld, 'now' | 'trace'>, after: Pick<LessonWorld, 'now' | 'trace'>): readonly TraceEvent[] {
  if (after.trace === before.trace || after.now < before.now) return [];
  const last = before.trace.at(-1);
  let from = after.trace.length;
  while (from > 0) {
    const e = after.trace[from - 1]!;
    if (last !== undefined && (e === last || compareTrace(e, last) <= 0)) break;
    from--;
  }
  return after.trace.slice(from);
}

/**
 * Whether `condition` held at the instant of one of `events` (in order, all after the frame
 * `before`; `world` is the frame drawn after them). Conditions that only grow (time, elapsed,
 * observed, delivered) are judged on the frames; crashes, restarts, nodes down and the network
 * are followed event by event from `before`; a protocol's own state by its `heldAt`, if it has
 * one. Never yes when the state it names did not hold at some instant in between.
 */
export function heldBetween(condition: LessonCondition, before: LessonWorld, events: readonly TraceEvent[], world: LessonWorld, entry: StepEntry): boolean {
  return firstHeldAt(condition, before, events, world, entry) !== null;
}

/**
 * The instant of the first of `events` at which `condition` held (as `heldBetween` judges it),
 * or null.
 */
function firstHeldAt(condition: LessonCondition, before: LessonWorld, events: readonly TraceEvent[], world: LessonWorld, entry: StepEntry): Micros | null {
  if (events.length === 0) return null;
  if (isProtocolWord(condition)) {
    if (splitWord(condition.kind)[0] !== world.protocol) return null;
    const heldAt = protocolCondition(condition.kind)?.heldAt;
    return heldAt === undefined ? null : atOf(events.find((e) => e.at >= entry.atUs && heldAt(condition, e, entry)));
  }
  const c = condition as GenericCondition;
  switch (c.kind) {
    case 'nodeCrashed': {
      const who = c.who;
      const held = typeof who === 'number' ? [who] : who === 'any' ? entry.up : (entry.roles[who] ?? []);
      return atOf(events.find((e) => e.at >= entry.atUs && e.kind === 'crash' && held.includes(e.node)));
    }
    case 'nodeRestarted': {
      const who = c.who;
      return atOf(events.find((e) => e.at >= entry.atUs && e.kind === 'start' && !entry.up.includes(e.node) && (typeof who !== 'number' || e.node === who)));
    }
    case 'nodesDown':
      return nodesDownBetween(c.atLeast, before, events, world, entry.atUs);
    case 'partitioned':
    case 'healed':
    case 'network':
      return linksBetween(c, before, events, entry.atUs);
    default:
      return null;
  }
}

const atOf = (e: TraceEvent | undefined): Micros | null => (e === undefined ? null : e.at);

/**
 * When, between the frames `before` and `world`, `condition` was first met: the instant of the
 * event that met it (a chunk sent, the "status" observation that was awaited), the moment a
 * `time` or `elapsed` condition names, or `world.now` for a state seen in the frame only; null
 * when it was not met. The page goes back there when the next step narrates a still moment
 * (LessonPanel), as the headless walk enters it there. Called once per step (it counts the
 * step's observations): not on every frame.
 */
export function metBetween(condition: LessonCondition, before: LessonWorld, world: LessonWorld, entry: StepEntry): Micros | null {
  const events = eventsBetween(before, world);
  const held = firstHeldAt(condition, before, events, world, entry);
  if (held !== null) return held;
  if (!conditionHolds(condition, world, entry)) return null;
  const from = Math.max(before.now, entry.atUs);
  if (isProtocolWord(condition)) return world.now;
  const c = condition as GenericCondition;
  switch (c.kind) {
    case 'time':
      return Math.max(from, fromMs(c.atMs));
    case 'elapsed':
      return Math.max(from, entry.atUs + fromMs(c.ms));
    case 'observed':
    case 'delivered': {
      // The events that count, and which of them came since the frame before: the one that
      // made up the number is among those.
      const counts = (e: TraceEvent) =>
        c.kind === 'observed'
          ? e.kind === 'observe' && e.what === c.what && (c.node === undefined || e.node === c.node)
          : e.kind === 'deliver' && e.msgType === c.type && (c.to === undefined || e.node === c.to);
      const fresh = events.filter((e) => e.at >= entry.atUs && e.at <= world.now && counts(e));
      const all = (c.kind === 'observed' ? observationsSince(world, entry.atUs) : deliveriesSince(world, entry.atUs)).filter(counts).length;
      const needed = (c.atLeast ?? 1) - (all - fresh.length);
      return needed >= 1 && needed <= fresh.length ? fresh[needed - 1]!.at : world.now;
    }
    default:
      return world.now;
  }
}

/** Follows the members' crashes and starts from the frame before: were `atLeast` down at once? */
function nodesDownBetween(atLeast: number, before: LessonWorld, events: readonly TraceEvent[], world: LessonWorld, fromUs: number): Micros | null {
  const counted = new Set(members(world));
  const down = new Set<NodeId>([...counted].filter((id) => !isUp(before, id)));
  for (const e of events) {
    if (e.kind === 'crash' && counted.has(e.node)) down.add(e.node);
    else if (e.kind === 'start') down.delete(e.node);
    else continue;
    if (e.at >= fromUs && down.size >= atLeast) return e.at;
  }
  return null;
}

/**
 * Follows the environment's link actions (as the kernel's fault layer applies them) from the
 * frame before: was the network partitioned, whole, or within the condition's bounds, at once?
 */
function linksBetween(c: Extract<GenericCondition, { kind: 'partitioned' | 'healed' | 'network' }>, before: LessonWorld, events: readonly TraceEvent[], fromUs: number): Micros | null {
  const cuts = new Set(before.links.cuts);
  let grouped = before.links.groups !== null;
  const network = { ...before.links.network, latencyUs: { ...before.links.network.latencyUs } };
  for (const e of events) {
    if (e.kind !== 'action') continue;
    const a = e.action as Action;
    switch (a.kind) {
      case 'cut':
        cuts.add(`${a.from}>${a.to}`);
        if (!a.oneWay) cuts.add(`${a.to}>${a.from}`);
        break;
      case 'restore':
        cuts.delete(`${a.from}>${a.to}`);
        if (!a.oneWay) cuts.delete(`${a.to}>${a.from}`);
        break;
      case 'partition':
        // One group (or none) is no partition (faults.ts): it ends the current one.
        grouped = a.groups.filter((g) => g.length > 0).length > 1;
        break;
      case 'heal':
        cuts.clear();
        grouped = false;
        break;
      case 'network':
        if (a.latencyUs) network.latencyUs = { ...a.latencyUs };
        if (a.lossRate !== undefined) network.lossRate = a.lossRate;
        if (a.duplicateRate !== undefined) network.duplicateRate = a.duplicateRate;
        break;
      default:
        continue;
    }
    if (e.at < fromUs) continue;
    const split = grouped || cuts.size > 0;
    if (c.kind === 'partitioned' ? split : c.kind === 'healed' ? !split : networkMatches(c, network)) return e.at;
  }
  return null;
}
