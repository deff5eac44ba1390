import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { benchCentralBarrier } from './barrier-baseline';
import { benchCatchUp } from './catch-up';
import { benchChannelCeiling } from './channel-ceiling';
import { benchChromium } from './chromium';
import { benchFrames } from './frames';
import { benchInProcess, round } from './inprocess';
import { benchProtocol } from './scenarios';
import { benchStartup, benchWorkersNode } from './workers-node';

/**
 * `npm run bench`: speed figures of both runners, each beside a baseline measured in this same
 * run on this same machine (never a timed assertion in a test). `-- --json` prints one line.
 */
async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const log = (line: string) => void (!json && console.log(line));
  const protocol = benchProtocol();
  log(`Quorum Playground benchmark: ${protocol}, latency 10-15 ms, a client write every 10 ms`);

  const inprocess = [benchInProcess(5, 60_000), benchInProcess(25, 20_000), benchInProcess(101, 5_000)];
  for (const r of inprocess) {
    log(`in-process ${String(r.nodes).padStart(3)} nodes: ${r.simSecondsPerWallSecond} simulated s per wall s, ${r.eventsPerSecond} events/s (${r.simulatedS} s in ${r.wallMs} ms)`);
  }

  const ceiling = await benchChannelCeiling();
  log(`ceiling: raw MessageChannel between two workers: ${ceiling.messagesPerSecond} messages/s one way, ${ceiling.roundTripUs} µs per round trip`);
  const barrier = await benchCentralBarrier(5, 20_000);
  log(`baseline: naive central barrier per 10 ms window, 5 workers, no protocol: ${barrier} simulated s per wall s`);

  const workers5 = await benchWorkersNode(5, 20_000);
  log(
    `workers (Node)   5 nodes: ${workers5.simSecondsPerWallSecond} simulated s per wall s, ${workers5.eventsPerSecond} events/s; ` +
      `${round(workers5.simSecondsPerWallSecond / barrier)}x the central barrier; ` +
      `protocol messages ${workers5.messagesPerSecond}/s = ${round((100 * workers5.messagesPerSecond) / ceiling.messagesPerSecond)}% of the channel ceiling; start-up ${workers5.startupMs} ms`,
  );
  const catchUp = await benchCatchUp(10);
  log(
    `opening a link at minute 10 (Node, 5 servers): ${catchUp.catchUpMs} ms caught up in one thread, then the workers; ` +
      `baseline, window by window in the workers: ${catchUp.workersOnlyMs} ms (${round(catchUp.workersOnlyMs / catchUp.catchUpMs)}x)`,
  );
  const startup101 = await benchStartup(101);
  log(`workers (Node) 101 nodes up and wired (5,050 channels) in ${startup101} ms`);

  const browser = await benchChromium(20_000);
  log(`ceiling in Chromium: raw MessageChannel between two Web Workers: ${browser.ceiling.messagesPerSecond} messages/s one way, ${browser.ceiling.roundTripUs} µs per round trip`);
  log(
    `workers (Chromium) 5 nodes: ${browser.workers5.simSecondsPerWallSecond} simulated s per wall s, ${browser.workers5.eventsPerSecond} events/s; ` +
      `protocol messages ${browser.workers5.messagesPerSecond}/s = ${round((100 * browser.workers5.messagesPerSecond) / browser.ceiling.messagesPerSecond)}% of the channel ceiling; start-up ${browser.workers5.startupMs} ms`,
  );
  log(`workers (Chromium) 101 nodes up and wired in ${browser.startup101Ms} ms`);

  const bundle = initialJavaScriptGzipKb();
  log(`initial JavaScript of the built page: ${bundle} kB gzip (goal under 300)`);
  const { frames, firstVisit } = await benchFrames();
  log(`first visit: 5 servers running ${firstVisit.runningMs} ms after navigation, first leader after ${firstVisit.firstLeaderMs} ms`);
  for (const f of frames) {
    log(`page at 1x, ${String(f.nodes).padStart(2)} servers: ${f.framesPerSecond} frames/s, p95 frame ${f.p95FrameMs} ms, ${f.longFrames} frames over 50 ms (headless Chromium, software rendering)`);
  }

  if (json) {
    console.log(
      JSON.stringify({
        frames,
        firstVisit,
        initialJavaScriptGzipKb: bundle,
        protocol,
        inprocess,
        ceiling,
        centralBarrierSimSecondsPerWallSecond: barrier,
        workersNode: { five: workers5, startup101Ms: startup101 },
        catchUp,
        chromium: browser,
      }),
    );
  }
}

/** The page's entry script, gzipped (workers load later, on their own). */
function initialJavaScriptGzipKb(): number {
  const html = readFileSync(join(import.meta.dirname, '..', 'dist', 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/src="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const bytes = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(join(import.meta.dirname, '..', 'dist', file))).length, 0);
  return Math.round(bytes / 102.4) / 10;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
