import type { Monitor, SometimesResult, Violation } from '../../kernel/protocol';
import type { Micros } from '../../kernel/time';
import { nodeName, nodesOf, type TopologyLayout } from '../../kernel/topology';
import type { TraceEvent } from '../../kernel/trace';
import type { PrimaryReplicaConfig } from './config';
import { cdcReport, foldLedger, freshLedger, settleLedger, type LedgerState, type LostWrite } from './ledger';
import { SERVER_KIND } from './types';

/**
 * The invariants of primary-replica replication as code (README.md, "Invariants"), over the
 * canonical trace, with the ledger (ledger.ts) as their memory:
 *
 * *always*
 * - **A replica acknowledges only what it holds**: every Ack it sends names an index its log
 *   reaches (a synchronous replica that acknowledged a write it does not hold would let the
 *   primary answer a write nobody else has).
 * - **No acknowledged write is lost** (synchronous replication with fencing): no failover and no
 *   rewind ever drops a write a client was told succeeded.
 * - **One primary per epoch**: the writes of one epoch are all accepted by one server.
 *
 * Stats: acknowledged writes, lost acknowledged writes (counted and listed: the price of
 * asynchronous replication), stale reads, failovers, writes accepted in an epoch already over
 * (split brain), lag per replica (max and mean, in entries and ms).
 */
interface State {
  ledger: LedgerState;
  ackedTotal: number;
  writes: number;
  lagStats: Record<string, { n: number; sumMs: number; maxMs: number; maxEntries: number }>;
  firstAckUs: Micros | null;
  firstPromotionUs: Micros | null;
  firstStaleUs: Micros | null;
  firstLostUs: Micros | null;
  ackedAfterHeal: number;
  epochOwner: Record<string, number>;
}

export function primaryReplicaMonitors(config: PrimaryReplicaConfig, topology: TopologyLayout | null, healedAtUs: Micros | null = null): Monitor[] {
  const servers = topology ? new Set(nodesOf(topology, SERVER_KIND)) : null;
  const name = (id: number) => nodeName(topology, id);
  const strict = config.replication === 'sync' && config.fencing;
  const fresh = (): State => ({ ledger: freshLedger(), ackedTotal: 0, writes: 0, lagStats: {}, firstAckUs: null, firstPromotionUs: null, firstStaleUs: null, firstLostUs: null, ackedAfterHeal: 0, epochOwner: {} });
  let s = fresh();

  const lostViolation = (lost: LostWrite, event: TraceEvent): Violation => ({
    invariant: 'No acknowledged write is lost',
    message: `the write of ${lost.key} = ${lost.value} (index ${lost.index}, epoch ${lost.epoch}), acknowledged to ${name(lost.client)}, is lost: ${
      lost.how === 'failover' ? `${name(lost.at!)} became primary of epoch ${lost.inEpoch} without it` : lost.how === 'late' ? `acknowledged after ${name(lost.at!)}, primary of epoch ${lost.inEpoch}, went on without it` : `${name(lost.at!)} rewound it`
    }`,
    event,
  });

  const monitor: Monitor = {
    observe(e) {
      const staleBefore = s.ledger.staleReads;
      const ackedBefore = Object.keys(s.ledger.acked).length + s.ledger.lost.length;
      const lost = foldLedger(s.ledger, e);
      if (s.ledger.staleReads > staleBefore) s.firstStaleUs ??= e.at;
      if (Object.keys(s.ledger.acked).length + s.ledger.lost.length > ackedBefore) {
        s.ackedTotal++;
        s.firstAckUs ??= e.at;
        if (healedAtUs !== null && e.at >= healedAtUs) s.ackedAfterHeal++;
      }
      if (lost.length > 0) s.firstLostUs ??= e.at;
      if (strict && lost.length > 0) return lostViolation(lost[0]!, e);
      if (e.kind === 'metric') {
        const m = /^lag\.(\d+)\.(entries|ms)$/.exec(e.name);
        if (m) {
          const st = (s.lagStats[m[1]!] ??= { n: 0, sumMs: 0, maxMs: 0, maxEntries: 0 });
          if (m[2] === 'ms') {
            st.n++;
            st.sumMs += e.value;
            st.maxMs = Math.max(st.maxMs, e.value);
          } else st.maxEntries = Math.max(st.maxEntries, e.value);
        }
        return undefined;
      }
      if (e.kind === 'observe' && (e.what === 'promoted' || e.what === 'write')) {
        // The first server to become primary of an epoch (or to write in it) owns it for good.
        const epoch = e.data?.epoch as number;
        const owner = s.epochOwner[epoch];
        if (e.what === 'promoted' && epoch > 1) s.firstPromotionUs ??= e.at;
        if (e.what === 'write') s.writes++;
        if (owner === undefined) s.epochOwner[epoch] = e.node;
        else if (owner !== e.node) {
          const did = e.what === 'write' ? 'accepted a write in' : 'became primary of';
          return { invariant: 'One primary per epoch', message: `${name(e.node)} ${did} epoch ${epoch}, whose primary was ${name(owner)}`, event: e };
        }
      }
      if (e.kind === 'send' && e.msg.type === 'Ack' && (servers === null || servers.has(e.node))) {
        const ack = e.msg as unknown as { ok: boolean; match: number };
        const held = s.ledger.logs[e.node]?.length ?? 0;
        if (ack.ok && ack.match > held) {
          return {
            invariant: 'A replica acknowledges only what it holds',
            message: `${name(e.node)} acknowledged index ${ack.match} to ${name(e.to)} but its log ends at ${held}`,
            event: e,
          };
        }
      }
      return undefined;
    },
    finish({ untilUs }) {
      const end = settleLedger(s.ledger, untilUs);
      const violations: Violation[] = [];
      if (strict && end.length > 0) {
        const w = end[0]!;
        violations.push({ invariant: 'No acknowledged write is lost', message: `the write of ${w.key} = ${w.value} (index ${w.index}), acknowledged to ${name(w.client)}, is not in the last primary's log` });
      }
      const lag = Object.fromEntries(
        Object.entries(s.lagStats).map(([id, st]) => [name(Number(id)), { maxEntries: st.maxEntries, maxMs: st.maxMs, meanMs: st.n ? Math.round(st.sumMs / st.n) : 0 }]),
      );
      const sometimes: SometimesResult[] = [
        { property: 'a write is acknowledged', held: s.firstAckUs !== null, ...(s.firstAckUs !== null ? { firstAtUs: s.firstAckUs } : {}) },
        { property: 'a replica is promoted', held: s.firstPromotionUs !== null, ...(s.firstPromotionUs !== null ? { firstAtUs: s.firstPromotionUs } : {}) },
        { property: 'a read is stale', held: s.firstStaleUs !== null, ...(s.firstStaleUs !== null ? { firstAtUs: s.firstStaleUs } : {}) },
        { property: 'an acknowledged write is lost', held: s.firstLostUs !== null || end.length > 0, ...(s.firstLostUs !== null ? { firstAtUs: s.firstLostUs } : {}) },
      ];
      return {
        stats: {
          replication: config.replication,
          fencing: config.fencing,
          writes: s.writes,
          ackedWrites: s.ackedTotal,
          lostAckedWrites: s.ledger.lost.length,
          lostWrites: s.ledger.lost.slice(0, 20).map((w) => `${w.key}=${w.value} (index ${w.index}, epoch ${w.epoch}, acked to ${name(w.client)} at ${Math.round(w.ackedUs / 1000)} ms)`),
          reads: s.ledger.reads,
          staleReads: s.ledger.staleReads,
          failovers: s.ledger.promotions,
          epoch: s.ledger.highestEpoch,
          primaryAtEnd: s.ledger.current ? name(s.ledger.current.node) : null,
          staleEpochWrites: s.ledger.staleEpochWrites,
          ...(healedAtUs !== null ? { ackedAfterHeal: s.ackedAfterHeal } : {}),
          lag,
          ...(Object.keys(s.ledger.consumers).length ? { cdc: Object.fromEntries(Object.entries(cdcReport(s.ledger)).map(([id, r]) => [name(Number(id)), r])) } : {}),
        },
        violations,
        sometimes,
      };
    },
    snapshot() {
      return structuredClone(s);
    },
    restore(state) {
      s = structuredClone(state as State);
    },
  };
  return [monitor];
}
