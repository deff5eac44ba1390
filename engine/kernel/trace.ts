import type { EventKey } from './key';
import { Hash64 } from './hash';
import type { Micros } from './time';
import type { Actor } from './actions';
import type { SpanContext, SpanRef } from './spans';
import type { ScaleRequest } from './scaling';

/**
 * One line of the trace. Every event has a place in the canonical order: (at, node, incarnation,
 * seq), where seq counts the events that node's incarnation recorded. node -1 is the environment
 * (user actions, the nemesis), recorded by whoever runs the timeline.
 */
interface TraceBase {
  at: Micros;
  node: number;
  incarnation: number;
  seq: number;
}

/** A message's identity: its sender, the sender's incarnation and the sender's sequence number. */
export interface MessageId {
  from: number;
  fromIncarnation: number;
  fromSeq: number;
}

export type DropReason =
  | 'loss' // the link's loss rate
  | 'link-down' // a cut link or a partition, at send or at delivery
  | 'node-down' // the destination was crashed when it was sent
  | 'crash' // in flight to a node when it crashed
  | 'user' // the user clicked the message away
  | 'byzantine'; // a byzantine node withheld it (its policy's forge returned nothing)

/**
 * `span` fields (kernel/spans.ts) are not part of the trace hash: they follow from the hashed
 * fields. `forged` is, when set: a byzantine node's send that its policy changed or made up.
 */
export type TraceEvent =
  | (TraceBase & { kind: 'send'; to: number; id: MessageId; dueAt: Micros; msg: { type: string }; forged?: true; span?: SpanRef })
  | (TraceBase & { kind: 'deliver'; from: number; id: MessageId; sentAt: Micros; msgType: string; span?: SpanContext })
  | (TraceBase & { kind: 'drop'; from: number; to: number; id: MessageId; reason: DropReason; msgType: string })
  | (TraceBase & { kind: 'timer'; timer: number; name: string; span?: SpanContext })
  | (TraceBase & { kind: 'invoke'; opId: number; command: { type: string }; span?: SpanContext })
  | (TraceBase & { kind: 'return'; opId: number; result: unknown; span?: SpanContext })
  /** The node froze (a pause action); its handlers wait. */
  | (TraceBase & { kind: 'pause' })
  /** The node resumed; `held` events (messages, timers, operations) that waited run now. */
  | (TraceBase & { kind: 'resume'; held: number })
  | (TraceBase & { kind: 'observe'; what: string; data: Record<string, unknown> | undefined })
  | (TraceBase & { kind: 'metric'; name: string; value: number })
  | (TraceBase & { kind: 'start'; recovered: boolean })
  | (TraceBase & { kind: 'crash' })
  /**
   * A node asked the environment to start or stop nodes (kernel/scaling.ts); it takes effect at
   * `effectAt`, one lookahead or more later, as an environment action event of incarnation 1.
   */
  | (TraceBase & { kind: 'scale'; request: ScaleRequest; effectAt: Micros })
  /** `by`: who acted (see Actor); not part of the trace hash. */
  | (TraceBase & { kind: 'action'; action: { kind: string }; by?: Actor });

export type TraceKind = TraceEvent['kind'];

export function compareTrace(a: TraceEvent, b: TraceEvent): number {
  return a.at - b.at || a.node - b.node || a.incarnation - b.incarnation || a.seq - b.seq;
}

/** True when `event` lies strictly before the boundary `key` (for merging in windows). */
export function traceBefore(event: TraceEvent, key: EventKey): boolean {
  // compareKeys of { at, node, originNode: -3, originIncarnation: 0, originSeq: 0 } and `key`,
  // without making that key (this runs once per event).
  return (event.at - key.at || event.node - key.node || -3 - key.originNode || -key.originIncarnation || -key.originSeq) < 0;
}

export const KIND_CODES: Record<TraceKind, number> = {
  send: 1,
  deliver: 2,
  drop: 3,
  timer: 4,
  invoke: 5,
  return: 6,
  observe: 7,
  metric: 8,
  start: 9,
  crash: 10,
  action: 11,
  pause: 12,
  resume: 13,
  scale: 14,
};

/**
 * Folds one event into the canonical hash; every field of every event counts. The words are
 * (at, node, incarnation, seq, the kind's code in KIND_CODES, then the kind's fields); each
 * case folds its own code, a constant, instead of looking the kind up in the table.
 */
export function hashTraceEvent(hash: Hash64, e: TraceEvent): void {
  hash.num(e.at).int(e.node).int(e.incarnation).int(e.seq);
  switch (e.kind) {
    case 'send':
      hash.int(1).int(e.to).int(e.id.fromSeq).num(e.dueAt).value(e.msg);
      // Only byzantine runs have forged sends: every other trace hashes as it always did.
      if (e.forged) hash.int(0x0f0f);
      return;
    case 'deliver':
      hash.int(2).int(e.from).int(e.id.fromIncarnation).int(e.id.fromSeq).num(e.sentAt);
      return;
    case 'drop':
      hash.int(3).int(e.from).int(e.to).int(e.id.fromIncarnation).int(e.id.fromSeq).str(e.reason);
      return;
    case 'timer':
      hash.int(4).int(e.timer).str(e.name);
      return;
    case 'invoke':
      hash.int(5).int(e.opId).value(e.command);
      return;
    case 'return':
      hash.int(6).int(e.opId).value(e.result);
      return;
    case 'observe':
      hash.int(7).str(e.what).value(e.data);
      return;
    case 'metric':
      hash.int(8).str(e.name).num(e.value);
      return;
    case 'start':
      hash.int(9).int(e.recovered ? 1 : 0);
      return;
    case 'crash':
      hash.int(10);
      return;
    case 'action':
      hash.int(11).value(e.action);
      return;
    case 'pause':
      hash.int(12);
      return;
    case 'resume':
      hash.int(13).int(e.held);
      return;
    case 'scale':
      hash.int(14).value(e.request).num(e.effectAt);
      return;
    default:
      // An unknown kind folded `undefined | 0`, a zero, and nothing else.
      hash.int(0);
      return;
  }
}

/**
 * Everything a run reports to its caller besides views: the canonical events, in order.
 * A sink may keep them (the UI) or only count them (the CLI, benchmarks).
 */
export interface TraceSink {
  (event: TraceEvent): void;
}
