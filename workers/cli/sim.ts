import { existsSync, readFileSync, statSync } from 'node:fs';
import { InProcessRunner } from '../../engine/runner/inprocess';
import { prepareRun } from '../../engine/runner/setup';
import type { RunSummary } from '../../engine/runner/summary';
import { chaosTimeline } from '../../engine/scenario/chaos';
import { MAX_FILE_CHARS, scenarioFromFile } from '../../engine/scenario/file';
import { decodeScenarioLink, looksLikeScenarioLink } from '../../engine/scenario/link';
import { defaultScenario, parseScenario, ScenarioError, type Scenario } from '../../engine/scenario/schema';
import { WorkerCoordinator } from '../coordinator';
import { nodeWorkerFactory } from '../node-factory';
import { parseArgs, USAGE, UsageError, type SimArgs } from './args';

/** The headless runner: `npm run sim -- ...` (see README.md for the flags). */
async function main(argv: string[]): Promise<number> {
  let args: SimArgs;
  let scenario: Scenario;
  try {
    args = parseArgs(argv);
    if (args.help) {
      console.log(USAGE);
      return 0;
    }
    scenario = await buildScenario(args);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ScenarioError) {
      console.error(`sim: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const started = performance.now();
  const summary = args.runner === 'workers' ? await runWorkers(scenario) : runInProcess(scenario);
  summary.wallMs = Math.round(performance.now() - started);
  print(summary, args.json);
  return summary.violations.length > 0 ? 1 : 0;
}

async function buildScenario(args: SimArgs): Promise<Scenario> {
  let scenario: Scenario;
  if (args.scenarioFile) {
    scenario = await readScenario(args.scenarioFile);
    if (args.seed !== null) scenario.seed = args.seed;
    if (args.untilMs !== null) scenario.untilUs = args.untilMs * 1000;
  } else {
    scenario = defaultScenario({
      protocol: args.protocol!,
      nodes: args.nodes ?? 5,
      seed: args.seed ?? 1,
      untilUs: (args.untilMs ?? 30_000) * 1000,
    });
  }
  if (args.workload === 'none') scenario.workload = { kind: 'none' };
  else if (args.workload !== 'default') scenario.workload = { kind: 'interval', intervalUs: args.workload.intervalMs * 1000 };
  if (args.chaos) {
    const chaos = chaosTimeline({ seed: scenario.seed, nodes: scenario.nodes, untilUs: scenario.untilUs, baseLossRate: scenario.network.lossRate });
    scenario.timeline = [...scenario.timeline, ...chaos.timeline].sort((a, b) => a.at - b.at);
    scenario.healedAtUs = chaos.healedAtUs;
  }
  // Validate the final form too: a protocol name, its settings or a merged timeline can be wrong.
  const checked = parseScenario(scenario);
  prepareRun(checked);
  return checked;
}

/**
 * `--scenario X`: a share link (a whole URL, a fragment, or the payload "s1....") or a file.
 * A name that exists as a file is a file; the view time a link or file may carry is ignored
 * here (the run goes to `untilUs`, or to `--until`).
 */
async function readScenario(source: string): Promise<Scenario> {
  const isFile = !source.includes('#') && !/^https?:\/\//i.test(source) && existsSync(source);
  if (!isFile && looksLikeScenarioLink(source)) return (await decodeScenarioLink(source)).scenario;
  let text: string;
  try {
    // Checked before reading: a huge file must not be read into memory first.
    if (statSync(source).size > 4 * MAX_FILE_CHARS) throw new ScenarioError(`${source} is larger than ${MAX_FILE_CHARS / (1024 * 1024)} MiB`);
    text = readFileSync(source, 'utf8');
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    throw new ScenarioError(`cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return scenarioFromFile(text, source).scenario;
}

function runInProcess(scenario: Scenario): RunSummary {
  return new InProcessRunner(scenario).runUntil(scenario.untilUs).summary();
}

async function runWorkers(scenario: Scenario): Promise<RunSummary> {
  const coordinator = new WorkerCoordinator(scenario, await nodeWorkerFactory());
  try {
    await coordinator.start();
    await coordinator.runUntil(scenario.untilUs);
    return coordinator.summary();
  } finally {
    await coordinator.close();
  }
}

function print(s: RunSummary, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(s));
    return;
  }
  console.log(`${s.protocol}, ${s.nodes} nodes, seed ${s.seed}, ${s.runner} runner, ${s.untilMs} ms virtual in ${s.wallMs} ms wall`);
  console.log(`trace ${s.traceHash}: ${s.events} events; messages ${s.messages.sent} sent, ${s.messages.delivered} delivered, ${s.messages.dropped} dropped`);
  console.log(`stats ${JSON.stringify(s.stats)}`);
  if (s.violations.length === 0) console.log('no invariant violated');
  for (const v of s.violations) {
    const where = v.event ? ` (at ${v.event.at} µs, ${v.event.node >= 0 ? `S${v.event.node + 1}` : 'environment'}, ${v.event.kind})` : '';
    console.log(`VIOLATED ${v.invariant}: ${v.message}${where}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A bug of ours, not bad input: keep the stack, and an exit code of its own.
    console.error(error);
    process.exit(3);
  },
);
