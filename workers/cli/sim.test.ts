import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

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
});
