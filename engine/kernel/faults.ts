import type { Action } from './actions';
import type { MessageId } from './trace';
import type { NodeId } from './protocol';
import type { Micros } from './time';

/** A latency range, uniform between min and max (min >= 1). */
export interface LatencyRange {
  min: Micros;
  max: Micros;
}

/** One link's own latency range, overriding the default for from -> to (and back unless oneWay). */
export interface LinkLatency {
  from: NodeId;
  to: NodeId;
  latencyUs: LatencyRange;
  oneWay?: boolean;
}

/** The network model of a scenario: the same for every link unless an action changes it. */
export interface NetworkModel {
  /**
   * The default latency range, for every link without an override. The lookahead of the
   * conservative time windows is the least `min` of it and of every override (minLatencyUs).
   */
  latencyUs: LatencyRange;
  lossRate: number;
  duplicateRate: number;
  /**
   * Links with a latency of their own (a client far from the servers, a replica in another
   * region); the last entry naming a link wins. A `network` action that changes `latencyUs`
   * changes the default only: these stay, as geography stays in a storm.
   */
  links?: LinkLatency[];
}

function copyNetwork(n: NetworkModel): NetworkModel {
  const copy: NetworkModel = { ...n, latencyUs: { ...n.latencyUs } };
  if (n.links) copy.links = n.links.map((l) => ({ ...l, latencyUs: { ...l.latencyUs } }));
  return copy;
}

export interface FaultSnapshot {
  network: NetworkModel;
  up: boolean[];
  incarnation: number[];
  cuts: string[];
  groupOf: (number | null)[] | null;
  dropped: string[];
  /** Paused nodes (absent when none: snapshots of runs without pauses look as they always did). */
  paused?: NodeId[];
  /** Byzantine nodes and their policies (absent when none). */
  byzantine?: [NodeId, string][];
  /** Slow nodes and their receive delays in µs (absent when none). */
  slow?: [NodeId, Micros][];
}

const linkName = (from: NodeId, to: NodeId) => `${from}>${to}`;
export const messageName = (id: MessageId) => `${id.from}.${id.fromIncarnation}.${id.fromSeq}`;

/**
 * The state of the network and of the nodes' liveness at one virtual time: a pure function of
 * the scenario and the actions applied so far (DESIGN.md invariant 5). Every runner, and every
 * worker, holds its own copy and applies the same actions at the same boundaries.
 */
export class FaultState {
  network: NetworkModel;
  readonly up: boolean[];
  readonly incarnation: number[];
  private readonly cuts = new Set<string>();
  private groupOf: (number | null)[] | null = null;
  private readonly dropped = new Set<string>();
  private readonly paused = new Set<NodeId>();
  private readonly byzantine = new Map<NodeId, string>();
  private readonly slow = new Map<NodeId, Micros>();
  /** network.links as a lookup ("from>to" -> range) and their least minimum; derived, never snapshotted. */
  private linkLatency = new Map<string, LatencyRange>();
  private linkMinUs = Number.MAX_SAFE_INTEGER;

  constructor(network: NetworkModel, nodeCount: number, initiallyDown: readonly NodeId[] = []) {
    this.network = copyNetwork(network);
    this.indexLinks();
    this.up = Array.from({ length: nodeCount }, (_, i) => !initiallyDown.includes(i));
    this.incarnation = Array.from({ length: nodeCount }, () => 0);
  }

  static fromSnapshot(s: FaultSnapshot): FaultState {
    const f = new FaultState(s.network, s.up.length);
    f.restore(s);
    return f;
  }

  /** Overwrites this state in place (holders of a reference see the restored state). */
  restore(s: FaultSnapshot): void {
    this.network = copyNetwork(s.network);
    this.indexLinks();
    s.up.forEach((u, i) => (this.up[i] = u));
    s.incarnation.forEach((n, i) => (this.incarnation[i] = n));
    this.cuts.clear();
    s.cuts.forEach((c) => this.cuts.add(c));
    this.groupOf = s.groupOf ? [...s.groupOf] : null;
    this.dropped.clear();
    s.dropped.forEach((d) => this.dropped.add(d));
    this.paused.clear();
    s.paused?.forEach((n) => this.paused.add(n));
    this.byzantine.clear();
    s.byzantine?.forEach(([n, policy]) => this.byzantine.set(n, policy));
    this.slow.clear();
    s.slow?.forEach(([n, delayUs]) => this.slow.set(n, delayUs));
  }

  snapshot(): FaultSnapshot {
    const s: FaultSnapshot = {
      network: copyNetwork(this.network),
      up: [...this.up],
      incarnation: [...this.incarnation],
      cuts: [...this.cuts].sort(),
      groupOf: this.groupOf ? [...this.groupOf] : null,
      dropped: [...this.dropped].sort(),
    };
    if (this.paused.size > 0) s.paused = [...this.paused].sort((a, b) => a - b);
    if (this.byzantine.size > 0) s.byzantine = [...this.byzantine].sort((a, b) => a[0] - b[0]);
    if (this.slow.size > 0) s.slow = [...this.slow].sort((a, b) => a[0] - b[0]);
    return s;
  }

  get nodeCount(): number {
    return this.up.length;
  }

  /** The lookahead: no message sent now can arrive sooner (over the default and every override). */
  get minLatencyUs(): Micros {
    return Math.min(this.network.latencyUs.min, this.linkMinUs);
  }

  /** The latency range of the link from -> to now: its override, or the default. */
  latencyOf(from: NodeId, to: NodeId): LatencyRange {
    if (this.linkLatency.size > 0) {
      const own = this.linkLatency.get(linkName(from, to));
      if (own) return own;
    }
    return this.network.latencyUs;
  }

  private indexLinks(): void {
    this.linkLatency = new Map();
    this.linkMinUs = Number.MAX_SAFE_INTEGER;
    for (const l of this.network.links ?? []) {
      this.linkLatency.set(linkName(l.from, l.to), l.latencyUs);
      if (!l.oneWay) this.linkLatency.set(linkName(l.to, l.from), l.latencyUs);
      this.linkMinUs = Math.min(this.linkMinUs, l.latencyUs.min);
    }
  }

  isUp(node: NodeId): boolean {
    return this.up[node] === true;
  }

  upNodes(): NodeId[] {
    const out: NodeId[] = [];
    for (let i = 0; i < this.up.length; i++) if (this.up[i]) out.push(i);
    return out;
  }

  /** A running node frozen by a pause action (kernel/pause.ts). */
  isPaused(node: NodeId): boolean {
    return this.paused.size > 0 && this.paused.has(node);
  }

  /** The byzantine policy `node` sends by, or null when it is honest. */
  byzantinePolicy(node: NodeId): string | null {
    return this.byzantine.size > 0 ? (this.byzantine.get(node) ?? null) : null;
  }

  /** How long a message that reaches `node` waits before its handler runs (0: a normal node). */
  slowDelayUs(node: NodeId): Micros {
    return this.slow.size > 0 ? (this.slow.get(node) ?? 0) : 0;
  }

  linkUp(from: NodeId, to: NodeId): boolean {
    if (from === to) return true;
    if (this.cuts.size > 0 && this.cuts.has(linkName(from, to))) return false;
    if (this.groupOf && this.groupOf[from] !== this.groupOf[to]) return false;
    return true;
  }

  isDropped(id: MessageId): boolean {
    return this.dropped.size > 0 && this.dropped.has(messageName(id));
  }

  /** Cut links and partitions, for the UI. */
  describeLinks(): { cuts: string[]; groups: NodeId[][] | null } {
    let groups: NodeId[][] | null = null;
    if (this.groupOf) {
      const byGroup = new Map<number, NodeId[]>();
      this.groupOf.forEach((g, node) => {
        const list = byGroup.get(g ?? -1) ?? [];
        list.push(node);
        byGroup.set(g ?? -1, list);
      });
      groups = [...byGroup.values()];
    }
    return { cuts: [...this.cuts], groups };
  }

  /**
   * False for a crash of a node already down or a restart of one already up: they do nothing.
   * Likewise a pause of a node down or paused, a resume of one not paused, a byzantine policy
   * the node already has.
   */
  changesSomething(action: Action): boolean {
    if (action.kind === 'crash') return this.isUp(action.node);
    if (action.kind === 'restart') return !this.isUp(action.node);
    if (action.kind === 'command') return this.isUp(action.node);
    if (action.kind === 'pause') return this.isUp(action.node) && !this.isPaused(action.node);
    if (action.kind === 'resume') return this.isPaused(action.node);
    if (action.kind === 'byzantine') return this.byzantinePolicy(action.node) !== action.policy;
    if (action.kind === 'slow') return this.slowDelayUs(action.node) !== action.delayUs;
    return true;
  }

  apply(action: Action): void {
    if (!this.changesSomething(action)) return;
    switch (action.kind) {
      case 'crash':
        this.up[action.node] = false;
        // A crash ends a pause: the restarted node is a fresh process.
        this.paused.delete(action.node);
        return;
      case 'restart':
        this.up[action.node] = true;
        this.incarnation[action.node] = (this.incarnation[action.node] ?? 0) + 1;
        return;
      case 'cut':
        this.cuts.add(linkName(action.from, action.to));
        if (!action.oneWay) this.cuts.add(linkName(action.to, action.from));
        return;
      case 'restore':
        this.cuts.delete(linkName(action.from, action.to));
        if (!action.oneWay) this.cuts.delete(linkName(action.to, action.from));
        return;
      case 'partition': {
        // One group (or none) is no partition: it ends the current one and leaves cut links be.
        if (action.groups.filter((g) => g.length > 0).length <= 1) {
          this.groupOf = null;
          return;
        }
        const groupOf: (number | null)[] = this.up.map(() => null);
        action.groups.forEach((group, g) => group.forEach((node) => (groupOf[node] = g)));
        // Nodes named in no group stay together in a group of their own.
        this.groupOf = groupOf.map((g) => (g === null ? action.groups.length : g));
        return;
      }
      case 'heal':
        this.cuts.clear();
        this.groupOf = null;
        return;
      case 'network':
        if (action.latencyUs) this.network.latencyUs = { ...action.latencyUs };
        if (action.lossRate !== undefined) this.network.lossRate = action.lossRate;
        if (action.duplicateRate !== undefined) this.network.duplicateRate = action.duplicateRate;
        return;
      case 'drop':
        this.dropped.add(messageName(action.id));
        return;
      case 'command':
        return;
      case 'pause':
        this.paused.add(action.node);
        return;
      case 'resume':
        this.paused.delete(action.node);
        return;
      case 'byzantine':
        if (action.policy === null) this.byzantine.delete(action.node);
        else this.byzantine.set(action.node, action.policy);
        return;
      case 'slow':
        // Like a byzantine policy, slowness belongs to the node slot and outlives restarts.
        if (action.delayUs === 0) this.slow.delete(action.node);
        else this.slow.set(action.node, action.delayUs);
        return;
    }
  }
}
