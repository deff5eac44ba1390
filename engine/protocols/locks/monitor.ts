import type { Monitor, Violation } from '../../kernel/protocol';
import { sometimesMonitor } from '../../kernel/sometimes';
import { formatMicros, type Micros } from '../../kernel/time';
import { kindOf, nodeName, type TopologyLayout } from '../../kernel/topology';
import type { TraceEvent } from '../../kernel/trace';
import type { LocksConfig } from './config';
import { SERVER_KIND } from './types';

/**
 * The lock service's invariants as code (README.md, "Invariants"), over the canonical trace.
 *
 * *always*
 * - **One holder at a time**: at any instant at most one client believes it holds a valid
 *   lease on a lock, judged by the lease arithmetic each client reports (start + TTL − drift;
 *   the sim's clocks agree, so the drift allowance is the margin the arithmetic keeps for real
 *   clocks, README "Clocks").
 * - **No stale token accepted** (fencing on): the storage never accepts a token lower than one
 *   it accepted before.
 * - **Mutual exclusion at the storage**: the storage never accepts a write from a holder after
 *   one from a holder that acquired the lock later (the paused holder writing over its
 *   successor): the violation names the two holders.
 * - **A lease lasts at most its TTL**: no server grants or extends a lease past TTL from now.
 * - **Every granted lease ends** (at the end of a run): a Redlock server that is up frees every
 *   lease whose time has come (the consensus group's leases end by the table's arithmetic).
 *
 * Stats: acquisitions, failed attempts, refusals (contention), writes accepted, stale writes
 * refused, unsafe writes accepted (from a holder whose lease had run out), renewals, lost leases,
 * the highest token, leaders elected (consensus).
 */
interface Belief {
  client: number;
  attempt: number;
  token: number;
  /** The order of its acquisition among all of this run's. */
  seq: number;
  acquiredAtUs: Micros;
  validUntilUs: Micros;
  open: boolean;
}

interface State {
  beliefs: Record<string, Belief>;
  acquisitions: number;
  failedAttempts: number;
  refusals: number;
  writesAccepted: number;
  staleWritesRefused: number;
  unsafeWritesAccepted: number;
  renewals: number;
  lostLeases: number;
  maxToken: number;
  leaders: number;
  /** The storage's highest accepted token and the latest acquisition it accepted a write from. */
  highestAccepted: number;
  latestWriter: string | null;
  /** Redlock: leases open at each server ("server:lock" → expiry), and which servers are down. */
  serverLeases: Record<string, Micros>;
  down: number[];
}

const key = (client: number, attempt: number) => `${client}:${attempt}`;

function fresh(): State {
  return {
    beliefs: {},
    acquisitions: 0,
    failedAttempts: 0,
    refusals: 0,
    writesAccepted: 0,
    staleWritesRefused: 0,
    unsafeWritesAccepted: 0,
    renewals: 0,
    lostLeases: 0,
    maxToken: 0,
    leaders: 0,
    highestAccepted: 0,
    latestWriter: null,
    serverLeases: {},
    down: [],
  };
}

export function locksMonitors(config: LocksConfig, topology: TopologyLayout | null): Monitor[] {
  const name = (id: number) => nodeName(topology, id);
  const at = (us: Micros) => formatMicros(us);
  let s = fresh();

  const violation = (invariant: string, message: string, event: TraceEvent): Violation => ({ invariant, message, event });

  /** A client began or extended a belief at `now`: nobody else may believe at that instant. */
  function overlapping(self: Belief, now: Micros, event: TraceEvent): Violation | undefined {
    for (const other of Object.values(s.beliefs)) {
      if (other === self || !other.open || other.client === self.client || other.validUntilUs <= now) continue;
      return violation(
        'One holder at a time',
        `${name(self.client)} holds the lock (token ${self.token}) from ${at(now)} while ${name(other.client)}'s lease (token ${other.token}) is valid until ${at(other.validUntilUs)}: two clients believe they hold it`,
        event,
      );
    }
    return undefined;
  }

  function observe(e: TraceEvent): Violation | undefined {
    if (e.kind === 'crash') {
      if (!s.down.includes(e.node)) s.down.push(e.node);
      // A crashed client believes nothing any more.
      for (const b of Object.values(s.beliefs)) if (b.client === e.node) b.open = false;
      return undefined;
    }
    if (e.kind === 'start') {
      s.down = s.down.filter((n) => n !== e.node);
      return undefined;
    }
    if (e.kind === 'send') {
      if (e.msg.type === 'Refuse') s.refusals++;
      return undefined;
    }
    if (e.kind !== 'observe') return undefined;
    const d = (e.data ?? {}) as Record<string, number | string | null>;
    switch (e.what) {
      case 'acquired': {
        const b: Belief = { client: e.node, attempt: d.attempt as number, token: d.token as number, seq: ++s.acquisitions, acquiredAtUs: e.at, validUntilUs: d.validUntilUs as number, open: true };
        s.beliefs[key(e.node, b.attempt)] = b;
        s.maxToken = Math.max(s.maxToken, b.token);
        // Beliefs that ended long ago need not be kept: only open ones and the latest writer's are asked about.
        for (const [k, old] of Object.entries(s.beliefs)) if (!old.open && k !== s.latestWriter && old.validUntilUs < e.at - config.leaseTtlUs * 4) delete s.beliefs[k];
        return overlapping(b, e.at, e);
      }
      case 'extended': {
        const b = s.beliefs[key(e.node, d.attempt as number)];
        if (!b) return undefined;
        s.renewals++;
        b.validUntilUs = d.validUntilUs as number;
        return overlapping(b, e.at, e);
      }
      case 'released':
      case 'lostLock':
      case 'fenced': {
        const b = s.beliefs[key(e.node, d.attempt as number)];
        if (b) b.open = false;
        if (e.what === 'lostLock') s.lostLeases++;
        return undefined;
      }
      case 'failed':
        s.failedAttempts++;
        return undefined;
      case 'leader':
        s.leaders++;
        return undefined;
      case 'granted':
      case 'renewed': {
        const expires = d.expiresAtUs as number | null | undefined;
        if (typeof expires === 'number' && expires > e.at + config.leaseTtlUs) {
          return violation('A lease lasts at most its TTL', `${name(e.node)} ${e.what} ${name(d.client as number)} a lease until ${at(expires)}, past ${at(e.at)} + the TTL`, e);
        }
        if (typeof expires === 'number' && topology && kindOf(topology, e.node) === SERVER_KIND && config.mode === 'redlock') {
          s.serverLeases[`${e.node}:${d.lock}`] = expires;
        }
        return undefined;
      }
      case 'freed':
        delete s.serverLeases[`${e.node}:${d.lock}`];
        return undefined;
      case 'writeRefused':
        s.staleWritesRefused++;
        return undefined;
      case 'writeAccepted':
        return onWriteAccepted(e, d);
    }
    return undefined;
  }

  function onWriteAccepted(e: TraceEvent, d: Record<string, number | string | null>): Violation | undefined {
    s.writesAccepted++;
    const token = d.token as number;
    const writerKey = key(d.client as number, d.attempt as number);
    const writer = s.beliefs[writerKey];
    if (writer && e.at >= writer.validUntilUs) s.unsafeWritesAccepted++;
    if (config.fencing && token < s.highestAccepted) {
      return violation('No stale token accepted', `${name(e.node)} accepted ${name(d.client as number)}'s token ${token} after token ${s.highestAccepted} with fencing on`, e);
    }
    s.highestAccepted = Math.max(s.highestAccepted, token);
    const latest = s.latestWriter === null ? undefined : s.beliefs[s.latestWriter];
    if (writer && latest && latest.seq > writer.seq) {
      return violation(
        'Mutual exclusion at the storage',
        `${name(e.node)} accepted ${name(writer.client)}'s write (token ${writer.token}, lease valid until ${at(writer.validUntilUs)}) at ${at(e.at)}, after a write from ${name(latest.client)}, which acquired the lock later (token ${latest.token}, at ${at(latest.acquiredAtUs)}): two holders, ${name(writer.client)} and ${name(latest.client)}`,
        e,
      );
    }
    if (writer && (!latest || writer.seq >= latest.seq)) s.latestWriter = writerKey;
    return undefined;
  }

  const safety: Monitor = {
    observe,
    finish({ untilUs }) {
      const violations: Violation[] = [];
      // Liveness: a Redlock server that is up has freed every lease whose time came (a timer's slack of one heartbeat).
      for (const [k, expires] of Object.entries(s.serverLeases)) {
        const server = Number(k.split(':')[0]);
        if (s.down.includes(server) || expires + 1_000 > untilUs) continue;
        violations.push({ invariant: 'Every granted lease ends', message: `${name(server)} still holds a lease that ran out at ${at(expires)}` });
        break;
      }
      return {
        stats: {
          mode: config.mode,
          fencing: config.fencing,
          acquisitions: s.acquisitions,
          failedAttempts: s.failedAttempts,
          refusals: s.refusals,
          contention: s.failedAttempts + s.refusals,
          writesAccepted: s.writesAccepted,
          staleWritesRefused: s.staleWritesRefused,
          unsafeWritesAccepted: s.unsafeWritesAccepted,
          renewals: s.renewals,
          lostLeases: s.lostLeases,
          maxToken: s.maxToken,
          ...(config.mode === 'consensus' ? { leadersElected: s.leaders } : {}),
        },
        violations,
      };
    },
    snapshot: () => JSON.parse(JSON.stringify(s)) as unknown,
    restore(state) {
      s = { ...fresh(), ...(JSON.parse(JSON.stringify(state)) as State) };
    },
  };

  const sometimes = sometimesMonitor([
    { property: 'a client acquires the lock', holds: (e) => e.kind === 'observe' && e.what === 'acquired' },
    { property: 'a stale write is refused', holds: (e) => e.kind === 'observe' && e.what === 'writeRefused' },
    { property: 'a lease is renewed', holds: (e) => e.kind === 'observe' && e.what === 'extended' },
  ]);
  return [safety, sometimes];
}
