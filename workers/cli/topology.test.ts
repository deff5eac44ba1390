import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../../engine/runner/inprocess';
import { defaultScenario } from '../../engine/scenario/schema';
import { parseArgs, UsageError } from './args';
import { main } from './sim';

/** `npm run sim -- ...` in this process, with the lines it writes collected. */
async function sim(...args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(args, { out: (line) => stdout.push(line), err: (line) => stderr.push(line), progress: () => {}, isTTY: false });
  return { code, stdout, stderr };
}

describe('npm run sim: topology flags', () => {
  it('--nodes sizes the main group, --group another kind, --link-latency one link; both runners agree', async () => {
    const flags = ['--protocol', 'ping', '--nodes', '4', '--group', 'observer=2', '--link-latency', 'O1,S2,1,2.5', '--until', '1500', '--seed', '4'];
    const text = await sim(...flags);
    expect(text.code).toBe(0);
    expect(text.stdout[0]).toMatch(/^ping, 6 nodes \(4 members S1-S4, 2 observers O1-O2\), seed 4, /);
    const inprocess = JSON.parse((await sim(...flags, '--json')).stdout[0]!) as { traceHash: string; nodes: number };
    const workers = JSON.parse((await sim(...flags, '--json', '--runner', 'workers')).stdout[0]!) as { traceHash: string };
    expect(inprocess.nodes).toBe(6);
    expect(workers.traceHash).toBe(inprocess.traceHash);
    // The same run without the fast link is another run.
    const plain = JSON.parse((await sim(...flags.slice(0, 6), '--until', '1500', '--seed', '4', '--json')).stdout[0]!) as { traceHash: string };
    expect(plain.traceHash).not.toBe(inprocess.traceHash);
  });

  it('--nodes alone runs what it always ran: every node a server', async () => {
    const cli = JSON.parse((await sim('--protocol', 'raft', '--nodes', '3', '--until', '800', '--json')).stdout[0]!) as { traceHash: string };
    const s = defaultScenario({ protocol: 'raft', nodes: 3, seed: 1, untilUs: 800_000 });
    expect(s.topology).toBeUndefined();
    expect(cli.traceHash).toBe(new InProcessRunner(s).runUntil(s.untilUs).summary().traceHash);
  });

  it('raft --group client=3: client nodes ask the servers, and the run reports the clients\' linearizability', async () => {
    const flags = ['--protocol', 'raft', '--nodes', '5', '--group', 'client=3', '--until', '3000', '--seed', '3', '--chaos'];
    const text = await sim(...flags);
    expect(text.code).toBe(0);
    expect(text.stdout[0]).toMatch(/^raft, 8 nodes \(5 servers S1-S5, 3 clients C1-C3\), seed 3, /);
    const json = JSON.parse((await sim(...flags, '--json')).stdout[0]!) as { stats: Record<string, unknown>; violations: unknown[] };
    expect(json.violations).toEqual([]);
    expect(json.stats.linearizable).toBe(true);
    expect(json.stats.historyOps).toBeGreaterThan(200);
  });

  it('names what is wrong, exit code 2', async () => {
    const bad = async (...args: string[]) => {
      const r = await sim(...args);
      expect(r.code).toBe(2);
      return r.stderr.join('\n');
    };
    // Raft has client nodes since they send it requests (engine/protocols/raft/client-node.ts).
    expect(await bad('--protocol', 'raft', '--group', 'observer=2')).toBe('sim: --group observer: raft has no nodes of kind "observer" (it has server, client)');
    expect(await bad('--protocol', 'raft', '--group', 'server=2')).toBe('sim: --group server: the main kind is sized by --nodes');
    expect(await bad('--protocol', 'ping', '--link-latency', 'S1,S9,1,2')).toBe('sim: --link-latency: no node "S9" (nodes are S1 to S5, or ids 0 to 4)');
    expect(await bad('--protocol', 'ping', '--link-latency', 'S1,S2,0,2')).toMatch(/^sim: --link-latency must be FROM,TO,MIN,MAX/);
    expect(await bad('--scenario', 'x.json', '--group', 'observer=1')).toBe('sim: --group goes with --protocol: a scenario file or link states its own topology and network');
  });

  it('--slow NODE,DELAY,FROM,TO puts a slow stretch in the timeline: the same run as the scenario that says so, in both runners', async () => {
    const flags = ['--protocol', 'swim', '--nodes', '5', '--until', '6000', '--seed', '2', '--slow', 'S2,1500,1000,4000', '--json'];
    const cli = JSON.parse((await sim(...flags)).stdout[0]!) as { traceHash: string };
    const workers = JSON.parse((await sim(...flags, '--runner', 'workers')).stdout[0]!) as { traceHash: string };
    const s = defaultScenario({
      protocol: 'swim',
      nodes: 5,
      seed: 2,
      untilUs: 6_000_000,
      timeline: [
        { at: 1_000_000, action: { kind: 'slow', node: 1, delayUs: 1_500_000 } },
        { at: 4_000_000, action: { kind: 'slow', node: 1, delayUs: 0 } },
      ],
    });
    expect(cli.traceHash).toBe(new InProcessRunner(s).runUntil(s.untilUs).summary().traceHash);
    expect(workers.traceHash).toBe(cli.traceHash);
    const plain = new InProcessRunner({ ...s, timeline: [] }).runUntil(s.untilUs).summary();
    expect(plain.traceHash).not.toBe(cli.traceHash);
    expect(parseArgs(['--protocol', 'swim', '--slow', '0,2.5']).slow).toEqual([{ node: '0', delayUs: 2500, fromUs: 0, toUs: null }]);
    expect(() => parseArgs(['--protocol', 'swim', '--slow', 'S1,0'])).toThrow(/--slow must be NODE,DELAY/);
    expect(() => parseArgs(['--protocol', 'swim', '--slow', 'S1,10,500,400'])).toThrow(/--slow must be NODE,DELAY/);
  });

  it('parses the flags strictly', () => {
    const args = parseArgs(['--protocol', 'ping', '--group', 'observer=0', '--link-latency', '0,3,0.5,1', '--link-latency', 'S1,O1,2,2']);
    expect(args.groups).toEqual({ observer: 0 });
    expect(args.linkLatency).toEqual([
      { from: '0', to: '3', minUs: 500, maxUs: 1000 },
      { from: 'S1', to: 'O1', minUs: 2000, maxUs: 2000 },
    ]);
    expect(() => parseArgs(['--protocol', 'ping', '--group', 'observer'])).toThrow(UsageError);
    expect(() => parseArgs(['--protocol', 'ping', '--group', 'observer=1', '--group', 'observer=2'])).toThrow('--group observer is given twice');
  });
});
