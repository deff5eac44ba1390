import type { NodeId } from '../engine/kernel/protocol';
import type { WorkerFactory, WorkerHandle } from './coordinator';

/**
 * Node workers started ahead of need. A fresh worker spends its first ~200 ms loading its
 * script (bench: "start-up"); a catch-up (workers/coordinator-service.ts) knows it will want a
 * fresh worker per running node once it is done, so it asks for them first and they load while
 * it runs. A spare has never hosted anything: handing one out is spawning a fresh worker, only
 * sooner (DESIGN.md invariant 3 holds: a restarted node still gets a worker of its own).
 */
export class SpareWorkers implements WorkerFactory {
  private readonly spares = new Map<NodeId, WorkerHandle>();

  constructor(private readonly factory: WorkerFactory) {}

  /** Starts a worker for each of `nodes` that has none waiting. */
  prepare(nodes: readonly { id: NodeId; name: string }[]): void {
    for (const { id, name } of nodes) if (!this.spares.has(id)) this.spares.set(id, this.factory.spawn(id, name));
  }

  /** The spare started for `id` if there is one, else a new worker. */
  spawn(id: NodeId, name: string): WorkerHandle {
    const spare = this.spares.get(id);
    if (!spare) return this.factory.spawn(id, name);
    this.spares.delete(id);
    return spare;
  }

  channel(): { port1: MessagePort; port2: MessagePort } {
    return this.factory.channel();
  }

  /** Ends the spares nobody took (a node that went down on the way, a run replaced). */
  async discard(): Promise<void> {
    const unused = [...this.spares.values()];
    this.spares.clear();
    await Promise.all(unused.map((w) => w.terminate()));
  }
}
