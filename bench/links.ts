import type { CDPSession, Page } from '@playwright/test';
import { encodeScenarioLink } from '../engine/scenario/link';
import { linkScenario } from './catch-up';
import { withBuiltPage } from './chromium';

/** How long one link may take before the bench gives up on it (the goals are 0.5 s and 2 s). */
const LINK_TIMEOUT_MS = 180_000;

export interface PageLinkFigures {
  minutes: number;
  atUs: number;
  /**
   * A fresh navigation to the link (from about:blank): page load, scripts, the coordinator and
   * its node workers, the catch-up, until the page's store stands at `atUs` with the five
   * servers and one more animation frame has been drawn. Wall time in the bench (Node) process.
   */
  navigationMs: number;
  /** And until the checks behind it are done too (the store's `checking` false: trace hash, events, event log). */
  navigationCheckedMs: number;
  /** Of which: until the page's script had run (window.quorum installed), before any catch-up. */
  scriptsMs: number;
  /**
   * The same link set as `location.hash` on a page already loaded (paused at t = 0 of a default
   * run): the hashchange path, timed inside the page with performance.now(), until the same state.
   */
  hashChangeMs: number;
  hashChangeCheckedMs: number;
  /** The page's trace hash at `atUs` after each path (equal: both opened the same run). */
  traceHash: { navigation: string; hashChange: string };
  /**
   * The page thread's JS heap (CDP Runtime.getHeapUsage, after a forced GC) once the link is open
   * by navigation. The coordinator and node workers are other heaps, not counted here.
   */
  pageHeapBytes: { used: number; total: number } | null;
  /**
   * The workers' JS heaps (CDP Runtime.getHeapUsage in each worker target, after a forced GC),
   * once the link is open by navigation: the coordinator's holds the catch-up's checkpoints (the
   * page's coordinator does not report their bytes itself); `nodes` sums the node workers'.
   */
  workerHeapBytes: { coordinator: number; coordinators: number; nodes: number; nodeWorkers: number } | null;
}

interface QuorumState {
  now: number;
  playing: boolean;
  ready: boolean;
  traceHash: string;
  checking: boolean;
  nodes: unknown[];
}

/**
 * True in the page once it shows the run at `atUs`: what e2e/helpers.ts `waitForState` reads
 * (the store's `now`, not playing, the servers there). The page has no other "caught up" signal.
 * A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
 */
const standsAt = (atUs: number, nodes: number) =>
  `(() => { const s = window.quorum?.state(); return s !== undefined && s.now === ${atUs} && !s.playing && s.nodes.length === ${nodes}; })()`;

/**
 * How often the bench reads the page state while it waits: state() copies the store (servers'
 * logs included) on the page thread, so reading it every frame would slow what is measured.
 * The figures are late by at most this much.
 */
const POLL_MS = 25;

/**
 * True in the page once the run's checks are done too (CoordinatorStatus.checking; a build from
 * before it had none to wait for, which the bench reads as done, to compare builds).
 */
const checked = `(() => { const s = window.quorum?.state(); return s !== undefined && s.checking !== true; })()`;

/** One more animation frame: the state the store holds has been drawn. */
const nextFrame = `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now()))))`;

async function pageState(page: Page): Promise<QuorumState> {
  return (await page.evaluate('window.quorum.state()')) as QuorumState;
}

async function heapAfterGc(page: Page): Promise<{ used: number; total: number } | null> {
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize, totalSize } = await cdp.send('Runtime.getHeapUsage');
    await cdp.detach();
    return { used: usedSize, total: totalSize };
  } catch {
    return null;
  }
}

/**
 * Each worker's used heap after a GC, through the browser's CDP session: Playwright does not
 * hand out worker sessions, so this attaches to each worker target (unflattened) and sends
 * Runtime calls as target messages.
 */
async function workerHeaps(page: Page): Promise<PageLinkFigures['workerHeapBytes']> {
  const browser = page.context().browser();
  if (!browser) return null;
  let cdp: CDPSession | null = null;
  try {
    cdp = await browser.newBrowserCDPSession();
    const session = cdp;
    // Replies by session and message id: the GC (1) is awaited before the heap is read (2).
    const replies = new Map<string, (result: { usedSize?: number }) => void>();
    session.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
      const m = JSON.parse(e.message) as { id?: number; result?: { usedSize?: number } };
      if (m.id !== undefined) replies.get(`${e.sessionId}/${m.id}`)?.(m.result ?? {});
    });
    const call = async (sessionId: string, id: number, method: string) => {
      const reply = new Promise<{ usedSize?: number }>((resolve) => replies.set(`${sessionId}/${id}`, resolve));
      await session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
      return Promise.race([reply, new Promise<{ usedSize?: number }>((resolve) => setTimeout(() => resolve({}), 20_000))]);
    };
    const { targetInfos } = await session.send('Target.getTargets');
    let coordinator = 0;
    let coordinators = 0;
    let nodes = 0;
    let nodeWorkers = 0;
    for (const t of targetInfos.filter((t) => t.type === 'worker')) {
      const { sessionId } = await session.send('Target.attachToTarget', { targetId: t.targetId, flatten: false });
      await call(sessionId, 1, 'HeapProfiler.collectGarbage');
      const used = (await call(sessionId, 2, 'Runtime.getHeapUsage')).usedSize ?? 0;
      await session.send('Target.detachFromTarget', { sessionId });
      if (t.url.includes('coordinator')) {
        coordinator += used;
        coordinators++;
      } else {
        nodes += used;
        nodeWorkers++;
      }
    }
    return { coordinator, coordinators, nodes, nodeWorkers };
  } catch {
    return null;
  } finally {
    await cdp?.detach().catch(() => undefined);
  }
}

async function openByNavigation(page: Page, url: string, link: string, atUs: number, nodes: number) {
  await page.goto('about:blank');
  const started = performance.now();
  await page.goto(`${url}#${link}`);
  await page.waitForFunction(`'quorum' in window`, undefined, { polling: POLL_MS, timeout: LINK_TIMEOUT_MS });
  const scriptsMs = Math.round(performance.now() - started);
  await page.waitForFunction(standsAt(atUs, nodes), undefined, { polling: POLL_MS, timeout: LINK_TIMEOUT_MS });
  await page.evaluate(nextFrame);
  const ms = Math.round(performance.now() - started);
  await page.waitForFunction(checked, undefined, { polling: POLL_MS, timeout: LINK_TIMEOUT_MS });
  await page.evaluate(nextFrame);
  return { ms, checkedMs: Math.round(performance.now() - started), scriptsMs, state: await pageState(page) };
}

async function openByHashChange(page: Page, url: string, link: string, atUs: number, nodes: number) {
  await page.goto('about:blank');
  await page.goto(`${url}?paused=1`);
  await page.waitForFunction(`window.quorum?.state().ready === true`, undefined, { polling: 50, timeout: LINK_TIMEOUT_MS });
  // Timed inside the page: from the hash set to the frame after the store stands at atUs, and
  // to the frame after its checks are done too.
  const [ms, checkedMs] = (await page.evaluate(`new Promise((resolve, reject) => {
    const started = performance.now();
    const limit = started + ${LINK_TIMEOUT_MS};
    let shownMs = null;
    const frame = (then) => requestAnimationFrame(() => requestAnimationFrame(() => then(performance.now() - started)));
    const check = () => {
      if (shownMs === null && ${standsAt(atUs, nodes)}) frame((t) => { shownMs = t; check(); });
      else if (shownMs !== null && ${checked}) frame((t) => resolve([shownMs, t]));
      else if (performance.now() > limit) reject(new Error('the link did not open in time'));
      else if (shownMs !== null || !(${standsAt(atUs, nodes)})) setTimeout(check, ${POLL_MS});
    };
    location.hash = ${JSON.stringify(link)};
    setTimeout(check, ${POLL_MS});
  })`)) as [number, number];
  return { ms: Math.round(ms), checkedMs: Math.round(checkedMs), state: await pageState(page) };
}

/**
 * Opening a share link of the default five-server Raft run (bench/catch-up.ts `linkScenario`,
 * the run the Node coordinator rows open) in the built page at each of `minutes`, both by
 * navigation and by a hash change on a loaded page.
 */
export async function benchPageLinks(minutes: readonly number[]): Promise<PageLinkFigures[]> {
  const scenario = linkScenario();
  const nodes = scenario.nodes;
  return withBuiltPage(async (page, url) => {
    const out: PageLinkFigures[] = [];
    for (const m of minutes) {
      const atUs = m * 60_000_000;
      const link = await encodeScenarioLink(scenario, { atUs });
      const byNavigation = await openByNavigation(page, url, link, atUs, nodes);
      const pageHeapBytes = await heapAfterGc(page);
      const workerHeapBytes = await workerHeaps(page);
      const byHash = await openByHashChange(page, url, link, atUs, nodes);
      out.push({
        minutes: m,
        atUs,
        navigationMs: byNavigation.ms,
        navigationCheckedMs: byNavigation.checkedMs,
        scriptsMs: byNavigation.scriptsMs,
        hashChangeMs: byHash.ms,
        hashChangeCheckedMs: byHash.checkedMs,
        traceHash: { navigation: byNavigation.state.traceHash, hashChange: byHash.state.traceHash },
        pageHeapBytes,
        workerHeapBytes,
      });
    }
    return out;
  });
}
