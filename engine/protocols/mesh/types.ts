import type { NodeId } from '../../kernel/protocol';
import type { Micros } from '../../kernel/time';
import type { Breaker } from './breaker';
import type { Limiter } from './limits';
import type { Budget, Throttle } from './retry';
import type { MeshConfig, MeshKind, Route, Service } from './config';
import type { CaState, Cert, MtlsMode, TlsState } from './mtls';

/**
 * Every call, answer, heartbeat and registry update is one of these messages.
 *
 * - `Heartbeat` (instance → registry): registers the instance or renews its lease of `ttlMs`.
 * - `Watch` (caller → registry): asks for the endpoints of a service, now and at every change;
 *   renewed with every heartbeat, so a restarted registry learns its watchers again.
 * - `Endpoints` (registry → watcher): the registered instances of a service at `version`.
 * - `Call` (caller's sidecar → callee instance): one attempt of a request on a route; `probe`
 *   when the breaker let it through in half-open; `trace` is the request's id at its client.
 * - `Reply` (callee → caller): `ok`, `error` (the callee failed), `overloaded` (no room) or
 *   `refused` (mTLS: the handshake failed under strict mode); `mirror` echoes a mirrored call's.
 * - `CertRequest` (workload → mesh CA) and `Cert` (CA → workload): mTLS certificates (mtls.ts).
 *
 * A `Call` also carries, when the run uses them: the caller's certificate (`cert`, mTLS), the
 * request's headers (`headers`, header-based routing), `mirror` (a copy whose reply is discarded) and
 * `deadlineUs` (deadline propagation: the instant after which the caller no longer waits for it).
 */
export type MeshMessage =
  | { type: 'Heartbeat'; service: Service; ttlMs: number }
  | { type: 'Watch'; service: Service }
  | { type: 'Endpoints'; service: Service; instances: NodeId[]; version: number }
  | { type: 'Call'; callId: number; route: Route; attempt: number; probe?: true; trace: string; cert?: Cert; headers?: Headers; mirror?: true; deadlineUs?: Micros }
  | { type: 'Reply'; callId: number; status: ReplyStatus; mirror?: true }
  | { type: 'CertRequest' }
  | { type: 'Cert'; cert: Cert };

export type ReplyStatus = 'ok' | 'error' | 'overloaded' | 'refused';
export type Headers = Record<string, string>;

/** Node commands: the user makes an instance slow or failing, or changes a client's load. */
export type MeshCommand =
  | { type: 'setHealth'; slowFactor: number; failPercent: number }
  | { type: 'setLoad'; rps: number }
  | { type: 'setCanaryPercent'; percent: number }
  | { type: 'setMtlsMode'; mode: MtlsMode };

/** One attempt in flight from this sidecar. */
export interface Attempt {
  callId: number;
  request: number;
  to: NodeId;
  sentAtUs: Micros;
  timer: number;
  /** The breaker epoch its permit belongs to (null: no breaker on the route). */
  epoch: number | null;
}

/** Who is waiting for a request's answer: a job of this instance, or the client's own arrival. */
export type Origin = { kind: 'job'; job: number } | { kind: 'client' };

/** A logical request on a route: its attempts, one at a time, until one succeeds or it gives up. */
export interface Request {
  id: number;
  origin: Origin;
  trace: string;
  startedAtUs: Micros;
  attempts: number;
  lastBackoffUs: Micros;
  /** Headers it carries (only when some are set: header-based routing). */
  headers?: Headers;
  /** Deadline propagation: no attempt of it leaves, and no retry is made, at or after this instant. */
  deadlineUs?: Micros;
}

/** A call outcome as the route's strip shows it. */
export type StripCode = 'ok' | 'fail' | 'timeout' | 'rejected';

/** The sidecar's state for one route: its policies' state and its telemetry. */
export interface RouteState {
  route: Route;
  callee: Service;
  /** The callee's instances as the registry last told this node, and the version. */
  endpoints: NodeId[];
  endpointsVersion: number;
  /** Round-robin position. */
  next: number;
  breaker: Breaker | null;
  limiter: Limiter | null;
  budget: Budget | null;
  throttle: Throttle | null;
  inFlight: number;
  /** The most recent outcomes, oldest first (at most STRIP_LENGTH). */
  strip: StripCode[];
  counts: { requests: number; ok: number; failed: number; attempts: number; okAttempts: number; errors: number; timeouts: number; retries: number; rejected: Record<RejectReason, number> };
  /** Latencies (µs) of the last successful requests, for percentiles. */
  latenciesUs: Micros[];
  /** The canary's share of calls now (the split's setting until a `setCanaryPercent`); null: no split. */
  canaryPercent: number | null;
  /** Outlier detection per callee instance (by id), when the route has it. */
  outliers: Record<number, Outlier>;
  /** Traffic mirroring's own count (only when the route mirrors): copies sent, and their replies, discarded. */
  mirror?: { sent: number; ok: number; failed: number };
}

export interface Outlier {
  consecutive: number;
  /** Ejected until then, or null when in the pool. */
  ejectedUntilUs: Micros | null;
  /** Times ejected: the next ejection lasts this many + 1 base ejection times. */
  ejections: number;
}

/** `deadline`: the request's deadline passed before an attempt could leave (deadline propagation). */
export type RejectReason = 'breaker' | 'bulkhead' | 'rate' | 'throttle' | 'budget' | 'no-endpoint' | 'deadline';

/** A call an instance works on, or waits for a worker. */
export interface Job {
  id: number;
  from: NodeId;
  callId: number;
  trace: string;
  arrivedAtUs: Micros;
  headers?: Headers;
  /** A mirrored call: its reply says so, and its caller discards it. */
  mirror?: true;
  /** Deadline propagation: the call's deadline; the job is dropped, not started, once it has passed. */
  deadlineUs?: Micros;
}

export interface InstanceState {
  role: 'instance';
  service: Service;
  settings: { serviceUs: Micros; workers: number; queueLimit: number };
  /** What the user made of it: service times times `slowFactor`, `failPercent` of calls fail. */
  health: { slowFactor: number; failPercent: number };
  busy: Job[];
  queue: Job[];
  served: number;
  overloaded: number;
  /** Deadline propagation: calls dropped unstarted because their caller's deadline had passed. */
  expired: number;
}

export interface ClientState {
  role: 'client';
  rps: number;
  issued: number;
  /** Bumped when the load changes, so the arrival timer of the old load stops. */
  generation: number;
}

export interface RegistryEntry {
  instance: NodeId;
  expiresAtUs: Micros;
}

export interface RegistryState {
  role: 'registry';
  table: Record<Service, RegistryEntry[]>;
  versions: Record<Service, number>;
  /** Who watches each service (node ids, ascending). */
  watchers: Record<Service, NodeId[]>;
}

export interface MeshState {
  config: MeshConfig;
  kind: MeshKind;
  node: InstanceState | ClientState | RegistryState | CaState;
  /** mTLS: this workload's certificate and (instances) its mode; null when the run has no mTLS or the node takes no part. */
  tls: TlsState | null;
  /** The sidecar: the route this node calls on (null for payments and the registry). */
  route: RouteState | null;
  attempts: Attempt[];
  requests: Request[];
  nextCallId: number;
  nextRequest: number;
  nextJob: number;
}

export const STRIP_LENGTH = 40;
export const LATENCY_SAMPLES = 200;
