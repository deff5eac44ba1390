import { parseCatalog, parseLesson, checkLessonFits, LessonError, type CatalogEntry, type Lesson } from '../../engine/scenario/lesson';
import { parseScenario, type Scenario } from '../../engine/scenario/schema';
import { checkRunnable } from '../../engine/scenario/untrusted';

/**
 * Fetching the built-in scenarios and lessons at run time. Every URL is relative to the page
 * (`./scenarios/…`), so the built site works from any sub-path. Files are untrusted: each goes
 * through its parser, and every failure becomes one sentence for the user.
 */
export const SCENARIOS_DIR = './scenarios/';
export const LESSONS_DIR = './lessons/';
/** Larger files are refused before parsing. */
const MAX_BYTES = 1024 * 1024;

export type Fetcher = (url: string) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

const defaultFetch: Fetcher = (url) => fetch(url, { cache: 'no-cache' });

export class CatalogError extends Error {
  override name = 'CatalogError';
}

async function fetchJson(url: string, what: string, fetcher: Fetcher): Promise<unknown> {
  let res: Awaited<ReturnType<Fetcher>>;
  try {
    res = await fetcher(url);
  } catch (error) {
    throw new CatalogError(`Could not fetch ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!res.ok) throw new CatalogError(`Could not fetch ${what} (HTTP ${res.status}).`);
  const text = await res.text();
  if (text.length > MAX_BYTES) throw new CatalogError(`${what} is larger than 1 MiB.`);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch {
    throw new CatalogError(`${what} is not valid JSON.`);
  }
}

function rethrow(error: unknown, what: string): never {
  if (error instanceof CatalogError) throw error;
  // A LessonError already names its file; a ScenarioError or a protocol's RangeError does not.
  if (error instanceof LessonError) throw new CatalogError(error.message);
  throw new CatalogError(`${what}: ${error instanceof Error ? error.message : String(error)}`);
}

export interface Catalogs {
  scenarios: CatalogEntry[];
  lessons: CatalogEntry[];
}

/** Both indexes; a failure of either rejects with one readable sentence. */
export async function fetchCatalogs(fetcher: Fetcher = defaultFetch): Promise<Catalogs> {
  const [s, l] = await Promise.all([
    fetchJson(`${SCENARIOS_DIR}index.json`, 'scenarios/index.json', fetcher),
    fetchJson(`${LESSONS_DIR}index.json`, 'lessons/index.json', fetcher),
  ]);
  try {
    return { scenarios: parseCatalog(s, 'scenarios'), lessons: parseCatalog(l, 'lessons') };
  } catch (error) {
    rethrow(error, 'an index');
  }
}

/** A built-in scenario by file name, validated (format and protocol settings). */
export async function fetchScenario(file: string, fetcher: Fetcher = defaultFetch): Promise<Scenario> {
  assertFileName(file);
  const data = await fetchJson(`${SCENARIOS_DIR}${file}`, `scenarios/${file}`, fetcher);
  try {
    const scenario = parseScenario(data, `scenarios/${file}`);
    checkRunnable(scenario);
    return scenario;
  } catch (error) {
    rethrow(error, `scenarios/${file}`);
  }
}

/** A lesson by file name, validated. */
export async function fetchLesson(file: string, fetcher: Fetcher = defaultFetch): Promise<Lesson> {
  assertFileName(file);
  const data = await fetchJson(`${LESSONS_DIR}${file}`, `lessons/${file}`, fetcher);
  try {
    return parseLesson(data, `lessons/${file}`);
  } catch (error) {
    rethrow(error, `lessons/${file}`);
  }
}

/** The lesson's scenario, checked to hold every server the lesson names. */
export async function fetchLessonScenario(lesson: Lesson, fetcher: Fetcher = defaultFetch): Promise<Scenario> {
  const scenario = await fetchScenario(lesson.scenario, fetcher);
  try {
    checkLessonFits(lesson, scenario);
  } catch (error) {
    rethrow(error, `the lesson "${lesson.title}"`);
  }
  return scenario;
}

function assertFileName(file: string): void {
  // The catalogue parser already insists on bare names; a caller passing its own must too.
  if (!/^[a-z0-9][a-z0-9-]{0,63}\.json$/.test(file)) throw new CatalogError(`"${file}" is not a built-in file name.`);
}
