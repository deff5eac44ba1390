import type { GenericAction, LessonAction, NodeRef } from '../../engine/scenario/lesson';
import { isProtocolWord, splitWord } from '../../engine/scenario/lesson';
import type { Actor } from '../../engine/kernel/actions';
import type { NodeId } from '../../engine/kernel/protocol';
import type { Scenario } from '../../engine/scenario/schema';
import { fromMs } from '../../engine/kernel/time';
import type { PageCommands } from '../commands/types';
import type { CommandCall, Resolved } from './contract';
import { lessonUiOf } from './vocabulary';
import { nodeLabel, type LessonWorld } from './world';

export type { CommandCall, Resolved } from './contract';

/**
 * What a lesson needs from the page: load a scenario (resolves once it is on screen; false if
 * it could not be loaded) and run a named command through the page's dispatcher.
 * `lessonSessionFrom` makes one from the page's Session.
 */
export interface LessonSession {
  load(scenario: Scenario): Promise<boolean | void>;
  command(name: string, ...args: unknown[]): void;
}

/**
 * Adapts the page's Session to a LessonSession. The lesson's commands are recorded as the
 * lesson's own actions when the session can tell (`actingAs`), so the event log says "The
 * lesson crashed S2", not the user.
 */
export function lessonSessionFrom(session: {
  load(scenario: Scenario): Promise<boolean | void>;
  command(name: string, ...args: unknown[]): void;
  actingAs?(actor: Actor, commands: () => void): void;
}): LessonSession {
  return {
    load: (scenario) => session.load(scenario),
    command: (name, ...args) => {
      const call = () => session.command(name, ...args);
      if (session.actingAs) session.actingAs('lesson', call);
      else call();
    },
  };
}

/** Runs one resolved call on a session. */
export function runCall(session: LessonSession, c: CommandCall): void {
  session.command(c.name, ...c.args);
}

function resolveNode(ref: NodeRef, world: LessonWorld): NodeId | string {
  if (typeof ref === 'number') return ref;
  const roles = lessonUiOf(world).roles;
  const role = Object.hasOwn(roles, ref) ? roles[ref]! : null;
  if (!role) return `${world.protocol} has no role "${ref}"`;
  return role.holder(world) ?? role.missing;
}

const call = <K extends keyof PageCommands>(name: K, ...args: PageCommands[K]): Resolved => ({ ok: true, call: { name, args } });

/**
 * Turns a lesson's action into one command call, naming nodes by role as they are now
 * ("leader" is the current leader, as the protocol finds it). Pure; a role that nobody holds is
 * a problem to show. A protocol's own action (`raft.forceTimeout`) is its lesson words' to resolve.
 */
export function resolveAction(action: LessonAction, world: LessonWorld): Resolved {
  const node = (ref: NodeRef) => resolveNode(ref, world);
  if (isProtocolWord(action)) {
    const [owner, name] = splitWord(action.kind);
    const actions = lessonUiOf({ protocol: owner }).actions;
    if (owner !== world.protocol || !Object.hasOwn(actions, name)) return { ok: false, problem: `Could not do "${action.kind}" in ${world.protocol}.` };
    return actions[name]!.resolve(action, world, node);
  }
  const a = action as GenericAction;
  switch (a.kind) {
    case 'play':
    case 'pause':
    case 'heal':
      return call(a.kind);
    case 'setSpeed':
      return call('setSpeed', a.speed);
    case 'seek':
      return call('seek', fromMs(a.atMs));
    case 'crash':
    case 'restart': {
      const id = node(a.node);
      if (typeof id === 'string') return { ok: false, problem: `Could not ${a.kind} the server: ${id}.` };
      return call(a.kind, id);
    }
    case 'cutLink':
    case 'restoreLink': {
      const from = node(a.from);
      const to = node(a.to);
      const bad = [from, to].find((x) => typeof x === 'string');
      if (bad !== undefined) return { ok: false, problem: `Could not ${a.kind === 'cutLink' ? 'cut' : 'restore'} the link: ${bad}.` };
      return call(a.kind, from as NodeId, to as NodeId, a.oneWay ?? false);
    }
    case 'partition': {
      const groups: NodeId[][] = [];
      for (const g of a.groups) {
        const ids: NodeId[] = [];
        for (const ref of g) {
          const id = node(ref);
          if (typeof id === 'string') return { ok: false, problem: `Could not make the partition: ${id}.` };
          // A role may resolve to a node already named: each node belongs to one group.
          if (!groups.some((x) => x.includes(id)) && !ids.includes(id)) ids.push(id);
        }
        groups.push(ids);
      }
      return call('partition', groups);
    }
    case 'setNetwork': {
      const change: PageCommands['setNetwork'][0] = {};
      if (a.latencyMs) change.latencyUs = { min: Math.max(1, fromMs(a.latencyMs.min)), max: Math.max(1, fromMs(a.latencyMs.max)) };
      if (a.lossRate !== undefined) change.lossRate = a.lossRate;
      if (a.duplicateRate !== undefined) change.duplicateRate = a.duplicateRate;
      return call('setNetwork', change);
    }
  }
}

/** Whether an action only moves or sets the clock (replaying it changes nothing in the run). */
export function isClockAction(action: LessonAction): boolean {
  if (isProtocolWord(action)) {
    const [owner, name] = splitWord(action.kind);
    const actions = lessonUiOf({ protocol: owner }).actions;
    return Object.hasOwn(actions, name) && actions[name]!.clock === true;
  }
  return CLOCK_ACTIONS.has(action.kind);
}

const CLOCK_ACTIONS: ReadonlySet<string> = new Set(['play', 'pause', 'setSpeed', 'seek']);

/** A short description of a call, for tests and the panel's "this step did …" line. */
export function describeCall(c: CommandCall): string {
  const [first] = c.args as unknown[];
  return typeof first === 'number' && c.name !== 'setSpeed' && c.name !== 'seek' ? `${c.name} ${nodeLabel(first)}` : c.name;
}
