import * as v from 'valibot';
import { getProtocol } from '../protocols/registry';
import type { Micros } from '../kernel/time';
import { kindsOf, scenarioLayout } from '../kernel/topology';
import { MAX_UNTIL_US, parseScenario, ScenarioError, type Scenario } from './schema';

/**
 * The shared steps for a scenario from outside (a link, a file): JSON that cannot reach an
 * object's prototype, the chain of migrations, `parseScenario`, and a check that the protocol
 * exists and accepts its settings, so a bad input fails here and never half-way through a load.
 */

/** What the viewer was looking at when the scenario was shared; every field optional. */
export interface ScenarioView {
  /** The virtual time the viewer stopped at. */
  atUs?: Micros;
}

/** Keys that could reach a prototype if some later code merged the data into an object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Deeper than any scenario needs; also keeps every recursive walk far from the stack's end. */
export const MAX_JSON_DEPTH = 32;

/**
 * Parses untrusted JSON text. Rejects, anywhere in the document, the keys "__proto__",
 * "constructor" and "prototype" and nesting deeper than MAX_JSON_DEPTH.
 */
export function parseUntrustedJson(text: string, what: string): unknown {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(`${what} is not valid JSON: ${firstLine(error)}`);
  }
  inspect(data, 0, what);
  return data;
}

function inspect(value: unknown, depth: number, what: string): void {
  if (typeof value !== 'object' || value === null) return;
  if (depth >= MAX_JSON_DEPTH) throw new ScenarioError(`${what} nests data deeper than ${MAX_JSON_DEPTH} levels`);
  if (Array.isArray(value)) {
    for (const item of value) inspect(item, depth + 1, what);
    return;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) throw new ScenarioError(`${what} contains the key "${key}", which a scenario never has`);
    inspect((value as Record<string, unknown>)[key], depth + 1, what);
  }
}

/**
 * Turns untrusted data that claims to be a scenario (any version) into a checked Scenario of
 * today's version, or throws a ScenarioError naming the first problem.
 */
export function acceptScenario(data: unknown, what: string): Scenario {
  const scenario = parseScenario(data, what);
  checkRunnable(scenario);
  return scenario;
}

/** The protocol exists and accepts its settings, also against the scenario (what `prepareRun` would find first). */
export function checkRunnable(scenario: Scenario): void {
  const protocol = getProtocol(scenario.protocol.name);
  try {
    // parseScenario checked the topology against the protocol's kinds already.
    const topology = scenarioLayout(scenario, kindsOf(protocol));
    protocol.checkScenario?.(protocol.configure(scenario.protocol.config), { nodes: scenario.nodes, topology });
  } catch (error) {
    throw new ScenarioError(`protocol.config: ${firstLine(error)}`);
  }
  // A byzantine action names one of the policies the protocol declares (kernel/byzantine.ts).
  const policies = protocol.byzantine?.policies ?? {};
  for (const [i, { action }] of scenario.timeline.entries()) {
    if (action.kind !== 'byzantine' || action.policy === null) continue;
    if (!Object.prototype.hasOwnProperty.call(policies, action.policy)) {
      const known = Object.keys(policies);
      throw new ScenarioError(
        `timeline.${i}: ${scenario.protocol.name} has no byzantine policy "${action.policy.slice(0, 40)}"` +
          (known.length > 0 ? ` (it has ${known.join(', ')})` : ' (it declares none)'),
      );
    }
  }
}

const viewSchema = v.strictObject({
  atUs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_UNTIL_US))),
});

/** Validates a view; `undefined` is the empty view. */
export function parseView(data: unknown, path: string): ScenarioView {
  if (data === undefined) return {};
  const result = v.safeParse(viewSchema, data);
  if (!result.success) {
    const issue = result.issues[0];
    const where = v.getDotPath(issue);
    throw new ScenarioError(`${path}${where ? `.${where}` : ''}: ${issue.message}`);
  }
  const view: ScenarioView = {};
  if (result.output.atUs !== undefined) view.atUs = result.output.atUs;
  return view;
}

export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').slice(0, 300);
}
