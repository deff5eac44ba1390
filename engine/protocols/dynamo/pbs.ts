import { RandomStream } from '../../kernel/random';
import type { TraceEvent } from '../../kernel/trace';
import { InProcessRunner } from '../../runner/inprocess';
import { defaultScenario } from '../../scenario/schema';
import { buildRing, preferenceList } from './ring';
import type { DynamoResult } from './types';

/**
 * Probabilistically Bounded Staleness (Bailis et al., VLDB 2012), measured on the real protocol:
 * a put of a fresh key, then, t ms after the client got its acknowledgement, a get; the read is
 * fresh when it returns the put's version. Coordinators are nodes outside the key's preference
 * list (as in PBS's model, where the coordinator is not a replica), read repair and sloppy quorum
 * are off and the replica timeout is long, so only N, R, W and the message latencies decide.
 * Every trial is a separate key, run one after another in one deterministic run.
 */
export interface PbsSetting {
  n: number;
  r: number;
  w: number;
  latencyMs: { min: number; max: number };
}

export interface PbsRow extends PbsSetting {
  tMs: number;
  trials: number;
  fresh: number;
  pFresh: number;
}

export function pbsExperiment(settings: readonly PbsSetting[], tsMs: readonly number[], trials: number, seed = 1): PbsRow[] {
  const rows: PbsRow[] = [];
  for (const setting of settings) {
    for (const tMs of tsMs) rows.push(runCell(setting, tMs, trials, seed));
  }
  return rows;
}

function runCell(setting: PbsSetting, tMs: number, trials: number, seed: number): PbsRow {
  const nodes = setting.n + 2;
  const scenario = defaultScenario({
    protocol: 'dynamo',
    nodes,
    seed,
    untilUs: 24 * 3600 * 1_000_000,
    workload: { kind: 'none' },
    config: { n: setting.n, r: setting.r, w: setting.w, sloppy: false, readRepair: false, replicaTimeoutMs: 10_000, operationTimeoutMs: 20_000, handoffIntervalMs: 600_000, antiEntropyIntervalMs: 0 },
    network: { latencyUs: { min: setting.latencyMs.min * 1000, max: setting.latencyMs.max * 1000 } },
  });
  const returns = new Map<number, { result: DynamoResult; atUs: number }>();
  const runner = new InProcessRunner(scenario, {
    monitors: false,
    sink: (e: TraceEvent) => {
      if (e.kind === 'return') returns.set(e.opId, { result: e.result as DynamoResult, atUs: e.at });
    },
  });
  const ring = buildRing(nodes, 8);
  const random = RandomStream.derive(seed, `pbs/${setting.n}/${setting.r}/${setting.w}/${tMs}`);
  let fresh = 0;
  let opIndex = 0;
  /** Runs until the operation just issued answers; returns its result and the time it answered. */
  const answer = (): { result: DynamoResult; atUs: number } => {
    const opId = 2 ** 30 + opIndex++;
    while (!returns.has(opId)) if (!runner.step()) throw new Error('the run stopped before an answer');
    return returns.get(opId)!;
  };
  for (let i = 0; i < trials; i++) {
    const key = `pbs:${i}`;
    const outsiders = preferenceList(ring, key).slice(setting.n);
    runner.act({ kind: 'command', node: random.pick(outsiders), command: { type: 'put', key, value: `v${i}` } });
    const { result: put, atUs: ackedAtUs } = answer();
    if (!put.ok || put.kind !== 'put') throw new Error(`put ${i} failed`);
    runner.runUntil(ackedAtUs + tMs * 1000 + 1);
    runner.act({ kind: 'command', node: random.pick(outsiders), command: { type: 'get', key } });
    const { result: get, atUs: readAtUs } = answer();
    if (get.ok && get.kind === 'get' && get.versions.some((v) => v.dot === put.dot)) fresh++;
    // Let the trial's remaining messages land before the next one starts.
    runner.runUntil(readAtUs + setting.latencyMs.max * 2000 + 1000);
  }
  return { ...setting, tMs, trials, fresh, pFresh: fresh / trials };
}
