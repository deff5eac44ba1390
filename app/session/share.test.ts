import { describe, expect, it } from 'vitest';
import type { Action, TimedAction } from '../../engine/kernel/actions';
import { scenarioToFile } from '../../engine/scenario/file';
import { decodeScenarioLink } from '../../engine/scenario/link';
import { defaultScenario as engineDefault, ScenarioError } from '../../engine/scenario/schema';
import { defaultScenario } from './default-scenario';
import { checkForPage, copyToClipboard, errorMessage, makeShareUrl, MAX_SHARED_NODES, openScenarioFile, readSharedScenario, scenarioFileName } from './share';

const page = (seed = 123_456_789) => defaultScenario(new URLSearchParams(), seed);

/** A small seeded generator (mulberry32): the test's "user" is the same every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a busy user does in ten minutes: 100 actions of every kind at arbitrary microseconds. */
function busySession(count = 100, minutes = 10): TimedAction[] {
  const r = random(42);
  const int = (n: number) => Math.floor(r() * n);
  let writes = 0;
  const make = (): Action => {
    switch (int(8)) {
      case 0:
        return { kind: 'crash', node: int(5) };
      case 1:
        return { kind: 'restart', node: int(5) };
      case 2:
        return { kind: 'partition', groups: [[0, 1], [2, 3, 4]] };
      case 3:
        return { kind: 'heal' };
      case 4:
        return { kind: 'cut', from: int(5), to: int(5), oneWay: r() < 0.5 };
      case 5:
        return { kind: 'drop', id: { from: int(5), fromIncarnation: int(3), fromSeq: 1 + int(60_000) } };
      case 6:
        return { kind: 'command', node: int(5), command: r() < 0.7 ? { type: 'write', value: 1000 + ++writes } : { type: 'forceElection' } };
      default:
        return { kind: 'command', node: int(5), command: { type: 'read' } };
    }
  };
  // Made in the page, so every action is the user's (the link then says so for each).
  return Array.from({ length: count }, () => ({ at: int(minutes * 60_000_000), action: make(), by: 'user' as const })).sort((a, b) => a.at - b.at);
}

describe('share links in the page', () => {
  it('measures the link length for the default scenario and a busy ten-minute session', async () => {
    const location = { href: 'https://example.github.io/quorum-playground/' };
    const base = page();
    const plain = await makeShareUrl(base, 0, location);
    const payloadOf = (url: string) => url.slice(url.indexOf('#') + 1);
    const busy = { ...base, timeline: busySession() };
    const busyUrl = await makeShareUrl(busy, 600_000_000, location);
    const file = scenarioToFile(busy, { atUs: 600_000_000 });
    console.log(
      `link lengths: default 5-node Raft ${payloadOf(plain).length} characters (URL ${plain.length}); ` +
        `10 minutes with 100 actions ${payloadOf(busyUrl).length} characters (URL ${busyUrl.length}); the same as a file: ${file.length} bytes`,
    );
    expect(payloadOf(plain).length).toBeLessThan(300);
    expect(payloadOf(busyUrl).length).toBeLessThan(2000);
    expect((await decodeScenarioLink(busyUrl)).scenario).toStrictEqual(busy);
  });

  it('makes a URL with the scenario in its fragment and drops ?seed= and ?nodes=', async () => {
    const url = await makeShareUrl(page(7), 1_500_000, { href: 'http://localhost:5173/app/?seed=3&nodes=7&paused=1#old' });
    expect(url).toMatch(/^http:\/\/localhost:5173\/app\/\?paused=1#s3\.[A-Za-z0-9_-]+$/);
    const read = await readSharedScenario(new URL(url).hash);
    expect(read).toEqual({ kind: 'scenario', scenario: page(7), view: { atUs: 1_500_000 } });
  });

  it('reads nothing from an empty fragment and a message from a bad one', async () => {
    expect(await readSharedScenario('')).toEqual({ kind: 'none' });
    expect(await readSharedScenario('#')).toEqual({ kind: 'none' });
    expect(await readSharedScenario('#intro')).toEqual({ kind: 'error', message: 'the link is not a Quorum Playground scenario' });
    const url = await makeShareUrl(page(), undefined, { href: 'http://localhost/' });
    const hash = new URL(url).hash;
    expect(await readSharedScenario(hash.slice(0, 30))).toEqual({ kind: 'error', message: 'the link is cut short' });
  });

  it('refuses more servers than the page can draw', async () => {
    const big = engineDefault({ protocol: 'ping', nodes: MAX_SHARED_NODES + 1 });
    const url = await makeShareUrl(big, undefined, { href: 'http://localhost/' });
    expect(await readSharedScenario(new URL(url).hash)).toEqual({
      kind: 'error',
      message: `the scenario has ${MAX_SHARED_NODES + 1} server slots; the page shows at most ${MAX_SHARED_NODES} (run it with npm run sim)`,
    });
    expect(() => checkForPage({ scenario: engineDefault({ protocol: 'ping', nodes: MAX_SHARED_NODES }), view: {} })).not.toThrow();
  });

  it('opens a picked file, and names what is wrong with a bad one', async () => {
    const s = page(99);
    const good = new File([scenarioToFile(s, { atUs: 42 })], 'mine.json', { type: 'application/json' });
    expect(await openScenarioFile(good)).toEqual({ scenario: s, view: { atUs: 42 } });
    const bad = new File(['{"version": 1, "seed": '], 'broken.json');
    await expect(openScenarioFile(bad)).rejects.toThrow(ScenarioError);
    await expect(openScenarioFile(bad)).rejects.toThrow(/^"broken\.json" is not valid JSON: /);
    const hostile = new File(['{"__proto__":{"polluted":1},"version":1}'], 'x.json');
    await expect(openScenarioFile(hostile)).rejects.toThrow(/contains the key "__proto__"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const huge = { size: 64 * 1024 * 1024, name: 'huge.json', text: () => Promise.reject(new Error('must not be read')) } as unknown as File;
    await expect(openScenarioFile(huge)).rejects.toThrow('"huge.json" is larger than 4 MiB');
  });

  it('names files safely and copies with a fallback', async () => {
    expect(scenarioFileName(page(12))).toBe('quorum-raft-seed-12.json');
    const odd = { ...page(1), protocol: { name: '../../<evil>', config: {} } };
    expect(scenarioFileName(odd)).toBe('quorum-evil-seed-1.json');
    let copied = '';
    expect(await copyToClipboard('x', { clipboard: { writeText: async (t: string) => void (copied = t) } as Clipboard })).toBe(true);
    expect(copied).toBe('x');
    expect(await copyToClipboard('x', { clipboard: { writeText: () => Promise.reject(new Error('denied')) } as unknown as Clipboard })).toBe(false);
    expect(await copyToClipboard('x', undefined)).toBe(false);
    expect(errorMessage(new ScenarioError('the link is cut short'))).toBe('the link is cut short');
    expect(errorMessage(new Error('one\ntwo'))).toBe('one');
  });
});
