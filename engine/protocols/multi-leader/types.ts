import type { Micros } from '../../kernel/time';
import type { MultiLeaderConfig } from './config';
import type { LwwRegister, MvRegister, OrSet, PnCounter } from './crdt';

/** The shared counter's and the shared set's names, beside the registers k1, k2, ... */
export const COUNTER = 'likes';
export const CART = 'cart';

/** One key, kept two ways side by side from the same writes: last writer wins, and siblings. */
export interface Register {
  readonly lww: LwwRegister | null;
  readonly mv: MvRegister;
}

/**
 * An acknowledged write that last-writer-wins threw away for a write that had not seen it
 * (`concurrent`) or that it had itself seen but whose clock stamped larger (`stale`: the
 * clock skew case).
 */
export interface LostWrite {
  readonly key: string;
  readonly id: string;
  readonly value: number;
  readonly writer: number;
  readonly ts: number;
  readonly byId: string;
  readonly byValue: number;
  readonly byWriter: number;
  readonly byTs: number;
  readonly cause: 'stale' | 'concurrent';
  readonly atUs: Micros;
}

export interface LeaderState {
  readonly config: MultiLeaderConfig;
  /** This leader's clock minus virtual time: what its LWW timestamps are off by. */
  skewUs: Micros;
  registers: Record<string, Register>;
  counter: PnCounter;
  cart: OrSet;
  /** The last few writes this leader saw LWW discard (for the page; the monitor counts them all). */
  lost: LostWrite[];
}

export type MultiLeaderMessage =
  /** One object's new state, sent to every other leader right after a local update (asynchronous replication). */
  | { readonly type: 'Replicate'; readonly key: string; readonly register?: Register; readonly counter?: PnCounter; readonly cart?: OrSet }
  /** The whole state, sent to every other leader every anti-entropy period: repairs what was lost or cut. */
  | { readonly type: 'Sync'; readonly registers: Readonly<Record<string, Register>>; readonly counter: PnCounter; readonly cart: OrSet };

export type MultiLeaderCommand =
  | { readonly type: 'set'; readonly key: string; readonly value: number }
  | { readonly type: 'incr'; readonly by: number }
  | { readonly type: 'add'; readonly element: string }
  | { readonly type: 'remove'; readonly element: string }
  | { readonly type: 'get'; readonly key?: string }
  /** Sets this leader's clock skew (a user turning a datacenter's clock). */
  | { readonly type: 'skew'; readonly ms: number };
