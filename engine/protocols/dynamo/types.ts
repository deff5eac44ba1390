import type { TimerId } from '../../kernel/protocol';
import type { Micros } from '../../kernel/time';
import type { DynamoConfig } from './config';
import type { Token } from './ring';
import type { CausalContext, Version } from './versions';

/** Messages between nodes; `op` is the client operation's id, `phase` tells a read from a write of one update. */
export type DynamoMessage =
  /** Coordinator -> replica: send me your versions of `key`. */
  | { type: 'Get'; key: string; op: number; phase: Phase }
  | { type: 'GetAck'; key: string; op: number; phase: Phase; versions: Version[] }
  /** Coordinator -> replica: store this version (for `hintFor` when you stand in for it, §4.6). */
  | { type: 'Put'; key: string; op: number; phase: Phase; version: Version; hintFor: number | null }
  | { type: 'PutAck'; key: string; op: number; phase: Phase }
  /** Read repair (§5): the reconciled versions, to a replica that answered with stale ones. */
  | { type: 'Repair'; key: string; versions: Version[] }
  /** Hinted handoff (§4.6): a stand-in hands the versions it holds for `key` to their intended node. */
  | { type: 'Handoff'; key: string; versions: Version[] }
  | { type: 'HandoffAck'; key: string; dots: string[] }
  /** Anti-entropy (§4.7): the sender's Merkle tree of the keys both replicate. */
  | { type: 'MerkleTree'; root: number; leaves: number[] }
  /** The leaves that differ, with the versions of their keys this side holds. */
  | { type: 'MerkleDiff'; leaves: number[]; versions: Record<string, Version[]> }
  /** The other side's versions of the same leaves' keys. */
  | { type: 'MerkleSync'; leaves: number[]; versions: Record<string, Version[]> }
  /** Ring membership (§4.9, membership.ts): the sender's view of who is on the ring, gossiped. */
  | { type: 'Membership'; statuses: MemberStatus[] }
  /** A key's versions handed to a node that now replicates it, by a node that no longer does (§4.9). */
  | { type: 'Transfer'; key: string; versions: Version[]; statuses: MemberStatus[] }
  | { type: 'TransferAck'; key: string; dots: string[]; statuses: MemberStatus[] };

/** One node's place on the ring as a node knows it; the higher version wins (set only by the node itself). */
export interface MemberStatus {
  member: boolean;
  version: number;
}

export type Phase = 'read' | 'write';

/**
 * Client operations (§4.1's get() and put()), sent by the environment to any up node, which
 * coordinates them. `update` is the client's read-modify-write cycle: a get, then a put with the
 * context it read (how Dynamo's shopping cart writes).
 */
export type DynamoCommand =
  | { type: 'get'; key: string; r?: number }
  | { type: 'put'; key: string; value: string; context?: CausalContext; w?: number }
  | { type: 'update'; key: string; value: string; resolve?: Resolve; r?: number; w?: number }
  /** Ring membership (§4.9): this node joins the ring or leaves it (handing its keys on first). */
  | { type: 'join' }
  | { type: 'leave' };

/**
 * How an update's client merges the siblings it read (§4.4: "the client must perform the
 * reconciliation"): `mine` writes its own value over them, `union` the union of their
 * comma-separated items and its own (the paper's shopping cart), `lww` the value of the sibling
 * stamped last (last writer wins: the merge that can lose an item).
 */
export type Resolve = 'mine' | 'union' | 'lww';

export type DynamoResult =
  | { ok: true; kind: 'get'; key: string; versions: Version[]; context: CausalContext; acks: number; sloppy: boolean }
  | { ok: true; kind: 'put'; key: string; dot: string; clock: Version['clock']; acks: number; sloppy: boolean }
  | { ok: true; kind: 'join'; member: boolean }
  | { ok: true; kind: 'leave'; member: boolean }
  | { ok: false; key: string; error: string; acks?: number; need?: number };

/** One replica request of an operation's current phase. */
export interface Target {
  node: number;
  /** The preference-list node this stand-in holds the replica for (writes under a sloppy quorum). */
  hintFor: number | null;
  state: 'waiting' | 'answered' | 'timedout';
  timer: TimerId | null;
  /** What it answered (gets), for reconciliation and read repair. */
  versions: Version[] | null;
  repaired: boolean;
}

/** A client operation this node coordinates (volatile: a crash forgets it and the client gets no answer). */
export interface Operation {
  opId: number;
  kind: 'get' | 'put' | 'update';
  key: string;
  value: string | null;
  resolve: Resolve;
  /** This request's R and W (a client may set its own, §4.5's "configurable"; default the store's). */
  r: number;
  w: number;
  context: CausalContext | null;
  phase: Phase;
  /** After a get's answer: still collecting late answers for read repair. */
  lingering: boolean;
  startedAtUs: Micros;
  /** Every node in the key's preference order; the first N are its home replicas. */
  prefs: number[];
  /** Next index of `prefs` to try as a stand-in. */
  next: number;
  targets: Target[];
  acks: number;
  need: number;
  /** A counted answer came from a stand-in (not one of the key's first N nodes). */
  sloppy: boolean;
  version: Version | null;
  /** A get's reconciled answer so far. */
  result: Version[] | null;
  deadline: TimerId;
}

/** One actor this node stamps versions of a key as (see coordinator.ts, stampFor). */
export interface ActorGeneration {
  gen: number;
  last: number;
}

export interface DynamoStats {
  coordinated: number;
  failed: number;
  sloppyRequests: number;
  handedOff: number;
  repairs: number;
  truncations: number;
  /** Versions a node that no longer replicates a key handed to one that now does (acknowledged). */
  transferred?: number;
}

export interface DynamoState {
  config: DynamoConfig;
  ring: Token[];
  /** Versions this node holds as one of a key's replicas (durable: Dynamo stores on disk). */
  replicas: Record<string, Version[]>;
  /** Versions held for another node (key -> intended node -> versions), durable, handed off later. */
  hints: Record<string, Record<string, Version[]>>;
  /** Who is on the ring, as this node knows it (membership.ts; durable). */
  statuses: MemberStatus[];
  /** Versions of keys this node no longer replicates, on their way to the nodes that now do (key -> node -> versions; durable). */
  outgoing: Record<string, Record<string, Version[]>>;
  /** Per key, the actor generations this node stamps with (durable). */
  actors: Record<string, ActorGeneration[]>;
  /** Peers that timed out and have not been heard from since (a local failure detector). */
  suspected: boolean[];
  ops: Record<string, Operation>;
  stats: DynamoStats;
}
