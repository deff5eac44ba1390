import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Hash64 } from '../kernel/hash';
import { instantKey } from '../kernel/key';
import type { Monitor } from '../kernel/protocol';
import { compareTrace, hashTraceEvent, type TraceEvent } from '../kernel/trace';
import { TraceCollector } from './collector';

const observe = (at: number, node: number, seq: number): TraceEvent => ({ kind: 'observe', what: 'x', data: { at }, at, node, incarnation: 0, seq });
const timer = (at: number, node: number, seq: number): TraceEvent => ({ kind: 'timer', timer: seq, name: 't', at, node, incarnation: 0, seq });

function recorder(kinds?: TraceEvent['kind'][]): Monitor & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    ...(kinds ? { kinds } : {}),
    observe(e) {
      seen.push(`${e.kind}@${e.at}`);
      return undefined;
    },
    finish: () => ({ stats: {}, violations: [] }),
    snapshot: () => null,
    restore() {},
  };
}

describe('TraceCollector', () => {
  it('calls a monitor that names its kinds for those kinds only, and one that names none for every event', () => {
    const onlyObserve = recorder(['observe']);
    const all = recorder();
    const c = new TraceCollector([onlyObserve, all]);
    for (const e of [timer(1, 0, 1), observe(2, 0, 2), timer(3, 1, 1), observe(3, 1, 2)]) c.push(e);
    c.flush(instantKey(10));
    expect(onlyObserve.seen).toEqual(['observe@2', 'observe@3']);
    expect(all.seen).toEqual(['timer@1', 'observe@2', 'timer@3', 'observe@3']);
  });

  it('the first violation is the first monitor’s in order, whichever kinds the others skip', () => {
    const violating = (invariant: string, kinds?: TraceEvent['kind'][]): Monitor => ({
      ...(kinds ? { kinds } : {}),
      observe: (e) => (e.kind === 'observe' ? { invariant, message: invariant } : undefined),
      finish: () => ({ stats: {}, violations: [] }),
      snapshot: () => null,
      restore() {},
    });
    const c = new TraceCollector([recorder(['timer']), violating('A', ['observe']), violating('B')]);
    c.push(timer(1, 0, 1));
    c.push(observe(2, 0, 2));
    c.flush(instantKey(5));
    expect(c.violation?.invariant).toBe('A');
  });

  it('folds in canonical order whatever the order of arrival and the flushes in between (fast-check)', () => {
    // Events arrive in shuffled groups; a flush before the next unpushed event's instant is
    // always legal (nothing earlier comes later), and leaves events at or after it waiting.
    const events = fc
      .uniqueArray(fc.record({ at: fc.integer({ min: 0, max: 40 }), node: fc.integer({ min: 0, max: 3 }), seq: fc.integer({ min: 1, max: 6 }) }), {
        selector: (e) => `${e.at}/${e.node}/${e.seq}`,
        maxLength: 120,
      })
      .map((list) => list.map((e) => (e.seq % 2 ? timer(e.at, e.node, e.seq) : observe(e.at, e.node, e.seq))).sort(compareTrace));
    fc.assert(
      fc.property(events, fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 200 }), fc.array(fc.nat(), { maxLength: 200 }), (sorted, steps, shuffles) => {
        const got: TraceEvent[] = [];
        const c = new TraceCollector([], (e) => got.push(e));
        let next = 0;
        let step = 0;
        while (next < sorted.length) {
          // Every third step pushes at least one event, so the loop ends.
          const n = step % 3 === 2 ? Math.max(1, steps[step % steps.length]!) : steps[step % steps.length]!;
          if (n === 0) {
            c.flushBefore(sorted[next]!.at);
          } else {
            const group = sorted.slice(next, next + n);
            next += group.length;
            // A deterministic shuffle drawn from the property's numbers.
            for (let i = group.length - 1; i > 0; i--) {
              const j = (shuffles[(step + i) % Math.max(1, shuffles.length)] ?? 0) % (i + 1);
              [group[i], group[j]] = [group[j]!, group[i]!];
            }
            for (const e of group) c.push(e);
            if (step % 3 === 0) c.snapshot();
          }
          step++;
        }
        c.flush(instantKey(1000));
        expect(got).toEqual(sorted);
        const hash = new Hash64();
        for (const e of sorted) hashTraceEvent(hash, e);
        expect(c.traceHash).toBe(hash.hex());
      }),
      { numRuns: 300 },
    );
  });
});
