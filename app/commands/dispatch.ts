import type { Action } from '../../engine/kernel/actions';
import { byzantineActions, slowActions, CLOCK_COMMANDS, ENVIRONMENT_NODE_COMMANDS, NETWORK_COMMANDS, networkActions } from './environment';
import type { ClockCommand, CommandEnv, CommandTarget, CommandWorld, NodeCommand, ProtocolCommand } from './types';

/**
 * The one dispatcher: a command's name and arguments, the running protocol's commands and the
 * world as it is, to what happens. Pure (`resolveCommand`), so the page's session and the
 * headless learner run commands exactly alike (`runCommand`).
 */
export type Resolution =
  | { kind: 'clock'; name: ClockCommand; args: unknown[] }
  | { kind: 'actions'; actions: Action[] }
  | { kind: 'problem'; text: string; tone: 'info' | 'warning' | 'error' };

/** Every node command of a protocol, the page's crash and restart first. */
export function nodeCommands(commands: readonly ProtocolCommand[]): NodeCommand[] {
  return [...ENVIRONMENT_NODE_COMMANDS, ...commands.filter((c): c is NodeCommand => c.scope === 'node')];
}

export function resolveCommand(
  commands: readonly ProtocolCommand[],
  world: CommandWorld,
  env: CommandEnv,
  name: string,
  args: readonly unknown[],
): Resolution {
  if (CLOCK_COMMANDS.has(name)) return { kind: 'clock', name: name as ClockCommand, args: [...args] };
  if (NETWORK_COMMANDS.has(name)) {
    const actions = networkActions(name, args);
    return actions ? { kind: 'actions', actions } : { kind: 'problem', text: `"${name}" cannot take those arguments.`, tone: 'error' };
  }
  if (name === 'byzantine') {
    const actions = byzantineActions(args);
    if (!actions || (actions[0] as { node: number }).node >= Math.max(world.nodeCount, world.nodes.length)) {
      return { kind: 'problem', text: '"byzantine" takes a server of this cluster and a policy (or null).', tone: 'error' };
    }
    return { kind: 'actions', actions };
  }
  if (name === 'slow') {
    const actions = slowActions(args);
    if (!actions || (actions[0] as { node: number }).node >= Math.max(world.nodeCount, world.nodes.length)) {
      return { kind: 'problem', text: '"slow" takes a server of this cluster and a delay in ms (0 to 60000).', tone: 'error' };
    }
    return { kind: 'actions', actions };
  }
  const command = [...ENVIRONMENT_NODE_COMMANDS, ...commands].find((c) => c.id === name);
  if (!command) return { kind: 'problem', text: `There is no command "${String(name).slice(0, 40)}" here.`, tone: 'error' };
  let outcome;
  if (command.scope === 'node') {
    const node = args[0];
    if (typeof node !== 'number' || !Number.isInteger(node) || node < 0 || node >= Math.max(world.nodeCount, world.nodes.length)) {
      return { kind: 'problem', text: `"${command.label}" needs a server of this cluster.`, tone: 'error' };
    }
    outcome = command.run(node, world, env);
  } else {
    outcome = command.run(world, env, args);
  }
  return 'actions' in outcome ? { kind: 'actions', actions: outcome.actions } : { kind: 'problem', text: outcome.problem, tone: outcome.tone };
}

/** Resolves a command and carries it out on `target`. */
export function runCommand(target: CommandTarget, commands: readonly ProtocolCommand[], world: CommandWorld, name: string, args: readonly unknown[]): void {
  carryOut(target, resolveCommand(commands, world, target, name, args));
}

/** Carries out a resolved command on `target`: moves the clock, stamps its actions, or says why not. */
export function carryOut(target: CommandTarget, r: ReturnType<typeof resolveCommand>): void {
  switch (r.kind) {
    case 'clock':
      (target[r.name] as (...a: unknown[]) => void).apply(target, r.args);
      return;
    case 'actions':
      for (const action of r.actions) target.act(action);
      return;
    case 'problem':
      target.notice(r.text, r.tone);
  }
}
