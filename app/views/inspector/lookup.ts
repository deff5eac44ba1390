import { messageKey } from '../../lib/trace-search';
import type { DropReason, TraceEvent } from '../../../engine/kernel/trace';
import type { Micros } from '../../../engine/kernel/time';
import type { TimedAction } from '../../../engine/kernel/actions';
import type { InFlightMessage, LinkState } from '../../store/types';

/** The inspector's look-ups, apart from React so they are tested without a DOM. */

export interface FoundMessage {
  key: string;
  from: number;
  to: number;
  type: string;
  msg: Record<string, unknown> | null;
  sentAt: Micros;
  dueAt: Micros;
  /** 'future': sent after `now` (the timeline was moved back). */
  status: 'future' | 'flight' | 'delivered' | 'dropped';
  /** Delivery or loss time. */
  endAt: Micros | null;
  reason: DropReason | null;
}

const keyOf = messageKey;

/**
 * A message by key ("from.incarnation.seq"): from the store's messages in flight if it is one,
 * else from the trace (its send, and its delivery or loss up to `now`). A message the user
 * dropped (a `drop` action in `actions` by `now`) is dropped from that moment, though the engine
 * records its loss only when it falls due (it is lost on arrival): the inspector must not call it
 * in flight nor offer to drop it again (issue 11).
 */
export function findMessage(
  key: string,
  inFlight: readonly InFlightMessage[],
  trace: readonly TraceEvent[],
  now: Micros,
  actions: readonly TimedAction[] = [],
): FoundMessage | null {
  const userDrop = actions.find((a) => a.at <= now && a.action.kind === 'drop' && keyOf(a.action.id) === key);
  const dropped = userDrop ? { status: 'dropped' as const, endAt: userDrop.at, reason: 'user' as const } : null;
  const live = inFlight.find((m) => m.key === key);
  if (live && live.sentAt <= now) {
    return { key, from: live.from, to: live.to, type: live.type, msg: live.msg, sentAt: live.sentAt, dueAt: live.dueAt, status: 'flight', endAt: null, reason: null, ...dropped };
  }
  let end: Extract<TraceEvent, { kind: 'deliver' | 'drop' }> | null = null;
  // Newest first: a selected message is usually a recent one.
  for (let i = trace.length - 1; i >= 0; i--) {
    const e = trace[i]!;
    if (e.kind === 'deliver' || e.kind === 'drop') {
      if (e.at <= now && keyOf(e.id) === key) end = e;
    } else if (e.kind === 'send' && keyOf(e.id) === key) {
      const base = { key, from: e.node, to: e.to, type: e.msg.type, msg: e.msg as Record<string, unknown>, sentAt: e.at, dueAt: e.dueAt };
      if (e.at > now) return { ...base, status: 'future', endAt: null, reason: null };
      if (!end) return { ...base, status: 'flight', endAt: null, reason: null, ...dropped };
      return end.kind === 'deliver'
        ? { ...base, status: 'delivered', endAt: end.at, reason: null }
        : { ...base, status: 'dropped', endAt: end.reason === 'user' && userDrop ? userDrop.at : end.at, reason: end.reason };
    }
  }
  if (end) {
    const from = end.kind === 'deliver' ? end.from : end.from;
    const to = end.kind === 'deliver' ? end.node : end.to;
    const type = end.kind === 'deliver' ? end.msgType : end.msgType;
    const sentAt = end.kind === 'deliver' ? end.sentAt : end.at;
    return {
      key,
      from,
      to,
      type,
      msg: null,
      sentAt,
      dueAt: end.at,
      status: end.kind === 'deliver' ? 'delivered' : 'dropped',
      endAt: end.at,
      reason: end.kind === 'drop' ? end.reason : null,
    };
  }
  return null;
}

/** One direction of a link: working, cut by the user, or split by a partition. */
export function linkDirection(links: LinkState, from: number, to: number): 'up' | 'cut' | 'partitioned' {
  if (links.cuts.includes(`${from}>${to}`)) return 'cut';
  if (links.groups) {
    const group = (id: number) => links.groups!.findIndex((g) => g.includes(id));
    const a = group(from);
    const b = group(to);
    if (a !== b) return 'partitioned';
  }
  return 'up';
}
