import { isPlainObject } from './migrations';
import { ScenarioError, type Scenario } from './schema';
import { acceptScenario, parseUntrustedJson, parseView, type ScenarioView } from './untrusted';
import type { DecodedScenario } from './link';

/**
 * Scenario files (docs/scenario-format.md, "Files"): the full, readable form of a scenario as
 * JSON, plus an optional "view" ({"atUs": …}: where the viewer stopped). The CLI runs them
 * with `--scenario FILE`; the page saves and opens them.
 */

/** Largest file accepted, in characters (checked before parsing). */
export const MAX_FILE_CHARS = 4 * 1024 * 1024;

const FIELD_ORDER = ['version', 'seed', 'protocol', 'nodes', 'topology', 'initiallyDown', 'network', 'workload', 'timeline', 'untilUs', 'healedAtUs'] as const;

/**
 * The file's text: every field of the scenario (defaults written out, so the file shows what
 * can be changed; but not a topology that only says every node is of the main kind, so that
 * changing "nodes" alone resizes it), one line per field and one line per timeline action, so files diff well.
 * Validates the scenario first; throws a ScenarioError if it is invalid.
 */
export function scenarioToFile(scenario: Scenario, view: ScenarioView = {}): string {
  const checked = acceptScenario(parseUntrustedJson(JSON.stringify(scenario), 'the scenario'), 'the scenario');
  const checkedView = parseView(JSON.parse(JSON.stringify(view)) as unknown, 'view');
  const lines = FIELD_ORDER.map((key) => {
    if (key === 'timeline') {
      if (checked.timeline.length === 0) return '  "timeline": []';
      return `  "timeline": [\n${checked.timeline.map((t) => `    ${JSON.stringify(t)}`).join(',\n')}\n  ]`;
    }
    return `  ${JSON.stringify(key)}: ${JSON.stringify(checked[key])}`;
  }).filter((line) => !line.endsWith(': undefined'));
  if (checkedView.atUs !== undefined) lines.push(`  "view": ${JSON.stringify(checkedView)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

/**
 * Reads a scenario file (untrusted): size cap, JSON that cannot reach a prototype, migrations,
 * validation and the protocol check. `name` is how messages call the file (a path, a file name).
 */
export function scenarioFromFile(text: string, name = 'the file'): DecodedScenario {
  if (typeof text !== 'string') throw new ScenarioError(`${name} is not a Quorum Playground scenario`);
  if (text.length > MAX_FILE_CHARS) throw new ScenarioError(`${name} is larger than ${MAX_FILE_CHARS / (1024 * 1024)} MiB`);
  const data = parseUntrustedJson(text.replace(/^\uFEFF/, ''), name);
  if (!isPlainObject(data) || !('version' in data || 'protocol' in data)) {
    throw new ScenarioError(`${name} is not a Quorum Playground scenario`);
  }
  const { view, ...scenario } = data;
  return { scenario: acceptScenario(scenario, name), view: parseView(view, 'view') };
}
