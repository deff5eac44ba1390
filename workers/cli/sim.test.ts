import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioToFile } from '../../engine/scenario/file';
import { encodeScenarioLink } from '../../engine/scenario/link';
import { defaultScenario } from '../../engine/scenario/schema';

/** Runs `npm run sim -- ...` the way a user would, and returns what a user would see. */
function sim(...args: string[]) {
  const result = spawnSync('npx', ['tsx', 'workers/cli/sim.ts', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run sim', () => {
  it('prints one line of JSON with the summary, the same for both runners', () => {
    const flags = ['--protocol', 'ping', '--nodes', '5', '--seed', '7', '--until', '8000', '--chaos', '--json'];
    const a = sim(...flags);
    const b = sim(...flags, '--runner', 'workers');
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const inProcess = JSON.parse(a.stdout);
    const workers = JSON.parse(b.stdout);
    expect(a.stdout.trim().split('\n')).toHaveLength(1);
    for (const key of ['protocol', 'seed', 'runner', 'untilMs', 'traceHash', 'events', 'messages', 'violations', 'stats', 'wallMs']) {
      expect(inProcess).toHaveProperty(key);
    }
    expect(inProcess).toMatchObject({ protocol: 'ping', seed: 7, runner: 'inprocess', untilMs: 8000, violations: [] });
    expect(workers.runner).toBe('workers');
    expect(workers.traceHash).toBe(inProcess.traceHash);
    expect(inProcess.messages.dropped).toBeGreaterThan(0);
  });

  it('exits 2 with a one-line message on bad input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"version": 1, "seed": ');
    const cases: [string[], RegExp][] = [
      [['--protocol', 'nope'], /unknown protocol "nope"/],
      [['--protocol', 'ping', '--nodes', '0'], /--nodes must be a whole number from 1 to 128/],
      [['--protocol', 'ping', '--runner', 'threads'], /--runner must be inprocess or workers/],
      [['--protocol', 'ping', '--frobnicate'], /unknown flag "--frobnicate"/],
      [['--scenario', broken], /is not valid JSON/],
      [['--scenario', join(dir, 'missing.json')], /cannot read/],
      [[], /give --protocol NAME or --scenario FILE/],
    ];
    for (const [args, message] of cases) {
      const r = sim(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n'), 'no stack trace').toHaveLength(1);
    }
  });

  it('runs a saved scenario file and exits 1 when an invariant is violated', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const file = join(dir, 'scenario.json');
    // The nemesis claims everything healed at 1 s, but node 3 stays cut off from node 1: the
    // ping monitor's liveness check must notice that S1 still suspects S3 at the end.
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        seed: 3,
        protocol: { name: 'ping', config: {} },
        nodes: 3,
        network: { latencyUs: { min: 5000, max: 8000 } },
        timeline: [{ at: 1_000_000, action: { kind: 'cut', from: 2, to: 0, oneWay: true } }],
        untilUs: 3_000_000,
        healedAtUs: 1_000_000,
      }),
    );
    const r = sim('--scenario', file, '--json');
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.stdout);
    expect(summary.violations[0].message).toMatch(/S1 still suspects S3/);
  });

  it('runs a share link (a whole URL or its fragment) to the same trace hash as the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const scenario = defaultScenario({
      protocol: 'raft',
      nodes: 5,
      seed: 17,
      untilUs: 4_000_000,
      timeline: [
        { at: 1_000_003, action: { kind: 'crash', node: 0 } },
        { at: 1_500_000, action: { kind: 'partition', groups: [[1, 2], [3, 4]] } },
        { at: 2_200_000, action: { kind: 'heal' } },
        { at: 2_500_000, action: { kind: 'command', node: 1, command: { type: 'write', value: 1001 } } },
        { at: 3_000_000, action: { kind: 'restart', node: 0 } },
      ],
    });
    const file = join(dir, 'shared.json');
    writeFileSync(file, scenarioToFile(scenario, { atUs: 2_000_000 }));
    const link = await encodeScenarioLink(scenario, { atUs: 2_000_000 });
    const fromFile = sim('--scenario', file, '--json');
    const fromUrl = sim('--scenario', `http://localhost:5173/?paused=1#${link}`, '--json');
    const fromPayload = sim('--scenario', link, '--json', '--runner', 'workers');
    for (const r of [fromFile, fromUrl, fromPayload]) expect(r.code, r.stderr).toBe(0);
    const hash = JSON.parse(fromFile.stdout).traceHash;
    expect(JSON.parse(fromUrl.stdout).traceHash).toBe(hash);
    expect(JSON.parse(fromPayload.stdout).traceHash).toBe(hash);
    expect(JSON.parse(fromFile.stdout).events).toBeGreaterThan(100);
  });

  it('exits 2 with a one-line message on a bad link', async () => {
    const link = await encodeScenarioLink(defaultScenario({ protocol: 'ping', seed: 2 }));
    const cases: [string, RegExp][] = [
      [link.slice(0, Math.floor(link.length / 2)), /^sim: the link is cut short$/],
      [`https://example.org/#${link.slice(0, -6)}`, /^sim: the link is cut short$/],
      [`s9.${link.slice(3)}`, /^sim: the link is from a newer version of Quorum Playground/],
      ['https://example.org/#hello', /^sim: the link is not a Quorum Playground scenario$/],
    ];
    for (const [arg, message] of cases) {
      const r = sim('--scenario', arg);
      expect(r.code, arg).toBe(2);
      expect(r.stderr.trim()).toMatch(message);
      expect(r.stderr.trim().split('\n'), 'no stack trace').toHaveLength(1);
    }
  });
});
