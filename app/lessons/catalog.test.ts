import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogError, fetchCatalogs, fetchLesson, fetchLessonScenario, fetchScenario, type Fetcher } from './catalog';

const publicDir = join(__dirname, '..', '..', 'public');

/** Serves public/ as the built page would, recording the URLs asked for. */
function servePublic(overrides: Record<string, string | number> = {}) {
  const urls: string[] = [];
  const fetcher: Fetcher = async (url) => {
    urls.push(url);
    const path = url.replace(/^\.\//, '');
    const override = overrides[path];
    if (typeof override === 'number') return { ok: false, status: override, text: async () => '' };
    let text: string;
    try {
      text = override ?? readFileSync(join(publicDir, path), 'utf8');
    } catch {
      return { ok: false, status: 404, text: async () => 'Not found' };
    }
    return { ok: true, status: 200, text: async () => text };
  };
  return { fetcher, urls };
}

describe('fetching built-in scenarios and lessons', () => {
  it('reads both indexes with relative URLs', async () => {
    const { fetcher, urls } = servePublic();
    const { scenarios, lessons } = await fetchCatalogs(fetcher);
    expect(urls.sort()).toEqual(['./lessons/index.json', './scenarios/index.json']);
    expect(scenarios.map((s) => s.id)).toContain('figure-8');
    expect(lessons.map((l) => l.id)).toContain('electing-a-leader');
  });

  it('loads every listed scenario and lesson, and each lesson\'s scenario', async () => {
    const { fetcher } = servePublic();
    const { scenarios, lessons } = await fetchCatalogs(fetcher);
    for (const s of scenarios) {
      const scenario = await fetchScenario(s.file, fetcher);
      // Raft's built-ins have the page's 15 slots; other systems size their own.
      // (servers: client nodes, as in raft-clients.json, come after the slots).
      const servers = scenario.topology?.groups[0]?.count ?? scenario.nodes;
      expect(servers).toBe(scenario.protocol.name === 'raft' ? 15 : servers);
      expect(scenario.nodes).toBeGreaterThan(0);
    }
    for (const l of lessons) {
      const lesson = await fetchLesson(l.file, fetcher);
      expect((await fetchLessonScenario(lesson, fetcher)).seed).toEqual(expect.any(Number));
    }
  });

  it('turns every failure into one sentence', async () => {
    const cases: [Record<string, string | number>, () => (f: Fetcher) => Promise<unknown>, RegExp][] = [
      [{ 'scenarios/index.json': 404 }, () => fetchCatalogs, /^Could not fetch scenarios\/index\.json \(HTTP 404\)\.$/],
      [{ 'lessons/index.json': '{"version":1,' }, () => fetchCatalogs, /^lessons\/index\.json is not valid JSON\.$/],
      [{ 'lessons/index.json': '{"version":1,"lessons":[{"id":"x"}]}' }, () => fetchCatalogs, /^lessons\/index\.json: lessons\.0\.title: is missing$/],
      [{ 'scenarios/leader-crash.json': '{"version":1}' }, () => (f) => fetchScenario('leader-crash.json', f), /^scenarios\/leader-crash\.json: seed: is missing$/],
      [
        { 'scenarios/leader-crash.json': readFileSync(join(publicDir, 'scenarios/leader-crash.json'), 'utf8').replace('"heartbeatIntervalMs":50', '"heartbeatIntervalMs":500') },
        () => (f) => fetchScenario('leader-crash.json', f),
        /^scenarios\/leader-crash\.json: protocol\.config: heartbeatIntervalMs \(500\) must be below electionTimeoutMsMin/,
      ],
      [{}, () => (f) => fetchScenario('../package.json', f), /is not a built-in file name/],
      [{ 'lessons/figure-8.json': '{"version":1,"id":"x","title":"<b>x</b>","scenario":"x.json","steps":[{"text":"x"}]}' }, () => (f) => fetchLesson('figure-8.json', f), /^lessons\/figure-8\.json: title: must be plain text, not HTML$/],
    ];
    for (const [overrides, make, message] of cases) {
      const { fetcher } = servePublic(overrides);
      const error = await make()(fetcher).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CatalogError);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('reports a network failure', async () => {
    const error = await fetchCatalogs(() => Promise.reject(new TypeError('Failed to fetch'))).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^Could not fetch (scenarios|lessons)\/index\.json: Failed to fetch$/);
  });
});
