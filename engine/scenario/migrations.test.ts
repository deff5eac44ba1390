import { describe, expect, it } from 'vitest';
import { EXPANDERS } from './compact';
import { decodeScenarioLink, encodeScenarioLink, readLinkDocument } from './link';
import { getProtocol } from '../protocols/registry';
import { MIGRATIONS, migrateScenario, pinFormerDefaults, type Migration } from './migrations';
import { defaultScenario, parseScenario, SCENARIO_VERSION, ScenarioError } from './schema';

/**
 * A synthetic version 0, older than today's: latency in milliseconds under "latencyMs", the
 * node count under "size" and crash/restart actions under the kind "kill"/"revive".
 */
const v0: Record<string, unknown> = {
  version: 0,
  seed: 5,
  protocol: { name: 'ping', config: {} },
  size: 3,
  network: { latencyMs: { min: 10, max: 15 } },
  timeline: [
    { at: 1000, action: { kind: 'kill', node: 1 } },
    { at: 2000, action: { kind: 'revive', node: 1 } },
  ],
};

const v0ToV1: Migration = (old) => {
  const { size, network, timeline, ...rest } = old;
  const net = (network ?? {}) as { latencyMs?: { min: number; max: number } };
  const kinds: Record<string, string> = { kill: 'crash', revive: 'restart' };
  return {
    ...rest,
    nodes: size,
    network: net.latencyMs ? { latencyUs: { min: net.latencyMs.min * 1000, max: net.latencyMs.max * 1000 } } : network,
    timeline: Array.isArray(timeline)
      ? timeline.map((t: { at: number; action: { kind: string } }) => ({ ...t, action: { ...t.action, kind: kinds[t.action.kind] ?? t.action.kind } }))
      : timeline,
  };
};

describe('scenario migrations', () => {
  it('today: version 3, two migrations, and the current version passes unchanged', () => {
    expect(SCENARIO_VERSION).toBe(3);
    expect(Object.keys(MIGRATIONS)).toEqual(['1', '2']);
    const s = defaultScenario({ protocol: 'ping' });
    expect(migrateScenario(s)).toBe(s);
  });

  it('brings a version-0 scenario up to version 1 through the chain, then it validates', () => {
    const migrated = migrateScenario(v0, { current: 1, migrations: { 0: v0ToV1 } });
    expect(migrated).toMatchObject({ version: 1 });
    const s = parseScenario(migrated);
    expect(s).toMatchObject({ version: 3, nodes: 3, network: { latencyUs: { min: 10_000, max: 15_000 } } });
    expect(s.timeline.map((t) => t.action.kind)).toEqual(['crash', 'restart']);
    // The input is not changed in place.
    expect(v0.size).toBe(3);
  });

  it('runs several steps in order, each stamping its version', () => {
    const seen: number[] = [];
    const step = (n: number): Migration => (old) => {
      seen.push(old.version as number);
      return { ...old, [`step${n}`]: true };
    };
    const out = migrateScenario({ version: 2 }, { current: 5, migrations: { 2: step(2), 3: step(3), 4: step(4) } });
    expect(out).toEqual({ version: 5, step2: true, step3: true, step4: true });
    expect(seen).toEqual([2, 3, 4]);
  });

  it('a link made today still opens once the format has grown to version 4', async () => {
    const today = defaultScenario({ protocol: 'ping', nodes: 3, seed: 12, timeline: [{ at: 500, action: { kind: 'heal' } }] });
    const link = await encodeScenarioLink(today, { atUs: 700 });
    // Tomorrow: version 4 renames "seed" to "seeds" (one per stream, say). Version 3's expander
    // is frozen and still reads the link; the chain lifts it to version 4.
    const tomorrow = { current: 4, migrations: { ...MIGRATIONS, 3: ((old) => ({ ...old, seeds: [old.seed], seed: undefined })) as Migration } };
    const { version, doc } = await readLinkDocument(link);
    expect(version).toBe(3);
    const expanded = EXPANDERS[version]!(doc, version);
    const v4 = migrateScenario(expanded.scenario, tomorrow) as Record<string, unknown>;
    expect(v4).toMatchObject({ version: 4, seeds: [12], nodes: 3, timeline: [{ at: 500, action: { kind: 'heal' } }] });
    expect(expanded.view).toEqual({ atUs: 700 });
    // And today the same link decodes as it was.
    expect((await decodeScenarioLink(link)).scenario).toStrictEqual(today);
  });

  it('names a newer version, a missing step and a failing step', () => {
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        expect(error).toBeInstanceOf(ScenarioError);
        return (error as Error).message;
      }
      throw new Error('expected a ScenarioError');
    };
    expect(message(() => migrateScenario({ version: 4 }, { what: 'the file' }))).toBe(
      'the file is from a newer version of Quorum Playground (scenario format 4; this one reads up to 3): update or reload the page',
    );
    expect(message(() => migrateScenario({ version: 0 }, { what: 'the link' }))).toBe(
      'the link uses scenario format 0, which this version can no longer read',
    );
    const broken: Migration = () => {
      throw new TypeError('cannot read properties of undefined\n    at somewhere');
    };
    expect(message(() => migrateScenario({ version: 0 }, { current: 1, migrations: { 0: broken } }))).toBe(
      'the scenario cannot be upgraded from scenario format 0: cannot read properties of undefined',
    );
    expect(message(() => migrateScenario({ version: 0 }, { current: 1, migrations: { 0: () => [] as never } }))).toBe(
      'the scenario cannot be upgraded from scenario format 0',
    );
  });

  it('leaves input without a usable version for validation to name', () => {
    for (const input of [null, 7, 'x', [], {}, { version: '1' }, { version: -1 }, { version: 1.5 }]) {
      expect(migrateScenario(input)).toBe(input);
    }
    expect(() => parseScenario(migrateScenario({ version: '1' }))).toThrow(ScenarioError);
  });
});

describe('format 1 -> 2: settings whose defaults changed are pinned', () => {
  const fake = { 1: pinFormerDefaults(1) };
  it('fills a known protocol\'s former defaults, keeps what the scenario states, ignores unknown protocols', () => {
    const raftV1 = { version: 1, protocol: { name: 'raft', config: { preVote: false } } };
    const out = migrateScenario(raftV1, { current: 2, migrations: fake }) as { protocol: { config: Record<string, unknown> } };
    expect(out.protocol.config).toEqual({ ...getProtocol('raft').formerDefaults?.[1], preVote: false });
    const unknown = { version: 1, protocol: { name: 'nope', config: {} } };
    expect(migrateScenario(unknown, { current: 2, migrations: fake })).toEqual({ ...unknown, version: 2 });
    expect(migrateScenario({ version: 1, protocol: 'raft' }, { current: 2, migrations: fake })).toEqual({ version: 2, protocol: 'raft' });
  });
});
