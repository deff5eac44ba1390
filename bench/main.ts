import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { benchCentralBarrier } from './barrier-baseline';
import { benchCatchUp, type CatchUpFigures } from './catch-up';
import { benchChannelCeiling } from './channel-ceiling';
import { benchChromium, type ChromiumFigures } from './chromium';
import { benchBareEventLoop } from './event-loop';
import { benchFrames } from './frames';
import { benchPageLinks, type PageLinkFigures } from './links';
import { benchInProcess, describeCpu, inprocessRows, round } from './inprocess';
import { formatRow, ratio2, type BenchRow } from './rows';
import { benchProtocol } from './scenarios';
import { benchExchangeCeiling, benchSharedSummaryCeiling } from './exchange-ceiling';
import { benchStartup, benchWorkersNode, type WorkerFigures } from './workers-node';

/**
 * `npm run bench`: speed figures of both runners, each beside a baseline measured in this same
 * run on this same machine (never a timed assertion in a test). `-- --json` prints one line
 * whose `rows` are issue 12's table. `-- --no-browser` leaves out what needs Chromium (those
 * rows say "not measured here"); `-- --repeat N` times each in-process figure N times (median).
 * `-- --only workers` measures only the worker runner in Node (its row, its baselines and where
 * its windows go), `--repeat` times over, each repetition beside its own barrier (~10 s each).
 * `-- --only links` measures only the share-link rows: minutes 10 and 60 opened by the Node
 * coordinator service and in the built page (Chromium), `--repeat` times (default 1).
 * `-- --only inprocess` measures only the three in-process rows (`--repeat` runs each, default 5).
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const onlyAt = args.indexOf('--only');
  if (onlyAt >= 0 && args[onlyAt + 1] === 'workers') return workersOnly(args);
  if (onlyAt >= 0 && args[onlyAt + 1] === 'links') return linksOnly(args);
  if (onlyAt >= 0 && args[onlyAt + 1] === 'inprocess') return inprocessOnly(args);
  const json = args.includes('--json');
  const browser = !args.includes('--no-browser');
  const repeatAt = args.indexOf('--repeat');
  const repeat = repeatAt >= 0 ? Number(args[repeatAt + 1]) || 5 : 5;
  const log = (line: string) => void (!json && console.log(line));
  const protocol = benchProtocol();
  log(`Quorum Playground benchmark: ${protocol}, latency 10-15 ms, a client write every 10 ms; in-process figures are the median of ${repeat} runs`);

  const traced5 = benchInProcess(5, 60_000, { repeat });
  const untraced5 = benchInProcess(5, 60_000, { repeat, traced: false });
  const inprocess = [traced5, benchInProcess(25, 20_000), benchInProcess(101, 5_000)];
  for (const r of inprocess) {
    log(`in-process ${String(r.nodes).padStart(3)} nodes: ${r.simSecondsPerWallSecond} simulated s per wall s, ${r.eventsPerSecond} events/s (${r.simulatedS} s in ${r.wallMs} ms; runs ${r.runsWallMs.join(', ')} ms); ${describeCpu(r)}`);
  }
  log(`baseline: in-process 5 nodes with tracing, hashing and monitors off: ${untraced5.simSecondsPerWallSecond} simulated s per wall s, ${untraced5.eventsPerSecond} events/s (runs ${untraced5.runsWallMs.join(', ')} ms)`);
  const bareEventsPerSecond = benchBareEventLoop();
  log(`baseline: the bare event loop (kernel heap, no protocol, no trace): ${bareEventsPerSecond} events/s`);

  const ceiling = await benchChannelCeiling();
  log(`ceiling: raw MessageChannel between two workers: ${ceiling.messagesPerSecond} messages/s one way, ${ceiling.roundTripUs} µs per round trip`);
  const barrier = await benchCentralBarrier(5, 20_000);
  log(`baseline: naive central barrier per 10 ms window, 5 workers, no protocol: ${barrier} simulated s per wall s`);

  const workers5Cold = await benchWorkersNode(5, 20_000);
  const workers5 = await benchWorkersNode(5, 20_000, WARMUP_MS);
  log(
    `workers (Node)   5 nodes: ${workers5.simSecondsPerWallSecond} simulated s per wall s after ${workers5.warmupS} s of warm-up (fresh workers: ${workers5Cold.simSecondsPerWallSecond}), ${workers5.eventsPerSecond} events/s; ` +
      `${round(workers5.simSecondsPerWallSecond / barrier)}x the central barrier; ` +
      `protocol messages ${workers5.messagesPerSecond}/s = ${round((100 * workers5.messagesPerSecond) / ceiling.messagesPerSecond)}% of the channel ceiling; start-up ${workers5.startupMs} ms`,
  );
  log(`  its windows: ${describeWindows(workers5)}`);
  const catchUp = await benchCatchUp(10);
  log(
    `opening a link at minute 10 (Node, 5 servers): ${catchUp.catchUpMs} ms to the workers standing there (run untraced in one thread), checked after ${catchUp.checkedMs} ms; ` +
      `baseline, window by window in the workers: ${catchUp.workersOnlyMs} ms (${round(catchUp.workersOnlyMs! / catchUp.catchUpMs)}x); checkpoints ${catchUp.checkpoints}, ${Math.round(catchUp.checkpointBytes / 1024)} kB`,
  );
  const catchUp60 = await benchCatchUp(60, false);
  log(`opening a link at minute 60 (Node, 5 servers): ${catchUp60.catchUpMs} ms, checked after ${catchUp60.checkedMs} ms; checkpoints ${catchUp60.checkpoints}, ${Math.round(catchUp60.checkpointBytes / 1024)} kB`);
  const startup101 = await benchStartup(101);
  log(`workers (Node) 101 nodes up and wired (5,050 channels) in ${startup101} ms`);

  let chromium: ChromiumFigures | null = null;
  let page: Awaited<ReturnType<typeof benchFrames>> | null = null;
  let bundle: number | null = null;
  let pageLinks: PageLinkFigures[] | null = null;
  if (browser) {
    chromium = await benchChromium(20_000);
    log(`ceiling in Chromium: raw MessageChannel between two Web Workers: ${chromium.ceiling.messagesPerSecond} messages/s one way, ${chromium.ceiling.roundTripUs} µs per round trip`);
    log(
      `workers (Chromium) 5 nodes: ${chromium.workers5.simSecondsPerWallSecond} simulated s per wall s, ${chromium.workers5.eventsPerSecond} events/s; ` +
        `protocol messages ${chromium.workers5.messagesPerSecond}/s = ${round((100 * chromium.workers5.messagesPerSecond) / chromium.ceiling.messagesPerSecond)}% of the channel ceiling; start-up ${chromium.workers5.startupMs} ms`,
    );
    log(`workers (Chromium) 101 nodes up and wired in ${chromium.startup101Ms} ms`);
    bundle = initialJavaScriptGzipKb();
    log(`initial JavaScript of the built page: ${bundle} kB gzip (goal under 300)`);
    page = await benchFrames();
    log(`first visit: 5 servers running ${page.firstVisit.runningMs} ms after navigation, first leader after ${page.firstVisit.firstLeaderMs} ms`);
    for (const f of page.frames) {
      log(`page at 1x, ${String(f.nodes).padStart(2)} servers: ${f.framesPerSecond} frames/s, p95 frame ${f.p95FrameMs} ms, ${f.longFrames} frames over 50 ms (headless Chromium, software rendering)`);
    }
    log(`page at ${page.topSpeed.chosen}x, 5 servers: reaches ${page.topSpeed.reached}x, ${page.topSpeed.framesPerSecond} frames/s`);
    pageLinks = await benchPageLinks([10, 60]);
    for (const l of pageLinks) log(describePageLink(l));
  }

  const noBrowser = 'needs Chromium: run without --no-browser';
  const fps25 = page?.frames.find((f) => f.nodes === 25) ?? null;
  const rows: BenchRow[] = [
    ...inprocessRows(traced5, untraced5, bareEventsPerSecond),
    {
      measure: 'worker runner, 5 servers, Node',
      value: workers5.simSecondsPerWallSecond,
      unit: 'simulated s/s',
      baseline: { name: 'the central barrier, same run', value: barrier },
      ratio: ratio2(workers5.simSecondsPerWallSecond, barrier),
      goal: '>= 2x the central barrier',
      goalMet: workers5.simSecondsPerWallSecond >= 2 * barrier,
      note: `after ${workers5.warmupS} simulated s of warm-up, as in process; fresh workers ${workers5Cold.simSecondsPerWallSecond}; ${describeWindows(workers5)}`,
    },
    {
      measure: 'worker runner, 5 servers, Chromium',
      value: chromium?.workers5.simSecondsPerWallSecond ?? null,
      unit: 'simulated s/s',
      baseline: chromium ? { name: 'the goal', value: 60 } : null,
      ratio: chromium ? ratio2(chromium.workers5.simSecondsPerWallSecond, 60) : null,
      goal: '>= 60 simulated s/s',
      goalMet: chromium ? chromium.workers5.simSecondsPerWallSecond >= 60 : null,
      ...(chromium ? {} : { note: noBrowser }),
    },
    {
      measure: "the page at the slider's top speed, 5 servers, default workload",
      value: page?.topSpeed.reached ?? null,
      unit: 'x reached',
      baseline: page ? { name: 'the slider', value: page.topSpeed.chosen } : null,
      ratio: page ? ratio2(page.topSpeed.reached, page.topSpeed.chosen) : null,
      goal: 'reaches >= 100x, frames >= 50 fps',
      goalMet: page ? page.topSpeed.reached >= 100 && page.topSpeed.framesPerSecond >= 50 : null,
      note: page ? `${page.topSpeed.framesPerSecond} frames/s (headless Chromium, software rendering)` : noBrowser,
    },
    {
      measure: 'a link at minute 10 of the default run (Node coordinator service, not the page)',
      value: catchUp.catchUpMs,
      unit: 'ms',
      baseline: { name: 'window by window in the workers', value: catchUp.workersOnlyMs! },
      ratio: ratio2(catchUp.workersOnlyMs!, catchUp.catchUpMs),
      goal: '< 500 ms to the running cluster (in the page)',
      goalMet: null,
      note: `checked (trace hash, monitors, the trace's tail) after ${catchUp.checkedMs} ms; the page adds its Web Workers and drawing: the page figure is the "in the page" row below`,
    },
    {
      measure: 'a link at minute 60 (Node coordinator service, not the page)',
      value: catchUp60.catchUpMs,
      unit: 'ms',
      baseline: { name: 'checkpoint bytes kept (bound 64 MB)', value: catchUp60.checkpointBytes },
      ratio: null,
      goal: '< 2000 ms, checkpoints bounded in bytes',
      goalMet: null,
      note: `${catchUp60.checkpoints} checkpoints; the page figure is the "in the page" row below`,
    },
    ...pageLinkRows(pageLinks, catchUp, catchUp60, noBrowser),
    {
      measure: '25 servers at 1x, frames per second',
      value: fps25?.framesPerSecond ?? null,
      unit: 'frames/s',
      baseline: fps25 ? { name: '5 servers at 1x, same run', value: page!.frames[0]!.framesPerSecond } : null,
      ratio: fps25 ? ratio2(fps25.framesPerSecond, page!.frames[0]!.framesPerSecond) : null,
      goal: '60 frames/s',
      goalMet: fps25 ? fps25.framesPerSecond >= 58 : null,
      note: fps25 ? 'headless Chromium, software rendering' : noBrowser,
    },
  ];
  log('');
  log('issue 12, figure by figure:');
  for (const r of rows) log(`- ${formatRow(r)}`);

  if (json) {
    console.log(
      JSON.stringify({
        rows,
        protocol,
        repeat,
        inprocess,
        inprocessUntraced: untraced5,
        bareEventLoopEventsPerSecond: bareEventsPerSecond,
        ceiling,
        centralBarrierSimSecondsPerWallSecond: barrier,
        workersNode: { five: workers5, fiveFresh: workers5Cold, startup101Ms: startup101 },
        catchUp,
        catchUp60,
        chromium,
        frames: page?.frames ?? null,
        firstVisit: page?.firstVisit ?? null,
        topSpeed: page?.topSpeed ?? null,
        initialJavaScriptGzipKb: bundle,
        pageLinks,
      }),
    );
  }
}

/** Simulated time the worker row runs untimed first (the JIT compiles the protocol meanwhile). */
const WARMUP_MS = 20_000;

function describeWindows(w: WorkerFigures): string {
  const k = w.windows;
  return (
    `${k.windowsPerSimulatedSecond} windows per simulated s, ${k.wallUsPerWindow} µs of wall time each, ` +
    `${k.activePerWindow} nodes with events and ${k.postsPerWindow} batches posted per window (${Math.round(100 * k.emptyPostShare)}% without a protocol message), ` +
    `workers waiting ${Math.round(100 * k.waitShare)}% of their window time`
  );
}

/**
 * `--only inprocess`: issue 12's three in-process rows alone (~15 s), in a fresh process as the
 * full bench measures them (traced first, then untraced, then the bare loop).
 */
async function inprocessOnly(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const repeatAt = args.indexOf('--repeat');
  const repeat = repeatAt >= 0 ? Number(args[repeatAt + 1]) || 5 : 5;
  const traced5 = benchInProcess(5, 60_000, { repeat });
  const untraced5 = benchInProcess(5, 60_000, { repeat, traced: false });
  const rows = inprocessRows(traced5, untraced5, benchBareEventLoop());
  if (json) console.log(JSON.stringify({ rows, traced5, untraced5 }));
  else for (const r of rows) console.log(`- ${formatRow(r)}`);
}

/** `--only workers`: the worker row alone, repeated, each time beside its own baselines. */
async function workersOnly(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const repeatAt = args.indexOf('--repeat');
  const repeat = repeatAt >= 0 ? Number(args[repeatAt + 1]) || 3 : 3;
  const log = (line: string) => void (!json && console.log(line));
  const runs: { barrier: number; exchange: number; shared: number; fresh: WorkerFigures; warm: WorkerFigures }[] = [];
  for (let i = 0; i < repeat; i++) {
    const barrier = await benchCentralBarrier(5, 20_000);
    const fresh = await benchWorkersNode(5, 20_000);
    const warm = await benchWorkersNode(5, 20_000, WARMUP_MS);
    const exchange = await benchExchangeCeiling(warm.windows.activeShares, 20_000, warm.windows.windowsPerSimulatedSecond);
    // Messages per active node per window: the batches that carried one (one per peer at most).
    const k = warm.windows;
    const messageShare = Math.min(1, (k.postsPerWindow * (1 - k.emptyPostShare)) / Math.max(0.01, k.activePerWindow));
    const shared = await benchSharedSummaryCeiling(k.activeShares, 20_000, k.windowsPerSimulatedSecond, messageShare);
    runs.push({ barrier, exchange, shared, fresh, warm });
    log(
      `run ${i + 1}: central barrier ${barrier}; the bare window exchange ${exchange}; with summaries in shared memory ${shared}; workers ${warm.simSecondsPerWallSecond} warm (${ratio2(warm.simSecondsPerWallSecond, barrier)}x the barrier), ` +
        `${fresh.simSecondsPerWallSecond} fresh (${ratio2(fresh.simSecondsPerWallSecond, barrier)}x); hash ${warm.traceHash}`,
    );
    log(`  windows: ${describeWindows(warm)}`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const summary = {
    barrier: median(runs.map((r) => r.barrier)),
    exchange: median(runs.map((r) => r.exchange)),
    warm: median(runs.map((r) => r.warm.simSecondsPerWallSecond)),
    fresh: median(runs.map((r) => r.fresh.simSecondsPerWallSecond)),
    warmOverBarrier: median(runs.map((r) => r.warm.simSecondsPerWallSecond / r.barrier)),
    freshOverBarrier: median(runs.map((r) => r.fresh.simSecondsPerWallSecond / r.barrier)),
    exchangeOverBarrier: median(runs.map((r) => r.exchange / r.barrier)),
    sharedOverBarrier: median(runs.map((r) => r.shared / r.barrier)),
    wallUsPerWindow: median(runs.map((r) => r.warm.windows.wallUsPerWindow)),
  };
  log(
    `median of ${repeat}: workers ${summary.warm} simulated s/s warm = ${ratio2(summary.warmOverBarrier, 1)}x the barrier (${summary.barrier}), ` +
      `fresh ${summary.fresh} = ${ratio2(summary.freshOverBarrier, 1)}x; the bare exchange ${summary.exchange} = ${ratio2(summary.exchangeOverBarrier, 1)}x, with summaries in shared memory ${ratio2(summary.sharedOverBarrier, 1)}x the barrier; ${summary.wallUsPerWindow} µs per window`,
  );
  if (json) console.log(JSON.stringify({ summary, runs }));
}

function describePageLink(l: PageLinkFigures): string {
  const heap = l.pageHeapBytes ? `; page-thread JS heap after GC ${mb(l.pageHeapBytes.used)} MB of ${mb(l.pageHeapBytes.total)} MB` : '';
  const workers = l.workerHeapBytes ? `; coordinator worker${l.workerHeapBytes.coordinators === 1 ? '' : `s (${l.workerHeapBytes.coordinators})`} ${mb(l.workerHeapBytes.coordinator)} MB, ${l.workerHeapBytes.nodeWorkers} node workers ${mb(l.workerHeapBytes.nodes)} MB together` : '';
  const same = l.traceHash.navigation === l.traceHash.hashChange ? 'equal trace hashes' : `trace hashes DIFFER (${l.traceHash.navigation} / ${l.traceHash.hashChange})`;
  return `opening a link at minute ${l.minutes} in the page (Chromium, 5 servers): ${l.navigationMs} ms by navigation (scripts running after ${l.scriptsMs} ms; checked after ${l.navigationCheckedMs} ms), ${l.hashChangeMs} ms by a hash change on a loaded page (checked after ${l.hashChangeCheckedMs} ms; ${same})${heap}${workers}`;
}

const mb = (bytes: number) => Math.round(bytes / 104_857.6) / 10;

/**
 * The share-link rows as the page sees them: from navigating to the link (a fresh tab opening it)
 * until the page stands at the link's time with the servers drawn, beside the Node coordinator
 * service's figure for the same run. A hash change on a loaded page goes in the note.
 */
function pageLinkRows(links: PageLinkFigures[] | null, node10: CatchUpFigures, node60: CatchUpFigures, noBrowser: string): BenchRow[] {
  const at = (m: number) => links?.find((l) => l.minutes === m) ?? null;
  const row = (m: number, node: CatchUpFigures, goalMs: number, goal: string): BenchRow => {
    const l = at(m);
    const heap = l?.pageHeapBytes ? `; JS heaps after GC: page thread ${mb(l.pageHeapBytes.used)} MB` : '';
    const workers = l?.workerHeapBytes ? `, coordinator worker (holds the checkpoints) ${mb(l.workerHeapBytes.coordinator)} MB, node workers ${mb(l.workerHeapBytes.nodes)} MB` : '';
    const checkpoints = m === 60 ? `; checkpoints the Node coordinator kept: ${node.checkpoints}, ${node.checkpointBytes} bytes (the page's coordinator does not expose its own)` : '';
    return {
      measure: `a link at minute ${m} of the default run, in the page (Chromium, by navigation)`,
      value: l?.navigationMs ?? null,
      unit: 'ms',
      baseline: { name: 'the Node coordinator service, same run', value: node.catchUpMs },
      ratio: l ? ratio2(node.catchUpMs, l.navigationMs) : null,
      goal,
      goalMet: l ? l.navigationMs < goalMs : null,
      note: l
        ? `page scripts running after ${l.scriptsMs} ms; its checks done (trace hash, event log) after ${l.navigationCheckedMs} ms; by a hash change on a loaded page: ${l.hashChangeMs} ms, checked after ${l.hashChangeCheckedMs} ms${heap}${workers}${checkpoints}; ratio = Node / page (as rows.ts: baseline / value when lower is better)`
        : noBrowser,
    };
  };
  return [row(10, node10, 500, '< 500 ms to the running cluster'), row(60, node60, 2000, '< 2000 ms, checkpoints bounded in bytes')];
}

/** `--only links`: the share-link rows alone (Node coordinator, then the page), `--repeat` times. */
async function linksOnly(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const repeatAt = args.indexOf('--repeat');
  const repeat = repeatAt >= 0 ? Number(args[repeatAt + 1]) || 1 : 1;
  const log = (line: string) => void (!json && console.log(line));
  const runs: { node10: CatchUpFigures; node60: CatchUpFigures; page: PageLinkFigures[]; rows: BenchRow[] }[] = [];
  for (let i = 0; i < repeat; i++) {
    const node10 = await benchCatchUp(10, false);
    const node60 = await benchCatchUp(60, false);
    log(`run ${i + 1}: Node coordinator service: minute 10 in ${node10.catchUpMs} ms (checked after ${node10.checkedMs}), minute 60 in ${node60.catchUpMs} ms (checked after ${node60.checkedMs}; checkpoints ${node60.checkpoints}, ${Math.round(node60.checkpointBytes / 1024)} kB)`);
    const page = await benchPageLinks([10, 60]);
    for (const l of page) log(`  ${describePageLink(l)}`);
    const rows = pageLinkRows(page, node10, node60, '');
    for (const r of rows) log(`  - ${formatRow(r)}`);
    runs.push({ node10, node60, page, rows });
  }
  if (json) console.log(JSON.stringify({ rows: runs[runs.length - 1]!.rows, runs }));
}

/** The page's entry script, gzipped (workers load later, on their own). */
function initialJavaScriptGzipKb(): number | null {
  const dist = join(import.meta.dirname, '..', 'dist');
  if (!existsSync(join(dist, 'index.html'))) return null;
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/src="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const bytes = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, file))).length, 0);
  return Math.round(bytes / 102.4) / 10;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
