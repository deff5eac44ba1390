import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioToFile } from '../../engine/scenario/file';
import { encodeScenarioLink } from '../../engine/scenario/link';
import { defaultScenario } from '../../engine/scenario/schema';
import { main } from './sim';

/** A saved scenario that heals "everything" at 1 s yet leaves S3 → S1 cut: liveness must fail. */
function writeLivenessFailure(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sim-')), 'scenario.json');
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
  return file;
}

/** Runs `npm run sim -- ...` the way a user would, and returns what a user would see. */
function spawnSim(...args: string[]) {
  const result = spawnSync('npx', ['tsx', 'workers/cli/sim.ts', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The same command in this process: `main` with the lines it writes collected. A process start
 * costs about a second here, so every case but the smoke test below runs this way.
 */
async function sim(...args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(args, { out: (line) => stdout.push(`${line}\n`), err: (line) => stderr.push(`${line}\n`), progress: () => {}, isTTY: false });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

describe('npm run sim', () => {
  it('runs as a command: the smoke test, the one case that starts a process', async () => {
    // A violated invariant: the exit code and the stdout must both make it out of the process.
    const file = writeLivenessFailure();
    const spawned = spawnSim('--scenario', file, '--json');
    expect(spawned.code, spawned.stderr).toBe(1);
    expect(spawned.stderr).toBe('');
    expect(spawned.stdout.trim().split('\n')).toHaveLength(1);
    const summary = JSON.parse(spawned.stdout);
    expect(summary.violations[0].message).toMatch(/S1 still suspects S3/);
    expect(summary.traceHash).toBe(JSON.parse((await sim('--scenario', file, '--json')).stdout).traceHash);
  });

  it('prints one line of JSON with the summary, the same for both runners', async () => {
    const flags = ['--protocol', 'ping', '--nodes', '5', '--seed', '7', '--until', '8000', '--chaos', '--json'];
    const a = await sim(...flags);
    const b = await sim(...flags, '--runner', 'workers');
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
    // The sometimes properties, alike from both runners.
    expect(inProcess.sometimes).toEqual([expect.objectContaining({ property: 'every member hears every other', held: true })]);
    expect(workers.sometimes).toEqual(inProcess.sometimes);
  });

  it('says which sometimes properties held and when, apart from the violations', async () => {
    const text = await sim('--protocol', 'raft', '--nodes', '3', '--seed', '7', '--until', '2000');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^sometimes held: a leader is elected \(first at [\d.]+ ms\)$/m);
    expect(text.stdout).toMatch(/^sometimes held: an entry commits \(first at [\d.]+ ms\)$/m);
    expect(text.stdout).toContain('no invariant violated');
  });

  it('--memory reports the heap the run holds and the peak RSS, outside the trace hash', async () => {
    const flags = ['--protocol', 'raft', '--nodes', '3', '--until', '2000', '--json'];
    const plain = JSON.parse((await sim(...flags)).stdout);
    const measured = await sim(...flags, '--memory');
    expect(measured.code, measured.stderr).toBe(0);
    const summary = JSON.parse(measured.stdout);
    expect(summary.traceHash).toBe(plain.traceHash);
    expect(plain.memory).toBeUndefined();
    expect(summary.memory.heapUsedMB).toBeGreaterThan(0);
    expect(summary.memory.peakRssMB).toBeGreaterThanOrEqual(summary.memory.heapUsedMB);
    const text = await sim('--protocol', 'raft', '--until', '500', '--memory');
    expect(text.stdout).toMatch(/^memory: [\d.]+ MB of heap held after a full GC; peak RSS [\d.]+ MB$/m);
    expect((await sim('--protocol', 'raft', '--seeds', '1..2', '--memory')).stderr).toMatch(/--memory measures one run/);
  });

  it('exits 2 with a one-line message on bad input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"version": 1, "seed": ');
    const fifo = join(dir, 'fifo');
    spawnSync('mkfifo', [fifo]);
    const members = join(dir, 'members.json');
    writeFileSync(members, JSON.stringify({ version: 2, seed: 1, protocol: { name: 'raft', config: { initialMembers: [5, 6] } }, nodes: 3, network: { latencyUs: { min: 1000, max: 2000 } } }));
    const cases: [string[], RegExp][] = [
      [['--protocol', 'nope'], /unknown protocol "nope"/],
      [['--protocol', 'ping', '--nodes', '0'], /--nodes must be a whole number from 1 to 128/],
      [['--protocol', 'ping', '--runner', 'threads'], /--runner must be inprocess or workers/],
      [['--protocol', 'ping', '--frobnicate'], /unknown flag "--frobnicate"/],
      [['--scenario', broken], /is not valid JSON/],
      [['--scenario', join(dir, 'missing.json')], /cannot read/],
      // Endless or special files are refused before anything is read.
      [['--scenario', '/dev/zero'], /^sim: \/dev\/zero is not a regular file/m],
      [['--scenario', dir], /is not a regular file/m],
      [['--scenario', fifo], /is not a regular file/m],
      [['--experiment', '/dev/zero'], /^sim: \/dev\/zero is not a regular file/m],
      [['--scenario', members], /^sim: protocol\.config: initialMembers names nodes 5, 6, but the scenario has 3 nodes \(0 to 2\)$/m],
      [[], /give --protocol NAME or --scenario FILE/],
    ];
    for (const [args, message] of cases) {
      const r = await sim(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n'), 'no stack trace').toHaveLength(1);
    }
  });

  it('runs a saved scenario file and exits 1 when an invariant is violated', async () => {
    // The nemesis claims everything healed at 1 s, but node 3 stays cut off from node 1: the
    // ping monitor's liveness check must notice that S1 still suspects S3 at the end.
    const file = writeLivenessFailure();
    const r = await sim('--scenario', file, '--json');
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
    const fromFile = await sim('--scenario', file, '--json');
    const fromUrl = await sim('--scenario', `http://localhost:5173/?paused=1#${link}`, '--json');
    const fromPayload = await sim('--scenario', link, '--json', '--runner', 'workers');
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
      const r = await sim('--scenario', arg);
      expect(r.code, arg).toBe(2);
      expect(r.stderr.trim()).toMatch(message);
      expect(r.stderr.trim().split('\n'), 'no stack trace').toHaveLength(1);
    }
  });

  it('runs many seeds on a pool (--seeds A..B) with the same trace hash per seed as one run', async () => {
    const many = await sim('--protocol', 'raft', '--seeds', '1..20', '--chaos', '--until', '4000', '--json', '--workers', '2');
    expect(many.code, many.stderr).toBe(0);
    expect(many.stdout.trim().split('\n')).toHaveLength(1);
    const r = JSON.parse(many.stdout);
    expect(r).toMatchObject({ protocol: 'raft', nodes: 5, seeds: { from: 1, to: 20 }, runs: 20, untilMs: 4000, chaos: true, workers: 2, violations: 0, failingSeeds: [] });
    expect(Object.keys(r.traceHashes)).toHaveLength(20);
    const one = JSON.parse((await sim('--protocol', 'raft', '--seed', '7', '--chaos', '--until', '4000', '--json')).stdout);
    expect(r.traceHashes['7']).toBe(one.traceHash);
    const text = await sim('--protocol', 'raft', '--seeds', '3..4', '--until', '1000');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^raft, 5 nodes, seeds 3\.\.4 \(2 runs\), 1000 ms virtual each; in-process runs on 2 worker threads/);
    expect(text.stdout).toContain('no invariant violated in 2 runs');
  });

  it('adds the steering nemesis (--nemesis): the same trace hash from both runners and from a sweep', async () => {
    const flags = ['--protocol', 'raft', '--seed', '5', '--until', '5000', '--nemesis', 'steering', '--json'];
    const a = await sim(...flags);
    const b = await sim(...flags, '--runner', 'workers');
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const inProcess = JSON.parse(a.stdout);
    expect(inProcess.violations).toEqual([]);
    expect(JSON.parse(b.stdout).traceHash).toBe(inProcess.traceHash);
    // It steers: more elections than the random nemesis makes in the same run.
    const random = JSON.parse((await sim('--protocol', 'raft', '--seed', '5', '--until', '5000', '--chaos', '--json')).stdout);
    expect(random.traceHash).not.toBe(inProcess.traceHash);
    expect(inProcess.stats.electionsStarted).toBeGreaterThan(random.stats.electionsStarted);
    const many = JSON.parse((await sim('--protocol', 'raft', '--seeds', '5..6', '--until', '5000', '--nemesis', 'steering', '--json', '--workers', '1')).stdout);
    expect(many).toMatchObject({ chaos: true, nemesis: 'steering', violations: 0 });
    expect(many.traceHashes['5']).toBe(inProcess.traceHash);
    const bad: [string[], RegExp][] = [
      [['--protocol', 'raft', '--nemesis', 'gremlins'], /--nemesis must be one of random, steering, split-brain/],
      [['--protocol', 'raft', '--chaos', '--nemesis', 'figure8'], /--chaos is the random nemesis: it cannot go with --nemesis figure8/],
      [['--protocol', 'ping', '--nemesis', 'steering'], /the steering nemesis steers Raft/],
      [['--protocol', 'raft', '--nodes', '2', '--nemesis', 'figure8'], /needs at least 3 members, got 2/],
    ];
    for (const [args, message] of bad) {
      const r = await sim(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('exits 1 and names the failing seeds when some seed violates an invariant', async () => {
    const file = writeLivenessFailure();
    const json = await sim('--scenario', file, '--seeds', '10..12', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ violations: 3, failingSeeds: [10, 11, 12] });
    const text = await sim('--scenario', file, '--seeds', '10..11');
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('VIOLATED in 2 of 2 runs:');
    expect(text.stdout).toMatch(/seed 10: .*S1 still suspects S3/);
    expect(text.stdout).toContain(`replay one: npm run sim -- --scenario ${JSON.stringify(file)} --seed 10`);
  });

  it('runs Figure 16 as a table or one line of JSON, the same with any number of workers', async () => {
    const table = await sim('--experiment', 'figure16', '--seeds', '1..20');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('Raft paper, Figure 16');
    expect(table.stdout).toContain('seeds 1..20 × 6 variants = 120 runs');
    expect(table.stdout).toMatch(/variant\s+runs\s+no value\s+min\s+median\s+p90\s+p99\s+max/);
    for (const name of ['150–150 ms', '150–151 ms', '150–155 ms', '150–175 ms', '150–200 ms', '150–300 ms']) expect(table.stdout).toContain(name);
    const a = JSON.parse((await sim('--experiment', 'figure16', '--seeds', '1..20', '--json', '--workers', '1')).stdout);
    const b = JSON.parse((await sim('--experiment', 'figure16', '--seeds', '1..20', '--json', '--workers', '2')).stdout);
    expect(a).toMatchObject({ experiment: 'figure16', runs: 120, workers: 1, violations: 0, measures: ['raft.leaderRecoveryMs', 'raft.electionsPerRecovery'] });
    expect(b.variants).toEqual(a.variants);
    const median = (i: number) => a.variants[i]['raft.leaderRecoveryMs'].median ?? Infinity;
    // The class's point: no randomness is slow (split votes); 25 ms of it is fast.
    expect(median(0)).toBeGreaterThan(2000);
    expect(median(3)).toBeLessThan(400);
    expect(a.variants[5]['raft.leaderRecoveryMs']).toMatchObject({ count: 20, missing: 0 });
  });

  it('runs the lower graph of Figure 16, crashing each leader within its own variant\'s heartbeat interval', async () => {
    const csv = join(mkdtempSync(join(tmpdir(), 'sim-')), 'runs.csv');
    const r = await sim('--experiment', 'figure16-scaled', '--seeds', '1..10', '--json', '--csv', csv);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ experiment: 'figure16-scaled', runs: 50, violations: 0 });
    expect(json.variants.map((v: { name: string }) => v.name)).toEqual(['12–24 ms', '25–50 ms', '50–100 ms', '100–200 ms', '150–300 ms']);
    const rows = readFileSync(csv, 'utf8').trim().split('\r\n');
    const header = rows[0]!.split(',');
    const crashedAt = (variant: string) =>
      rows.slice(1).map((row) => row.split(',')).filter((cells) => cells[header.indexOf('variant')] === variant).map((cells) => Number(cells[header.indexOf('crashedAtMs')]));
    // Half the minimum timeout: 6 ms for 12–24 ms, 75 ms for 150–300 ms (§9.3).
    for (const at of crashedAt('12–24 ms')) expect(at >= 2000 && at < 2006, String(at)).toBe(true);
    expect(Math.max(...crashedAt('150–300 ms'))).toBeGreaterThan(2006);
  });

  it('runs an experiment file and writes one CSV row per run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const file = join(dir, 'mine.json');
    const csv = join(dir, 'runs.csv');
    writeFileSync(
      file,
      JSON.stringify({
        experiment: 1,
        name: 'first-leader',
        title: 'Time to the first leader',
        scenario: { version: 1, protocol: { name: 'raft', config: {} }, nodes: 3, network: { latencyUs: { min: 1000, max: 2000 } }, workload: { kind: 'none' }, untilUs: 5_000_000 },
        seeds: { from: 1, to: 5 },
        variants: [{ name: 'fast', config: { electionTimeoutMsMin: 50, heartbeatIntervalMs: 20 } }, { name: 'slow' }],
        measures: ['firstLeaderMs'],
      }),
    );
    const r = await sim('--experiment', file, '--seeds', '1..3', '--csv', csv, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).variants.map((v: { name: string }) => v.name)).toEqual(['fast', 'slow']);
    const rows = readFileSync(csv, 'utf8').trim().split('\r\n');
    // A format-1 file's measures were Raft's: they open under Raft's name.
    expect(rows[0]).toBe('seed,variant,raft.firstLeaderMs,traceHash,endMs,violations');
    expect(rows.slice(1).map((row) => row.split(',').slice(0, 2).join(','))).toEqual(['1,fast', '2,fast', '3,fast', '1,slow', '2,slow', '3,slow']);
  });

  it('exits 2 with a one-line message on bad --seeds or --experiment input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ experiment: 1, name: 'bad', scenario: { version: 1, protocol: { name: 'raft' }, nodes: 3, network: { latencyUs: { min: 1000, max: 2000 } } }, seeds: { from: 1, to: 2 }, measures: ['speed'] }));
    const cases: [string[], RegExp][] = [
      [['--protocol', 'raft', '--seeds', '5..1'], /--seeds must be A\.\.B, whole numbers from 0 to 4294967295 with A <= B, got "5\.\.1"/],
      [['--protocol', 'raft', '--seeds', 'abc'], /--seeds must be A\.\.B/],
      [['--protocol', 'raft', '--seeds', '1..1000000'], /--seeds may name at most 100000 seeds/],
      [['--protocol', 'raft', '--seeds', '1..5', '--seed', '3'], /give --seed S or --seeds A\.\.B, not both/],
      [['--protocol', 'raft', '--seeds', '1..5', '--runner', 'workers'], /drop --runner/],
      [['--protocol', 'raft', '--workers', '2'], /--workers goes with --seeds or --experiment/],
      [['--experiment', 'figure17'], /unknown experiment "figure17": neither a built-in one \((.+, )?figure16, figure16-jitter, figure16-scaled(, .+)?\) nor a file/],
      [['--experiment', 'figure16', '--protocol', 'raft'], /--protocol cannot be combined with --experiment/],
      [['--experiment', 'figure16', '--seeds', '9..2'], /--seeds must be A\.\.B/],
      [['--experiment', bad], /^sim: measures\.0: raft has no measure "speed"/],
    ];
    for (const [args, message] of cases) {
      const r = await sim(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n'), 'no stack trace').toHaveLength(1);
    }
  });
});
