import type { Monitor, Violation } from '../../kernel/protocol';
import type { Micros } from '../../kernel/time';
import type { TraceEvent } from '../../kernel/trace';
import { suspicionTimeoutUs, type SwimConfig } from './config';
import { nodeName } from '../../kernel/topology';

/**
 * SWIM's invariants as code, over the canonical trace (README.md, "Invariants"):
 *
 * *always*
 * - **Incarnation only grows**: every incarnation a member states for itself is above the last
 *   one it stated, across restarts (it is durable).
 * - **No member believes itself suspect or dead**: it refutes instead (§4.2).
 * - **Death is overridden only by a higher incarnation**, and **suspicion is refuted only by a
 *   higher incarnation** (§4.2's precedence rules).
 * - **Incarnations come from their member**: nobody holds an incarnation for M that M never had.
 *
 * *at the end*, once every fault was healed long enough (`settleUs`): **completeness**: every
 * running member sees every crashed (or departed) member dead, left or gone from its list, and
 * every running member alive (or suspect, for less than a suspicion's longest timeout).
 *
 * Stats: detection and dissemination per crash, false positives, messages per member per period.
 */
type Status = 'alive' | 'suspect' | 'dead' | 'left' | null;

interface Entry {
  status: Status;
  incarnation: number;
  sinceUs: Micros;
}

interface Failure {
  node: number;
  crashedUs: Micros;
  firstSuspectUs: Micros | null;
  firstDeadUs: Micros | null;
  allDeadUs: Micros | null;
}

interface State {
  up: boolean[];
  left: boolean[];
  upSinceUs: (Micros | null)[];
  upTotalUs: number;
  /** The highest incarnation each member ever stated for itself (-1: none yet). */
  ownIncarnation: number[];
  views: Entry[][];
  failures: Failure[];
  /** Index into failures of each member's open failure (crashed, not restarted). */
  openFailure: (number | null)[];
  lastChangeUs: Micros;
  falsePositives: number;
  falseDeadViews: number;
  refutations: number;
  sends: Record<string, number>;
}

const PROBE_TYPES = new Set(['Ping', 'Ack', 'PingReq', 'Nack']);

/** How long after the last fault the end-of-run completeness check waits before judging. */
export function settleUs(config: SwimConfig, n: number): Micros {
  const period = config.probeIntervalUs;
  const maxSuspicion = suspicionTimeoutUs(config, n) * (config.lifeguard ? config.suspicionMaxTimeoutMult : 1);
  const catchUp = Math.max(config.pushPullIntervalUs, config.reconnectIntervalUs);
  return (2 * n + config.awarenessMaxMultiplier) * period * 2 + maxSuspicion + 2 * catchUp + 10 * config.gossipIntervalUs;
}

/**
 * How long a live member may stay suspect or falsely dead in someone's view: its longest
 * suspicion, then a push-pull or a reconnect to undo a false death (the rumour's own
 * retransmissions may all miss the one member that needed them).
 */
export function recoveryUs(config: SwimConfig, n: number): Micros {
  const maxSuspicion = suspicionTimeoutUs(config, n) * (config.lifeguard ? config.suspicionMaxTimeoutMult : 1);
  const catchUp = Math.max(config.pushPullIntervalUs, config.reconnectIntervalUs);
  return maxSuspicion + config.probeIntervalUs * config.awarenessMaxMultiplier + 2 * catchUp;
}

export function swimMonitors(config: SwimConfig, nodeCount: number, _run: { healedAtUs: Micros | null }): Monitor[] {
  const fresh = (): State => ({
    up: Array.from({ length: nodeCount }, () => false),
    left: Array.from({ length: nodeCount }, () => false),
    upSinceUs: Array.from({ length: nodeCount }, () => null),
    upTotalUs: 0,
    ownIncarnation: Array.from({ length: nodeCount }, () => -1),
    views: Array.from({ length: nodeCount }, () => Array.from({ length: nodeCount }, () => ({ status: null, incarnation: 0, sinceUs: 0 }))),
    failures: [],
    openFailure: Array.from({ length: nodeCount }, () => null),
    lastChangeUs: 0,
    falsePositives: 0,
    falseDeadViews: 0,
    refutations: 0,
    sends: {},
  });
  let s = fresh();
  const name = (n: number) => nodeName(null, n);
  const live = (n: number) => s.up[n]! && !s.left[n]!;
  const gone = (status: Status) => status === 'dead' || status === 'left' || status === null;

  function checkDissemination(subject: number, at: Micros): void {
    const index = s.openFailure[subject];
    if (index === null || index === undefined) return;
    const f = s.failures[index]!;
    if (f.allDeadUs !== null) return;
    for (let o = 0; o < nodeCount; o++) if (o !== subject && live(o) && !gone(s.views[o]![subject]!.status)) return;
    f.allDeadUs = at;
  }

  function recheckAll(at: Micros): void {
    for (let n = 0; n < nodeCount; n++) checkDissemination(n, at);
  }

  function onView(e: Extract<TraceEvent, { kind: 'observe' }>, status: Exclude<Status, null>): Violation | undefined {
    const data = e.data as { subject: number; incarnation: number; from?: number };
    const subject = data.subject;
    if (!(subject >= 0 && subject < nodeCount)) return;
    const observer = e.node;
    if ((status === 'suspect' || status === 'dead') && subject === observer) {
      return { invariant: 'No member believes itself suspect or dead', message: `${name(observer)} holds itself ${status} (incarnation ${data.incarnation})`, event: e };
    }
    const prev = s.views[observer]![subject]!;
    if ((prev.status === 'dead' || prev.status === 'left') && (status === 'alive' || status === 'suspect') && data.incarnation <= prev.incarnation) {
      return {
        invariant: 'Death is overridden only by a higher incarnation',
        message: `${name(observer)} held ${name(subject)} ${prev.status} at incarnation ${prev.incarnation} and took ${status} at incarnation ${data.incarnation}`,
        event: e,
      };
    }
    if (prev.status === 'suspect' && status === 'alive' && data.incarnation <= prev.incarnation) {
      return {
        invariant: 'Suspicion is refuted only by a higher incarnation',
        message: `${name(observer)} suspected ${name(subject)} at incarnation ${prev.incarnation} and took alive at incarnation ${data.incarnation}`,
        event: e,
      };
    }
    if (data.incarnation > s.ownIncarnation[subject]! && status !== 'left') {
      return {
        invariant: 'Incarnations come from their member',
        message: `${name(observer)} holds ${name(subject)} ${status} at incarnation ${data.incarnation}, which ${name(subject)} never had (its highest is ${s.ownIncarnation[subject]})`,
        event: e,
      };
    }
    s.views[observer]![subject] = { status, incarnation: data.incarnation, sinceUs: e.at };
    const open = s.openFailure[subject];
    if (open !== null && open !== undefined) {
      const f = s.failures[open]!;
      if ((status === 'suspect' || status === 'dead') && f.firstSuspectUs === null) f.firstSuspectUs = e.at;
      if (status === 'dead' && f.firstDeadUs === null) f.firstDeadUs = e.at;
      if (gone(status)) checkDissemination(subject, e.at);
    } else if (status === 'dead' && live(subject)) {
      s.falseDeadViews++;
      if (data.from === observer) s.falsePositives++;
    }
    return undefined;
  }

  const monitor: Monitor = {
    observe(e: TraceEvent): Violation | undefined {
      switch (e.kind) {
        case 'start':
          s.up[e.node] = true;
          s.left[e.node] = false;
          s.upSinceUs[e.node] = e.at;
          s.lastChangeUs = e.at;
          s.openFailure[e.node] = null;
          return;
        case 'crash': {
          s.up[e.node] = false;
          s.upTotalUs += e.at - (s.upSinceUs[e.node] ?? e.at);
          s.upSinceUs[e.node] = null;
          s.lastChangeUs = e.at;
          if (!s.left[e.node]) {
            s.openFailure[e.node] = s.failures.length;
            s.failures.push({ node: e.node, crashedUs: e.at, firstSuspectUs: null, firstDeadUs: null, allDeadUs: null });
          }
          // Everyone may have given it up already (it was cut off before it crashed), or the
          // last member still holding someone alive may be this one.
          recheckAll(e.at);
          return;
        }
        case 'action':
          // Faults and their heals move the moment from which completeness is judged.
          if (e.action.kind !== 'command' && e.action.kind !== 'drop') s.lastChangeUs = e.at;
          return;
        case 'send':
          s.sends[e.msg.type] = (s.sends[e.msg.type] ?? 0) + 1;
          return;
        case 'observe': {
          const data = (e.data ?? {}) as Record<string, unknown>;
          switch (e.what) {
            case 'boot':
            case 'refute':
            case 'join': {
              const why = e.what;
              const incarnation = data.incarnation as number;
              if (incarnation <= s.ownIncarnation[e.node]!) {
                return {
                  invariant: 'Incarnation only grows',
                  message: `${name(e.node)} took incarnation ${incarnation} (${why}) after having had ${s.ownIncarnation[e.node]}`,
                  event: e,
                };
              }
              s.ownIncarnation[e.node] = incarnation;
              if (why === 'refute') s.refutations++;
              if (why === 'join') {
                s.left[e.node] = false;
                s.lastChangeUs = e.at;
              }
              if (why === 'boot') {
                const bootstrap = data.bootstrap === true;
                s.views[e.node] = s.views[e.node]!.map((_, subject) =>
                  subject === e.node
                    ? { status: 'alive', incarnation, sinceUs: e.at }
                    : { status: bootstrap ? 'alive' : null, incarnation: 0, sinceUs: e.at },
                );
              } else {
                s.views[e.node]![e.node] = { status: 'alive', incarnation, sinceUs: e.at };
              }
              return;
            }
            case 'leave':
              s.left[e.node] = true;
              recheckAll(e.at);
              s.lastChangeUs = e.at;
              s.views[e.node]![e.node] = { status: 'left', incarnation: data.incarnation as number, sinceUs: e.at };
              return;
            case 'alive':
            case 'suspect':
            case 'dead':
            case 'left':
              return onView(e, e.what);
            default:
              return;
          }
        }
        default:
          return;
      }
    },

    finish({ untilUs, healedAtUs }) {
      const violations: Violation[] = [];
      const judged = healedAtUs !== null && untilUs - Math.max(healedAtUs, s.lastChangeUs) >= settleUs(config, nodeCount);
      if (judged) {
        const recentUs = recoveryUs(config, nodeCount);
        for (let o = 0; o < nodeCount; o++) {
          if (!live(o)) continue;
          for (let m = 0; m < nodeCount; m++) {
            if (m === o) continue;
            const v = s.views[o]![m]!;
            if (live(m)) {
              // Loss that stays after the heal can still make a false suspicion, even a false
              // death, near the end; what must never happen is one that is not undone in time.
              if (v.status === 'alive' || (v.status !== null && untilUs - v.sinceUs <= recentUs)) continue;
              violations.push({
                invariant: 'Completeness: live members are alive',
                message: `${name(o)} sees the running ${name(m)} as ${v.status ?? 'unknown'} at the end (since ${v.sinceUs / 1000} ms), long after every fault healed`,
              });
            } else if (!gone(v.status)) {
              violations.push({
                invariant: 'Completeness: failed members are dead',
                message: `${name(o)} still sees ${name(m)}, ${s.up[m] ? 'which left' : 'which crashed'}, as ${v.status} at the end`,
              });
            }
          }
        }
      }
      let totalUpUs = s.upTotalUs;
      for (let n = 0; n < nodeCount; n++) if (s.upSinceUs[n] !== null) totalUpUs += untilUs - s.upSinceUs[n]!;
      const memberPeriods = totalUpUs / config.probeIntervalUs;
      const probeMessages = Object.entries(s.sends).reduce((sum, [type, count]) => sum + (PROBE_TYPES.has(type) ? count : 0), 0);
      const allMessages = Object.values(s.sends).reduce((a, b) => a + b, 0);
      const ms = (us: number | null) => (us === null ? null : us / 1000);
      const detections = s.failures.map((f) => ({
        node: f.node,
        crashedAtMs: f.crashedUs / 1000,
        firstDetectionMs: ms(f.firstSuspectUs === null ? null : f.firstSuspectUs - f.crashedUs),
        firstDeadMs: ms(f.firstDeadUs === null ? null : f.firstDeadUs - f.crashedUs),
        allDeadMs: ms(f.allDeadUs === null ? null : f.allDeadUs - f.crashedUs),
      }));
      const detected = detections.filter((d) => d.firstDetectionMs !== null);
      const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
      return {
        stats: {
          completenessJudged: judged,
          failures: detections.length,
          detections,
          meanFirstDetectionPeriods: mean(detected.map((d) => (d.firstDetectionMs! * 1000) / config.probeIntervalUs)),
          meanAllDeadMs: mean(detections.flatMap((d) => (d.allDeadMs === null ? [] : [d.allDeadMs]))),
          falsePositives: s.falsePositives,
          falseDeadViews: s.falseDeadViews,
          refutations: s.refutations,
          probeMessagesPerMemberPerPeriod: memberPeriods > 0 ? probeMessages / memberPeriods : 0,
          messagesPerMemberPerPeriod: memberPeriods > 0 ? allMessages / memberPeriods : 0,
          sends: { ...s.sends },
        },
        violations,
      };
    },

    snapshot: () => structuredClone(s),
    restore(state) {
      s = structuredClone(state as State);
    },
  };
  return [monitor];
}
