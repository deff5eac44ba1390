import type { Action, TimedAction } from '../engine/kernel/actions';
import type { InProcessSnapshot } from '../engine/runner/inprocess';
import type { RunSummary } from '../engine/runner/summary';
import { parseScenario } from '../engine/scenario/schema';
import type { Micros } from '../engine/kernel/time';
import { WorkerCoordinator, type WorkerFactory } from './coordinator';
import type { NodeReport } from './wire';

export interface CoordinatorStatus {
  now: Micros;
  traceHash: string;
  events: number;
  reports: NodeReport[];
  violation: RunSummary['violations'][number] | null;
}

/**
 * What the page's UI thread calls over Comlink (control only, never the per-message traffic).
 * It lives in the coordinator worker, so the simulation never runs on the UI thread.
 */
export class CoordinatorService {
  private coordinator: WorkerCoordinator | null = null;

  constructor(private readonly factory: WorkerFactory) {}

  /** Validates `input` (untrusted) and starts its workers; the previous run is closed. */
  async load(input: unknown, options: { withViews?: boolean } = {}): Promise<void> {
    const scenario = parseScenario(input);
    await this.coordinator?.close();
    this.coordinator = new WorkerCoordinator(scenario, this.factory, { withViews: options.withViews ?? true });
    await this.coordinator.start();
  }

  async restore(snapshot: InProcessSnapshot, options: { withViews?: boolean } = {}): Promise<void> {
    await this.coordinator?.close();
    this.coordinator = new WorkerCoordinator(parseScenario(snapshot.scenario), this.factory, { withViews: options.withViews ?? true });
    await this.coordinator.start(snapshot);
  }

  async runUntil(until: Micros): Promise<CoordinatorStatus> {
    await this.running().runUntil(until);
    return this.status();
  }

  async step(): Promise<CoordinatorStatus> {
    await this.running().step();
    return this.status();
  }

  act(action: Action): TimedAction {
    return this.running().act(action);
  }

  summary(): RunSummary {
    return this.running().summary();
  }

  snapshot(): Promise<InProcessSnapshot> {
    return this.running().snapshot();
  }

  status(): CoordinatorStatus {
    const c = this.running();
    const summary = c.summary();
    return {
      now: c.now,
      traceHash: summary.traceHash,
      events: summary.events,
      reports: [...c.reports.values()].sort((a, b) => a.id - b.id),
      violation: summary.violations[0] ?? null,
    };
  }

  async close(): Promise<void> {
    await this.coordinator?.close();
    this.coordinator = null;
  }

  private running(): WorkerCoordinator {
    if (!this.coordinator) throw new Error('no scenario is loaded');
    return this.coordinator;
  }
}
