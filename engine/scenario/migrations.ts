import { kindsOf } from '../kernel/topology';
import { getProtocolIfKnown } from '../protocols/registry';
import { SCENARIO_VERSION, ScenarioError } from './version';

/**
 * The scenario format is versioned (`Scenario.version`, and the number in a link's "s1."
 * prefix). When the format grows, SCENARIO_VERSION goes up by one and a migration is added
 * here that turns a scenario of the old version into one of the new: files and links made
 * before still open, because every input runs through the chain of migrations from its own
 * version up to today's before it is validated (docs/scenario-format.md, "Versions").
 *
 * A migration is a pure function of plain JSON data. It receives an object that claims the
 * old version and is NOT yet validated (validation only knows today's format), so it must
 * not trust its input: read fields defensively, leave what it does not understand alone and
 * let `parseScenario` complain afterwards. It need not set `version`; the chain does.
 */
export type Migration = (old: Record<string, unknown>) => Record<string, unknown>;

/**
 * Pins the settings whose defaults changed after format `version` (Protocol.formerDefaults) into
 * the scenario's protocol config, so the run it describes stays the run it was. Settings the
 * scenario states itself win; a protocol this code does not know is left for validation.
 */
export function pinFormerDefaults(version: number): Migration {
  return (old) => {
    const protocol = old.protocol;
    if (!isPlainObject(protocol) || typeof protocol.name !== 'string') return old;
    const pins = getProtocolIfKnown(protocol.name)?.formerDefaults?.[version];
    if (!pins || Object.keys(pins).length === 0) return old;
    const config = isPlainObject(protocol.config) ? protocol.config : {};
    return { ...old, protocol: { ...protocol, config: { ...pins, ...config } } };
  };
}

/**
 * Gives a scenario from before topologies (format 2 and older) the one it ran with: every node
 * of its protocol's main kind, named with that kind's prefix (S1, S2, ... for Raft and ping).
 * Stated in full rather than left to the default, so that the run a link describes does not move
 * if a protocol later gives its default runs other kinds of node (clients beside the servers).
 */
export const addMainTopology: Migration = (old) => {
  const protocol = old.protocol;
  if (!isPlainObject(protocol) || typeof protocol.name !== 'string' || 'topology' in old) return old;
  const known = getProtocolIfKnown(protocol.name);
  const nodes = old.nodes;
  if (!known || typeof nodes !== 'number' || !Number.isSafeInteger(nodes) || nodes < 1) return old;
  const kinds = kindsOf(known);
  return { ...old, topology: { groups: [{ kind: kinds.main, count: nodes, prefix: kinds.kinds[kinds.main]!.prefix }] } };
};

/** Runs migrations one after the other (each gets what the one before returned). */
export function chain(...steps: Migration[]): Migration {
  return (old) => steps.reduce((doc, step) => step(doc), old);
}

/**
 * `MIGRATIONS[n]` turns a version-n scenario into a version-(n + 1) one.
 * 1 -> 2: Raft's fixes of issue 9 (membership rules of thesis §4.2.2, log compaction) became
 * defaults; format-1 scenarios keep the settings they ran with.
 * 2 -> 3: topologies (groups of nodes of different kinds) and per-link latency; a format-2
 * scenario gets the one group it ran as (addMainTopology) and no per-link latency.
 */
export const MIGRATIONS: Readonly<Record<number, Migration>> = Object.freeze({
  1: pinFormerDefaults(1),
  2: chain(pinFormerDefaults(2), addMainTopology),
});

export interface MigrationOptions {
  /** The version to migrate to (today's by default). */
  current?: number;
  /** The chain (today's by default); tests pass a fake one. */
  migrations?: Readonly<Record<number, Migration>>;
  /** How messages name the input: "the link", "the file", a path. */
  what?: string;
}

/**
 * Brings `input` (untrusted JSON) up to the current version. Input that is not an object or
 * carries no usable version is returned as it is, for `parseScenario` to name the problem.
 * Throws a ScenarioError for a version newer than this code, or one it has no path from.
 */
export function migrateScenario(input: unknown, options: MigrationOptions = {}): unknown {
  const current = options.current ?? SCENARIO_VERSION;
  const migrations = options.migrations ?? MIGRATIONS;
  const what = options.what ?? 'the scenario';
  if (!isPlainObject(input)) return input;
  const version = input.version;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) return input;
  if (version > current) {
    throw new ScenarioError(
      `${what} is from a newer version of Quorum Playground (scenario format ${version}; this one reads up to ${current}): update or reload the page`,
    );
  }
  let doc: Record<string, unknown> = input;
  for (let v = version; v < current; v++) {
    const step = Object.prototype.hasOwnProperty.call(migrations, v) ? migrations[v] : undefined;
    if (!step) throw new ScenarioError(`${what} uses scenario format ${v}, which this version can no longer read`);
    let next: unknown;
    try {
      next = step(doc);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new ScenarioError(`${what} cannot be upgraded from scenario format ${v}: ${message.split('\n')[0]}`);
    }
    if (!isPlainObject(next)) throw new ScenarioError(`${what} cannot be upgraded from scenario format ${v}`);
    doc = { ...next, version: v + 1 };
  }
  return doc;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
