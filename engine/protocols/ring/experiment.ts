import { InProcessRunner } from '../../runner/inprocess';
import { defaultScenario } from '../../scenario/schema';
import { makeScheme } from './placement/index';
import { keysMoved, loadImbalance } from './placement/measure';
import type { SchemeName, SchemeSettings } from './placement/scheme';
import { nodeName as topologyName } from '../../kernel/topology';

/**
 * Two deterministic experiments of the partitioning section (issue 13), until the generic
 * experiment panel runs per-protocol experiments:
 *
 * 1. **Keys moved per added node**: grow a cluster one node at a time and count the keys whose
 *    owner changes, against the ideal K/(N+1). Placement alone (`growthSeries`) and the live
 *    protocol, where each join is a real migration over messages (`liveGrowth`).
 * 2. **Imbalance against virtual nodes**: max load over mean load on the consistent-hash ring
 *    for 1 to 512 virtual nodes per member, averaged over several namings of the members (the
 *    names are what is hashed, so each naming is one sample of where the points fall).
 */

const keyNames = (k: number) => Array.from({ length: k }, (_, i) => `user:${i}`);

export interface GrowthRow {
  scheme: string;
  /** Members before the join. */
  from: number;
  moved: number;
  ideal: number;
  ratio: number;
}

export function growthSeries(scheme: SchemeName, settings: Partial<SchemeSettings>, keys: number, fromN: number, toN: number): GrowthRow[] {
  const s = makeScheme(scheme, settings);
  const k = keyNames(keys);
  const rows: GrowthRow[] = [];
  let members = Array.from({ length: fromN }, (_, i) => topologyName(null, i));
  let owners = s.assign(k, members);
  for (let n = fromN; n < toN; n++) {
    const next = [...members, topologyName(null, n)];
    const nextOwners = s.assign(k, next);
    const moved = keysMoved(owners, members, nextOwners, next);
    const ideal = keys / (n + 1);
    rows.push({ scheme: s.title, from: n, moved, ideal, ratio: moved / ideal });
    members = next;
    owners = nextOwners;
  }
  return rows;
}

export interface ImbalanceRow {
  vnodes: number;
  /** Mean over the namings of max load / mean load. */
  meanImbalance: number;
  worstImbalance: number;
}

export function imbalanceByVnodes(vnodeCounts: readonly number[], members: number, keys: number, namings: number): ImbalanceRow[] {
  const k = keyNames(keys);
  return vnodeCounts.map((vnodes) => {
    const scheme = makeScheme('ring', { vnodes });
    let sum = 0;
    let worst = 0;
    for (let j = 0; j < namings; j++) {
      const names = Array.from({ length: members }, (_, i) => `rack${j}-${topologyName(null, i)}`);
      const imbalance = loadImbalance(scheme.assign(k, names), members);
      sum += imbalance;
      worst = Math.max(worst, imbalance);
    }
    return { vnodes, meanImbalance: sum / namings, worstImbalance: worst };
  });
}

export interface LiveGrowthResult {
  stats: Record<string, unknown>;
  violations: number;
  traceHash: string;
}

/**
 * The live protocol: `first` members of `nodes` slots, the spares joining one by one every 2 s
 * under a put-or-get every 20 ms; the run's stats compare the keys the placement moved (and the
 * migration transferred) with the ideal sum of K/N over the joins.
 */
export function liveGrowth(scheme: SchemeName, keys: number, nodes: number, first: number, seed = 1): LiveGrowthResult {
  const timeline = Array.from({ length: nodes - first }, (_, i) => ({
    at: (i + 1) * 2_000_000,
    action: { kind: 'command' as const, node: first + i, command: { type: 'join' } },
  }));
  const untilUs = (nodes - first + 2) * 2_000_000;
  const scenario = defaultScenario({
    protocol: 'ring',
    seed,
    nodes,
    untilUs,
    config: { scheme, keys, initialMembers: first, workloadIntervalMs: 20, chunkKeys: 16, chunkIntervalMs: 5, maglevTableSize: 65_537, vnodes: 64 },
    timeline,
  });
  const summary = new InProcessRunner({ ...scenario, healedAtUs: untilUs - 1_000_000 }).runUntil(untilUs).summary();
  return { stats: summary.stats, violations: summary.violations.length, traceHash: summary.traceHash };
}
