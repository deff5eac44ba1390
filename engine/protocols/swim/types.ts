import type { NodeId, TimerId } from '../../kernel/protocol';
import type { Micros } from '../../kernel/time';
import type { SwimConfig } from './config';

/**
 * SWIM's data (Das, Gupta, Motivala 2002) as plain data. A member's view of another is a status
 * and the incarnation number that status was stated for (§4.2); "left" is memberlist's name for
 * a dead declaration the member made about itself (a graceful leave).
 */
export type MemberStatus = 'alive' | 'suspect' | 'dead' | 'left';

export interface MemberEntry {
  /** null: not in this member's list (a restarted member has not heard of it yet). */
  status: MemberStatus | null;
  incarnation: number;
  /** When this member last changed the entry (gossip to the dead stops gossipToTheDead after). */
  sinceUs: Micros;
}

/**
 * A rumour, as piggybacked (§4.1): Alive, Suspect and Confirm (memberlist "dead") messages of
 * §4.2. `from` is who accused (a suspicion's confirmations count distinct accusers); a dead
 * update whose `from` is the member itself says it left.
 */
export type Update =
  | { kind: 'alive'; node: NodeId; incarnation: number }
  | { kind: 'suspect'; node: NodeId; incarnation: number; from: NodeId }
  | { kind: 'dead'; node: NodeId; incarnation: number; from: NodeId };

/** One line of a full state exchange (memberlist push-pull). */
export interface MemberSummary {
  node: NodeId;
  status: MemberStatus;
  incarnation: number;
}

/** Message names follow the paper (ping, ack, ping-req) and memberlist (nack, push-pull). */
export type SwimMessage =
  | { type: 'Ping'; seq: number; updates: Update[] }
  | { type: 'Ack'; seq: number; updates: Update[] }
  /** "Please ping `target` for me and relay its ack" (§3.1); `nack`: Lifeguard asks for a nack when it does not come. */
  | { type: 'PingReq'; seq: number; target: NodeId; nack: boolean; updates: Update[] }
  | { type: 'Nack'; seq: number; updates: Update[] }
  /** Infection-style dissemination besides the probes: memberlist's gossip packets. */
  | { type: 'Gossip'; updates: Update[] }
  | { type: 'PushPull'; join: boolean; states: MemberSummary[] }
  | { type: 'PushPullReply'; states: MemberSummary[] };

export type SwimCommand = { type: 'leave' } | { type: 'join' };

/** An update waiting in the transmit-limited queue. */
export interface Broadcast {
  update: Update;
  transmits: number;
  /** Newer broadcasts go first among equally sent ones. */
  id: number;
}

/** Lifeguard's dynamic suspicion of one member (memberlist suspicion.go). */
export interface Suspicion {
  incarnation: number;
  startedUs: Micros;
  minUs: Micros;
  maxUs: Micros;
  /** Confirmations expected; 0 makes the timeout the minimum at once. */
  k: number;
  /** Distinct accusers so far, the first one included. */
  confirmers: NodeId[];
  timer: TimerId;
}

/** The probe of the current protocol period (§3.1). */
export interface Probe {
  seq: number;
  target: NodeId;
  /** The target's incarnation when the probe began: a failed probe suspects that one. */
  incarnation: number;
  startedUs: Micros;
  /** Helpers asked to ping-req, and the nacks they sent back (Lifeguard). */
  nacksExpected: number;
  nacks: number;
  timeoutTimer: TimerId;
  deadlineTimer: TimerId;
}

/** A ping this member sends on someone else's behalf (ping-req), relaying the ack. */
export interface Relay {
  requester: NodeId;
  seq: number;
  nack: boolean;
  timer: TimerId;
}

export interface SwimState {
  config: SwimConfig;
  self: NodeId;
  /** This member's own incarnation (§4.2): durable, raised only by itself. */
  incarnation: number;
  /** Left the group gracefully: answers nothing until told to join again. */
  left: boolean;
  /** Joining after a restart: waits for one push-pull reply. */
  joining: boolean;
  /** By node id; the member's own entry is itself, alive. */
  members: MemberEntry[];
  /** §4.3: round-robin over a shuffled list, reshuffled at the end of each pass. */
  probeOrder: NodeId[];
  probeIndex: number;
  seq: number;
  probe: Probe | null;
  /** By this member's own seq of the relayed ping. */
  relays: Record<string, Relay>;
  suspicions: (Suspicion | null)[];
  broadcasts: Broadcast[];
  broadcastId: number;
  /** Lifeguard's local health multiplier: timeouts scale by awareness + 1. */
  awareness: number;
  /** When this member last became alive after a boot or a join (for the view). */
  bootedUs: Micros;
}
