import type { Action, Actor, TimedAction } from '../kernel/actions';
import { isMainOnly, kindsOf } from '../kernel/topology';
import { getProtocolIfKnown } from '../protocols/registry';
import { isPlainObject } from './migrations';
import { ScenarioError, type Scenario } from './schema';
import type { ScenarioView } from './untrusted';

/**
 * The compact JSON inside a share link (docs/scenario-format.md, "Links"): one-letter keys,
 * defaults left out, actions as short arrays with the time as a step from the previous one.
 *
 * Each scenario version has its codec: `compact` writes today's, and `EXPANDERS[n]` reads the
 * compact form of version n back into the full form of version n, which then goes through the
 * migrations and validation like a file. A released expander is frozen: links made with it
 * must open for good. A new version whose compact form stays the same reuses the old expander.
 */

/** The full form's defaults the compact form leaves out (they equal parseScenario's). */
const DEFAULT_UNTIL_US = 30_000_000;

/** One letter per action kind, in both directions. */
const CODE_OF = {
  crash: 'c',
  restart: 'r',
  cut: 'x',
  restore: 'o',
  partition: 'p',
  heal: 'h',
  network: 'n',
  drop: 'd',
  command: 'm',
  // Added without a new version: no earlier link could hold these letters (they were refused).
  pause: 'z',
  resume: 'w',
  byzantine: 'b',
  slow: 'y',
} as const satisfies Record<Action['kind'], string>;

/** One letter per actor (TimedAction.by). */
const ACTOR_CODE = { user: 'u', lesson: 'l', nemesis: 'n' } as const satisfies Record<Actor, string>;
const ACTOR_OF: Record<string, Actor | undefined> = { u: 'user', l: 'lesson', n: 'nemesis' };

/**
 * Today's (version 3) compact form of a valid scenario and a view: version 1's, plus `g` (the
 * topology, left out when it is every node of the main kind under its own prefix, so a default
 * topology costs nothing) and `k` (per-link latency, left out when there is none).
 */
export function compactScenario(s: Scenario, view: ScenarioView): Record<string, unknown> {
  const doc: Record<string, unknown> = { s: s.seed, p: s.protocol.name };
  if (Object.keys(s.protocol.config).length > 0) doc.c = s.protocol.config;
  doc.n = s.nodes;
  const groups = compactTopology(s);
  if (groups) doc.g = groups;
  if (s.network.links && s.network.links.length > 0) {
    doc.k = s.network.links.map((l) => [l.from, l.to, l.latencyUs.min, l.latencyUs.max, ...(l.oneWay ? [1] : [])]);
  }
  if (s.initiallyDown.length > 0) doc.d = s.initiallyDown;
  doc.l = [s.network.latencyUs.min, s.network.latencyUs.max];
  if (s.network.lossRate !== 0) doc.o = s.network.lossRate;
  if (s.network.duplicateRate !== 0) doc.u = s.network.duplicateRate;
  if (s.workload.kind === 'none') doc.w = 'none';
  else if (s.workload.kind === 'interval') doc.w = s.workload.intervalUs;
  if (s.timeline.length > 0) {
    let previous = 0;
    const timeline = sortedByTime(s.timeline);
    doc.t = timeline.map(({ at, action }) => {
      const step = at - previous;
      previous = at;
      return [step, ...compactAction(action)];
    });
    // Who acted: one letter per action ("-" the scenario itself); left out when nobody did.
    const actors = timeline.map((t) => (t.by ? ACTOR_CODE[t.by] : '-')).join('');
    if (/[^-]/.test(actors)) doc.b = actors;
  }
  if (s.untilUs !== DEFAULT_UNTIL_US) doc.e = s.untilUs;
  if (s.healedAtUs !== null) doc.h = s.healedAtUs;
  if (view.atUs !== undefined) doc.a = view.atUs;
  return doc;
}

/**
 * Groups as `[kind, count]`, `[kind, count, prefix]` when the prefix is not the kind's own, and
 * `[kind, count, prefix or null, config]` with settings; undefined for the default topology.
 */
function compactTopology(s: Scenario): unknown[] | undefined {
  const groups = s.topology?.groups;
  if (!groups) return undefined;
  const protocol = getProtocolIfKnown(s.protocol.name);
  const kinds = protocol ? kindsOf(protocol) : undefined;
  if (kinds && isMainOnly({ groups }, kinds, s.nodes)) return undefined;
  const ownPrefix = (kind: string) => (kinds && Object.prototype.hasOwnProperty.call(kinds.kinds, kind) ? kinds.kinds[kind]!.prefix : undefined);
  return groups.map((g) => {
    const prefix = g.prefix !== undefined && g.prefix !== ownPrefix(g.kind) ? g.prefix : null;
    if (g.config !== undefined) return [g.kind, g.count, prefix, g.config];
    return prefix === null ? [g.kind, g.count] : [g.kind, g.count, prefix];
  });
}

function sortedByTime(timeline: readonly TimedAction[]): TimedAction[] {
  return timeline.map((t, i) => ({ t, i })).sort((a, b) => a.t.at - b.t.at || a.i - b.i).map(({ t }) => t);
}

function compactAction(a: Action): unknown[] {
  const code = CODE_OF[a.kind];
  switch (a.kind) {
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
      return [code, a.node];
    case 'byzantine':
      return [code, a.node, a.policy];
    case 'slow':
      return [code, a.node, a.delayUs];
    case 'cut':
    case 'restore':
      return a.oneWay ? [code, a.from, a.to, 1] : [code, a.from, a.to];
    case 'partition':
      return [code, a.groups];
    case 'heal':
      return [code];
    case 'network': {
      const change: Record<string, unknown> = {};
      if (a.latencyUs !== undefined) change.l = [a.latencyUs.min, a.latencyUs.max];
      if (a.lossRate !== undefined) change.o = a.lossRate;
      if (a.duplicateRate !== undefined) change.u = a.duplicateRate;
      return [code, change];
    }
    case 'drop':
      return [code, a.id.from, a.id.fromIncarnation, a.id.fromSeq];
    case 'command': {
      const keys = Object.keys(a.command);
      return [code, a.node, keys.length === 1 && keys[0] === 'type' ? a.command.type : a.command];
    }
  }
}

export interface Expanded {
  /** The full form, not yet validated. */
  scenario: Record<string, unknown>;
  view: unknown;
}

export type Expander = (doc: Record<string, unknown>, version: number) => Expanded;

const TOP_KEYS = new Set(['s', 'p', 'c', 'n', 'd', 'l', 'o', 'u', 'w', 't', 'b', 'e', 'h', 'a']);

/** Reads version 1's compact form. Values pass through as they are: parseScenario checks them. */
function expandV1(doc: Record<string, unknown>, version: number): Expanded {
  for (const key of Object.keys(doc)) {
    if (!TOP_KEYS.has(key)) throw new ScenarioError(`the link has an unknown field "${key.slice(0, 20)}"`);
  }
  if (!('s' in doc) && !('p' in doc) && !('n' in doc)) throw new ScenarioError('the link is not a Quorum Playground scenario');
  const scenario: Record<string, unknown> = {
    version,
    seed: doc.s,
    protocol: 'c' in doc ? { name: doc.p, config: doc.c } : { name: doc.p },
    nodes: doc.n,
    network: { latencyUs: pair(doc.l, 'network.latencyUs'), ...optional('lossRate', doc.o), ...optional('duplicateRate', doc.u) },
  };
  if ('d' in doc) scenario.initiallyDown = doc.d;
  if ('w' in doc) {
    scenario.workload = doc.w === 'none' ? { kind: 'none' } : doc.w === 'default' ? { kind: 'default' } : { kind: 'interval', intervalUs: doc.w };
  }
  if ('t' in doc) scenario.timeline = expandTimeline(doc.t);
  // `b` (who acted) came after the first links: links without it open as before.
  if ('b' in doc) scenario.timeline = withActors(scenario.timeline, doc.b);
  if ('e' in doc) scenario.untilUs = doc.e;
  if ('h' in doc) scenario.healedAtUs = doc.h;
  return { scenario, view: 'a' in doc ? { atUs: doc.a } : undefined };
}

/**
 * Reads version 3's compact form: version 1's plus `g` (groups) and `k` (per-link latency).
 * Values pass through as they are: parseScenario checks them.
 */
function expandV3(doc: Record<string, unknown>, version: number): Expanded {
  const { g, k, ...v1 } = doc;
  const expanded = expandV1(v1, version);
  if (g !== undefined) expanded.scenario.topology = { groups: expandGroups(g) };
  if (k !== undefined) {
    if (!Array.isArray(k)) throw new ScenarioError('network.links: must be a list in the link');
    const network = expanded.scenario.network as Record<string, unknown>;
    network.links = k.map((entry: unknown, i) => {
      if (!Array.isArray(entry) || entry.length < 4 || entry.length > 5) {
        throw new ScenarioError(`network.links.${i}: must be [from, to, min, max] or [from, to, min, max, 1] in the link`);
      }
      const [from, to, min, max, oneWay] = entry as unknown[];
      return { from, to, latencyUs: { min, max }, ...(entry.length === 5 ? { oneWay: oneWay === 1 ? true : oneWay } : {}) };
    });
  }
  return expanded;
}

function expandGroups(raw: unknown): unknown[] {
  if (!Array.isArray(raw)) throw new ScenarioError('topology.groups: must be a list in the link');
  return raw.map((entry: unknown, i) => {
    if (!Array.isArray(entry) || entry.length < 2 || entry.length > 4) {
      throw new ScenarioError(`topology.groups.${i}: must be [kind, count, prefix, config] in the link`);
    }
    const [kind, count, prefix, config] = entry as unknown[];
    return { kind, count, ...(prefix !== undefined && prefix !== null ? { prefix } : {}), ...(config !== undefined ? { config } : {}) };
  });
}

function optional(key: string, value: unknown): Record<string, unknown> {
  return value === undefined ? {} : { [key]: value };
}

/** `[min, max]` to `{min, max}`; anything else passes on for validation to name. */
function pair(value: unknown, path: string): unknown {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length !== 2) throw new ScenarioError(`${path}: must be a pair [min, max] in the link`);
  return { min: value[0], max: value[1] };
}

function expandTimeline(raw: unknown): unknown {
  if (!Array.isArray(raw)) throw new ScenarioError('timeline: must be a list');
  let at = 0;
  return raw.map((entry: unknown, i) => {
    const path = `timeline.${i}`;
    if (!Array.isArray(entry) || entry.length < 2) throw new ScenarioError(`${path}: must be a list [time step, action, ...]`);
    const [step, code, ...args] = entry as unknown[];
    if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0) {
      throw new ScenarioError(`${path}.at: the time step must be a whole number of µs, 0 or more`);
    }
    at += step;
    if (!Number.isSafeInteger(at)) throw new ScenarioError(`${path}.at: too large`);
    return { at, action: expandAction(code, args, `${path}.action`) };
  });
}

function withActors(timeline: unknown, raw: unknown): unknown {
  const entries = Array.isArray(timeline) ? (timeline as Record<string, unknown>[]) : [];
  if (typeof raw !== 'string' || raw.length !== entries.length || !/^[-uln]*$/.test(raw)) {
    throw new ScenarioError('the link\'s "b" (who acted) must be one of "-", "u", "l", "n" per action');
  }
  return entries.map((entry, i) => {
    const by = ACTOR_OF[raw[i]!];
    return by ? { ...entry, by } : entry;
  });
}

function expandAction(code: unknown, args: unknown[], path: string): Record<string, unknown> {
  const arity = (min: number, max = min) => {
    if (args.length < min || args.length > max) {
      const count = min === max ? `${min}` : `${min} to ${max}`;
      throw new ScenarioError(`${path}: "${String(code)}" takes ${count} values, got ${args.length}`);
    }
  };
  switch (code) {
    case 'c':
    case 'r':
      arity(1);
      return { kind: code === 'c' ? 'crash' : 'restart', node: args[0] };
    case 'x':
    case 'o': {
      arity(2, 3);
      const oneWay = args.length === 3 ? (args[2] === 1 ? true : args[2] === 0 ? false : args[2]) : false;
      return { kind: code === 'x' ? 'cut' : 'restore', from: args[0], to: args[1], oneWay };
    }
    case 'p':
      arity(1);
      return { kind: 'partition', groups: args[0] };
    case 'h':
      arity(0);
      return { kind: 'heal' };
    case 'n': {
      arity(1);
      const change = args[0];
      if (!isPlainObject(change)) throw new ScenarioError(`${path}: a network change must be an object`);
      for (const key of Object.keys(change)) {
        if (key !== 'l' && key !== 'o' && key !== 'u') throw new ScenarioError(`${path}: unknown network field "${key.slice(0, 20)}"`);
      }
      return {
        kind: 'network',
        ...('l' in change ? { latencyUs: pair(change.l, `${path}.latencyUs`) } : {}),
        ...optional('lossRate', change.o),
        ...optional('duplicateRate', change.u),
      };
    }
    case 'd':
      arity(3);
      return { kind: 'drop', id: { from: args[0], fromIncarnation: args[1], fromSeq: args[2] } };
    case 'z':
    case 'w':
      arity(1);
      return { kind: code === 'z' ? 'pause' : 'resume', node: args[0] };
    case 'b':
      arity(2);
      return { kind: 'byzantine', node: args[0], policy: args[1] };
    case 'y':
      arity(2);
      return { kind: 'slow', node: args[0], delayUs: args[1] };
    case 'm': {
      arity(2);
      const command = typeof args[1] === 'string' ? { type: args[1] } : args[1];
      return { kind: 'command', node: args[0], command };
    }
    default:
      throw new ScenarioError(`${path}: unknown action "${String(code).slice(0, 20)}"`);
  }
}

/** `EXPANDERS[n]` reads links of scenario version n. Keep every released one. */
export const EXPANDERS: Readonly<Record<number, Expander>> = Object.freeze({ 1: expandV1, 2: expandV1, 3: expandV3 });
