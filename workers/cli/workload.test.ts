import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './sim';

/**
 * `--workload kv:keys=K,reads=R,interval=MS`: reads and writes over keys, from the command line.
 * The flag sets the protocol's settings `kvKeys` and `readFraction` (and the load's interval),
 * and the summary judges the clients' history for linearizability with the other invariants.
 */
async function sim(...args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(args, { out: (line) => stdout.push(`${line}\n`), err: (line) => stderr.push(`${line}\n`), progress: () => {}, isTTY: false });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

function scenarioFile(config: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sim-kv-')), 'scenario.json');
  writeFileSync(
    file,
    JSON.stringify({ version: 2, seed: 7, protocol: { name: 'raft', config }, nodes: 5, network: { latencyUs: { min: 10_000, max: 15_000 } }, untilUs: 5_000_000, ...extra }),
  );
  return file;
}

describe('npm run sim -- --workload kv:...', () => {
  it('spreads reads and writes over keys, is the same run as the settings in a file, and reports linearizability', async () => {
    const flags = await sim('--protocol', 'raft', '--nodes', '5', '--seed', '7', '--until', '5000', '--chaos', '--workload', 'kv:keys=5,reads=0.3,interval=20ms', '--json');
    expect(flags.code, flags.stderr).toBe(0);
    const summary = JSON.parse(flags.stdout);
    expect(summary.stats.linearizable).toBe(true);
    expect(summary.stats.historyReads).toBeGreaterThan(20);
    const file = scenarioFile({ kvKeys: 5, readFraction: 0.3 }, { workload: { kind: 'interval', intervalUs: 20_000 } });
    const same = await sim('--scenario', file, '--chaos', '--json');
    expect(JSON.parse(same.stdout).traceHash).toBe(summary.traceHash);
    // Without the flag, the default load: another run.
    const plain = JSON.parse((await sim('--protocol', 'raft', '--nodes', '5', '--seed', '7', '--until', '5000', '--chaos', '--json')).stdout);
    expect(plain.traceHash).not.toBe(summary.traceHash);
    expect(plain.stats.historyReads).toBe(0);
  });

  it('reports a stale read as a Linearizability violation and exits 1 (steering seed 34 without readAcksThisTermOnly)', { timeout: 60_000 }, async () => {
    const file = scenarioFile({ readAcksThisTermOnly: false }, { seed: 34, untilUs: 60_000_000 });
    const run = await sim('--scenario', file, '--nemesis', 'steering', '--workload', 'kv:reads=0.3');
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/VIOLATED Linearizability: Key "x": these 2 operations cannot be linearized/);
    expect(run.stdout).toContain('"linearizable":false');
  });

  it('exits 2 with a one-line message on a bad kv load', async () => {
    for (const [value, message] of [
      ['kv:', /needs keys=K, reads=R or interval=MS/],
      ['kv:keys=0', /keys must be a whole number from 1 to 1000/],
      ['kv:reads=1.5', /reads must be a fraction from 0 to 1/],
      ['kv:reads=abc', /reads must be a fraction/],
      ['kv:interval=0ms', /interval must be a whole number from 1/],
      ['kv:colour=red', /knows keys, reads and interval, got "colour=red"/],
    ] as const) {
      const run = await sim('--protocol', 'raft', '--workload', value);
      expect(run.code, value).toBe(2);
      expect(run.stderr, value).toMatch(message);
      expect(run.stderr.trim().split('\n'), value).toHaveLength(1);
    }
    const ping = await sim('--protocol', 'ping', '--workload', 'kv:keys=3');
    expect(ping.code).toBe(2);
    expect(ping.stderr).toMatch(/ping has no key-value load/);
  });
});
