import { downloadText } from '../lib/download';
import { MAX_FILE_CHARS, scenarioFromFile, scenarioToFile } from '../../engine/scenario/file';
import { decodeScenarioLink, encodeScenarioLink, type DecodedScenario, type ScenarioView } from '../../engine/scenario/link';
import { ScenarioError, type Scenario } from '../../engine/scenario/schema';
import type { Micros } from '../../engine/kernel/time';

export type { DecodedScenario, ScenarioView } from '../../engine/scenario/link';

/**
 * Sharing for the page: links (the scenario in the URL's fragment, which never reaches a
 * server) and files. Everything read here is untrusted and goes through the engine's decoders;
 * on top, the page refuses more servers than it can draw, since every node is a real worker.
 */

import { MAX_SHARED_NODES } from './limits';

export { MAX_SHARED_NODES } from './limits';

/** The full URL of the page showing `scenario` at `atUs`: today's address with a new fragment. */
export async function makeShareUrl(scenario: Scenario, atUs: Micros | undefined, location: { href: string }): Promise<string> {
  const payload = await encodeScenarioLink(scenario, atUs === undefined ? {} : { atUs });
  const url = new URL(location.href);
  // The fragment says everything: `?seed=` and `?nodes=` would only contradict it.
  url.searchParams.delete('seed');
  url.searchParams.delete('nodes');
  url.hash = payload;
  return url.toString();
}

export type SharedRead =
  | { kind: 'none' }
  | { kind: 'scenario'; scenario: Scenario; view: ScenarioView }
  | { kind: 'error'; message: string };

/**
 * Reads the scenario in a URL fragment (`location.hash`, with or without its '#'). An empty
 * fragment is `none`; anything else is a scenario or an error message for the user.
 */
export async function readSharedScenario(hash: string): Promise<SharedRead> {
  const payload = hash.startsWith('#') ? hash.slice(1) : hash;
  if (payload.trim() === '') return { kind: 'none' };
  try {
    const { scenario, view } = checkForPage(await decodeScenarioLink(payload));
    return { kind: 'scenario', scenario, view };
  } catch (error) {
    return { kind: 'error', message: errorMessage(error) };
  }
}

/** Reads a file the user picked (untrusted); throws a ScenarioError naming what is wrong. */
export async function openScenarioFile(file: Blob & { name?: string }): Promise<DecodedScenario> {
  const name = file.name ? `"${file.name.slice(0, 80)}"` : 'the file';
  // UTF-8 takes at most 4 bytes a character: a bigger file cannot pass the character cap.
  if (file.size > 4 * MAX_FILE_CHARS) throw new ScenarioError(`${name} is larger than ${MAX_FILE_CHARS / (1024 * 1024)} MiB`);
  let text: string;
  try {
    text = await file.text();
  } catch {
    throw new ScenarioError(`${name} cannot be read`);
  }
  return checkForPage(scenarioFromFile(text, name));
}

/** The page draws every server and runs each in a worker: it refuses more than it can show. */
export function checkForPage(decoded: DecodedScenario): DecodedScenario {
  if (decoded.scenario.nodes > MAX_SHARED_NODES) {
    throw new ScenarioError(
      `the scenario has ${decoded.scenario.nodes} server slots; the page shows at most ${MAX_SHARED_NODES} (run it with npm run sim)`,
    );
  }
  return decoded;
}

/** A file name from the scenario: "quorum-raft-seed-1234.json", safe on every system. */
export function scenarioFileName(scenario: Scenario): string {
  const protocol = scenario.protocol.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 32) || 'scenario';
  return `quorum-${protocol}-seed-${scenario.seed}.json`;
}

/** Saves the scenario as a JSON file through the browser's download; returns the file name. */
export function downloadScenarioFile(scenario: Scenario, view: ScenarioView = {}, doc: Document = document): string {
  const text = scenarioToFile(scenario, view);
  const name = scenarioFileName(scenario);
  downloadText(name, text, 'application/json', doc);
  return name;
}

/** Copies text to the clipboard; false when the browser refuses (no permission, not secure). */
export async function copyToClipboard(text: string, nav: Pick<Navigator, 'clipboard'> | undefined = globalThis.navigator): Promise<boolean> {
  try {
    if (!nav?.clipboard?.writeText) return false;
    await nav.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** One line for the user: a ScenarioError's message as it is, anything else shortened. */
export function errorMessage(error: unknown): string {
  if (error instanceof ScenarioError) return error.message;
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').slice(0, 300) || 'something went wrong';
}
