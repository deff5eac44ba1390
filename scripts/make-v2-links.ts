/**
 * Wrote engine/scenario/fixtures/v2-links.json once, before scenario format 3 (topology with
 * node kinds, per-link latency) existed: links made by the version-2 encoder with the trace
 * hash each replayed to then. The fixture is frozen; scripts/ keeps this file only to show how
 * it was made (re-running it today would write links of today's format).
 *
 *     npx tsx scripts/make-v2-links.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { InProcessRunner } from '../engine/runner/inprocess';
import { chaosTimeline } from '../engine/scenario/chaos';
import { encodeScenarioLink } from '../engine/scenario/link';
import { withNemesis } from '../engine/scenario/nemesis';
import { defaultScenario, parseScenario, type Scenario } from '../engine/scenario/schema';
import { raftChaosScenario } from '../engine/protocols/raft/chaos-scenario';
import { raftDefaultScenario } from '../app/protocols/raft/default-scenario';

const cases: { name: string; scenario: Scenario; untilUs: number }[] = [];
const builtins = JSON.parse(readFileSync('public/scenarios/index.json', 'utf8')) as { scenarios: { file: string }[] };
for (const { file } of builtins.scenarios) {
  const s = parseScenario(JSON.parse(readFileSync(`public/scenarios/${file}`, 'utf8')));
  cases.push({ name: `built-in ${file}`, scenario: s, untilUs: Math.min(s.untilUs, 10_000_000) });
}
// The page's default runs of both systems, with a crash, a restart and a latency change.
// (ping's page default is the engine's defaultScenario with no load and an hour to run.)
const pageDefaults = {
  raft: raftDefaultScenario({ seed: 4321, nodes: null }),
  ping: defaultScenario({ protocol: 'ping', seed: 4321, nodes: 5, workload: { kind: 'none' }, untilUs: 3_600_000_000 }),
};
for (const [protocol, page] of Object.entries(pageDefaults)) {
  page.timeline = [
    { at: 2_000_000, action: { kind: 'crash', node: 1 }, by: 'user' },
    { at: 4_000_000, action: { kind: 'network', latencyUs: { min: 20_000, max: 40_000 } }, by: 'user' },
    { at: 6_000_000, action: { kind: 'restart', node: 1 }, by: 'user' },
  ];
  cases.push({ name: `page default ${protocol}, 20 s, crash, slower network, restart`, scenario: parseScenario(page), untilUs: 20_000_000 });
}
// Chaos over several seeds and sizes, with client load at another interval.
for (const [seed, nodes] of [[5, 5], [17, 3], [31, 7]] as const) {
  const base = defaultScenario({ protocol: 'raft', nodes, seed, untilUs: 10_000_000, workload: { kind: 'interval', intervalUs: 50_000 } });
  const chaos = chaosTimeline({ seed, nodes, untilUs: base.untilUs });
  cases.push({ name: `raft chaos seed ${seed}, ${nodes} nodes, a write every 50 ms`, scenario: { ...base, timeline: chaos.timeline, healedAtUs: chaos.healedAtUs }, untilUs: base.untilUs });
}
// The steering nemesis, with and without a spare slot, and reads.
for (const seed of [4, 8]) {
  cases.push({ name: `raft steering nemesis seed ${seed}`, scenario: raftChaosScenario(seed, 'steering'), untilUs: 6_000_000 });
}
const reads = withNemesis(defaultScenario({ protocol: 'raft', nodes: 5, seed: 34, untilUs: 8_000_000, config: { readFraction: 0.3 } }), 'steering');
cases.push({ name: 'raft reads (readFraction 0.3) under the steering nemesis, seed 34', scenario: reads, untilUs: reads.untilUs });
const ping = defaultScenario({ protocol: 'ping', nodes: 6, seed: 9, untilUs: 8_000_000, network: { latencyUs: { min: 3_000, max: 9_000 }, lossRate: 0.05, duplicateRate: 0.02 } });
const pingChaos = chaosTimeline({ seed: 9, nodes: 6, untilUs: ping.untilUs });
cases.push({ name: 'ping chaos seed 9, loss and duplicates', scenario: { ...ping, timeline: pingChaos.timeline, healedAtUs: pingChaos.healedAtUs }, untilUs: ping.untilUs });

const out = [];
for (const c of cases) {
  const link = await encodeScenarioLink(c.scenario, {});
  const summary = new InProcessRunner(c.scenario).runUntil(c.untilUs).summary();
  out.push({ name: c.name, link, untilUs: c.untilUs, traceHash: summary.traceHash, events: summary.events });
  console.log(c.name, summary.traceHash, summary.events, link.length);
}
writeFileSync('engine/scenario/fixtures/v2-links.json', JSON.stringify(out, null, 1) + '\n');
