import type { TraceEvent } from '../kernel/trace';

/**
 * Measures: pure functions of one run's trace, fed event by event in canonical order (through
 * the runner's sink), so a run never has to keep its trace. Each yields one number per run, or
 * null when the run never got there (no leader crashed, no new leader before the run's end).
 *
 * They read the protocol's observations (Raft's `leader {term}`, `role {role, term}`,
 * `election {term}`; engine/protocols/raft/README.md) and the environment's crash events, so
 * they work whatever crashed the leader: an experiment step, the user's timeline or a nemesis.
 */
export const MEASURE_NAMES = ['leaderRecoveryMs', 'stableLeaderMs', 'firstLeaderMs', 'electionsPerRecovery'] as const;
export type MeasureName = (typeof MEASURE_NAMES)[number];

export interface MeasureState {
  push(event: TraceEvent): void;
  /** True once the value is final: later events cannot change it. */
  readonly done: boolean;
  value(): number | null;
}

export interface MeasureInfo {
  name: MeasureName;
  /** A short label for tables and axes. */
  label: string;
  /** The axis title, in the paper's words where there are some. */
  axis: string;
  unit: 'ms' | 'elections';
  /** One sentence for docs, the CLI and the page. */
  explain: string;
  create(): MeasureState;
}

type Observation = Extract<TraceEvent, { kind: 'observe' }>;
/** The observation `what`, or null (not a type guard: a failed test must not narrow `e`). */
const observation = (e: TraceEvent, what: string): Observation | null => (e.kind === 'observe' && e.what === what ? e : null);
const termOf = (e: Observation): number => Number(e.data?.term ?? 0);

/**
 * Follows who leads from the trace, and the first crash of the node that leads the highest
 * term: from there it counts the terms in which a candidate stood until a node becomes leader
 * of a higher term.
 */
class LeaderRecovery {
  /** Nodes that believe they lead, and of which term (an old leader may not know it was deposed). */
  private leaders = new Map<number, number>();
  private crashAt: number | null = null;
  private crashedTerm = 0;
  /** Terms in which some candidate stood since the crash (a split vote shows as several). */
  private terms = new Set<number>();
  recoveredAt: number | null = null;

  get done(): boolean {
    return this.recoveredAt !== null;
  }

  get elections(): number {
    return this.terms.size;
  }

  get crashedAtUs(): number | null {
    return this.crashAt;
  }

  get crashedTermValue(): number {
    return this.crashedTerm;
  }

  push(e: TraceEvent): void {
    if (this.recoveredAt !== null) return;
    if (this.crashAt === null) {
      const leader = observation(e, 'leader');
      const role = observation(e, 'role');
      if (leader) this.leaders.set(e.node, termOf(leader));
      else if (role && role.data?.role !== 'leader') this.leaders.delete(e.node);
      else if (e.kind === 'crash' && this.leaders.has(e.node)) {
        const term = this.leaders.get(e.node)!;
        this.leaders.delete(e.node);
        if (term >= Math.max(0, ...this.leaders.values())) {
          this.crashAt = e.at;
          this.crashedTerm = term;
        }
      }
      return;
    }
    const election = observation(e, 'election');
    const leader = observation(e, 'leader');
    if (election) this.terms.add(termOf(election));
    else if (leader && termOf(leader) > this.crashedTerm) this.recoveredAt = e.at;
  }
}

function leaderRecoveryMs(): MeasureState {
  const r = new LeaderRecovery();
  return {
    push: (e) => r.push(e),
    get done() {
      return r.done;
    },
    value: () => (r.recoveredAt === null || r.crashedAtUs === null ? null : (r.recoveredAt - r.crashedAtUs) / 1000),
  };
}

function electionsPerRecovery(): MeasureState {
  const r = new LeaderRecovery();
  return {
    push: (e) => r.push(e),
    get done() {
      return r.done;
    },
    value: () => (r.recoveredAt === null ? null : r.elections),
  };
}

/** How long a new leader must lead, with no election in a later term, to count as stable. */
export const STABLE_HOLD_US = 1_000_000;

/**
 * From the crash to the election of the first new leader that lasts: one elected in a term above
 * the crashed leader's after which no candidate stands in a later term for STABLE_HOLD_US. With
 * election timeouts close to the time a vote takes (Figure 16's 12-24 ms), a voter often times
 * out before its new leader's first heartbeat arrives and deposes it: the first new leader
 * (`leaderRecoveryMs`, the paper's measure) is then not the one the cluster keeps. Null when the
 * run ends before a leader has held that long.
 */
function stableLeaderMs(): MeasureState {
  const r = new LeaderRecovery();
  let candidate: { at: number; term: number } | null = null;
  let stableAt: number | null = null;
  return {
    push(e) {
      if (stableAt !== null) return;
      if (r.crashedAtUs === null) {
        r.push(e);
        return;
      }
      if (candidate && e.at >= candidate.at + STABLE_HOLD_US) {
        stableAt = candidate.at;
        return;
      }
      const election = observation(e, 'election');
      const leader = observation(e, 'leader');
      if (election && candidate && termOf(election) > candidate.term) candidate = null;
      if (leader && termOf(leader) > (candidate?.term ?? r.crashedTermValue)) candidate = { at: e.at, term: termOf(leader) };
    },
    get done() {
      return stableAt !== null;
    },
    value: () => (stableAt === null || r.crashedAtUs === null ? null : (stableAt - r.crashedAtUs) / 1000),
  };
}

function firstLeaderMs(): MeasureState {
  let at: number | null = null;
  return {
    push(e) {
      if (at === null && observation(e, 'leader') !== null) at = e.at;
    },
    get done() {
      return at !== null;
    },
    value: () => (at === null ? null : at / 1000),
  };
}

export const MEASURES: Record<MeasureName, MeasureInfo> = {
  leaderRecoveryMs: {
    name: 'leaderRecoveryMs',
    label: 'time to a new leader',
    axis: 'time to elect a new leader after the leader crashes (ms)',
    unit: 'ms',
    explain: 'From the crash of the node leading the highest term to the moment a node becomes leader of a higher term.',
    create: leaderRecoveryMs,
  },
  stableLeaderMs: {
    name: 'stableLeaderMs',
    label: 'time to a stable leader',
    axis: 'time to elect a leader that lasts 1 s after the leader crashes (ms)',
    unit: 'ms',
    explain:
      'From the crash of the leader to the election of the first new leader after which no candidate stands in a later term for 1 s (with short timeouts the first new leader is often deposed at once).',
    create: stableLeaderMs,
  },
  firstLeaderMs: {
    name: 'firstLeaderMs',
    label: 'time to the first leader',
    axis: 'time to elect the first leader (ms)',
    unit: 'ms',
    explain: 'From the start of the run to the first time a node becomes leader.',
    create: firstLeaderMs,
  },
  electionsPerRecovery: {
    name: 'electionsPerRecovery',
    label: 'elections per recovery',
    axis: 'election rounds before a new leader (count)',
    unit: 'elections',
    explain: 'Election rounds (terms in which some candidate stood) from the leader crash to the new leader; more than 1 means split or lost votes.',
    create: electionsPerRecovery,
  },
};

/** Runs measures over a finished trace (tests, and anyone who kept the trace). */
export function measureTrace(names: readonly MeasureName[], events: Iterable<TraceEvent>): (number | null)[] {
  const states = names.map((n) => MEASURES[n].create());
  for (const e of events) for (const s of states) s.push(e);
  return states.map((s) => s.value());
}
