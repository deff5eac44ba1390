import type { Action } from '../../engine/kernel/actions';
import type { NodeId } from '../../engine/kernel/protocol';
import { compareTrace, type TraceEvent } from '../../engine/kernel/trace';
import type { GenericCondition, LessonCondition } from '../../engine/scenario/lesson';
import { isProtocolWord, splitWord } from '../../engine/scenario/lesson';
import { networkMatches, protocolCondition, type StepEntry } from './conditions';
import { members } from './vocabulary';
import { isUp, type LessonWorld } from './world';

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
  if (events.length === 0) return false;
  if (isProtocolWord(condition)) {
    if (splitWord(condition.kind)[0] !== world.protocol) return false;
    const ui = protocolCondition(condition.kind);
    const heldAt = ui?.heldAt;
    return heldAt !== undefined && events.some((e) => e.at >= entry.atUs && heldAt(condition, e, entry));
  }
  const c = condition as GenericCondition;
  const since = events.filter((e) => e.at >= entry.atUs);
  switch (c.kind) {
    case 'nodeCrashed': {
      const who = c.who;
      const held = typeof who === 'number' ? [who] : who === 'any' ? entry.up : (entry.roles[who] ?? []);
      return since.some((e) => e.kind === 'crash' && held.includes(e.node));
    }
    case 'nodeRestarted': {
      const who = c.who;
      return since.some((e) => e.kind === 'start' && !entry.up.includes(e.node) && (typeof who !== 'number' || e.node === who));
    }
    case 'nodesDown':
      return nodesDownBetween(c.atLeast, before, events, world, entry.atUs);
    case 'partitioned':
    case 'healed':
    case 'network':
      return linksBetween(c, before, events, entry.atUs);
    default:
      return false;
  }
}

/** Follows the members' crashes and starts from the frame before: were `atLeast` down at once? */
function nodesDownBetween(atLeast: number, before: LessonWorld, events: readonly TraceEvent[], world: LessonWorld, fromUs: number): boolean {
  const counted = new Set(members(world));
  const down = new Set<NodeId>([...counted].filter((id) => !isUp(before, id)));
  for (const e of events) {
    if (e.kind === 'crash' && counted.has(e.node)) down.add(e.node);
    else if (e.kind === 'start') down.delete(e.node);
    else continue;
    if (e.at >= fromUs && down.size >= atLeast) return true;
  }
  return false;
}

/**
 * Follows the environment's link actions (as the kernel's fault layer applies them) from the
 * frame before: was the network partitioned, whole, or within the condition's bounds, at once?
 */
function linksBetween(c: Extract<GenericCondition, { kind: 'partitioned' | 'healed' | 'network' }>, before: LessonWorld, events: readonly TraceEvent[], fromUs: number): boolean {
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
    if (c.kind === 'partitioned' ? split : c.kind === 'healed' ? !split : networkMatches(c, network)) return true;
  }
  return false;
}
