import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FaultState } from '../kernel/faults';
import type { TraceEvent } from '../kernel/trace';
import { ping } from '../protocols/ping/ping';
import { InProcessRunner } from '../runner/inprocess';
import { EXPANDERS, compactScenario } from './compact';
import { scenarioFromFile, scenarioToFile } from './file';
import { decodeScenarioLink, encodeScenarioLink, readLinkDocument } from './link';
import { migrateScenario } from './migrations';
import { defaultScenario, parseScenario, ScenarioError, type Scenario } from './schema';
import { acceptScenario } from './untrusted';
import { observedMesh } from './topology.fixture';

function trace(s: Scenario, protocol?: typeof ping): TraceEvent[] {
  const events: TraceEvent[] = [];
  new InProcessRunner(s, { sink: (e: TraceEvent) => void events.push(e), ...(protocol ? { protocol } : {}) }).runUntil(s.untilUs);
  return events;
}

const failure = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as Error).message;
  }
  throw new Error('expected a ScenarioError');
};

describe('format 2 -> 3: a scenario from before topologies runs as it ran', () => {
  interface OldLink { name: string; link: string; untilUs: number; traceHash: string; events: number }
  const v2 = JSON.parse(readFileSync(new URL('./fixtures/v2-links.json', import.meta.url), 'utf8')) as OldLink[];

  it.each(['page default ping, 20 s, crash, slower network, restart', 'raft chaos seed 17, 3 nodes, a write every 50 ms'])(
    'format-2 JSON in, format 3 with one main group out, same trace hash: %s',
    async (name) => {
      const frozen = v2.find((f) => f.name === name)!;
      const { version, doc } = await readLinkDocument(frozen.link);
      expect(version).toBe(2);
      const json = EXPANDERS[2]!(doc, 2).scenario;
      expect(json).not.toHaveProperty('topology');
      const migrated = migrateScenario(json) as Record<string, unknown>;
      const kinds = json.protocol && (json.protocol as { name: string }).name === 'ping' ? 'member' : 'server';
      expect(migrated).toMatchObject({ version: 3, topology: { groups: [{ kind: kinds, count: json.nodes, prefix: 'S' }] } });
      // That topology is the default one: the parsed scenario leaves it out, as a new link would.
      const s = parseScenario(migrated);
      expect(s.topology).toBeUndefined();
      const summary = new InProcessRunner(s).runUntil(frozen.untilUs).summary();
      expect({ traceHash: summary.traceHash, events: summary.events }).toEqual({ traceHash: frozen.traceHash, events: frozen.events });
    },
  );
});

describe('topology and per-link latency in links and files', () => {
  it('a default topology and no per-link latency cost nothing in a link', () => {
    const doc = compactScenario(defaultScenario({ protocol: 'raft', nodes: 5 }), {});
    expect(Object.keys(doc)).not.toContain('g');
    expect(Object.keys(doc)).not.toContain('k');
    // Stating the default in full is the same scenario.
    const stated = parseScenario({ ...defaultScenario({ protocol: 'raft', nodes: 5 }), topology: { groups: [{ kind: 'server', count: 5, prefix: 'S' }] } });
    expect(stated).toEqual(defaultScenario({ protocol: 'raft', nodes: 5 }));
  });

  it('two groups with settings and per-link latency round-trip through a link and a file', async () => {
    const s = observedMesh();
    expect(s.topology).toEqual({ groups: [{ kind: 'member', count: 4, prefix: 'S' }, { kind: 'observer', count: 2, prefix: 'O', config: { pingIntervalMs: 250 } }] });
    const doc = compactScenario(s, {});
    expect(doc.g).toEqual([['member', 4], ['observer', 2, null, { pingIntervalMs: 250 }]]);
    expect(doc.k).toEqual([[4, 0, 2000, 3000], [5, 1, 40000, 60000, 1]]);
    const link = await encodeScenarioLink(s, { atUs: 5 });
    expect(link.startsWith('s3.')).toBe(true);
    expect((await decodeScenarioLink(link)).scenario).toStrictEqual(s);
    const text = scenarioToFile(s);
    expect(text).toContain('  "topology": {"groups":[{"kind":"member","count":4,"prefix":"S"},{"kind":"observer","count":2,"prefix":"O","config":{"pingIntervalMs":250}}]},');
    expect(scenarioFromFile(text).scenario).toStrictEqual(s);
    // A prefix of the scenario's own travels too.
    const renamed = parseScenario({ ...s, topology: { groups: [{ kind: 'member', count: 4, prefix: 'M' }, { kind: 'observer', count: 2 }] } });
    expect(compactScenario(renamed, {}).g).toEqual([['member', 4, 'M'], ['observer', 2]]);
    expect((await decodeScenarioLink(await encodeScenarioLink(renamed))).scenario).toStrictEqual(renamed);
  });

  it('names what is wrong with a topology or a link latency', () => {
    const base = observedMesh() as unknown as Record<string, unknown>;
    const bad = (patch: Record<string, unknown>) => failure(() => acceptScenario({ ...base, ...patch }, 'the file'));
    expect(bad({ nodes: 7 })).toBe('topology: its groups hold 6 nodes, but the scenario has 7');
    expect(bad({ topology: { groups: [{ kind: 'server', count: 6 }] } })).toBe('topology.groups.0.kind: this protocol has no nodes of kind "server" (it has member, observer)');
    expect(bad({ topology: { groups: [{ kind: 'member', count: 3 }, { kind: 'member', count: 3 }] } })).toBe('topology.groups.1.kind: the kind "member" has two groups');
    expect(bad({ topology: { groups: [{ kind: 'member', count: 6, prefix: 'Server' }] } })).toMatch(/^topology\.groups\.0\.prefix: /);
    expect(bad({ topology: { groups: [{ kind: 'member', count: 5 }, { kind: 'observer', count: 1, config: { pingEveryMs: 1 } }] } })).toBe(
      'protocol.config: a group\'s config has no setting "pingEveryMs"',
    );
    const network = base.network as Record<string, unknown>;
    expect(bad({ network: { ...network, links: [{ from: 0, to: 6, latencyUs: { min: 1, max: 2 } }] } })).toBe('network.links.0: names a node beyond the 6 in the scenario');
    expect(bad({ network: { ...network, links: [{ from: 2, to: 2, latencyUs: { min: 1, max: 2 } }] } })).toBe('network.links.0: a link joins two different nodes');
    expect(bad({ network: { ...network, links: [{ from: 0, to: 1, latencyUs: { min: 0, max: 2 } }] } })).toMatch(/^network\.links\.0\.latencyUs\.min: /);
  });
});

describe('per-link latency', () => {
  it('the lookahead is the least minimum over the default and every override; a network action changes the default only', () => {
    const f = new FaultState(observedMesh().network, 6);
    expect(f.minLatencyUs).toBe(2_000);
    expect(f.latencyOf(4, 0)).toEqual({ min: 2_000, max: 3_000 });
    expect(f.latencyOf(0, 4)).toEqual({ min: 2_000, max: 3_000 });
    expect(f.latencyOf(5, 1)).toEqual({ min: 40_000, max: 60_000 });
    expect(f.latencyOf(1, 5)).toEqual({ min: 10_000, max: 15_000 });
    f.apply({ kind: 'network', latencyUs: { min: 1_000, max: 1_500 } });
    expect(f.minLatencyUs).toBe(1_000);
    expect(f.latencyOf(1, 5)).toEqual({ min: 1_000, max: 1_500 });
    expect(f.latencyOf(4, 0)).toEqual({ min: 2_000, max: 3_000 });
    const copy = FaultState.fromSnapshot(f.snapshot());
    expect(copy.latencyOf(5, 1)).toEqual({ min: 40_000, max: 60_000 });
    expect(copy.minLatencyUs).toBe(1_000);
  });

  it('every message on an overridden link takes a latency from its own range', () => {
    const s = observedMesh();
    const ranges = new FaultState(s.network, s.nodes);
    let checked = 0;
    for (const e of trace({ ...s, timeline: [] })) {
      if (e.kind !== 'send' || e.dueAt === e.at) continue;
      const { min, max } = ranges.latencyOf(e.node, e.to);
      expect(e.dueAt - e.at).toBeGreaterThanOrEqual(min);
      expect(e.dueAt - e.at).toBeLessThanOrEqual(max);
      if ((e.node === 5 && e.to === 1) || (e.node === 4 && e.to === 0) || (e.node === 0 && e.to === 4)) checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describe('kinds at run time', () => {
  it('observers ping the members and nobody pings them; they run at their group\'s interval', () => {
    const events = trace(observedMesh());
    const pings = events.filter((e): e is Extract<TraceEvent, { kind: 'send' }> => e.kind === 'send' && e.msg.type === 'Ping');
    expect(pings.filter((e) => e.to >= 4)).toEqual([]);
    expect(new Set(pings.filter((e) => e.node >= 4).map((e) => e.to))).toEqual(new Set([0, 1, 2, 3]));
    // Observer O1 pings every 250-275 ms, members every 100-110 ms: count one's rounds in 2 s.
    const rounds = (node: number) => pings.filter((e) => e.node === node && e.to === 0).length;
    expect(rounds(4)).toBeLessThanOrEqual(9);
    expect(rounds(2)).toBeGreaterThanOrEqual(16);
  });

  it('the workload goes to the up nodes of its target kind: the main kind by default, or the one it names', () => {
    const members = trace(observedMesh()).filter((e) => e.kind === 'invoke');
    expect(members.length).toBeGreaterThan(50);
    expect(new Set(members.map((e) => e.node))).toEqual(new Set([0, 1, 2, 3]));
    // Node 1 is down from 0.5 s to 1.2 s: nothing goes to it then.
    expect(members.filter((e) => e.node === 1 && e.at > 500_000 && e.at < 1_200_000)).toEqual([]);
    const toObservers = { ...ping, workload: (c: never) => ({ ...ping.workload!(c)!, target: 'observer' }) } as typeof ping;
    const observers = trace(observedMesh(), toObservers).filter((e) => e.kind === 'invoke');
    expect(new Set(observers.map((e) => e.node))).toEqual(new Set([4, 5]));
    const nobody = { ...ping, workload: (c: never) => ({ ...ping.workload!(c)!, target: 'broker' }) } as typeof ping;
    expect(failure(() => new InProcessRunner(observedMesh(), { protocol: nobody }))).toBe('the workload goes to nodes of kind "broker", and the topology has none');
  });

  it('a run of one group draws its operations exactly as before: the same nodes, the same hash', () => {
    const s = defaultScenario({ protocol: 'ping', nodes: 5, seed: 8, untilUs: 1_000_000, workload: { kind: 'interval', intervalUs: 10_000 } });
    const named = { ...s, topology: { groups: [{ kind: 'member', count: 5 }] } };
    const viaTarget = { ...ping, workload: (c: never) => ({ ...ping.workload!(c)!, target: 'member' }) } as typeof ping;
    const hash = (x: Scenario, p?: typeof ping) => new InProcessRunner(x, p ? { protocol: p } : {}).runUntil(x.untilUs).summary().traceHash;
    expect(hash(named)).toBe(hash(s));
    expect(hash(s, viaTarget)).toBe(hash(s));
  });
});
