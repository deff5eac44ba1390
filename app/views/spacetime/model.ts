import { firstAtOrAfter, messageKey } from '../../lib/trace-search';
import type { DropReason, TraceEvent } from '../../../engine/kernel/trace';
import type { Micros } from '../../../engine/kernel/time';
import type { InFlightMessage } from '../../store/types';
import { serverName } from '../../lib/format';
import type { LaneMark, ObservationUi } from '../../protocols/ui';

/**
 * What the space-time diagram draws in one window of virtual time, read from the trace: pure,
 * so it is tested without a DOM. Messages are matched by id: a 'send' starts a line, the
 * 'deliver' or 'drop' with the same (from, fromIncarnation, fromSeq) ends it.
 */

export type MessageStatus = 'delivered' | 'dropped' | 'flight';

export interface DiagramMessage {
  /** "from.incarnation.seq", as `select({kind: 'message', key})` names it. */
  key: string;
  from: number;
  to: number;
  type: string;
  msg: Record<string, unknown> | null;
  sentAt: Micros;
  dueAt: Micros;
  status: MessageStatus;
  /** Where the line ends: delivery, loss, or `now` for one in flight. */
  endAt: Micros;
  /** How far along (0..1) the line gets: 1 unless it is in flight or died on the way (a crash). */
  progress: number;
  reason: DropReason | null;
  /** Refused by the network at once (a cut link, a down node, random loss): drawn as a stub. */
  atSend: boolean;
  /** Changed or made up by a byzantine sender. */
  forged?: boolean;
}

/** 'crash', 'restart', 'action', or what the protocol's lane mark says ("election", "leader"). */
export type MarkerKind = string;

export interface DiagramMarker {
  key: string;
  at: Micros;
  /** -1: every lane (a network action). */
  node: number;
  kind: MarkerKind;
  label: string;
  /** The protocol's mark for an observation (shape, colour, title, priority); null for the page's own. */
  mark: LaneMark | null;
}

/** A stretch of time a node was down (crash until start), clipped to the window. */
export interface DownSpan {
  node: number;
  from: Micros;
  to: Micros;
}

export interface DiagramModel {
  /** The time axis: [now - window, now], or [0, window] while the run is younger than that. */
  start: Micros;
  end: Micros;
  now: Micros;
  messages: DiagramMessage[];
  markers: DiagramMarker[];
  down: DownSpan[];
  /** Stretches a node was paused (pause until resume or crash): frozen, memory intact. */
  paused: DownSpan[];
}


const keyOf = messageKey;

/**
 * How far before the window a send may lie and still reach into it: deliveries come at most one
 * latency after the send; two seconds covers any latency the settings allow a lecture to use.
 */
export const LOOKBACK_US = 2_000_000;

function actionLabel(action: Record<string, unknown>): string {
  const name = (v: unknown) => (typeof v === 'number' ? serverName(v) : '?');
  switch (action.kind) {
    case 'cut':
      return action.oneWay ? `cut ${name(action.from)}⇸${name(action.to)}` : `cut ${name(action.from)}⇹${name(action.to)}`;
    case 'restore':
      return `restore ${name(action.from)}${action.oneWay ? '→' : '↔'}${name(action.to)}`;
    case 'partition':
      return 'partition';
    case 'heal':
      return 'heal';
    case 'network':
      return 'network change';
    case 'drop':
      return 'drop';
    case 'start':
    case 'stop':
      // Asked for by a node of a scaling protocol (kernel/scaling.ts), carried out one lookahead later.
      return `${action.kind} ${name(action.node)}${typeof action.requestedBy === 'number' ? ` (asked by ${name(action.requestedBy)})` : ''}`;
    case 'byzantine':
      return action.policy === null ? `${name(action.node)} honest` : `${name(action.node)} byzantine`;
    case 'slow':
      return action.delayUs === 0 ? `${name(action.node)} at speed` : `${name(action.node)} slow`;
    default:
      return String(action.kind);
  }
}

/**
 * The messages, markers and down spans of the window [now - windowUs, now]. Only the events of
 * the window and a lookback before it are read, so a 20 000-event trace costs a binary search
 * plus the window's own events.
 */
export function buildDiagram(
  trace: readonly TraceEvent[],
  now: Micros,
  windowUs: Micros,
  inFlight: readonly InFlightMessage[] = [],
  /** The running protocol's observations: those with a `lane` mark are drawn on their node's lane. */
  observations: Readonly<Record<string, ObservationUi>> = {},
): DiagramModel {
  const start = Math.max(0, now - windowUs);
  const from = firstAtOrAfter(trace, start - LOOKBACK_US);
  const sends = new Map<string, Extract<TraceEvent, { kind: 'send' }>>();
  const ends = new Map<string, { at: Micros; status: 'delivered' | 'dropped'; reason: DropReason | null }>();
  const markers: DiagramMarker[] = [];
  // Down spans: a crash opens one, a start closes it.
  const downSince = new Map<number, Micros>();
  const down: DownSpan[] = [];
  // Paused spans: a pause opens one, a resume or a crash closes it.
  const pausedSince = new Map<number, Micros>();
  const paused: DownSpan[] = [];
  const closePause = (node: number, at: Micros) => {
    const since = pausedSince.get(node);
    if (since === undefined) return;
    pausedSince.delete(node);
    if (at > start) paused.push({ node, from: Math.max(start, since), to: at });
  };

  for (let i = from; i < trace.length; i++) {
    const e = trace[i]!;
    if (e.at > now) break;
    switch (e.kind) {
      case 'send':
        sends.set(keyOf(e.id), e);
        break;
      case 'deliver':
        ends.set(keyOf(e.id), { at: e.at, status: 'delivered', reason: null });
        break;
      case 'drop':
        ends.set(keyOf(e.id), { at: e.at, status: 'dropped', reason: e.reason });
        break;
      case 'pause':
        pausedSince.set(e.node, e.at);
        break;
      case 'resume':
        closePause(e.node, e.at);
        break;
      case 'crash':
        closePause(e.node, e.at);
        downSince.set(e.node, e.at);
        if (e.at >= start) markers.push({ key: `c${e.at}/${e.node}`, at: e.at, node: e.node, kind: 'crash', label: 'crash', mark: null });
        break;
      case 'start': {
        const since = downSince.get(e.node);
        downSince.delete(e.node);
        if (e.recovered) {
          const span = { node: e.node, from: Math.max(start, since ?? start), to: e.at };
          if (span.to > start) down.push(span);
          if (e.at >= start) markers.push({ key: `s${e.at}/${e.node}`, at: e.at, node: e.node, kind: 'restart', label: 'restart', mark: null });
        }
        break;
      }
      case 'observe': {
        if (e.at < start || !Object.hasOwn(observations, e.what)) break;
        const mark = observations[e.what]!.lane?.(e.data ?? {});
        if (mark) markers.push({ key: `o${e.at}/${e.node}/${e.seq}`, at: e.at, node: e.node, kind: mark.kind, label: mark.label, mark });
        break;
      }
      case 'action':
        // A node's own faults show on its lane (down and paused bands); the rest across every lane.
        if (e.at >= start && !['crash', 'restart', 'command', 'pause', 'resume'].includes(e.action.kind)) {
          markers.push({ key: `a${e.at}/${e.incarnation}/${e.seq}`, at: e.at, node: -1, kind: 'action', label: actionLabel(e.action as Record<string, unknown>), mark: null });
        }
        break;
    }
  }
  for (const [node, since] of downSince) down.push({ node, from: Math.max(start, since), to: now });
  for (const [node, since] of pausedSince) paused.push({ node, from: Math.max(start, since), to: now });

  const messages: DiagramMessage[] = [];
  const progressAt = (sentAt: Micros, dueAt: Micros, at: Micros) => (dueAt > sentAt ? Math.min(1, Math.max(0, (at - sentAt) / (dueAt - sentAt))) : 1);
  for (const [key, s] of sends) {
    const end = ends.get(key);
    const endAt = end ? end.at : now;
    if (endAt < start) continue;
    const status: MessageStatus = end ? end.status : 'flight';
    const atSend = status === 'dropped' && s.dueAt <= s.at;
    let progress = 1;
    if (status === 'flight') progress = progressAt(s.at, s.dueAt, now);
    else if (status === 'dropped' && end!.at < s.dueAt) progress = progressAt(s.at, s.dueAt, end!.at);
    messages.push({
      key,
      from: s.node,
      to: s.to,
      type: s.msg.type,
      msg: s.msg as Record<string, unknown>,
      sentAt: s.at,
      dueAt: s.dueAt,
      status,
      endAt,
      progress,
      reason: end?.reason ?? null,
      atSend,
      ...(s.forged ? { forged: true } : {}),
    });
  }
  // The store's messages in flight cover sends older than the lookback (or a trimmed trace).
  for (const m of inFlight) {
    if (sends.has(m.key) || ends.has(m.key) || m.sentAt > now) continue;
    messages.push({
      key: m.key,
      from: m.from,
      to: m.to,
      type: m.type,
      msg: m.msg,
      sentAt: m.sentAt,
      dueAt: m.dueAt,
      status: 'flight',
      endAt: now,
      progress: progressAt(m.sentAt, m.dueAt, now),
      reason: null,
      atSend: false,
      ...(m.forged ? { forged: true } : {}),
    });
  }
  messages.sort((a, b) => a.sentAt - b.sentAt || (a.key < b.key ? -1 : 1));
  return { start, end: Math.max(now, start + windowUs), now, messages, markers, down, paused };
}
