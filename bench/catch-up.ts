import { defaultScenario, type Scenario } from '../engine/scenario/schema';
import { CoordinatorService } from '../workers/coordinator-service';
import { nodeWorkerFactory } from '../workers/node-factory';

export interface CatchUpFigures {
  virtualS: number;
  /**
   * Opening the run at `virtualS` (load with its moment) until the node workers stand there: run
   * untraced in one thread, then the workers start from its state (CoordinatorService.showFirst).
   */
  catchUpMs: number;
  /** And until its checks are done too (trace hash, monitors, the trace's tail, checkpoints: `status()` returns). */
  checkedMs: number;
  /** What the checkpoints kept on the way weigh (workers/checkpoints.ts estimateBytes), and how many. */
  checkpointBytes: number;
  checkpoints: number;
  /** The baseline: the same jump run window by window in the node workers (null: not run, too long). */
  workersOnlyMs: number | null;
}

/**
 * The run a share link opens in the link rows: the page's default five servers and client load
 * (a write every 250 ms), seed 4. The Node figures and the page's (bench/links.ts) open this same one.
 */
export function linkScenario(): Scenario {
  return defaultScenario({ protocol: 'raft', nodes: 5, seed: 4, workload: { kind: 'interval', intervalUs: 250_000 } });
}

/**
 * Opening a shared link at minute `minutes` (the page's default five servers and client load),
 * as the coordinator service does it, against the same jump run in the node workers all the way.
 */
export async function benchCatchUp(minutes: number, withWorkersBaseline = true): Promise<CatchUpFigures> {
  const factory = await nodeWorkerFactory();
  const scenario = linkScenario();
  const at = minutes * 60_000_000;
  // As the page opens a link: load with its moment, from nothing to the workers standing there.
  const time = async (catchUpUs: number) => {
    const service = new CoordinatorService(factory, catchUpUs);
    try {
      const started = performance.now();
      await service.load(scenario, { at });
      const shown = performance.now();
      await service.status();
      return { ms: Math.round(shown - started), checkedMs: Math.round(performance.now() - started), held: service.checkpointsHeld() };
    } finally {
      await service.close();
    }
  };
  const fast = await time(2_000_000);
  return {
    virtualS: at / 1e6,
    catchUpMs: fast.ms,
    checkedMs: fast.checkedMs,
    checkpointBytes: fast.held.bytes,
    checkpoints: fast.held.count,
    workersOnlyMs: withWorkersBaseline ? (await time(Number.MAX_SAFE_INTEGER)).ms : null,
  };
}
