import type { TraceEvent } from './trace';
import type { Micros } from './time';

/**
 * Spans: every client operation is a distributed trace, and every message sent on its behalf is
 * a span of it (after Dapper and OpenTelemetry's context propagation). The node host propagates
 * the context by itself, so protocols stay unaware of it:
 *
 * - a client operation (`onCommand` with an op id) starts the trace `op<opId>`, whose root span
 *   has the same id;
 * - a handler runs inside the span of the event that triggered it: a delivered message's span,
 *   or, for a timer, the span its setter ran in (captured when it was set);
 * - every send inside a handler is a child span of the handler's span; its id is the message's
 *   id `<node>.<incarnation>.<seq>`, so a drop (which names the message) names the span too.
 *
 * Events outside any trace (a boot, timers set at boot, what they send) carry no span. The
 * propagation follows handlers, not shared state: a protocol that batches (Raft appends a write
 * to its log and replicates it on the next heartbeat, which runs in no trace) ends the trace at
 * the batch, and its reply then carries the span of the handler it ran in, if any.
 * Span fields are left out of the trace hash: both runners derive them from the same events
 * (the op id, the message id, the triggering event), so they carry nothing the hashed events
 * do not already decide. The runner tests compare whole traces, span fields included.
 */
export interface SpanContext {
  readonly trace: string;
  readonly span: string;
}

/** A send's span: its parent is the span of the handler that sent it. */
export interface SpanRef extends SpanContext {
  readonly parent: string;
}

export function operationSpan(opId: number): SpanContext {
  const id = `op${opId}`;
  return { trace: id, span: id };
}

export const messageSpanId = (node: number, incarnation: number, seq: number): string => `${node}.${incarnation}.${seq}`;

/** One span of a rebuilt trace. */
export interface SpanNode {
  readonly span: string;
  readonly trace: string;
  readonly parent: string | null;
  /** `operation`: a client operation's root span; `message`: one message from `node` to `to`. */
  readonly kind: 'operation' | 'message';
  /** The node that started it (the client's entry node, or the sender). */
  readonly node: number;
  readonly to?: number;
  readonly label: string;
  readonly startAt: Micros;
  /** When it ended: the operation's reply, the message's delivery or loss; null while open. */
  endAt: Micros | null;
  outcome: 'open' | 'returned' | 'delivered' | 'dropped';
  readonly children: SpanNode[];
}

export interface SpanForest {
  /** One root per trace id, in the order the traces began. */
  readonly roots: SpanNode[];
  readonly byId: ReadonlyMap<string, SpanNode>;
  /** Spans whose parent never appeared among the events given (a trace cut at its start). */
  readonly orphans: SpanNode[];
}

/**
 * Rebuilds the span trees of a trace (in canonical order, or any order whose sends come before
 * their deliveries). Pure: for tests and for views that draw a request's path.
 */
export function buildSpans(events: readonly TraceEvent[]): SpanForest {
  const byId = new Map<string, SpanNode>();
  const roots: SpanNode[] = [];
  const orphans: SpanNode[] = [];
  for (const e of events) {
    switch (e.kind) {
      case 'invoke': {
        if (!e.span || byId.has(e.span.span)) break;
        const root: SpanNode = {
          span: e.span.span,
          trace: e.span.trace,
          parent: null,
          kind: 'operation',
          node: e.node,
          label: e.command.type,
          startAt: e.at,
          endAt: null,
          outcome: 'open',
          children: [],
        };
        byId.set(root.span, root);
        roots.push(root);
        break;
      }
      case 'return': {
        // By op id: a protocol that batches (Raft replicates writes on its next heartbeat) may
        // reply from a handler outside the operation's trace.
        const root = byId.get(operationSpan(e.opId).span);
        if (root && root.outcome === 'open') {
          root.endAt = e.at;
          root.outcome = 'returned';
        }
        break;
      }
      case 'send': {
        if (!e.span) break;
        const node: SpanNode = {
          span: e.span.span,
          trace: e.span.trace,
          parent: e.span.parent,
          kind: 'message',
          node: e.node,
          to: e.to,
          label: e.msg.type,
          startAt: e.at,
          endAt: null,
          outcome: 'open',
          children: [],
        };
        byId.set(node.span, node);
        const parent = byId.get(e.span.parent);
        if (parent) parent.children.push(node);
        else orphans.push(node);
        break;
      }
      case 'deliver':
      case 'drop': {
        const node = byId.get(messageSpanId(e.id.from, e.id.fromIncarnation, e.id.fromSeq));
        if (node && node.outcome === 'open') {
          node.endAt = e.at;
          node.outcome = e.kind === 'deliver' ? 'delivered' : 'dropped';
        }
        break;
      }
      default:
        break;
    }
  }
  return { roots, byId, orphans };
}

/** Every span of one tree, depth first (a parent before its children, children in send order). */
export function flattenSpans(root: SpanNode): SpanNode[] {
  const out: SpanNode[] = [];
  const walk = (node: SpanNode) => {
    out.push(node);
    node.children.forEach(walk);
  };
  walk(root);
  return out;
}
