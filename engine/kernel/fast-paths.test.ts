import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Hash64 } from './hash';
import { clonePlain } from './plain';
import { hashTraceEvent, KIND_CODES, type TraceEvent } from './trace';

/**
 * The speed work (issue 12) rewrote a few hot functions; each must compute exactly what the
 * code it replaced did, or every trace hash and link would change. These properties compare
 * them with the old code kept here verbatim. Seeds are printed by fast-check on failure.
 */

/** Hash64.num as it was: the low word by `%`, the high by division. */
function oldNum(h: Hash64, value: number): Hash64 {
  if (Number.isSafeInteger(value)) {
    h.int(value % 0x100000000);
    return h.int(Math.floor(value / 0x100000000));
  }
  h.int(0x7ff8);
  return h.str(String(value));
}

/** clonePlain as it was: objects built field by field. */
function oldClone<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = oldClone(value[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const key in value as Record<string, unknown>) out[key] = oldClone((value as Record<string, unknown>)[key]);
  return out as T;
}

/** Hash64.int and str as they were: the lanes read and written through the fields, digests from a Map. */
class OldHash {
  h1 = 0x811c9dc5 | 0;
  h2 = 0x01000193 ^ 0x5bd1e995;
  int(value: number): this {
    let k = value | 0;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    this.h1 ^= k;
    this.h1 = (this.h1 << 13) | (this.h1 >>> 19);
    this.h1 = (Math.imul(this.h1, 5) + 0xe6546b64) | 0;
    this.h2 ^= Math.imul(value | 0, 0x85ebca6b) ^ (this.h1 >>> 7);
    this.h2 = (this.h2 << 11) | (this.h2 >>> 21);
    this.h2 = (Math.imul(this.h2, 0x27d4eb2d) + 0x165667b1) | 0;
    return this;
  }
  str(text: string): this {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return this.int(text.length ^ 0x5f3759df).int(h | 0);
  }
  state(): [number, number] {
    return [this.h1, this.h2];
  }
}

/** Hash64.value as it was: every item and field through value() itself. */
function oldValue(h: Hash64, value: unknown): Hash64 {
  switch (typeof value) {
    case 'number':
      return h.int(1).num(value);
    case 'string':
      return h.int(2).str(value);
    case 'boolean':
      return h.int(value ? 3 : 4);
    case 'undefined':
      return h.int(5);
    default: {
      if (value === null) return h.int(6);
      if (Array.isArray(value)) {
        h.int(7).int(value.length);
        for (const item of value) oldValue(h, item);
        return h;
      }
      h.int(8);
      for (const key in value as Record<string, unknown>) {
        const field = (value as Record<string, unknown>)[key];
        if (field === undefined) continue;
        h.str(key);
        oldValue(h, field);
      }
      return h.int(9);
    }
  }
}

/** hashTraceEvent as it was: the kind's code looked up in KIND_CODES before the switch. */
function oldHashTraceEvent(hash: Hash64, e: TraceEvent): void {
  hash.num(e.at).int(e.node).int(e.incarnation).int(e.seq).int(KIND_CODES[e.kind]);
  switch (e.kind) {
    case 'send':
      hash.int(e.to).int(e.id.fromSeq).num(e.dueAt).value(e.msg);
      if (e.forged) hash.int(0x0f0f);
      return;
    case 'deliver':
      hash.int(e.from).int(e.id.fromIncarnation).int(e.id.fromSeq).num(e.sentAt);
      return;
    case 'drop':
      hash.int(e.from).int(e.to).int(e.id.fromIncarnation).int(e.id.fromSeq).str(e.reason);
      return;
    case 'timer':
      hash.int(e.timer).str(e.name);
      return;
    case 'invoke':
      hash.int(e.opId).value(e.command);
      return;
    case 'return':
      hash.int(e.opId).value(e.result);
      return;
    case 'observe':
      hash.str(e.what).value(e.data);
      return;
    case 'metric':
      hash.str(e.name).num(e.value);
      return;
    case 'start':
      hash.int(e.recovered ? 1 : 0);
      return;
    case 'action':
      hash.value(e.action);
      return;
    case 'resume':
      hash.int(e.held);
      return;
    case 'scale':
      hash.value(e.request).num(e.effectAt);
      return;
    default:
      return;
  }
}

const edgeNumbers = fc.constantFrom(0, -0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 32 - 1, 2 ** 32, -(2 ** 32), 2 ** 53 - 1, -(2 ** 53 - 1), 0.5, NaN, Infinity);
const anyNumber = fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double(), edgeNumbers, fc.integer({ min: -(2 ** 40), max: 2 ** 40 }));

describe('hash fast paths', () => {
  it('num folds the same words as the old num, for any number', () => {
    fc.assert(
      fc.property(fc.array(anyNumber, { maxLength: 8 }), (values) => {
        const now = new Hash64();
        const old = new Hash64();
        for (const v of values) {
          now.num(v);
          oldNum(old, v);
        }
        expect(now.state()).toEqual(old.state());
      }),
      { numRuns: 2000 },
    );
  });
});

describe('hash lanes and string digests', () => {
  // Strings that share a length and their first and last characters share a slot of the digest
  // cache: those must still get their own digests, whichever came first.
  const clashing = fc.constantFrom('term', 'team', 'teem', 'type', 'tape', 'kind', 'knd', 'k', '', 'value', 'vaLue', 'a'.repeat(48), 'a'.repeat(49), 'é☃', 'term ');
  const word = fc.oneof(fc.integer(), fc.string({ maxLength: 60 }), clashing);

  it('int and str fold the same lanes as the old code, for any words', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), (words) => {
        const now = new Hash64();
        const old = new OldHash();
        for (const w of words) {
          if (typeof w === 'number') {
            now.int(w);
            old.int(w);
          } else {
            now.str(w);
            old.str(w);
          }
        }
        expect(now.state()).toEqual(old.state());
      }),
      { numRuns: 2000 },
    );
  });

  it('value folds the same words as the old value, for any plain data (holes and undefined included)', () => {
    const holes = fc.array(fc.option(fc.integer(), { nil: undefined }), { maxLength: 6 }).map((items) => {
      const sparse: unknown[] = new Array(items.length + 2);
      items.forEach((item, i) => {
        if (i % 2 === 0) sparse[i] = item;
      });
      return sparse;
    });
    const data = fc.oneof(fc.jsonValue(), holes, fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(anyNumber, fc.constant(undefined), holes)));
    fc.assert(
      fc.property(data, (value) => {
        expect(new Hash64().value(value).state()).toEqual(oldValue(new Hash64(), value).state());
      }),
      { numRuns: 2000 },
    );
  });

  it('hashTraceEvent folds the same words as the table lookup did, for every kind', () => {
    const base = { at: 12_345, node: 2, incarnation: 1, seq: 7 };
    const id = { from: 1, fromIncarnation: 0, fromSeq: 9 };
    const events: TraceEvent[] = [
      { ...base, kind: 'send', to: 3, id, dueAt: 99_000, msg: { type: 'AppendEntries', entries: [{ term: 1, kind: 'write', value: 4 }] } as { type: string } },
      { ...base, kind: 'send', to: 3, id, dueAt: 99_000, msg: { type: 'Ping' }, forged: true },
      { ...base, kind: 'deliver', from: 1, id, sentAt: 3, msgType: 'Ping' },
      { ...base, kind: 'drop', from: 1, to: 2, id, reason: 'loss', msgType: 'Ping' },
      { ...base, kind: 'timer', timer: 4, name: 'heartbeat' },
      { ...base, kind: 'invoke', opId: 5, command: { type: 'write', value: 1 } as { type: string } },
      { ...base, kind: 'return', opId: 5, result: { ok: true } },
      { ...base, kind: 'pause' },
      { ...base, kind: 'resume', held: 3 },
      { ...base, kind: 'observe', what: 'append', data: { index: 1, terms: [1], values: [null] } },
      { ...base, kind: 'observe', what: 'x', data: undefined },
      { ...base, kind: 'metric', name: 'queue', value: 0.25 },
      { ...base, kind: 'start', recovered: true },
      { ...base, kind: 'crash' },
      { ...base, kind: 'scale', request: { add: 1 } as never, effectAt: 20_000 },
      { ...base, kind: 'action', action: { kind: 'crash', node: 1 } as never },
    ];
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(Object.keys(KIND_CODES)));
    for (const e of events) {
      const now = new Hash64();
      const old = new Hash64();
      hashTraceEvent(now, e);
      oldHashTraceEvent(old, e);
      expect(now.state(), e.kind).toEqual(old.state());
    }
  });
});

describe('clonePlain', () => {
  it('copies a "__proto__" field from a hostile link as the old copy did (fast-check seed 648522624 found it)', () => {
    for (const text of ['{"__proto__":{}}', '[{"__proto__":null}]', '{"a":1,"__proto__":{"b":2},"c":[{"__proto__":{"d":3}}]}']) {
      const value = JSON.parse(text) as unknown;
      const copy = clonePlain(value);
      expect(JSON.stringify(copy)).toBe(JSON.stringify(oldClone(value)));
      expect(new Hash64().value(copy).state()).toEqual(new Hash64().value(oldClone(value)).state());
    }
  });

  it('gives what the old field-by-field copy gave: same keys, same order, same values, nothing shared', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const copy = clonePlain(value);
        const old = oldClone(value);
        expect(JSON.stringify(copy)).toBe(JSON.stringify(old));
        // Against the old copy, not the original: a '__proto__' own key (fast-check seed
        // -1419474000 made `[{"__proto__":null}]`) was never copied by the old code either, and
        // links must keep the hash the old code gave them.
        expect(new Hash64().value(copy).state()).toEqual(new Hash64().value(old).state());
        // No object of the copy is an object of the original.
        const seen = new Set<unknown>();
        const walk = (v: unknown) => {
          if (typeof v !== 'object' || v === null) return;
          seen.add(v);
          for (const k in v as Record<string, unknown>) walk((v as Record<string, unknown>)[k]);
        };
        walk(value);
        const shared: unknown[] = [];
        const check = (v: unknown) => {
          if (typeof v !== 'object' || v === null) return;
          if (seen.has(v)) shared.push(v);
          for (const k in v as Record<string, unknown>) check((v as Record<string, unknown>)[k]);
        };
        check(copy);
        expect(shared).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
