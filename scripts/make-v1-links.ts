/**
 * Wrote engine/scenario/fixtures/v1-links.json once, before scenario format 2 existed: links
 * made by the version-1 encoder with the trace hash each replayed to then. The fixture is
 * frozen; scripts/ keeps this file only to show how it was made (re-running it today would
 * write format-2 links).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { InProcessRunner } from '../engine/runner/inprocess';
import { chaosTimeline } from '../engine/scenario/chaos';
import { encodeScenarioLink } from '../engine/scenario/link';
import { defaultScenario, parseScenario, type Scenario } from '../engine/scenario/schema';
import { defaultScenario as pageDefault } from '../app/session/default-scenario';

const cases: { name: string; scenario: Scenario; untilUs: number }[] = [];
const builtins = JSON.parse(readFileSync('public/scenarios/index.json', 'utf8')) as { scenarios?: { file: string }[] } | { file: string }[];
const files = (Array.isArray(builtins) ? builtins : builtins.scenarios ?? []).map((b) => b.file);
for (const file of files) {
  const s = parseScenario(JSON.parse(readFileSync(`public/scenarios/${file}`, 'utf8')));
  cases.push({ name: `built-in ${file}`, scenario: s, untilUs: Math.min(s.untilUs, 20_000_000) });
}
// The page's default run with membership changes, long enough to grow a big log.
const page = pageDefault(new URLSearchParams('seed=1234'), 0);
page.timeline = [
  { at: 3_000_000, action: { kind: 'command', node: 0, command: { type: 'addServer', node: 5 } }, by: 'user' },
  { at: 3_000_000, action: { kind: 'restart', node: 5 }, by: 'user' },
  { at: 20_000_000, action: { kind: 'crash', node: 2 }, by: 'user' },
  { at: 40_000_000, action: { kind: 'restart', node: 2 }, by: 'user' },
];
cases.push({ name: 'page default, 90 s, add a server, crash and restart one', scenario: parseScenario(page), untilUs: 90_000_000 });
// Chaos over several seeds and sizes.
for (const [seed, nodes] of [[7, 5], [11, 3], [23, 7], [99, 4]] as const) {
  const base = defaultScenario({ protocol: 'raft', nodes, seed, untilUs: 20_000_000 });
  const chaos = chaosTimeline({ seed, nodes, untilUs: base.untilUs });
  cases.push({ name: `raft chaos seed ${seed}, ${nodes} nodes`, scenario: { ...base, timeline: chaos.timeline, healedAtUs: chaos.healedAtUs }, untilUs: base.untilUs });
}
const ping = defaultScenario({ protocol: 'ping', nodes: 4, seed: 3, untilUs: 10_000_000 });
const pingChaos = chaosTimeline({ seed: 3, nodes: 4, untilUs: ping.untilUs });
cases.push({ name: 'ping chaos seed 3', scenario: { ...ping, timeline: pingChaos.timeline, healedAtUs: pingChaos.healedAtUs }, untilUs: ping.untilUs });
// The runs issue 9 reported: their old behaviour is what their links promise.
for (const file of ['hang', 'deadlock', 'falsecompl', 'falselive']) {
  const s = parseScenario(JSON.parse(readFileSync(`engine/scenario/fixtures/issue-9-${file}.json`, 'utf8')));
  // falsecompl stops at a false alarm at 860 ms that issue 9 removes: compare before it.
  cases.push({ name: `issue 9 reproduction ${file}`, scenario: s, untilUs: file === 'falsecompl' ? 850_000 : s.untilUs });
}

const out = [];
for (const c of cases) {
  const link = await encodeScenarioLink(c.scenario, {});
  const summary = new InProcessRunner(c.scenario).runUntil(c.untilUs).summary();
  out.push({ name: c.name, link, untilUs: c.untilUs, traceHash: summary.traceHash, events: summary.events });
  console.log(c.name, summary.traceHash, summary.events, link.length);
}
writeFileSync('engine/scenario/fixtures/v1-links.json', JSON.stringify(out, null, 1) + '\n');
