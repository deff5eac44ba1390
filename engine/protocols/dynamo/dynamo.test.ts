import { describe, expect, it } from 'vitest';
import type { TimedAction } from '../../kernel/actions';
import type { TraceEvent } from '../../kernel/trace';
import { InProcessRunner } from '../../runner/inprocess';
import { defaultScenario } from '../../scenario/schema';
import { configureDynamo, checkDynamoScenario } from './config';
import { buildRing, preferenceList } from './ring';
import type { DynamoResult } from './types';
import { nodeName } from '../../kernel/topology';

const KEY = 'user:42';
const prefs = preferenceList(buildRing(5, 8), KEY);
const [home1, home2, home3, standIn] = prefs as [number, number, number, number, number];
/** A node that is not among the key's first three: it coordinates without being a replica. */
const outsider = prefs[4]!;

function run(timeline: TimedAction[], config: Record<string, unknown> = {}, untilUs = 3_000_000) {
  const events: TraceEvent[] = [];
  const scenario = defaultScenario({ protocol: 'dynamo', nodes: 5, seed: 3, untilUs, config, workload: { kind: 'none' }, timeline });
  const runner = new InProcessRunner(scenario, { sink: (e) => events.push(e) });
  const summary = runner.runUntil(untilUs).summary();
  const results = events.filter((e): e is TraceEvent & { kind: 'return' } => e.kind === 'return').map((e) => e.result as DynamoResult);
  const observed = (what: string) => events.filter((e): e is TraceEvent & { kind: 'observe' } => e.kind === 'observe' && e.what === what);
  return { events, summary, results, observed, runner };
}

const at = (ms: number, action: TimedAction['action']): TimedAction => ({ at: ms * 1000, action });
const cmd = (node: number, command: Record<string, unknown>) => ({ kind: 'command' as const, node, command: command as { type: string } });

describe('the coordinator (§4.5)', () => {
  it('a put waits for W delivered PutAcks, a later get for R GetAcks, and returns the value', () => {
    const { results, events, summary } = run([at(100, cmd(outsider, { type: 'put', key: KEY, value: 'a' })), at(400, cmd(outsider, { type: 'get', key: KEY }))]);
    expect(summary.violations).toEqual([]);
    const [put, get] = results;
    expect(put).toMatchObject({ ok: true, kind: 'put', acks: 2, sloppy: false, dot: `${nodeName(null, outsider)}:1` });
    expect(get).toMatchObject({ ok: true, kind: 'get', acks: 2 });
    if (get?.ok && get.kind === 'get') expect(get.versions.map((v) => v.value)).toEqual(['a']);
    // The replica requests went to the key's first three nodes, as messages.
    const puts = events.filter((e) => e.kind === 'send' && e.msg.type === 'Put').map((e) => (e as { to: number }).to);
    expect(puts.sort()).toEqual([home1, home2, home3].sort());
    // The put was answered only after two PutAcks were delivered to the coordinator.
    const putReturn = events.find((e) => e.kind === 'return')!;
    const acksBefore = events.filter((e) => e.kind === 'deliver' && e.msgType === 'PutAck' && e.at <= putReturn.at);
    expect(acksBefore.length).toBe(2);
  });

  it('concurrent writes on both sides of a partition become siblings; a later update reconciles them', () => {
    const { results, summary } = run([
      at(100, cmd(outsider, { type: 'put', key: KEY, value: 'base' })),
      at(300, { kind: 'partition', groups: [[home1, outsider], [home2, home3, standIn]] }),
      at(400, cmd(home1, { type: 'update', key: KEY, value: 'left' })),
      at(400, cmd(home2, { type: 'update', key: KEY, value: 'right' })),
      at(1200, { kind: 'heal' }),
      // After the heal, hinted handoff (every 500 ms) and read repair bring both sides together.
      at(2000, cmd(standIn, { type: 'get', key: KEY })),
      at(2300, cmd(standIn, { type: 'update', key: KEY, value: 'merged' })),
      at(2700, cmd(outsider, { type: 'get', key: KEY })),
    ]);
    expect(summary.violations).toEqual([]);
    const gets = results.filter((r): r is Extract<DynamoResult, { kind: 'get' }> => r.ok && r.kind === 'get');
    expect(gets[0]!.versions.map((v) => v.value).sort()).toEqual(['left', 'right']);
    expect(gets[1]!.versions.map((v) => v.value)).toEqual(['merged']);
  });

  it('with a home replica down, a stand-in keeps the write with a hint and hands it back when it returns (§4.6)', () => {
    const { observed, summary, runner } = run([
      at(100, { kind: 'crash', node: home2 }),
      at(200, cmd(outsider, { type: 'put', key: KEY, value: 'a' })),
      at(600, cmd(outsider, { type: 'put', key: 'user:42', value: 'b', context: undefined })),
      at(1000, { kind: 'restart', node: home2 }),
    ]);
    expect(summary.violations).toEqual([]);
    const sloppy = observed('sloppy');
    expect(sloppy.length).toBeGreaterThan(0);
    expect(sloppy[0]!.data).toMatchObject({ intended: home2, standIn });
    expect(observed('store').some((e) => e.node === standIn && (e.data as { hintFor: number }).hintFor === home2)).toBe(true);
    const handoff = observed('handoff');
    expect(handoff.length).toBeGreaterThan(0);
    expect(handoff[0]!.node).toBe(standIn);
    expect(handoff[0]!.at).toBeGreaterThan(1_000_000);
    const views = runner.views();
    const back = views[home2]!.view!.protocol as { replicas: Record<string, { value: string }[]> };
    expect(back.replicas[KEY]!.map((v) => v.value).sort()).toEqual(['a', 'b']);
    expect((views[standIn]!.view!.protocol as { hintCount: number }).hintCount).toBe(0);
  });

  it('without a sloppy quorum, a put with two of three replicas down fails after its timeout', () => {
    const { results, observed } = run(
      [at(100, { kind: 'crash', node: home2 }), at(100, { kind: 'crash', node: home3 }), at(200, cmd(home1, { type: 'put', key: KEY, value: 'a' }))],
      { sloppy: false },
    );
    expect(results[0]).toMatchObject({ ok: false, acks: 1, need: 2 });
    expect(observed('quorum-failed').length).toBe(1);
    expect(observed('sloppy').length).toBe(0);
  });

  it('read repair sends the reconciled versions to a home replica that answered stale', () => {
    const { observed, summary } = run([
      at(50, { kind: 'cut', from: outsider, to: home3, oneWay: false }),
      at(100, cmd(outsider, { type: 'put', key: KEY, value: 'a' })),
      at(150, { kind: 'cut', from: outsider, to: home1, oneWay: false }),
      at(150, { kind: 'restore', from: outsider, to: home3, oneWay: false }),
      at(400, cmd(outsider, { type: 'get', key: KEY })),
    ], { sloppy: false });
    expect(summary.violations).toEqual([]);
    // home3 missed the put (cut); the get reads home2 and home3, returns "a" and repairs home3.
    expect(observed('repair').map((e) => (e.data as { node: number }).node)).toContain(home3);
  });
});

describe("the client's merge of siblings (§4.4)", () => {
  const siblingsThen = (resolve: string) =>
    run([
      at(100, cmd(outsider, { type: 'put', key: KEY, value: 'book' })),
      at(300, { kind: 'partition', groups: [[home1, outsider], [home2, home3, standIn]] }),
      at(400, cmd(home1, { type: 'update', key: KEY, value: 'book, lamp' })),
      at(450, cmd(home2, { type: 'update', key: KEY, value: 'book, pen' })),
      at(1200, { kind: 'heal' }),
      at(2300, cmd(standIn, { type: 'update', key: KEY, value: resolve === 'mine' ? 'book, pen, lamp' : '', resolve })),
      at(2700, cmd(outsider, { type: 'get', key: KEY })),
    ]);
  const lastRead = (results: DynamoResult[]) => {
    const r = results.at(-1)!;
    return r.ok && r.kind === 'get' ? r.versions.map((v) => v.value) : [];
  };

  it('union keeps every item of every sibling (the shopping cart)', () => {
    const { results, summary } = siblingsThen('union');
    expect(summary.violations).toEqual([]);
    expect(lastRead(results)).toEqual(['book, lamp, pen']);
  });

  it('last writer wins keeps the sibling stamped last and loses the other one\'s item', () => {
    // The left side's update is stamped last: its read waited for a stand-in (the partition).
    expect(lastRead(siblingsThen('lww').results)).toEqual(['book, lamp']);
  });

  it('by hand: the client writes its own value over the siblings', () => {
    expect(lastRead(siblingsThen('mine').results)).toEqual(['book, pen, lamp']);
  });
});

describe('anti-entropy (§4.7)', () => {
  it('a replica that missed a put gets it from a peer comparing Merkle trees, with no read at all', () => {
    const timeline = [
      at(50, { kind: 'cut', from: outsider, to: home3, oneWay: false }),
      at(100, cmd(outsider, { type: 'put', key: KEY, value: 'a' })),
      at(600, { kind: 'restore', from: outsider, to: home3, oneWay: false }),
    ];
    const { observed, summary, runner } = run(timeline, { sloppy: false, readRepair: false }, 6_000_000);
    expect(summary.violations).toEqual([]);
    const synced = observed('store').filter((e) => e.node === home3 && (e.data as { via: string }).via === 'anti-entropy');
    expect(synced.length).toBe(1);
    expect(observed('anti-entropy').length).toBeGreaterThan(0);
    const view = runner.views()[home3]!.view!.protocol as { replicas: Record<string, { value: string }[]> };
    expect(view.replicas[KEY]!.map((v) => v.value)).toEqual(['a']);
    // Switched off, the replica stays behind.
    const off = run(timeline, { sloppy: false, readRepair: false, antiEntropyIntervalMs: 0 }, 6_000_000);
    expect((off.runner.views()[home3]!.view!.protocol as { replicas: Record<string, unknown> }).replicas[KEY]).toBeUndefined();
  });
});

describe('settings', () => {
  it('rejects nonsense with a RangeError naming the field', () => {
    expect(() => configureDynamo({ r: 4 })).toThrow(/^r must be at most n/);
    expect(() => configureDynamo({ w: 0 })).toThrow(/^w must be between/);
    expect(() => configureDynamo({ sloppy: 'yes' })).toThrow(/^sloppy/);
    expect(() => configureDynamo({ preset: '9-9-9' })).toThrow(/^preset/);
    expect(() => configureDynamo({ bogus: 1 })).toThrow(/^bogus/);
    expect(() => checkDynamoScenario(configureDynamo({ n: 5, r: 3, w: 3 }), { nodes: 3 })).toThrow(/^n must be at most the number of nodes/);
    expect(configureDynamo({ preset: '3-1-1' })).toMatchObject({ n: 3, r: 1, w: 1 });
  });
});
