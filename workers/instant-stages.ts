import type { Action } from '../engine/kernel/actions';
import { FaultState } from '../engine/kernel/faults';
import type { NodeId } from '../engine/kernel/protocol';

/** Consecutive actions of one instant that the node workers apply together, then exchange. */
export interface InstantStage {
  /** How many of the instant's actions (next in timeline order) the stage applies. */
  count: number;
  /** Nodes booted by a restart in this stage: each needs a fresh worker before the stage. */
  restarting: NodeId[];
}

/**
 * Splits the actions of one instant into the stages the worker runner applies one after the
 * other, with an exchange between two stages. The in-process runner applies them back to back;
 * the workers must stop in between where a node's worker needs something that another worker
 * only hands over once it has applied the earlier actions:
 *
 * - a restart of a node that crashed earlier in the stage: the coordinator spawns the fresh
 *   worker before the restart's stage, with the durable writes the old worker returns when it
 *   applies the crash;
 * - a crash of a node after another node booted, took a command or resumed in the stage: what that node
 *   sent then is on its way to the crashing one and is lost with it (a drop in its trace), so it
 *   must be in the crashing node's queue first.
 *
 * Everything else (a restart of a spare down before the instant, a crash after the node's own
 * restart or command, cuts, partitions, network changes, drops) stays in one stage. `faults` is
 * the state at the instant's start; it is not changed.
 */
export function instantStages(faults: FaultState, actions: readonly (Action | null)[]): InstantStage[] {
  const state = FaultState.fromSnapshot(faults.snapshot());
  const stages: InstantStage[] = [{ count: 0, restarting: [] }];
  let crashed = new Set<NodeId>();
  let acted = new Set<NodeId>();
  for (const action of actions) {
    // A resolved request that changes nothing (kernel/scaling.ts): counted, nothing else.
    if (action === null) {
      stages[stages.length - 1]!.count++;
      continue;
    }
    const effective = state.changesSomething(action);
    const mustWait =
      effective &&
      ((action.kind === 'restart' && crashed.has(action.node)) ||
        (action.kind === 'crash' && [...acted].some((node) => node !== action.node)));
    if (mustWait) {
      stages.push({ count: 0, restarting: [] });
      crashed = new Set();
      acted = new Set();
    }
    const stage = stages[stages.length - 1]!;
    stage.count++;
    if (effective && action.kind === 'restart') stage.restarting.push(action.node);
    if (effective && action.kind === 'crash') crashed.add(action.node);
    // A resume runs what waited: the node may send at this instant, like a boot or a command.
    if (effective && (action.kind === 'restart' || action.kind === 'command' || action.kind === 'resume')) acted.add(action.node);
    state.apply(action);
  }
  return stages;
}

/**
 * Whether the coordinator must stop at an instant with these actions (in timeline order) to
 * apply them itself: a restart needs a fresh worker, and a crash after a boot or a command may
 * need stages. A cheap test from the actions alone; instantStages decides exactly once there.
 */
export function needsCoordinator(actions: readonly Action[]): boolean {
  let acted = false;
  for (const action of actions) {
    if (action.kind === 'restart') return true;
    if (action.kind === 'crash' && acted) return true;
    if (action.kind === 'command' || action.kind === 'resume') acted = true;
  }
  return false;
}
