import type { LessonAction, NodeRef } from '../../engine/scenario/lesson';
import type { Actor } from '../../engine/kernel/actions';
import type { NodeId } from '../../engine/kernel/protocol';
import type { Scenario } from '../../engine/scenario/schema';
import { fromMs } from '../../engine/kernel/time';
import type { PageCommands } from '../commands/types';
import { currentLeader, nodeLabel, someFollower, type LessonWorld } from './world';

/**
 * A command a lesson runs: one of the page's or the protocol's named commands (app/commands/),
 * by name with its arguments, exactly as a button would run it.
 */
export interface CommandCall {
  name: string;
  args: unknown[];
}

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

export type Resolved = { ok: true; call: CommandCall } | { ok: false; problem: string };

function resolveNode(ref: NodeRef, world: LessonWorld): NodeId | string {
  if (typeof ref === 'number') return ref;
  if (ref === 'leader') return currentLeader(world) ?? 'there is no leader right now';
  return someFollower(world) ?? 'there is no running follower right now';
}

const call = <K extends keyof PageCommands | string>(name: K, ...args: K extends keyof PageCommands ? PageCommands[K] : [NodeId] | []): Resolved => ({
  ok: true,
  call: { name, args },
});

/**
 * Turns a lesson's action into one command call, naming servers by role as they are now
 * ("leader" is the current leader). Pure; a role that nobody holds is a problem to show.
 */
export function resolveAction(action: LessonAction, world: LessonWorld): Resolved {
  const node = (ref: NodeRef) => resolveNode(ref, world);
  switch (action.kind) {
    case 'play':
    case 'pause':
    case 'heal':
    case 'addServer':
      return call(action.kind);
    case 'setSpeed':
      return call('setSpeed', action.speed);
    case 'seek':
      return call('seek', fromMs(action.atMs));
    case 'crash':
    case 'restart':
    case 'forceTimeout':
    case 'clientWrite':
    case 'clientRead':
    case 'removeServer': {
      const id = node(action.node);
      if (typeof id === 'string') return { ok: false, problem: `Could not ${verb(action.kind)}: ${id}.` };
      return call(action.kind, id);
    }
    case 'cutLink':
    case 'restoreLink': {
      const from = node(action.from);
      const to = node(action.to);
      const bad = [from, to].find((x) => typeof x === 'string');
      if (bad !== undefined) return { ok: false, problem: `Could not ${verb(action.kind)}: ${bad}.` };
      return call(action.kind, from as NodeId, to as NodeId, action.oneWay ?? false);
    }
    case 'partition': {
      const groups: NodeId[][] = [];
      for (const g of action.groups) {
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
      if (action.latencyMs) change.latencyUs = { min: Math.max(1, fromMs(action.latencyMs.min)), max: Math.max(1, fromMs(action.latencyMs.max)) };
      if (action.lossRate !== undefined) change.lossRate = action.lossRate;
      if (action.duplicateRate !== undefined) change.duplicateRate = action.duplicateRate;
      return call('setNetwork', change);
    }
  }
}

function verb(kind: LessonAction['kind']): string {
  switch (kind) {
    case 'crash':
      return 'crash the server';
    case 'restart':
      return 'restart the server';
    case 'forceTimeout':
      return 'time the server out';
    case 'clientWrite':
      return 'send a write';
    case 'clientRead':
      return 'send a read';
    case 'removeServer':
      return 'remove the server';
    case 'cutLink':
      return 'cut the link';
    case 'restoreLink':
      return 'restore the link';
    default:
      return kind;
  }
}

/** A short description of a call, for tests and the panel's "this step did …" line. */
export function describeCall(c: CommandCall): string {
  const [first] = c.args as unknown[];
  return typeof first === 'number' && c.name !== 'setSpeed' && c.name !== 'seek' ? `${c.name} ${nodeLabel(first)}` : c.name;
}
