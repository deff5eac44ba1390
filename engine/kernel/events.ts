import type { EventKey } from './key';
import type { ProtocolCommand, ProtocolMessage } from './protocol';
import type { Micros } from './time';
import type { SpanContext } from './spans';

/** A message on the wire: `node` is its destination, the origin fields its sender and id. */
export interface MessageEnvelope extends EventKey {
  readonly kind: 'msg';
  readonly sentAt: Micros;
  readonly msg: ProtocolMessage;
  /** The span the message is (kernel/spans.ts); absent when it was sent outside any trace. */
  readonly span?: SpanContext;
  /** Set when a byzantine node's policy changed or made it up (for the page to mark it). */
  readonly forged?: true;
  /**
   * Set when the message reached a slow node at this time and waits in its receive backlog
   * until `at` (kernel/faults.ts `slow`): it has arrived, so nothing can lose it on the way.
   */
  readonly arrivedAt?: Micros;
}

/** A timer that will fire at its own node; `originSeq` is the timer's id. */
export interface TimerEvent extends EventKey {
  readonly kind: 'timer';
  readonly name: string;
  readonly data: unknown;
  /** The span the handler that set the timer ran in; the timer's handler runs in it too. */
  readonly span?: SpanContext;
}

/** A client operation from the workload; `originSeq` is its op id. */
export interface CommandEvent extends EventKey {
  readonly kind: 'command';
  readonly command: ProtocolCommand;
}

export type QueuedEvent = MessageEnvelope | TimerEvent | CommandEvent;
