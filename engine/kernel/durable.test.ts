import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DurableData, splitKey } from './durable';

/**
 * DurableData replaced a Map<string, unknown> (issue 12). Whatever a protocol writes, through
 * either spelling, it must read back what the old store gave, and a crash's record must hold the
 * same keys and values (key order aside: recovery reads by key). Seeds are printed on failure.
 */
class OldStore {
  readonly map = new Map<string, unknown>();
  get = (key: string) => this.map.get(key);
  put = (key: string, value: unknown) => void this.map.set(key, structuredClone(value));
  delete = (key: string) => void this.map.delete(key);
  getAt = (name: string, index: number) => this.get(`${name}/${index}`);
  putAt = (name: string, index: number, value: unknown) => this.put(`${name}/${index}`, value);
  deleteAt = (name: string, index: number) => this.delete(`${name}/${index}`);
}

const name = fc.constantFrom('log', 'wal', 'a/b', '', 'log/', 'x');
const index = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(2 ** 53 - 1, 10 ** 15, 10 ** 15 - 1));
// Keys that look numbered and keys that only nearly do: '01', '-1', '1.5', '1e3', a trailing slash.
const key = fc.oneof(
  fc.tuple(name, index).map(([n, i]) => `${n}/${i}`),
  fc.constantFrom('term', 'vote', 'logLength', 'log/01', 'log/-1', 'log/1.5', 'log/1e3', 'log/', '/', '/7', 'log//3', '__proto__', 'log/__proto__', '12', 'log/9999999999999999'),
  fc.string({ maxLength: 6 }),
);
const value = fc.oneof(fc.integer(), fc.constant(null), fc.record({ term: fc.nat(9), value: fc.integer() }));
const op = fc.oneof(
  fc.record({ op: fc.constant('put' as const), key, value }),
  fc.record({ op: fc.constant('delete' as const), key }),
  fc.record({ op: fc.constant('putAt' as const), name, index, value }),
  fc.record({ op: fc.constant('deleteAt' as const), name, index }),
);

describe('DurableData', () => {
  it('reads, deletes and hands out its record as the old Map store did, for any sequence of writes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.array(key, { maxLength: 10 }), (ops, probes) => {
        const now = new DurableData();
        const old = new OldStore();
        const touched = new Set<string>(probes);
        for (const o of ops) {
          if (o.op === 'put') (now.put(o.key, o.value), old.put(o.key, o.value), touched.add(o.key));
          else if (o.op === 'delete') (now.delete(o.key), old.delete(o.key), touched.add(o.key));
          else if (o.op === 'putAt') (now.putAt(o.name, o.index, o.value), old.putAt(o.name, o.index, o.value), touched.add(`${o.name}/${o.index}`));
          else (now.deleteAt(o.name, o.index), old.deleteAt(o.name, o.index), touched.add(`${o.name}/${o.index}`));
        }
        for (const k of touched) expect(now.get(k)).toEqual(old.get(k));
        for (const o of ops) if (o.op === 'putAt' || o.op === 'deleteAt') expect(now.getAt(o.name, o.index)).toEqual(old.getAt(o.name, o.index));
        const record = now.record();
        const sorted = (entries: [string, unknown][]) => entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        expect(sorted(Object.entries(record))).toEqual(sorted([...old.map]));
        // A restart recovers from the record: the same store again.
        const again = DurableData.fromRecord(record);
        for (const k of touched) expect(again.get(k)).toEqual(old.get(k));
        expect(Object.getPrototypeOf(record)).toBe(null);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps a log written as logs are (appends, prefix and suffix cuts, stray writes) as the old store did', () => {
    // Numbered items live in a dense run with a Map beside it: drive the run's edges.
    const logOp = fc.oneof(
      fc.record({ op: fc.constant('append' as const), count: fc.integer({ min: 1, max: 5 }), value }),
      fc.record({ op: fc.constant('dropPrefix' as const), count: fc.integer({ min: 1, max: 8 }) }),
      fc.record({ op: fc.constant('dropSuffix' as const), count: fc.integer({ min: 1, max: 4 }) }),
      // Stray writes and deletes near the log's end (relative to it), where the run meets the Map.
      fc.record({ op: fc.constant('stray' as const), offset: fc.integer({ min: -3, max: 4 }), value }),
      fc.record({ op: fc.constant('strayDelete' as const), offset: fc.integer({ min: -3, max: 4 }) }),
      fc.record({ op: fc.constant('restart' as const) }),
    );
    fc.assert(
      fc.property(fc.array(logOp, { maxLength: 80 }), (ops) => {
        let now = new DurableData();
        const old = new OldStore();
        let first = 1;
        let last = 0;
        for (const o of ops) {
          if (o.op === 'append') for (let k = 0; k < o.count; k++) (last++, now.putAt('log', last, o.value), old.putAt('log', last, o.value));
          else if (o.op === 'dropPrefix') for (let k = 0; k < o.count && first <= last; k++) (now.deleteAt('log', first), old.deleteAt('log', first), first++);
          else if (o.op === 'dropSuffix') for (let k = 0; k < o.count && last >= first; k++) (now.deleteAt('log', last), old.deleteAt('log', last), last--);
          else if (o.op === 'stray') (now.putAt('log', Math.max(0, last + o.offset), o.value), old.putAt('log', Math.max(0, last + o.offset), o.value));
          else if (o.op === 'strayDelete') (now.deleteAt('log', Math.max(0, last + o.offset)), old.deleteAt('log', Math.max(0, last + o.offset)));
          else now = DurableData.fromRecord(now.record());
          for (let i = 0; i <= 70; i++) expect(now.getAt('log', i)).toEqual(old.getAt('log', i));
          // The record lists the items in ascending index order, each once.
          expect(Object.entries(now.record())).toEqual([...old.map].sort(([a], [b]) => Number(a.slice(4)) - Number(b.slice(4))));
        }
      }),
      {
        numRuns: 300,
        // The run empties while the Map beside it holds items, and a write lands on one of them.
        examples: [
          [
            [
              { op: 'append', count: 1, value: 1 },
              { op: 'stray', offset: 2, value: 2 },
              { op: 'dropSuffix', count: 1 },
              { op: 'stray', offset: 3, value: 3 },
              { op: 'strayDelete', offset: 3 },
            ],
          ],
        ],
      },
    );
  });

  it('takes only canonical whole numbers after the last slash as an index', () => {
    expect(splitKey('log/17')).toEqual({ name: 'log', index: 17 });
    expect(splitKey('a/b/0')).toEqual({ name: 'a/b', index: 0 });
    expect(splitKey('/3')).toEqual({ name: '', index: 3 });
    for (const k of ['log', 'log/', 'log/07', 'log/-1', 'log/1.0', 'log/1e3', 'log/ 1', 'log/9999999999999999']) expect(splitKey(k)).toBeNull();
  });

  it('refuses an index that is not a whole number >= 0', () => {
    const d = new DurableData();
    for (const bad of [-1, 1.5, NaN, 2 ** 53]) expect(() => d.putAt('log', bad, 1)).toThrow(RangeError);
  });
});
