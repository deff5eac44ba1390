import type { NodeId } from '../../kernel/protocol';
import type { Micros } from '../../kernel/time';
import type { ClientMessage, ClientState } from '../lib/client';
import type { Algorithm, BalancerConfig } from './config';
import type { EwmaState } from './peak-ewma';

/**
 * The messages. Clients speak the generic client's `ClientRequest`/`ClientResponse`
 * (lib/client.ts) to their balancer; the balancer forwards each request to a server it picks
 * (`Forward`) and the server answers it (`Reply`). A forward is named by the balancer's boot
 * (`epoch`, durable) and a counter, so a reply to a balancer's earlier life is never mistaken
 * for one of this life.
 */
export interface Forward {
  readonly type: 'Forward';
  readonly epoch: number;
  readonly seq: number;
  readonly key: string;
}

export interface Reply {
  readonly type: 'Reply';
  readonly epoch: number;
  readonly seq: number;
  /** False when the server shed the request (its queue was full). */
  readonly ok: boolean;
}

export type BalancerMessage = ClientMessage | Forward | Reply;

/** A client operation (the workload's), and the user's commands to one node. */
export type BalancerCommand =
  | { type: 'request'; key: string }
  | { type: 'slow'; factor?: number }
  | { type: 'normal' }
  | { type: 'load'; perSecond: number };

/** One request at a server, waiting or in service. */
export interface Job {
  balancer: NodeId;
  epoch: number;
  seq: number;
  arrivedUs: Micros;
}

export interface ServerState {
  role: 'server';
  config: BalancerConfig;
  slowFactor: number;
  queue: Job[];
  /** In service, by worker slot (null: idle). */
  busy: (Job | null)[];
  served: number;
  shed: number;
  /** How long its last few requests spent with it, arrival to reply (the page's per-server p99). */
  recentUs: number[];
}

/** A forward waiting for its server's reply. */
export interface InFlight {
  client: NodeId;
  opId: number;
  server: NodeId;
  sentUs: Micros;
  timer: number;
}

/** Completions of one bucket of the latency series. */
export interface Bucket {
  startUs: Micros;
  latenciesUs: number[];
  errors: number;
}

/** One closed bucket: what the page draws as percentiles over time. */
export interface SeriesPoint {
  atUs: Micros;
  count: number;
  errors: number;
  p50Us: number | null;
  p95Us: number | null;
  p99Us: number | null;
}

export interface BalancerNodeState {
  role: 'balancer';
  config: BalancerConfig;
  algorithm: Algorithm;
  epoch: number;
  nextSeq: number;
  servers: NodeId[];
  /** Forwards sent and not yet answered or timed out, per server. */
  outstanding: Record<string, number>;
  /** Consecutive failures per server, and until when an ejected server is out. */
  failures: Record<string, number>;
  ejectedUntil: Record<string, Micros>;
  ewma: Record<string, EwmaState>;
  /** Round robin's next position in `servers`. */
  cursor: number;
  /** In-flight forwards by `${seq}` (the epoch is this life's). */
  inFlight: Record<string, InFlight>;
  /** Client operations being served, `${client}:${opId}`, so a duplicated request is forwarded once. */
  serving: Record<string, true>;
  bucket: Bucket;
  /** The last few closed buckets' latencies: each series point is over them. */
  recent: { latenciesUs: number[]; errors: number }[];
  series: SeriesPoint[];
  totals: { requests: number; ok: number; errors: number; timeouts: number; shed: number; noServer: number };
  /** Forwards sent to each server, in all. */
  routed: Record<string, number>;
}

export interface ClientNodeState {
  role: 'client';
  config: BalancerConfig;
  balancer: NodeId | null;
  client: ClientState;
  /** Extra load the user added: requests a second, sent on top of the workload's. */
  extraPerSecond: number;
  extraTimer: number | null;
  nextExtra: number;
  extraSent: number;
  extraAnswered: number;
}

export type BalancerState = ServerState | BalancerNodeState | ClientNodeState;
