import type { CommandEvent } from '../kernel/events';
import type { FaultState } from '../kernel/faults';
import { ENVIRONMENT } from '../kernel/key';
import type { NodeId, WorkloadDefinition } from '../kernel/protocol';
import { RandomStream } from '../kernel/random';
import type { Micros } from '../kernel/time';

export interface WorkloadSnapshot {
  n: number;
  random: number[];
}

/**
 * The client load as a deterministic stream: operation n is issued at (n + 1) * interval to a
 * node drawn among those up at that instant (of the workload's target kind: `targets`, or
 * every node when null). Each worker pulls the same stream and keeps its own
 * operations; the caller must never pull across a timeline action (windows are cut there), so
 * every runner sees the same nodes up when it draws.
 */
export class WorkloadStream {
  private n = 0;
  private random: RandomStream;

  constructor(
    private readonly def: WorkloadDefinition,
    private readonly intervalUs: Micros,
    seed: number,
    private readonly targets: readonly NodeId[] | null = null,
  ) {
    this.random = RandomStream.derive(seed, 'workload');
  }

  nextAt(): Micros {
    return (this.n + 1) * this.intervalUs;
  }

  /**
   * The next operation issued before `end`, or null when there is none. Operations are made one
   * at a time, when a runner reaches them: a day of one operation a millisecond is 86 million of
   * them, which must never exist at once.
   */
  take(end: Micros, faults: FaultState): CommandEvent | null {
    while (this.nextAt() < end) {
      const at = this.nextAt();
      const up = this.targets ? this.targets.filter((id) => faults.isUp(id)) : faults.upNodes();
      const opId = this.n++;
      // Nobody to ask: the operation is not issued, but its number is used up all the same.
      if (up.length === 0) continue;
      const node = this.random.pick(up);
      const command = this.def.makeCommand(opId, this.random);
      return { kind: 'command', at, node, originNode: ENVIRONMENT, originIncarnation: 0, originSeq: opId, command };
    }
    return null;
  }

  /** Every operation issued before `end`, in order (callers keep `end` within one window). */
  pull(end: Micros, faults: FaultState): CommandEvent[] {
    const out: CommandEvent[] = [];
    for (let op = this.take(end, faults); op; op = this.take(end, faults)) out.push(op);
    return out;
  }

  /** Moves past every operation issued before `end` exactly as `pull` would, keeping none. */
  skip(end: Micros, faults: FaultState): void {
    while (this.take(end, faults)) {
      // Each operation draws its node and command: the stream must advance as a worker's does.
    }
  }

  clone(): WorkloadStream {
    const copy = new WorkloadStream(this.def, this.intervalUs, 0, this.targets);
    copy.restore(this.snapshot());
    return copy;
  }

  snapshot(): WorkloadSnapshot {
    return { n: this.n, random: this.random.state() };
  }

  restore(s: WorkloadSnapshot): void {
    this.n = s.n;
    this.random = RandomStream.fromState(s.random);
  }
}
