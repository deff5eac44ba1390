import { existsSync, realpathSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { builtinExperiment, builtinExperimentNames, isBuiltinExperiment } from '../../engine/experiments/builtins';
import { runsCsv } from '../../engine/experiments/csv';
import { measureInfo } from '../../engine/experiments/measures';
import { experimentFromText, ExperimentError, MAX_EXPERIMENT_CHARS, parseExperiment, runCount, withSeeds, type ExperimentSpec } from '../../engine/experiments/spec';
import type { Stats } from '../../engine/experiments/stats';
import { runExperimentInNode } from '../experiments/node-pool';
import type { PoolResult, Progress } from '../experiments/pool';
import { InProcessRunner } from '../../engine/runner/inprocess';
import { checkedLayout, prepareRun } from '../../engine/runner/setup';
import { defaultTopology, kindsOf, layoutTopology, nodeByName, nodeName, topologyProblem, type TopologyLayout } from '../../engine/kernel/topology';
import type { LinkLatency } from '../../engine/kernel/faults';
import { getProtocol, getProtocolIfKnown } from '../../engine/protocols/registry';
import type { RunSummary } from '../../engine/runner/summary';
import { withNemesis, type NemesisName } from '../../engine/scenario/nemesis';
import { MAX_FILE_CHARS, scenarioFromFile } from '../../engine/scenario/file';
import { decodeScenarioLink, looksLikeScenarioLink } from '../../engine/scenario/link';
import { defaultScenario, parseScenario, ScenarioError, type Scenario } from '../../engine/scenario/schema';
import { WorkerCoordinator } from '../coordinator';
import { nodeWorkerFactory } from '../node-factory';
import { parseArgs, USAGE, UsageError, type SimArgs } from './args';
import { measureMemory, type MemoryFigures } from './memory';
import { readRegularFile } from './read-file';
import { countOf } from './plural';

/** The summary of one run, and with --memory what it held (outside the trace and its hash). */
type CliSummary = RunSummary & { memory?: MemoryFigures };

/**
 * Where the CLI writes: `out` and `err` take one line each (no newline), `progress` raw text for
 * the live count, which is drawn only when `isTTY`. The command itself writes to the process's
 * own streams; tests collect the lines instead.
 */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  progress(text: string): void;
  isTTY: boolean;
}

/** The process's own stdout and stderr. */
export const processIo: CliIo = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  progress: (text) => void process.stderr.write(text),
  get isTTY() {
    return process.stderr.isTTY === true;
  },
};

/**
 * The headless runner: `npm run sim -- ...` (see README.md for the flags). Returns the exit
 * code: 0 fine, 1 an invariant violated, 2 bad input, 3 a bug of ours (its stack on `err`).
 */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    // A bug of ours, not bad input: keep the stack, and an exit code of its own.
    io.err(error instanceof Error ? (error.stack ?? String(error)) : String(error));
    return 3;
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  let args: SimArgs;
  let scenario: Scenario | null = null;
  let spec: ExperimentSpec | null = null;
  try {
    args = parseArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    if (args.experiment) spec = readExperiment(args.experiment, args.seeds);
    else if (args.seeds) spec = sweepSpec(await buildScenario({ ...args, nemesis: null }), args.seeds, args.nemesis);
    else scenario = await buildScenario(args);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ScenarioError || error instanceof ExperimentError) {
      io.err(`sim: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (spec) return runMany(spec, args, io);
  scenario = scenario!;
  const started = performance.now();
  const summary = args.runner === 'workers' ? await runWorkers(scenario, args.memory, started) : runInProcess(scenario, args.memory, started);
  print(summary, args.json, io, checkedLayout(scenario, getProtocol(scenario.protocol.name)));
  return summary.violations.length > 0 ? 1 : 0;
}

async function buildScenario(args: SimArgs): Promise<Scenario> {
  let scenario: Scenario;
  if (args.scenarioFile) {
    scenario = await readScenario(args.scenarioFile);
    if (args.seed !== null) scenario.seed = args.seed;
    if (args.untilMs !== null) scenario.untilUs = args.untilMs * 1000;
  } else {
    // --nodes sizes the main group; the protocol's other kinds come at their default counts
    // unless --group says otherwise.
    const kinds = kindsOf(getProtocol(args.protocol!));
    for (const kind of Object.keys(args.groups)) {
      if (!Object.prototype.hasOwnProperty.call(kinds.kinds, kind)) {
        throw new UsageError(`--group ${kind}: ${args.protocol} has no nodes of kind "${kind}" (it has ${Object.keys(kinds.kinds).join(', ')})`);
      }
      if (kind === kinds.main) throw new UsageError(`--group ${kind}: the main kind is sized by --nodes`);
    }
    const topology = defaultTopology(kinds, args.nodes ?? 5, args.groups);
    const nodes = topology.groups.reduce((sum, g) => sum + g.count, 0);
    const problem = topologyProblem(topology, nodes, kinds);
    if (problem) throw new UsageError(problem);
    const layout = layoutTopology(topology, kinds);
    scenario = defaultScenario({
      protocol: args.protocol!,
      nodes,
      topology,
      seed: args.seed ?? 1,
      untilUs: (args.untilMs ?? 30_000) * 1000,
      network: args.linkLatency.length > 0 ? { links: args.linkLatency.map((l) => linkOf(l, layout)) } : {},
    });
  }
  if (args.workload === 'none') scenario.workload = { kind: 'none' };
  else if (args.workload !== 'default') {
    const { intervalMs, keys, reads } = args.workload;
    if (intervalMs !== undefined) scenario.workload = { kind: 'interval', intervalUs: intervalMs * 1000 };
    // A key-value load is the protocol's to make: its settings say how (parseScenario below
    // rejects them for a protocol that has none).
    const config = { ...scenario.protocol.config };
    if (keys !== undefined) config.kvKeys = keys;
    if (reads !== undefined) config.readFraction = reads;
    scenario.protocol = { ...scenario.protocol, config };
    const protocol = getProtocolIfKnown(scenario.protocol.name);
    const settings = protocol ? (protocol.configure(config) as Record<string, unknown>) : null;
    if (settings && ((keys !== undefined && !('kvKeys' in settings)) || (reads !== undefined && !('readFraction' in settings)))) {
      throw new UsageError(`--workload kv: ${scenario.protocol.name} has no key-value load (no kvKeys or readFraction setting)`);
    }
  }
  if (args.nemesis) scenario = withNemesis(scenario, args.nemesis);
  if (args.slow.length > 0) scenario = withSlowNodes(parseScenario(scenario), args.slow);
  // Validate the final form too: a protocol name, its settings or a merged timeline can be wrong.
  const checked = parseScenario(scenario);
  prepareRun(checked);
  return checked;
}

/** `--slow`: each slow stretch becomes two timeline actions (slow, then back to speed at TO). */
function withSlowNodes(scenario: Scenario, slow: SimArgs['slow']): Scenario {
  const layout = checkedLayout(scenario, getProtocol(scenario.protocol.name));
  const size = scenario.nodes;
  const timeline = [...scenario.timeline];
  for (const s of slow) {
    const node = /^\d+$/.test(s.node) ? Number(s.node) : nodeByName(layout, s.node);
    if (node === undefined || node >= size) throw new UsageError(`--slow: no node "${s.node}" (nodes are ${nodeName(layout, 0)} to ${nodeName(layout, size - 1)}, or ids 0 to ${size - 1})`);
    timeline.push({ at: s.fromUs, action: { kind: 'slow', node, delayUs: s.delayUs } });
    if (s.toUs !== null) timeline.push({ at: s.toUs, action: { kind: 'slow', node, delayUs: 0 } });
  }
  // Stable by time: actions of one instant keep the order they were given in.
  timeline.sort((a, b) => a.at - b.at);
  return { ...scenario, timeline };
}

/** One `--link-latency`: its nodes by name ("S1", "O2") or id, both ways. */
function linkOf(l: SimArgs['linkLatency'][number], layout: TopologyLayout): LinkLatency {
  const size = layout.groups.reduce((sum, g) => sum + g.count, 0);
  const node = (raw: string) => {
    const id = /^\d+$/.test(raw) ? Number(raw) : nodeByName(layout, raw);
    if (id === undefined || id >= size) throw new UsageError(`--link-latency: no node "${raw}" (nodes are ${nodeName(layout, 0)} to ${nodeName(layout, size - 1)}, or ids 0 to ${size - 1})`);
    return id;
  };
  return { from: node(l.from), to: node(l.to), latencyUs: { min: l.minUs, max: l.maxUs } };
}

/**
 * `--scenario X`: a share link (a whole URL, a fragment, or the payload "s1....") or a file.
 * A name that exists as a file is a file; the view time a link or file may carry is ignored
 * here (the run goes to `untilUs`, or to `--until`).
 */
async function readScenario(source: string): Promise<Scenario> {
  const isFile = !source.includes('#') && !/^https?:\/\//i.test(source) && existsSync(source);
  if (!isFile && looksLikeScenarioLink(source)) return (await decodeScenarioLink(source)).scenario;
  // At most 4 bytes a character: the character cap itself is checked once decoded.
  const text = readRegularFile(source, 4 * MAX_FILE_CHARS, (m) => new ScenarioError(m), `${MAX_FILE_CHARS / (1024 * 1024)} MiB`);
  return scenarioFromFile(text, source).scenario;
}

/** Wall time stops before the memory is measured: a forced GC is not the run's cost. */
function finish(summary: CliSummary, started: number, memory: boolean, held: unknown): CliSummary {
  summary.wallMs = Math.round(performance.now() - started);
  if (memory) summary.memory = measureMemory(held);
  return summary;
}

function runInProcess(scenario: Scenario, memory: boolean, started: number): CliSummary {
  const runner = new InProcessRunner(scenario).runUntil(scenario.untilUs);
  return finish(runner.summary(), started, memory, runner);
}

async function runWorkers(scenario: Scenario, memory: boolean, started: number): Promise<CliSummary> {
  const coordinator = new WorkerCoordinator(scenario, await nodeWorkerFactory());
  try {
    await coordinator.start();
    await coordinator.runUntil(scenario.untilUs);
    return finish(coordinator.summary(), started, memory, coordinator);
  } finally {
    await coordinator.close();
  }
}

/** `--experiment NAME|FILE`: a built-in experiment, or else an experiment file. */
function readExperiment(source: string, seeds: SimArgs['seeds']): ExperimentSpec {
  let spec: ExperimentSpec;
  if (isBuiltinExperiment(source)) spec = builtinExperiment(source);
  else if (existsSync(source)) {
    const text = readRegularFile(source, 4 * MAX_EXPERIMENT_CHARS, (m) => new ExperimentError(m), `${MAX_EXPERIMENT_CHARS / 1024} KiB`);
    spec = experimentFromText(text, source);
  } else {
    throw new ExperimentError(`unknown experiment "${source}": neither a built-in one (${builtinExperimentNames().join(', ')}) nor a file`);
  }
  return seeds ? withSeeds(spec, seeds.from, seeds.to) : spec;
}

/** `--seeds A..B` on a plain scenario: every seed, run to the end, no measures. */
function sweepSpec(scenario: Scenario, seeds: { from: number; to: number }, nemesis: NemesisName | null): ExperimentSpec {
  return parseExperiment({
    experiment: 2,
    name: 'sweep',
    title: `${scenario.protocol.name}, seeds ${seeds.from}..${seeds.to}`,
    scenario,
    seeds,
    variants: [{ name: 'default' }],
    measures: [],
    nemesis,
    stopWhenMeasured: false,
  });
}

/** Runs an experiment or a sweep on the pool; exit 1 if any run violated an invariant. */
async function runMany(spec: ExperimentSpec, args: SimArgs, io: CliIo): Promise<number> {
  // A live count on a terminal only: pipes and files get the result alone.
  const live = io.isTTY && !args.json;
  let lastDrawn = 0;
  const onProgress = (p: Progress) => {
    const now = performance.now();
    if (!live || (now - lastDrawn < 200 && p.done < p.total)) return;
    lastDrawn = now;
    io.progress(`\r${p.done} of ${p.total} runs on ${p.workers} worker threads${p.done === p.total ? '\n' : ''}`);
  };
  const result = await runExperimentInNode(spec, { onProgress, ...(args.workers ? { workers: args.workers } : {}) });
  if (args.csvFile) writeFileSync(args.csvFile, runsCsv(result));
  if (spec.name === 'sweep' && args.experiment === null) printSweep(result, args, io);
  else printExperiment(result, args.json, io);
  return result.failures.length > 0 ? 1 : 0;
}

function printSweep(r: PoolResult, args: SimArgs, io: CliIo): void {
  const { spec } = r;
  const s = spec.scenario;
  const failures = r.failures.map((t) => ({ seed: t.seed, violations: t.violations }));
  if (args.json) {
    const traceHashes: Record<string, string> = {};
    for (const t of r.trials) traceHashes[t.seed] = t.traceHash;
    io.out(
      JSON.stringify({
        protocol: s.protocol.name,
        nodes: s.nodes,
        seeds: spec.seeds,
        runs: r.trials.length,
        untilMs: s.untilUs / 1000,
        chaos: spec.chaos,
        nemesis: spec.nemesis,
        runner: 'inprocess',
        workers: r.workers,
        violations: failures.length,
        failingSeeds: failures.map((f) => f.seed),
        failures,
        events: r.trials.reduce((sum, t) => sum + t.events, 0),
        traceHashes,
        wallMs: r.wallMs,
      }),
    );
    return;
  }
  io.out(
    `${s.protocol.name}, ${s.nodes} nodes, seeds ${spec.seeds.from}..${spec.seeds.to} (${r.trials.length} runs), ${s.untilUs / 1000} ms virtual each${spec.nemesis ? `, with the ${spec.nemesis} nemesis` : ''}; ` +
      `in-process runs on ${r.workers} worker threads in ${(r.wallMs / 1000).toFixed(1)} s wall`,
  );
  if (failures.length === 0) {
    io.out(`no invariant violated in ${r.trials.length} runs`);
    return;
  }
  io.out(`VIOLATED in ${failures.length} of ${r.trials.length} runs:`);
  for (const f of failures.slice(0, 20)) io.out(`  seed ${f.seed}: ${f.violations.join('; ')}`);
  if (failures.length > 20) io.out(`  … and ${failures.length - 20} more (--json lists every one)`);
  const how = args.scenarioFile ? `--scenario ${JSON.stringify(args.scenarioFile)}` : `--protocol ${s.protocol.name} --nodes ${s.nodes} --until ${s.untilUs / 1000}`;
  const nemesisFlag = spec.nemesis === null ? '' : spec.nemesis === 'random' ? ' --chaos' : ` --nemesis ${spec.nemesis}`;
  io.out(`replay one: npm run sim -- ${how} --seed ${failures[0]!.seed}${nemesisFlag}`);
}

function printExperiment(r: PoolResult, json: boolean, io: CliIo): void {
  const { spec } = r;
  if (json) {
    io.out(
      JSON.stringify({
        experiment: spec.name,
        title: spec.title,
        seeds: spec.seeds,
        runs: r.trials.length,
        workers: r.workers,
        wallMs: r.wallMs,
        untilMs: spec.scenario.untilUs / 1000,
        measures: spec.measures,
        variants: r.variants.map((v) => ({ name: v.variant, ...Object.fromEntries(spec.measures.map((m, i) => [m, v.measures[i]!.stats])) })),
        violations: r.failures.length,
        failures: r.failures.map((t) => ({ variant: t.variant, seed: t.seed, violations: t.violations })),
      }),
    );
    return;
  }
  io.out(spec.title);
  io.out(
    `seeds ${spec.seeds.from}..${spec.seeds.to} × ${spec.variants.length} variant${spec.variants.length === 1 ? '' : 's'} = ${runCount(spec)} runs ` +
      `on ${r.workers} worker threads in ${(r.wallMs / 1000).toFixed(1)} s wall`,
  );
  spec.measures.forEach((name, m) => {
    const info = measureInfo(name);
    io.out(`\n${info.label} (${info.unit}): ${info.explain}`);
    const head = ['variant', 'runs', 'no value', 'min', 'median', 'p90', 'p99', 'max'];
    const rows = r.variants.map((v) => {
      const st: Stats = v.measures[m]!.stats;
      return [v.variant, String(st.count), String(st.missing), ...[st.min, st.median, st.p90, st.p99, st.max].map(figure)];
    });
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    io.out(line(head));
    for (const row of rows) io.out(line(row));
    if (r.variants.some((v) => v.measures[m]!.stats.missing > 0)) {
      io.out(`"—": unknown, because some runs had no value when they ended (${spec.scenario.untilUs / 1000} ms)`);
    }
  });
  if (r.failures.length === 0) io.out(`\nno invariant violated in ${r.trials.length} runs`);
  else {
    io.out(`\nVIOLATED in ${r.failures.length} of ${r.trials.length} runs:`);
    for (const t of r.failures.slice(0, 20)) io.out(`  ${t.variant}, seed ${t.seed}: ${t.violations.join('; ')}`);
  }
}

const figure = (x: number | null) => (x === null ? '—' : x >= 100 ? String(Math.round(x)) : String(Math.round(x * 10) / 10));

function print(s: CliSummary, json: boolean, io: CliIo, layout: TopologyLayout): void {
  if (json) {
    io.out(JSON.stringify(s));
    return;
  }
  const groups = layout.groups.length > 1 ? ` (${layout.groups.map((g) => `${countOf(g.count, g.kind)} ${nodeName(layout, g.first)}${g.count > 1 ? `-${nodeName(layout, g.first + g.count - 1)}` : ''}`).join(', ')})` : '';
  io.out(`${s.protocol}, ${s.nodes} nodes${groups}, seed ${s.seed}, ${s.runner} runner, ${s.untilMs} ms virtual in ${s.wallMs} ms wall`);
  io.out(`trace ${s.traceHash}: ${s.events} events; messages ${s.messages.sent} sent, ${s.messages.delivered} delivered, ${s.messages.dropped} dropped`);
  io.out(`stats ${JSON.stringify(s.stats)}`);
  if (s.memory) io.out(`memory: ${s.memory.heapUsedMB} MB of heap held after a full GC; peak RSS ${s.memory.peakRssMB} MB`);
  for (const p of s.sometimes ?? []) {
    io.out(p.held ? `sometimes held: ${p.property} (first at ${p.firstAtUs! / 1000} ms)` : `sometimes not seen: ${p.property}`);
  }
  if (s.violations.length === 0) io.out('no invariant violated');
  for (const v of s.violations) {
    const where = v.event ? ` (at ${v.event.at} µs, ${v.event.node >= 0 ? nodeName(layout, v.event.node) : 'environment'}, ${v.event.kind})` : '';
    io.out(`VIOLATED ${v.invariant}: ${v.message}${where}`);
  }
}

/** True when this file is the command being run (`tsx workers/cli/sim.ts`), not a module imported by a test. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) main(process.argv.slice(2)).then((code) => process.exit(code));
