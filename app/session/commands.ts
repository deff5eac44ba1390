import { carryOut, resolveCommand } from '../commands/dispatch';
import type { CommandTarget, PageCommands } from '../commands/types';
import { protocolUi } from '../protocols/registry';
import { useSim } from '../store/store';

/**
 * The page's dispatcher: buttons, keyboard shortcuts, the URL loader, lessons and tests run
 * every command through `dispatch`, by name, and nothing else (app/commands/ says what each
 * does; the running protocol's own commands come from the registry). The session that carries
 * them out is installed once at start-up (see session.ts); views never talk to workers.
 */
let target: CommandTarget | null = null;

export function installSession(session: CommandTarget): void {
  target = session;
}

/** Resolves once the installed session has no call on its way (Session.idle; at once before it is installed). */
export function whenIdle(): Promise<void> {
  return (target as (CommandTarget & { idle?: () => Promise<void> }) | null)?.idle?.() ?? Promise.resolve();
}

/** A target that may ask before a command forks the run (the page's session does). */
interface ForkGuard {
  guardFork(carryOut: () => void): void;
}

/**
 * Runs a command on `session` with the page's world and the running protocol's commands. A
 * command that acts (not one that moves the clock) goes through the session's fork guard: made
 * while viewing the past, it may wait for the user's word (session.ts).
 */
export function runPageCommand(session: CommandTarget & Partial<ForkGuard>, name: string, args: readonly unknown[]): void {
  const state = useSim.getState();
  const resolved = resolveCommand(protocolUi(state.protocol).commands, state, session, name, args);
  if (resolved.kind === 'actions' && session.guardFork) session.guardFork(() => carryOut(session, resolved));
  else carryOut(session, resolved);
}

/** Runs a command by name; before the session is installed it does nothing (the page is still loading). */
export function dispatch<K extends keyof PageCommands>(name: K, ...args: PageCommands[K]): void;
export function dispatch(name: string, ...args: unknown[]): void;
export function dispatch(name: string, ...args: unknown[]): void {
  if (target) runPageCommand(target, name, args);
}

export function togglePlay(): void {
  if (useSim.getState().playing) dispatch('pause');
  else dispatch('play');
}
